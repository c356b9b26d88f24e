"""Ballerina's version rules on top of the ``semver`` package (BALLERINA.md section 7).

Ordering is plain SemVer 2.0 precedence, so pre-releases sort below their release and by
their dot-separated identifiers: ``1.2.3-alpha < 1.2.3-alpha.2 < 1.2.3-beta < 1.2.3 <
1.2.4-alpha < 1.4.5``. Build metadata takes no part in ordering or equality.

Compatibility: two versions are compatible when their majors are equal and not zero. For
zero majors balmod follows the *compiler*, which treats ``0.x`` versions as compatible when
their minors are equal (``0.2.3`` ~ ``0.2.4``); the Ballerina documentation says instead
that no two ``0.x`` versions are compatible. BALLERINA.md section 7 records both and names
the compiler's rule as the one balmod uses. Pre-releases are compatible with releases of
the same major (the documentation's own examples: ``1.2.3-alpha``, ``1.2.3-beta`` and
``1.2.4-alpha`` are compatible).

"Stable" here means "not a pre-release". The compiler's ``isStable`` also excludes ``0.x``,
but langlibs are ``0.0.0`` and many published packages are ``0.x``; section 7's "latest stable
version" is about pre-releases, so ``0.x`` releases count as stable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import semver

Version = semver.Version
VersionLike = semver.Version | str

__all__ = [
    "Version",
    "VersionError",
    "VersionLike",
    "is_compatible",
    "is_prerelease",
    "latest",
    "latest_compatible",
    "latest_stable",
    "newest_first",
    "parse_version",
    "precedence_key",
    "try_parse_version",
]


class VersionError(ValueError):
    """A version string that is not MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]."""


_CORE = re.compile(r"(\d+)\.(\d+)\.(\d+)(?=$|[-+])")


def _explain(text: str) -> str:
    """Why ``text`` is not a valid version, in words a user can act on."""
    if not text:
        return "the version is empty"
    if text != text.strip():
        return "remove the surrounding whitespace"
    if text[0] in "vV" and _CORE.match(text[1:]):
        return "expected MAJOR.MINOR.PATCH without a leading 'v'"
    core = _CORE.match(text)
    if core is None:
        return "expected MAJOR.MINOR.PATCH"
    if any(len(part) > 1 and part.startswith("0") for part in core.groups()):
        return "MAJOR, MINOR and PATCH must not have leading zeros"
    return "expected MAJOR.MINOR.PATCH, optionally followed by -PRERELEASE and +BUILD"


def parse_version(text: str) -> semver.Version:
    """Parse a SemVer string; raise :class:`VersionError` with a clear message when invalid."""
    if not isinstance(text, str):
        raise VersionError(f"invalid version {text!r}: expected a string")
    try:
        return semver.Version.parse(text)
    except (ValueError, TypeError):
        raise VersionError(f"invalid version '{text}': {_explain(text)}") from None


def try_parse_version(text: str) -> semver.Version | None:
    """The parsed version, or None when ``text`` is not a valid version."""
    if not isinstance(text, str):
        return None
    return _try_parse(text)


# The same few hundred version strings are parsed again on every check of a manifest and
# every listing of a repository; ``semver.Version`` is immutable, so one parse is shared.
@lru_cache(maxsize=16384)
def _try_parse(text: str) -> semver.Version | None:
    try:
        return parse_version(text)
    except VersionError:
        return None


def _as_version(value: VersionLike) -> semver.Version:
    return value if isinstance(value, semver.Version) else parse_version(value)


def is_prerelease(version: VersionLike) -> bool:
    return _as_version(version).prerelease is not None


def is_compatible(a: VersionLike, b: VersionLike) -> bool:
    """Ballerina compatibility: equal non-zero majors, or (compiler rule) equal ``0.minor``."""
    va, vb = _as_version(a), _as_version(b)
    if va.major != vb.major:
        return False
    if va.major == 0:
        return va.minor == vb.minor
    return True


PrecedenceKey = tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]


def precedence_key(version: VersionLike) -> PrecedenceKey:
    """A plain tuple that orders like SemVer precedence (much cheaper to compare).

    A release sorts above its pre-releases; pre-release identifiers compare numerically when
    numeric, in ASCII order otherwise, numeric below alphanumeric, and a longer list above
    its own prefix. Build metadata is ignored.
    """
    v = _as_version(version)
    if v.prerelease is None:
        return (v.major, v.minor, v.patch, 1, ())
    identifiers = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in v.prerelease.split(".")
    )
    return (v.major, v.minor, v.patch, 0, identifiers)


def newest_first(versions: Iterable[semver.Version]) -> list[semver.Version]:
    """The versions sorted by SemVer precedence, highest first (stable for equal versions)."""
    return sorted(versions, key=precedence_key, reverse=True)


def latest(
    candidates: Iterable[semver.Version], include_prerelease: bool = False
) -> semver.Version | None:
    """The highest candidate; pre-releases only when ``include_prerelease`` is set."""
    pool = [v for v in candidates if include_prerelease or v.prerelease is None]
    return max(pool, default=None)


def latest_stable(candidates: Iterable[semver.Version]) -> semver.Version | None:
    """The highest candidate that is not a pre-release."""
    return latest(candidates, include_prerelease=False)


def latest_compatible(
    minimum: VersionLike,
    candidates: Iterable[semver.Version],
    *,
    include_prerelease: bool | None = None,
) -> semver.Version | None:
    """The highest candidate compatible with ``minimum`` and not below it.

    ``include_prerelease``: True considers every candidate; False only releases; None (the
    default) prefers releases and considers pre-releases when ``minimum`` is itself a
    pre-release or no release qualifies. A build never records a pre-release on its own
    (BALLERINA.md section 6), so a stable minimum should not silently move to one while a
    release satisfies it.
    """
    floor = _as_version(minimum)
    eligible = [v for v in candidates if v >= floor and is_compatible(v, floor)]
    if include_prerelease is None:
        if floor.prerelease is not None:
            return max(eligible, default=None)
        stable = latest(eligible)
        return stable if stable is not None else latest(eligible, include_prerelease=True)
    return latest(eligible, include_prerelease=include_prerelease)
