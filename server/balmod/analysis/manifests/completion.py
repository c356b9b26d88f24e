"""Completion in Ballerina.toml and Dependencies.toml.

- Table headers the manifest may have (plain tables already opened are left out).
- Keys the current table (or inline table) may hold and does not hold yet, inserted with the
  shape of their value (``version = "$1"``, ``export = ${1|true,false|}``, ``keywords = ["$1"]``).
- Values: ``org`` from the repositories; ``name`` from that org's packages; ``version`` from
  the versions on disk, compatible ones first and each newest first, labelled with their
  repositories and marked when pre-releases; ``repository``: ``local`` and the custom
  repositories present; ``scope``, ``visibility`` and booleans from their few values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from balmod.analysis.manifests.context import Cursor, Place, cursor_at
from balmod.analysis.manifests.facts import PackageFacts
from balmod.analysis.manifests.keys import KeyInfo, ManifestKind, Shape, keys_of, tables
from balmod.repository.roots import Repository, RepositoryKind
from balmod.text import Span
from balmod.versions import Version, is_compatible, try_parse_version

if TYPE_CHECKING:
    from balmod.analysis.manifests.service import ManifestService


class CandidateKind(Enum):
    TABLE = "table"
    KEY = "key"
    VALUE = "value"
    ORG = "org"
    PACKAGE = "package"
    MODULE = "module"
    VERSION = "version"
    REPOSITORY = "repository"


@dataclass(frozen=True, slots=True)
class ManifestCandidate:
    label: str
    kind: CandidateKind
    replace: Span
    insert: str
    detail: str = ""
    documentation: str = ""
    sort_text: str | None = None
    filter_text: str | None = None
    snippet: bool = False


# Tables whose entries name a package (org, name, version, repository).
_ENTRY_TABLES = {
    ManifestKind.BALLERINA: {("dependency",)},
    ManifestKind.DEPENDENCIES: {("package",), ("dependency",)},
}
# Inline tables naming a package (org and name) or a module (org, packageName, moduleName).
_REF_TABLES = {("package", "dependencies"), ("package", "modules")}

_KEY_SNIPPETS = {
    Shape.STRING: ('{key} = "$1"', '{key} = ""'),
    Shape.BOOLEAN: ("{key} = ${{1|true,false|}}", "{key} = "),
    Shape.NUMBER: ("{key} = $1", "{key} = "),
    Shape.STRINGS: ('{key} = ["$1"]', "{key} = []"),
    Shape.INLINE_TABLES: ("{key} = [{{$1}}]", "{key} = []"),
}

_FIXED_VALUES: dict[tuple[ManifestKind, tuple[str, ...], str], tuple[str, ...]] = {
    (ManifestKind.DEPENDENCIES, ("package",), "scope"): ("testOnly",),
    (ManifestKind.BALLERINA, ("package",), "visibility"): ("private",),
}


def _old_format(kind: ManifestKind, text: str) -> bool:
    return (
        kind is ManifestKind.DEPENDENCIES
        and "dependencies-toml-version" not in text
        and "[[dependency]]" in text
    )


def _names(path: tuple[str | int, ...]) -> tuple[str, ...]:
    return tuple(segment for segment in path if isinstance(segment, str))


def complete(
    service: ManifestService,
    kind: ManifestKind,
    text: str,
    path: Path,
    offset: int,
    snippets: bool,
) -> list[ManifestCandidate]:
    cursor = cursor_at(text, offset)
    old = _old_format(kind, text)
    if cursor.place is Place.HEADER:
        return _headers(kind, cursor, old, cursor.replace)
    if cursor.place is Place.KEY:
        found = _keys(kind, cursor, old, snippets)
        if not cursor.inline:
            found += _headers(kind, cursor, old, cursor.replace, after_keys=True)
        return found
    if cursor.place is Place.VALUE:
        return _values(service, kind, cursor, path, old)
    return []


def _headers(
    kind: ManifestKind, cursor: Cursor, old: bool, replace: Span, after_keys: bool = False
) -> list[ManifestCandidate]:
    found = []
    for order, table in enumerate(tables(kind, old_format=old)):
        if not table.array and table.path in cursor.tables:
            continue
        found.append(
            ManifestCandidate(
                label=table.header,
                kind=CandidateKind.TABLE,
                replace=replace,
                insert=table.header,
                detail="array of tables" if table.array else "table",
                documentation=table.description,
                sort_text=f"{'1' if after_keys else '0'}{order:03d}",
                filter_text=table.header if not after_keys else ".".join(table.path),
            )
        )
    return found


def _key_item(info: KeyInfo, order: int, replace: Span, snippets: bool) -> ManifestCandidate:
    snippet, plain = _KEY_SNIPPETS[info.shape]
    return ManifestCandidate(
        label=info.name,
        kind=CandidateKind.KEY,
        replace=replace,
        insert=(snippet if snippets else plain).format(key=info.name),
        detail=info.shape.value,
        documentation=info.description,
        sort_text=f"0{order:03d}",
        snippet=snippets,
    )


def _keys(kind: ManifestKind, cursor: Cursor, old: bool, snippets: bool) -> list[ManifestCandidate]:
    found = []
    for order, info in enumerate(keys_of(kind, cursor.path, old_format=old)):
        if info.name in cursor.present or info.shape in (Shape.TABLE, Shape.TABLES):
            continue
        found.append(_key_item(info, order, cursor.replace, snippets))
    return found


def _string(cursor: Cursor, value: str) -> str:
    return value if cursor.quoted else json.dumps(value)


def _values(
    service: ManifestService, kind: ManifestKind, cursor: Cursor, path: Path, old: bool
) -> list[ManifestCandidate]:
    key = cursor.key
    if key is None:
        return []
    names = _names(cursor.path)
    fixed = _FIXED_VALUES.get((kind, names, key))
    if fixed is not None:
        return [
            _plain(cursor, value, CandidateKind.VALUE, _string(cursor, value)) for value in fixed
        ]
    infos = {info.name: info for info in keys_of(kind, cursor.path, old_format=old)}
    info = infos.get(key)
    if info is not None and info.shape is Shape.BOOLEAN and not cursor.quoted:
        return [_plain(cursor, value, CandidateKind.VALUE, value) for value in ("true", "false")]
    in_entry = names in _ENTRY_TABLES[kind]
    in_ref = kind is ManifestKind.DEPENDENCIES and not old and names in _REF_TABLES
    org = cursor.siblings.get("org")
    if key == "org" and (in_entry or in_ref):
        return [
            _plain(cursor, name, CandidateKind.ORG, _string(cursor, name))
            for name in service.index.orgs()
        ]
    if (key == "name" and (in_entry or names == ("package", "dependencies"))) or (
        key == "packageName" and names == ("package", "modules")
    ):
        return _packages(service, cursor, org)
    if key == "moduleName" and names == ("package", "modules"):
        return _modules(service, cursor, org, cursor.siblings.get("packageName"))
    if key == "version" and in_entry:
        return _versions(service, kind, cursor, path)
    if key == "repository" and in_entry:
        repos = [
            r.id
            for r in service.index.repositories()
            if r.kind in (RepositoryKind.LOCAL, RepositoryKind.CUSTOM)
        ]
        return [
            _plain(cursor, repo, CandidateKind.REPOSITORY, _string(cursor, repo)) for repo in repos
        ]
    return []


def _plain(
    cursor: Cursor,
    label: str,
    kind: CandidateKind,
    insert: str,
    detail: str = "",
    sort: str | None = None,
) -> ManifestCandidate:
    return ManifestCandidate(
        label=label,
        kind=kind,
        replace=cursor.replace,
        insert=insert,
        detail=detail,
        sort_text=sort,
        filter_text=label if cursor.quoted else insert,
    )


def _packages(service: ManifestService, cursor: Cursor, org: str | None) -> list[ManifestCandidate]:
    if not org:
        return []
    found = []
    for name in service.index.packages(org):
        newest = service.index.newest(org, name)
        detail = f"{newest.version} ({newest.repository.label})" if newest is not None else ""
        found.append(_plain(cursor, name, CandidateKind.PACKAGE, _string(cursor, name), detail))
    return found


def _modules(
    service: ManifestService, cursor: Cursor, org: str | None, package: str | None
) -> list[ManifestCandidate]:
    if not org or not package:
        return []
    newest = service.index.newest(org, package)
    if newest is None:
        return []
    names = sorted({package, *newest.modules, *(newest.export or ())})
    return [_plain(cursor, name, CandidateKind.MODULE, _string(cursor, name)) for name in names]


def _reference(
    service: ManifestService, kind: ManifestKind, cursor: Cursor, path: Path, org: str, name: str
) -> Version | None:
    """What versions should be compatible with: the one written, else the other manifest's."""
    written = try_parse_version(cursor.current)
    if written is not None:
        return written
    project = service.project(path)
    if kind is ManifestKind.BALLERINA:
        lock = project.locked.get((org, name))
        other = lock.version if lock is not None else None
    else:
        spec = project.dependencies.get((org, name))
        other = spec.version if spec is not None else None
    return try_parse_version(other) if other else None


def _why_not(facts: PackageFacts, repository: Repository) -> str:
    if facts.named is not None:
        return f'repository = "{facts.named}" is set'
    if repository.kind in (RepositoryKind.LOCAL, RepositoryKind.CUSTOM):
        return f'needs repository = "{repository.id}"'
    return "langlibs come from the distribution only"


def _versions(
    service: ManifestService, kind: ManifestKind, cursor: Cursor, path: Path
) -> list[ManifestCandidate]:
    org, name = cursor.siblings.get("org"), cursor.siblings.get("name")
    if not org or not name:
        return []
    repository = cursor.siblings.get("repository")
    if repository is None and kind is ManifestKind.DEPENDENCIES:
        spec = service.project(path).dependencies.get((org, name))
        repository = spec.repository if spec is not None else None
    facts = service.facts(org, name, repository)
    reference = _reference(service, kind, cursor, path, org, name)
    grouped: dict[str, list[str]] = {}
    searched: dict[str, bool] = {}
    outside: dict[str, Repository] = {}
    parsed: dict[str, Version] = {}
    for package in facts.on_disk:
        grouped.setdefault(package.version, []).append(package.repository.label)
        allowed = package.repository in facts.allowed
        searched[package.version] = searched.get(package.version, False) or allowed
        if not allowed:
            outside.setdefault(package.version, package.repository)
        parsed[package.version] = package.parsed_version
    found = []
    for rank, (version, labels) in enumerate(grouped.items()):
        compatible = reference is None or is_compatible(parsed[version], reference)
        detail = ", ".join(dict.fromkeys(labels))
        if parsed[version].prerelease is not None:
            detail += ", pre-release"
        if not searched[version]:
            detail += f" (not searched: {_why_not(facts, outside[version])})"
        group = 0 if searched[version] and compatible else 1 if searched[version] else 2
        found.append(
            _plain(
                cursor,
                version,
                CandidateKind.VERSION,
                _string(cursor, version),
                detail,
                sort=f"{group}{rank:04d}",
            )
        )
    return found
