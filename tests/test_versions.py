"""Ballerina's version rules (BALLERINA.md section 7)."""

from __future__ import annotations

import itertools
import random

import pytest
import semver
from hypothesis import given
from hypothesis import strategies as st

from balmod.versions import (
    VersionError,
    is_compatible,
    is_prerelease,
    latest,
    latest_compatible,
    latest_stable,
    newest_first,
    parse_version,
    precedence_key,
    try_parse_version,
)


def vs(*texts: str) -> list[semver.Version]:
    return [parse_version(t) for t in texts]


CHAIN = ["1.2.3-alpha", "1.2.3-alpha.2", "1.2.3-beta", "1.2.3", "1.2.4-alpha", "1.4.5"]


def test_precedence_chain_of_section_7() -> None:
    parsed = vs(*CHAIN)
    for lower, higher in itertools.pairwise(parsed):
        assert lower < higher
    shuffled = parsed[:]
    random.Random(7).shuffle(shuffled)
    assert [str(v) for v in newest_first(shuffled)] == list(reversed(CHAIN))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # Section 7 / the documentation's examples.
        ("1.2.3", "1.2.4", True),
        ("1.2.3", "1.4.5", True),
        ("1.2.4", "1.4.5", True),
        ("1.2.3-alpha", "1.2.3-alpha.2", True),
        ("1.2.3-alpha", "1.2.3-beta", True),
        ("1.2.3-beta", "1.2.4-alpha", True),
        # Majors.
        ("1.0.0", "2.0.0", False),
        ("1.0.0", "2.0.0-beta.1", False),
        ("2.16.4", "2.0.0", True),
        # Zero majors: the compiler's rule (equal minors), not the documentation's.
        ("0.2.3", "0.2.4", True),
        ("0.2.3", "0.3.0", False),
        ("0.0.0", "0.0.0", True),
        ("0.1.0", "1.1.0", False),
        # Build metadata plays no part.
        ("1.0.0+build.1", "1.5.0", True),
    ],
)
def test_is_compatible(a: str, b: str, expected: bool) -> None:
    assert is_compatible(a, b) is expected
    assert is_compatible(b, a) is expected
    assert is_compatible(parse_version(a), parse_version(b)) is expected


@pytest.mark.parametrize(
    ("minimum", "candidates", "expected"),
    [
        # "1.2.3, 1.2.4 and 1.4.5 are compatible; 1.4.5 is the latest".
        ("1.2.3", ["1.2.3", "1.2.4", "1.4.5"], "1.4.5"),
        # Never below the minimum, never across majors.
        ("1.3.0", ["1.2.3", "1.2.4", "2.0.0"], None),
        ("1.2.3", ["1.2.4", "2.0.0", "3.1.0"], "1.2.4"),
        # "1.2.3-alpha, 1.2.3-alpha.2 and 1.2.3-beta: 1.2.3-beta is the latest".
        ("1.2.3-alpha", ["1.2.3-alpha", "1.2.3-alpha.2", "1.2.3-beta"], "1.2.3-beta"),
        # "1.2.3-alpha, 1.2.3-beta, 1.2.4-alpha: 1.2.4-alpha is the latest".
        ("1.2.3-alpha", ["1.2.3-alpha", "1.2.3-beta", "1.2.4-alpha"], "1.2.4-alpha"),
        # A stable minimum prefers releases over newer pre-releases...
        ("2.1.0", ["2.1.0", "2.2.0-beta.1", "2.1.5"], "2.1.5"),
        # ...and takes a pre-release only when no release qualifies.
        ("2.1.0", ["2.0.0", "2.2.0-beta.1", "2.2.0-beta.2"], "2.2.0-beta.2"),
        # Zero majors: the compiler's rule.
        ("0.2.3", ["0.2.4", "0.2.9", "0.3.0"], "0.2.9"),
        ("0.2.3", ["0.1.9", "0.3.0"], None),
        ("1.0.0", [], None),
    ],
)
def test_latest_compatible(minimum: str, candidates: list[str], expected: str | None) -> None:
    result = latest_compatible(minimum, vs(*candidates))
    assert (str(result) if result is not None else None) == expected


def test_latest_compatible_prerelease_switch() -> None:
    candidates = vs("2.1.0", "2.1.5", "2.2.0-beta.1")
    assert str(latest_compatible("2.1.0", candidates, include_prerelease=True)) == "2.2.0-beta.1"
    assert str(latest_compatible("2.1.0", candidates, include_prerelease=False)) == "2.1.5"
    only_pre = vs("2.2.0-beta.1")
    assert latest_compatible("2.1.0", only_pre, include_prerelease=False) is None


def test_latest_and_latest_stable_default_to_releases() -> None:
    candidates = vs("1.0.0", "1.1.0-rc.1", "0.9.0", "2.0.0-alpha")
    assert str(latest_stable(candidates)) == "1.0.0"
    assert str(latest(candidates)) == "1.0.0"
    assert str(latest(candidates, include_prerelease=True)) == "2.0.0-alpha"
    assert latest_stable(vs("1.0.0-alpha", "1.0.0-beta")) is None
    assert latest([]) is None
    # 0.x releases are stable in the sense of section 7 ("not a pre-release").
    assert str(latest_stable(vs("0.0.0", "0.3.1"))) == "0.3.1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.2.3", False), ("1.2.3-alpha", True), ("0.0.0", False), ("1.0.0+build", False)],
)
def test_is_prerelease(text: str, expected: bool) -> None:
    assert is_prerelease(text) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.2", "invalid version '1.2': expected MAJOR.MINOR.PATCH"),
        ("1", "invalid version '1': expected MAJOR.MINOR.PATCH"),
        ("", "invalid version '': the version is empty"),
        ("v1.2.3", "invalid version 'v1.2.3': expected MAJOR.MINOR.PATCH without a leading 'v'"),
        (" 1.2.3", "invalid version ' 1.2.3': remove the surrounding whitespace"),
        ("01.2.3", "invalid version '01.2.3': MAJOR, MINOR and PATCH must not have leading zeros"),
        (
            "1.2.3-",
            "invalid version '1.2.3-': expected MAJOR.MINOR.PATCH, "
            "optionally followed by -PRERELEASE and +BUILD",
        ),
        ("1.2.x", "invalid version '1.2.x': expected MAJOR.MINOR.PATCH"),
        ("latest", "invalid version 'latest': expected MAJOR.MINOR.PATCH"),
    ],
)
def test_invalid_versions(text: str, message: str) -> None:
    with pytest.raises(VersionError) as caught:
        parse_version(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)
    assert try_parse_version(text) is None


def test_non_string_is_a_version_error() -> None:
    with pytest.raises(VersionError, match="expected a string"):
        parse_version(123)  # type: ignore[arg-type]


def test_is_compatible_rejects_invalid_text() -> None:
    with pytest.raises(VersionError, match="invalid version '2'"):
        is_compatible("2", "2.0.0")


def test_parse_keeps_prerelease_and_build() -> None:
    v = parse_version("2.0.0-beta.1+exp.sha.5114f85")
    assert (v.major, v.minor, v.patch, v.prerelease, v.build) == (
        2,
        0,
        0,
        "beta.1",
        "exp.sha.5114f85",
    )


_identifier = st.one_of(
    st.integers(min_value=0, max_value=30).map(str),
    st.text(alphabet="abcXYZ-09", min_size=1, max_size=4).filter(
        lambda s: not (s.isdigit() and len(s) > 1 and s.startswith("0"))
    ),
)
_version_text = st.builds(
    lambda core, pre: ".".join(map(str, core)) + ("-" + ".".join(pre) if pre else ""),
    st.tuples(*(st.integers(min_value=0, max_value=3) for _ in range(3))),
    st.lists(_identifier, max_size=3),
)


@given(_version_text, _version_text)
def test_precedence_key_orders_like_semver(a: str, b: str) -> None:
    va, vb = parse_version(a), parse_version(b)
    assert (precedence_key(va) < precedence_key(vb)) == (va < vb)
    assert (precedence_key(va) == precedence_key(vb)) == (va == vb)
