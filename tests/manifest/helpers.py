"""Small helpers for the manifest tests."""

from __future__ import annotations

import tomllib
from typing import Any

from balmod.text import Span


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.find(needle, start + 1)
        assert start >= 0, f"{needle!r} occurs fewer than {nth + 1} times"
    return Span(start, start + len(needle))


def toml_value(source: str) -> Any:
    """Read ``source`` as one TOML value."""
    return tomllib.loads("v = " + source)["v"]
