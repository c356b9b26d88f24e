"""Ceylon version order: not SemVer, but the module resolver's own comparator.

The typechecker orders versions with ``org.eclipse.ceylon.cmr.api.VersionComparator``,
which delegates to ``org.eclipse.ceylon.common.CeylonVersionComparator`` (before Ceylon
1.3.3: ``com.redhat.ceylon.cmr.api.MavenVersionComparator``, the same algorithm). Its
Javadoc points at Maven's versioning rules; what it does:

- A version is read as segments separated by ``.`` or ``-``. A segment is also cut where it
  changes between digits and other characters: ``1.0rc2`` is ``1``, ``0``, ``rc``, ``2``.
- Each ``-`` raises the "list level" of the segments after it. At the same level, a number
  is newer than a word. At different levels: against a number, the segment of the deeper
  level is older; against a word, it is newer. ``1.0-1`` < ``1.0.1``.
- Numbers compare as numbers (``1.10`` > ``1.9``); leading zeros do not count.
- A missing segment equals ``0`` and the empty qualifier: ``1.0`` == ``1.0.0``,
  ``1`` == ``1.0-final``.
- Words compare case-insensitively by weight: ``alpha``/``a`` < ``beta``/``b`` <
  ``milestone``/``m`` < ``cr``/``rc`` < ``snapshot`` < (nothing) == ``ga`` == ``final``
  < ``sp``. A word with no weight is newer than every weighted one (the code, not its
  comment, decides), and two such words compare character by character, a shorter prefix
  first. So ``1.0-SNAPSHOT`` < ``1.0`` < ``1.0-sp`` < ``1.0-xyz``.

Deviations, all in text no real version has: digits are ASCII only (Java's
``Character.isDigit`` takes any Unicode digit), characters compare by code point (Java
compares UTF-16 units) and numbers never overflow (Java's ``long`` wraps).

:func:`order_versions` is ``orderVersions``, which orders the two versions of the
typechecker's "imports two different versions" message.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

_SEPARATORS = ".-"
_WEIGHTS = {
    "alpha": 0,
    "a": 0,
    "beta": 1,
    "b": 1,
    "milestone": 2,
    "m": 2,
    "cr": 3,
    "rc": 3,
    "snapshot": 4,
    "": 5,
    "ga": 5,
    "final": 5,
    "sp": 6,
}

_NONE, _NUMBER, _WORD = 0, 1, 2


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _segment(text: str, pos: int) -> tuple[int, int, int]:
    """The segment starting at ``pos``: (its end, its kind, its numeric value)."""
    end = pos
    kind = _NONE
    value = 0
    while end < len(text) and text[end] not in _SEPARATORS:
        char = text[end]
        digit = _is_digit(char)
        if kind == _NONE:
            kind = _NUMBER if digit else _WORD
        elif digit != (kind == _NUMBER):
            break  # digits and letters change: a new segment starts here
        if digit:
            value = value * 10 + ord(char) - ord("0")
        end += 1
    return end, kind, value


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _compare_words(a: str, b: str) -> int:
    weight_a = _WEIGHTS.get(a.lower(), -1)
    weight_b = _WEIGHTS.get(b.lower(), -1)
    if weight_a >= 0:
        return _sign(weight_a - weight_b) if weight_b >= 0 else -1
    if weight_b >= 0:
        return 1
    for char_a, char_b in zip(a, b, strict=False):
        if char_a != char_b:
            return _sign(ord(char_a) - ord(char_b))
    return _sign(len(a) - len(b))


def _compare_segments(
    a: str, a_kind: int, a_value: int, a_level: int, b: str, b_kind: int, b_value: int, b_level: int
) -> int:
    if a_level > b_level:
        if b_kind == _NUMBER:
            return -1
        if b_kind == _WORD:
            return 1
    elif a_level < b_level:
        if a_kind == _NUMBER:
            return 1
        if a_kind == _WORD:
            return -1
    if a_kind == _NUMBER:
        if b_kind == _NUMBER:
            return _sign(a_value - b_value)
        if b_kind == _WORD:
            return 1
        return 0 if a_value == 0 else 1
    if a_kind == _WORD:
        return -1 if b_kind == _NUMBER else _compare_words(a, b)
    if b_kind == _NUMBER:
        return 0 if b_value == 0 else -1
    if b_kind == _WORD:
        return _compare_words(a, b)
    return 0


def compare_versions(a: str, b: str) -> int:
    """-1, 0 or 1 as ``a`` is older than, the same as, or newer than ``b``."""
    a_pos = b_pos = 0
    a_level = b_level = 0
    while a_pos < len(a) or b_pos < len(b):
        a_end, a_kind, a_value = _segment(a, a_pos)
        b_end, b_kind, b_value = _segment(b, b_pos)
        result = _compare_segments(
            a[a_pos:a_end], a_kind, a_value, a_level, b[b_pos:b_end], b_kind, b_value, b_level
        )
        if result:
            return result
        if a_end < len(a) and a[a_end] == "-":
            a_level += 1
        if b_end < len(b) and b[b_end] == "-":
            b_level += 1
        # Eat a separator if there is one (a segment may also end where its kind changes).
        if a_end < len(a) and a[a_end] in _SEPARATORS:
            a_end += 1
        if b_end < len(b) and b[b_end] in _SEPARATORS:
            b_end += 1
        a_pos, b_pos = a_end, b_end
    return 0


def order_versions(a: str, b: str) -> tuple[str, str]:
    """``a`` and ``b``, older first (as given when they compare equal)."""
    return (b, a) if compare_versions(a, b) > 0 else (a, b)


version_key = functools.cmp_to_key(compare_versions)


def newest_first(versions: Iterable[str]) -> list[str]:
    """Distinct versions, newest first; equal ones (``1.0``, ``1.0.0``) by their text."""
    return sorted(sorted(set(versions)), key=version_key, reverse=True)


def nearest_first(wanted: str, versions: Iterable[str]) -> list[str]:
    """Alternatives to ``wanted``: the newer ones nearest first, then the older ones
    nearest first. ``wanted`` itself (and versions equal to it) are left out."""
    ordered = sorted(sorted(set(versions)), key=version_key)
    newer = [v for v in ordered if compare_versions(v, wanted) > 0]
    older = [v for v in reversed(ordered) if compare_versions(v, wanted) < 0]
    return newer + older
