"""Synthetic creator histories with planted, known effects: for the demo and the tests.

Every lever is switched on independently of the others (no confounding), so a model that
learns well recovers each planted factor. The expected save rate of a post is
``base_saves_per_1k`` times the factor of every lever it has; saves are then drawn as
Poisson counts from that rate, times lognormal noise (sigma 0.25) that stands for
everything a caption does not show. Nothing here is real data, and every post says so
(``PostRecord.synthetic``, the ``synthetic`` column of the CSV): a synthetic history never
enters a real creator's population, and its model's scores say it is synthetic.

    python -m training.sample_data --out training/sample/sample_history.csv
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from models.core.records import PostRecord
from training.importers import write_canonical_csv

DEMO_CREATOR = "demo-kitchen"
NICHE_TAG = "mealprep"
BEST_HOURS = range(18, 21)  # 18:00-20:59, the creator's local time
RATE_NOISE_SIGMA = 0.25

_TOPICS_EN = (
    "overnight oats",
    "chickpea wraps",
    "lentil soup",
    "sheet-pan chicken",
    "rice bowls",
    "banana bread",
    "tofu stir fry",
    "pasta salad",
    "breakfast burritos",
    "veggie chili",
    "egg muffins",
    "peanut noodles",
)
_TOPICS_ES = (
    "avena nocturna",
    "wraps de garbanzos",
    "sopa de lentejas",
    "pollo al horno",
    "bowls de arroz",
    "pan de plátano",
    "tofu salteado",
    "ensalada de pasta",
    "burritos de desayuno",
    "chili vegetal",
    "muffins de huevo",
)
_PLAIN_EN = (
    "{topic} for the week ahead",
    "Sunday batch of {topic}",
    "{topic}, the way my family likes it",
    "Trying {topic} with what was left in the fridge",
    "Big pot of {topic} today",
    "{topic} for busy weeknights",
    "My favourite {topic} lately",
    "Cooking {topic} after work",
)
_PLAIN_ES = (
    "{topic} para toda la semana",
    "Tanda de {topic} del domingo",
    "{topic} como le gusta a mi familia",
    "Hoy toca {topic}",
    "{topic} para noches con prisa",
)
_INFORMATIVE_EN = (
    "How to make {topic} that lasts all week",
    "3 tips for better {topic}",
    "Step by step: {topic}",
    "Quick tutorial: {topic}",
    "Here's how to prep {topic} in 20 minutes",
    "5 ways to use {topic}",
)
_INFORMATIVE_ES = ("Cómo hacer {topic} para toda la semana", "3 consejos para {topic}", "Paso a paso: {topic}")
_CTA_EN = (
    "Save this for later",
    "save this so you don't lose it",
    "bookmark this for your next grocery run",
    "Don't forget to save this",
    "save for later 🔖",
)
_CTA_ES = ("Guarda esto para después", "Guarda esto para tenerlo a mano")
_QUESTION_EN = ("What would you add?", "Which one are you trying first?", "Would you eat this every day?")
_QUESTION_ES = ("¿Qué le añadirías?", "¿Cuál pruebas primero?")
_TAG_POOL = ("lunchideas", "easyrecipes", "healthyfood", "foodtok", "budgetmeals", "cooking", "dinner", "veggie")
_SOUNDS = ("original", "trending", "licensed", "voiceover")


@dataclass(frozen=True)
class PlantedEffects:
    """Multiplicative factors on the expected save rate, one per lever."""

    save_cta: float = 1.8
    informative: float = 1.45
    text_overlay: float = 1.25
    best_hour: float = 1.3
    hashtag: float = 1.2  # the niche tag, #mealprep
    question: float = 1.1
    base_saves_per_1k: float = 12.0

    @classmethod
    def none(cls) -> PlantedEffects:
        """Same base rate, no effect at all: what a model must not find anything in."""
        return cls(**{f.name: 1.0 for f in fields(cls) if f.name != "base_saves_per_1k"})


def _levers(post: PostRecord) -> dict[str, bool]:
    """Which planted levers a generated post has, read back from its own fields."""
    lowered = post.caption.casefold()
    return {
        "save_cta": any(p.casefold() in lowered for p in (*_CTA_EN, *_CTA_ES)),
        "informative": any(p.split("{")[0].casefold().strip() in lowered for p in (*_INFORMATIVE_EN, *_INFORMATIVE_ES)),
        "text_overlay": bool(post.text_overlay),
        "best_hour": post.created_at.hour in BEST_HOURS,
        "hashtag": NICHE_TAG in post.hashtags,
        "question": "?" in post.caption,
    }


def true_saves_per_1k(post: PostRecord, planted: PlantedEffects) -> float:
    """The expected save rate the generator used for this post (before noise)."""
    rate = planted.base_saves_per_1k
    for lever, on in _levers(post).items():
        if on:
            rate *= getattr(planted, lever)
    return rate


def generate_history(
    n_posts: int = 400,
    *,
    seed: int = 0,
    planted: PlantedEffects | None = None,
    creator_id: str = DEMO_CREATOR,
    start: datetime = datetime(2025, 1, 6, tzinfo=UTC),
    language: str = "en",
    synthetic: bool = True,
) -> list[PostRecord]:
    """A synthetic history of ``n_posts`` posts in time order, deterministic for a seed.

    Its posts are marked ``synthetic``; ``synthetic=False`` leaves them unmarked, for a test
    that needs stand-ins for real creators.
    """
    planted = planted or PlantedEffects()
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    spanish = language == "es"
    topics = _TOPICS_ES if spanish else _TOPICS_EN
    plain, informative = (_PLAIN_ES, _INFORMATIVE_ES) if spanish else (_PLAIN_EN, _INFORMATIVE_EN)
    ctas, questions = (_CTA_ES, _QUESTION_ES) if spanish else (_CTA_EN, _QUESTION_EN)

    posts = []
    day = start
    for i in range(n_posts):
        day += timedelta(days=rng.choice((1, 1, 1, 2, 2, 3)))
        hour = rng.choice((*range(7, 12), *range(12, 23), *range(12, 23)))
        created_at = day.replace(hour=hour, minute=rng.randrange(60))
        topic = rng.choice(topics)
        has_informative = rng.random() < 0.4
        caption = rng.choice(informative if has_informative else plain).format(topic=topic)
        caption = caption[0].upper() + caption[1:]
        if rng.random() < 0.3:
            caption += ". " + rng.choice(ctas)
        if rng.random() < 0.3:
            caption += ". " + rng.choice(questions)
        tags = rng.sample(_TAG_POOL, rng.randint(0, 4))
        if rng.random() < 0.35:
            tags.insert(rng.randint(0, len(tags)), NICHE_TAG)
        if tags:
            caption += " " + " ".join(f"#{t}" for t in tags)
        views = max(50, int(np_rng.lognormal(np.log(8000), 1.0)))
        draft = PostRecord(
            post_id=f"{creator_id}-{i:05d}",
            created_at=created_at,
            caption=caption,
            hashtags=tuple(tags),
            views=views,
            saves=0,
            text_overlay=rng.random() < 0.5,
            creator_id=creator_id,
        )
        rate = true_saves_per_1k(draft, planted) * float(np_rng.lognormal(0.0, RATE_NOISE_SIGMA))
        saves = min(views, int(np_rng.poisson(views * rate / 1000.0)))
        likes = min(views, int(views * np_rng.uniform(0.03, 0.12)))
        posts.append(
            PostRecord(
                post_id=draft.post_id,
                created_at=created_at,
                caption=caption,
                hashtags=draft.hashtags,
                views=views,
                saves=saves,
                likes=likes,
                comments=int(likes * np_rng.uniform(0.01, 0.05)),
                shares=int(likes * np_rng.uniform(0.01, 0.08)),
                duration_s=float(rng.randint(7, 90)),
                sound=rng.choice(_SOUNDS),
                text_overlay=draft.text_overlay,
                creator_id=creator_id,
                synthetic=synthetic,
            )
        )
    return posts


SAMPLE_SPEC = {"n_posts": 400, "seed": 7, "creator_id": DEMO_CREATOR}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "sample" / "sample_history.csv")
    args = parser.parse_args()
    write_canonical_csv(generate_history(**SAMPLE_SPEC), args.out)
    print(f"wrote {SAMPLE_SPEC['n_posts']} synthetic posts to {args.out}")


if __name__ == "__main__":
    main()
