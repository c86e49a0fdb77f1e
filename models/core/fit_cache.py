"""Values read off a fitted model, computed once per fit instead of once per scored draft."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def once_per_fit(fit_token: Callable[[T], object]) -> Callable[[Callable[[T], R]], Callable[[T], R]]:
    """Cache ``fn(model)`` beside the model (not in it: a stored model never carries a stale copy).

    ``fit_token(model)`` is an object a refit replaces (e.g. the coefficient array): the cached
    value stands only while that same object does. Callers must not mutate what they get.
    """

    def decorate(fn: Callable[[T], R]) -> Callable[[T], R]:
        cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

        @functools.wraps(fn)
        def cached(model: T) -> R:
            token = fit_token(model)
            hit = cache.get(model)
            if hit is None or hit[0] is not token:
                hit = (token, fn(model))
                cache[model] = hit
            return hit[1]

        return cached

    return decorate
