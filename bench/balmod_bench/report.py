"""Statistics, targets, and the results as JSON and as a Markdown table."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: with fewer than 100 samples, p99 is the largest."""
    ordered = sorted(values)
    rank = max(math.ceil(fraction * len(ordered)), 1)
    return ordered[rank - 1]


@dataclass(frozen=True, slots=True)
class Summary:
    n: int
    p50: float
    p99: float
    mean: float
    min: float
    max: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        return cls(
            n=len(values),
            p50=statistics.median(values),
            p99=percentile(values, 0.99),
            mean=statistics.fmean(values),
            min=min(values),
            max=max(values),
        )

    def to_json(self, scale: float = 1000.0) -> dict[str, float | int]:
        """In milliseconds by default."""
        return {
            "n": self.n,
            "p50": round(self.p50 * scale, 3),
            "p99": round(self.p99 * scale, 3),
            "mean": round(self.mean * scale, 3),
            "min": round(self.min * scale, 3),
            "max": round(self.max * scale, 3),
        }


@dataclass(frozen=True, slots=True)
class Target:
    """A latency target in milliseconds: on the median, the p99, the worst, or the floor."""

    metric: str
    label: str
    p50_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    floor_ratio: float | None = None

    def describe(self) -> str:
        parts = []
        if self.floor_ratio is not None:
            parts.append(f"≤ {self.floor_ratio:g}× floor")
        if self.p50_ms is not None:
            parts.append(f"p50 ≤ {self.p50_ms:g} ms")
        if self.p99_ms is not None:
            parts.append(f"p99 ≤ {self.p99_ms:g} ms")
        if self.max_ms is not None:
            parts.append(f"all ≤ {self.max_ms:g} ms")
        return ", ".join(parts)

    def met(self, mine: Summary, floor: Summary | None) -> bool:
        ok = True
        if self.floor_ratio is not None:
            ok &= floor is not None and mine.p50 <= self.floor_ratio * floor.p50
        if self.p50_ms is not None:
            ok &= mine.p50 * 1000 <= self.p50_ms
        if self.p99_ms is not None:
            ok &= mine.p99 * 1000 <= self.p99_ms
        if self.max_ms is not None:
            ok &= mine.max * 1000 <= self.max_ms
        return ok


def _ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def latency_row(
    target: Target, mine: Summary | None, floor: Summary | None
) -> tuple[list[str], dict[str, Any]]:
    """A Markdown row and the JSON record for one latency measurement."""
    record: dict[str, Any] = {"metric": target.metric, "label": target.label}
    record["target"] = target.describe()
    if mine is None:
        return [target.label, target.describe(), "—", "—", "—", "—", "0", "not run"], record
    record["balmod_ms"] = mine.to_json()
    met = target.met(mine, floor)
    record["met"] = met
    ratio = "—"
    floor_p50 = "—"
    if floor is not None:
        record["floor_ms"] = floor.to_json()
        record["ratio_p50"] = round(mine.p50 / floor.p50, 2) if floor.p50 else None
        floor_p50 = _ms(floor.p50)
        ratio = f"{mine.p50 / floor.p50:.2f}" if floor.p50 else "—"
    row = [
        target.label,
        target.describe(),
        _ms(mine.p50),
        _ms(mine.p99),
        floor_p50,
        ratio,
        str(mine.n),
        "yes" if met else "**no**",
    ]
    return row, record


HEADER = ["measurement", "target", "balmod p50 ms", "balmod p99 ms", "floor p50 ms",
          "÷ floor", "n", "met"]  # fmt: skip


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
