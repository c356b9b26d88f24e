"""Incompatible versions of one package in the dependency graph (BCE5201).

Versions of a package are claimed by Ballerina.toml (a minimum), by Dependencies.toml (a
locked version) and by the ``dependency-graph.json`` of every package version the project
resolves to (the versions that package was built against). Two claims whose versions are
not compatible (BALLERINA.md section 7) fail a build with the compiler's message
``Two incompatible versions exist in the dependency graph: org/name versions: a, b``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balmod.project.model import PackageKey
from balmod.repository.fscache import loads_json
from balmod.versions import Version, try_parse_version
from balmod.workspace import UnreadableFile, read_bytes

log = logging.getLogger(__name__)

GRAPH_FILE = "dependency-graph.json"
_SEP_GRAPH = os.sep + GRAPH_FILE
BALLERINA_TOML = "Ballerina.toml"
DEPENDENCIES_TOML = "Dependencies.toml"


@dataclass(frozen=True, slots=True)
class Claim:
    """One place that wants ``version`` of a package."""

    version: Version
    text: str  # the version as written
    source: str  # "Ballerina.toml", "Dependencies.toml" or a package's graph
    owner: PackageKey | None = None  # the package whose dependency graph says so
    file: Path | None = None

    @property
    def from_manifest(self) -> bool:
        return self.owner is None

    def describe(self) -> str:
        return f"{self.text} in {self.source}"


@dataclass(frozen=True, slots=True)
class Conflict:
    package: PackageKey
    first: Claim  # the manifest's version when a manifest takes part
    second: Claim

    @property
    def message(self) -> str:
        org, name = self.package
        return (
            "Two incompatible versions exist in the dependency graph: "
            f"{org}/{name} versions: {self.first.text}, {self.second.text}"
        )

    def involves(self, source: str) -> bool:
        return source in (self.first.source, self.second.source)

    @property
    def claims(self) -> tuple[Claim, Claim]:
        return self.first, self.second


def manifest_claim(version: str | None, source: str, file: Path | None) -> Claim | None:
    parsed = try_parse_version(version) if version is not None else None
    if parsed is None or version is None:
        return None
    return Claim(parsed, version, source, None, file)


def read_graph(bala_dir: Path | str) -> tuple[tuple[str, str, str], ...]:
    """``(org, name, version)`` of every package in a bala's dependency graph. Never raises."""
    if isinstance(bala_dir, str) and not bala_dir.endswith(os.sep):
        path = bala_dir + _SEP_GRAPH  # what os.path.join gives, for less
    else:
        path = os.path.join(bala_dir, GRAPH_FILE)
    try:
        data: Any = loads_json(read_bytes(path))
    except UnreadableFile as exc:
        if not isinstance(exc.__cause__, FileNotFoundError):
            log.warning("cannot read %s", exc)
        return ()
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        log.warning("cannot read %s: %s", path, exc)
        return ()
    found: dict[tuple[str, str, str], None] = {}
    packages = data.get("packages") if isinstance(data, dict) else None
    stack: list[Any] = list(packages) if isinstance(packages, list) else []
    while stack:
        item = stack.pop()
        if not isinstance(item, dict):
            continue
        org, name, version = item.get("org"), item.get("name"), item.get("version")
        if isinstance(org, str) and isinstance(name, str) and isinstance(version, str):
            found[(org, name, version)] = None
        nested = item.get("dependencies")
        if isinstance(nested, list):
            stack.extend(nested)
    return tuple(sorted(found))


ClaimArgs = tuple[Version, str, str, PackageKey | None, Path | None]
"""A :class:`Claim`'s fields, for making it only when it may take part in a conflict."""


def graph_claims(
    owner: PackageKey,
    owner_version: str,
    bala_dir: Path | str,
    graph: Iterable[tuple[str, str, str]],
) -> Iterable[tuple[PackageKey, Claim]]:
    """The claims a package version's graph makes on other packages (not on itself)."""
    for package, args in graph_claim_args(owner, owner_version, bala_dir, graph):
        yield package, Claim(*args)


def graph_claim_args(
    owner: PackageKey,
    owner_version: str,
    bala_dir: Path | str,
    graph: Iterable[tuple[str, str, str]],
) -> Iterable[tuple[PackageKey, ClaimArgs]]:
    """:func:`graph_claims`, as the fields of each claim."""
    source = f"the dependency graph of {owner[0]}/{owner[1]} {owner_version}"
    file: Path | None = None
    for org, name, version in graph:
        if (org, name) == owner:
            continue
        parsed = try_parse_version(version)
        if parsed is not None:
            file = file or Path(bala_dir, GRAPH_FILE)
            yield (org, name), (parsed, version, source, owner, file)


def find_conflicts(claims: Mapping[PackageKey, Sequence[Claim]]) -> dict[PackageKey, Conflict]:
    """One conflict per package that has two incompatible claims.

    The pair reported starts from the first manifest claim (as they are given: the caller
    puts Dependencies.toml before Ballerina.toml), or from the first claim when no manifest
    claims a version, and takes the first claim incompatible with it. Linear: versions are
    compared by compatibility class.
    """
    conflicts: dict[PackageKey, Conflict] = {}
    for package, found in claims.items():
        pair = _first_incompatible(found)
        if pair is not None:
            conflicts[package] = Conflict(package, pair[0], pair[1])
    return conflicts


def compatibility_class(version: Version) -> tuple[int, int]:
    """Versions are compatible exactly when their classes are equal (BALLERINA.md section 7)."""
    return (version.major, 0) if version.major != 0 else (0, version.minor)


def _first_incompatible(claims: Sequence[Claim]) -> tuple[Claim, Claim] | None:
    if len(claims) < 2:
        return None
    classes = [compatibility_class(c.version) for c in claims]
    if len(set(classes)) < 2:
        return None
    anchor = next((i for i, c in enumerate(claims) if c.from_manifest), 0)
    other = next(i for i, cls in enumerate(classes) if cls != classes[anchor])
    return claims[anchor], claims[other]
