"""Ceylon's version order (CeylonVersionComparator), table-driven."""

from __future__ import annotations

import pytest

from balmod.ceylon.versions import compare_versions, nearest_first, newest_first, order_versions

# (older, newer): compare_versions(older, newer) == -1 and the reverse is 1.
OLDER_NEWER = [
    ("1.0", "1.0.1"),
    ("1.9", "1.10"),  # numbers, not text
    ("2.0", "10.0"),
    ("1.0-SNAPSHOT", "1.0"),  # a qualifier before the release...
    ("1.0", "1.0-sp"),  # ...except a service pack
    ("1.0-sp", "1.0-xyz"),  # a word with no weight is newer than every weighted one
    ("1.0-alpha", "1.0-beta"),
    ("1.0-a1", "1.0-b1"),  # a and b are alpha and beta
    ("1.0-beta", "1.0-M1"),
    ("1.0-M1", "1.0-RC1"),  # case does not matter
    ("1.0-cr1", "1.0-SNAPSHOT"),
    ("1.0rc2", "1.0"),  # a segment also ends where digits and letters meet
    ("1.0.RC2", "1.0.Final"),
    ("1.0-1", "1.0.1"),  # after a '-', a number is older than one after a '.'
    ("1.0-abc", "1.0-abd"),  # unweighted words compare character by character
    ("1.0-ab", "1.0-abc"),  # a shorter prefix first
    ("1.0-Zed", "1.0-zed"),  # character codes: upper case sorts first
    ("1.3.3-SNAPSHOT", "1.3.3"),
    ("0.9", "1"),
    ("1.0-alpha", "1.0"),
]

EQUAL = [
    ("1.0", "1.0.0"),
    ("1", "1.0-final"),
    ("1.0.0.Final", "1.0.0"),
    ("1.0-GA", "1.0"),
    ("1.0-ga", "1.0-FINAL"),
    ("01.2", "1.2"),  # leading zeros do not count
    ("", "0"),
    ("1..0", "1.0.0"),  # an empty segment is zero
]


@pytest.mark.parametrize(("older", "newer"), OLDER_NEWER)
def test_older_and_newer(older: str, newer: str) -> None:
    assert compare_versions(older, newer) == -1
    assert compare_versions(newer, older) == 1
    assert order_versions(newer, older) == (older, newer)
    assert order_versions(older, newer) == (older, newer)


@pytest.mark.parametrize(("a", "b"), EQUAL)
def test_equal(a: str, b: str) -> None:
    assert compare_versions(a, b) == 0
    assert compare_versions(b, a) == 0
    assert order_versions(a, b) == (a, b)  # equal: as given


def test_newest_first_orders_and_deduplicates() -> None:
    versions = ["1.0", "1.10", "1.9", "1.0.0", "2.0-SNAPSHOT", "2.0", "1.9"]
    assert newest_first(versions) == ["2.0", "2.0-SNAPSHOT", "1.10", "1.9", "1.0", "1.0.0"]


@pytest.mark.parametrize(
    ("wanted", "available", "expected"),
    [
        ("1.5", ["1.0", "1.4", "1.6", "2.0", "1.5"], ["1.6", "2.0", "1.4", "1.0"]),
        ("3.0", ["1.0", "2.0"], ["2.0", "1.0"]),
        ("0.1", ["1.0", "0.2"], ["0.2", "1.0"]),
        ("1.2.0", ["1.0.0", "1.1.0", "2.0.0"], ["2.0.0", "1.1.0", "1.0.0"]),
        ("1.0", ["1.0.0"], []),  # equal versions are not alternatives
    ],
)
def test_nearest_first(wanted: str, available: list[str], expected: list[str]) -> None:
    assert nearest_first(wanted, available) == expected
