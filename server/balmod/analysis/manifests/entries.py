"""The package entries of a manifest, read from tomllib's data (no positions: cheap).

Ballerina.toml's ``[[dependency]]`` tables and Dependencies.toml's ``[[package]]`` tables (or
the old form's ``[[dependency]]``) are both "entries": a package, a version, perhaps a
repository. Each keeps its key path, so a finding can be placed later only if there is one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from balmod.analysis.manifests.keys import ManifestKind
from balmod.manifest.dependencies_toml import dependencies_format
from balmod.manifest.keypath import KeyPath
from balmod.manifest.model import DependenciesFormat
from balmod.project.model import DependencySpec, LockedPackage, PackageKey


@dataclass(frozen=True, slots=True)
class Entry:
    path: KeyPath  # ("dependency", 2) or ("package", 7)
    org: str | None
    name: str | None
    version: str | None
    repository: str | None
    bala_path: str | None  # Ballerina.toml's ``path``
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def dependencies(self) -> tuple[tuple[str | None, str | None], ...]:
        """Dependencies.toml: ``(org, name)`` of each item of ``dependencies``, by position
        (None where an item does not give it). Read when asked: a check never asks."""
        return _refs(self.table.get("dependencies"))

    @property
    def key(self) -> PackageKey | None:
        if self.org is None or self.name is None:
            return None
        return self.org, self.name

    @property
    def index(self) -> int:
        last = self.path[-1]
        assert isinstance(last, int)
        return last

    def as_spec(self) -> DependencySpec | None:
        key = self.key
        if key is None:
            return None
        return DependencySpec(key[0], key[1], self.version, self.repository, self.bala_path)

    def as_lock(self) -> LockedPackage | None:
        key = self.key
        if key is None:
            return None
        return LockedPackage(key[0], key[1], self.version, self.repository)


def _text(table: Mapping[str, Any], key: str) -> str | None:
    value = table.get(key)
    return value if isinstance(value, str) else None


def _refs(value: Any) -> tuple[tuple[str | None, str | None], ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        (_text(item, "org"), _text(item, "name")) if isinstance(item, dict) else (None, None)
        for item in value
    )


def entry_table(kind: ManifestKind, data: Mapping[str, Any]) -> str:
    """The array of tables holding the entries: ``dependency`` or ``package``."""
    if kind is ManifestKind.BALLERINA:
        return "dependency"
    return "dependency" if dependencies_format(data) is DependenciesFormat.OLD else "package"


def entries(kind: ManifestKind, data: Mapping[str, Any]) -> tuple[Entry, ...]:
    """Every entry that is a table, in file order."""
    table = entry_table(kind, data)
    tables = data.get(table)
    if not isinstance(tables, list):
        return ()
    found = []
    for index, item in enumerate(tables):
        if not isinstance(item, dict):
            continue
        found.append(
            Entry(
                path=(table, index),
                org=_text(item, "org"),
                name=_text(item, "name"),
                version=_text(item, "version"),
                repository=_text(item, "repository"),
                bala_path=_text(item, "path") if kind is ManifestKind.BALLERINA else None,
                table=item,
            )
        )
    return tuple(found)


def by_key(found: tuple[Entry, ...]) -> dict[PackageKey, Entry]:
    """The entry of each package; of duplicates (BMD1006) the last, as the project loader reads."""
    result: dict[PackageKey, Entry] = {}
    for entry in found:
        key = entry.key
        if key is not None:
            result[key] = entry
    return result
