"""Scrambled Sobol point sets for randomised quasi-Monte Carlo, and the error they give.

Each of R scramblings is an independent random linear matrix scramble plus digital shift of
the Sobol sequence (``scipy.stats.qmc.Sobol``), seeded from the run's seed and its index
alone, so a result never depends on the number of workers. scipy generates 30 bits per
coordinate; the digits below those are filled with independent uniforms, which keeps every
point's coordinates exactly uniform on [0, 1) and each estimate unbiased. A scrambling is
read in order (points 0, 1, 2, …), so doubling the points of a run extends it.

The R estimates are independent and identically distributed, so their mean has the
t-interval of R − 1 degrees of freedom: the spread *between* scramblings, never the spread
of points within one sequence (which says nothing about a quasi-Monte Carlo error).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from scipy import stats
from scipy.stats import qmc

from redline.risk.model import RiskModel

BITS = 30  # scipy's Sobol fast-forwards only up to 32 bits; the finer digits are filled in at random
DEFAULT_REPLICATES = 16
MAX_POINTS = 1 << BITS  # points per scrambling before the sequence would repeat


def coordinates(model: RiskModel, skip: frozenset[str] | set[str] = frozenset(),
                names: tuple[str, ...] | None = None) -> list[str]:
    """Parameters that take one coordinate of each point, in model order (a stable order).

    Point masses and derived values take none; ``skip`` leaves out a conditioned parameter,
    ``names`` restricts the list (e.g. to the aleatory parameters of a two-level run).
    """
    out = []
    for n in model.order:
        p = model.parameters[n]
        if p.dist is not None and p.dist.kind != "point" and n not in skip and (names is None or n in names):
            out.append(n)
    return out


class Scrambling:
    """One independent scrambling of the ``d``-dimensional Sobol sequence, read in order."""

    def __init__(self, d: int, seed: int, key: tuple[int, ...]) -> None:
        def gen(part: int) -> np.random.Generator:
            return np.random.Generator(np.random.SFC64(np.random.SeedSequence(seed, spawn_key=(*key, part))))

        self.d = d
        self.engine = qmc.Sobol(d, scramble=True, bits=BITS, rng=gen(0))
        self.digits = gen(1)
        self.taken = 0

    def take(self, n: int) -> np.ndarray:
        """The next ``n`` points (n × d), uniform on [0, 1); ``n`` a power of two keeps the nets balanced."""
        if self.taken + n > MAX_POINTS:
            raise ValueError(f"a scrambled Sobol sequence holds at most {MAX_POINTS:,} points per scrambling")
        x = self.engine.random(n)
        x += self.digits.random((n, self.d)) * (2.0 ** -BITS)
        self.taken += n
        return x


class Scramblings:
    """R scramblings built on first use by the task that reads them, so workers share the set-up."""

    def __init__(self, d: int, seed: int, key: tuple[int, ...], replicates: int) -> None:
        self.d, self.seed, self.key = d, seed, key
        self.items: list[Scrambling | None] = [None] * replicates

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, r: int) -> Scrambling:
        item = self.items[r]
        if item is None:  # only the task of scrambling r gets here, so no lock is needed
            item = self.items[r] = Scrambling(self.d, self.seed, (*self.key, r))
        return item


def power_of_two_at_most(n: int) -> int:
    """The largest power of two not above ``n`` (1 for n < 2)."""
    return 1 << max(0, int(n).bit_length() - 1)


@cache
def t95(replicates: int) -> float:
    """The 97.5% quantile of Student's t with ``replicates`` − 1 degrees of freedom."""
    return float(stats.t.ppf(0.975, replicates - 1))


def replicate_error(means: np.ndarray) -> tuple[float, float, float]:
    """(estimate, standard error, t half-width at 95%) from the independent replicate means."""
    r = means.size
    est = float(means.mean())
    se = float(means.std(ddof=1) / math.sqrt(r)) if r > 1 else math.inf
    return est, se, t95(r) * se if r > 1 else math.inf
