"""One numeric thread for the small fits of training, without rescanning the process each time.

threadpoolctl finds the thread pools (OpenBLAS, OpenMP) by reading the process's loaded
libraries: about 20 ms a call, twice per creator fit. The controller is made once, the
first time it is needed (after numpy and scikit-learn are loaded), and reused.
"""

from __future__ import annotations

import functools


@functools.cache
def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_thread(user_api: str | None = None):
    """A context in which the pools of ``user_api`` ("blas", "openmp"; None: all) run one thread."""
    return _controller().limit(limits=1, user_api=user_api)
