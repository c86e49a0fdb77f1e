"""What each creator gives the population: its within-creator sufficient statistics, as a file
holds them, and a sequence that reads them one at a time while they are summed."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping, Sequence

import numpy as np


class CreatorStats:
    """One creator's within-creator sufficient statistics for the shared features.

    ``synthetic``: the creator's history is generated (the bundled sample). Synthetic and real
    creators never share a population (each kind is summed apart); a file written before the
    mark existed reads as real.
    """

    def __init__(
        self,
        creator_id: str,
        encoder: str,
        names: Sequence[str],
        gram,
        cross,
        yy: float,
        n: int,
        *,
        synthetic: bool = False,
        levers: Mapping[str, tuple[int, int]] | None = None,
    ):
        self.creator_id = creator_id
        self.encoder = encoder
        self.names = tuple(names)
        self.gram = np.asarray(gram, dtype=np.float64)
        self.cross = np.asarray(cross, dtype=np.float64)
        self.yy = float(yy)
        self.n = int(n)
        self.synthetic = bool(synthetic)
        # Per lever, (posts with it, posts without it); None: written before these were counted.
        self.levers = None if levers is None else {k: (int(a), int(b)) for k, (a, b) in levers.items()}

    def had_lever(self, lever: str) -> int:
        """How many of this creator's posts had the lever, counted only where some lacked it (0 otherwise):
        only a creator whose posts vary in a lever tells the within-creator fit what it does."""
        with_, without = (self.levers or {}).get(lever, (0, 0))
        return with_ if with_ and without else 0

    @classmethod
    def empty(cls, creator_id: str, encoder: str = "") -> CreatorStats:
        """A creator that contributes nothing (e.g. its file could not be read)."""
        return cls(creator_id, encoder, (), np.zeros((0, 0)), np.zeros(0), 0.0, 0)

    @classmethod
    def from_rows(
        cls,
        creator_id: str,
        encoder: str,
        names: Sequence[str],
        X: np.ndarray,
        y: np.ndarray,
        *,
        synthetic=False,
        levers: Mapping[str, tuple[int, int]] | None = None,
    ):
        """``X``: shared feature rows (unknowns already filled); both centred on the creator here.
        ``levers``: per lever, (posts with it, posts without it)."""
        Xc = X - X.mean(axis=0)
        yc = y - y.mean()
        gram, cross = Xc.T @ Xc, Xc.T @ yc
        return cls(creator_id, encoder, names, gram, cross, float(yc @ yc), len(y), synthetic=synthetic, levers=levers)

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        # Not compressed: a gram of float32 sums barely shrinks, and zlib took 0.14 s a creator.
        np.savez(
            buf,
            gram=self.gram.astype(np.float32),
            cross=self.cross,
            yy=np.array(self.yy),
            n=np.array(self.n),
            names=np.array(self.names),
            creator_id=np.array(self.creator_id),
            encoder=np.array(self.encoder),
            synthetic=np.array(self.synthetic),
            **lever_arrays(self.levers),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CreatorStats:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(
                str(z["creator_id"]),
                str(z["encoder"]),
                [str(n) for n in z["names"]],
                z["gram"],
                z["cross"],
                float(z["yy"]),
                int(z["n"]),
                synthetic=stats_synthetic(z),
                levers=levers_of(z),
            )


def lever_arrays(levers: Mapping[str, tuple[int, int]] | None) -> dict[str, np.ndarray]:
    if levers is None:
        return {}
    return {
        "lever_names": np.array(list(levers), dtype=str),
        "lever_counts": np.array(list(levers.values()), dtype=np.int64).reshape(-1, 2),
    }


def levers_of(archive) -> dict[str, tuple[int, int]] | None:
    """Per lever (with, without) from a statistics or population file; None in a file from before."""
    if "lever_names" not in archive.files:
        return None
    return {str(k): (int(a), int(b)) for k, (a, b) in zip(archive["lever_names"], archive["lever_counts"], strict=True)}


def stats_synthetic(archive) -> bool:
    """The ``synthetic`` mark of an open statistics file; a file from before the mark is real."""
    return bool(archive["synthetic"]) if "synthetic" in archive.files else False


class LazyStats(Sequence[CreatorStats]):
    """Creators' statistics read one at a time, when they are summed: ``load(creator_id)`` each.

    A population over thousands of creators then holds one creator's matrices at a time
    instead of all of them (about 1.4 MB each with a 384-wide caption embedding).
    """

    def __init__(self, ids: Sequence[str], load: Callable[[str], CreatorStats]) -> None:
        self.ids = list(ids)
        self._load = load

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._load(cid) for cid in self.ids[index]]
        return self._load(self.ids[index])

    def __iter__(self) -> Iterator[CreatorStats]:
        return (self._load(cid) for cid in self.ids)
