"""What each key of a manifest is: its shape (from the compiler's schemas) and its meaning.

The shapes come from :mod:`balmod.manifest.schema`. The schemas carry no descriptions, so
the meanings are written here, from BALLERINA.md sections 5 and 6; a few keys the compiler
accepts through ``additionalProperties`` (``[package] description``, ``distribution-version``)
are listed here too, so they can be completed and explained.

Paths are concrete key paths (``("dependency", 2, "version")``); array indices are dropped
and ``javaNN`` platforms share one entry when looking keys up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from balmod.manifest.keypath import KeyPath
from balmod.manifest.schema import BALLERINA_TOML, DEPENDENCIES_TOML, OLD_DEPENDENCIES_TOML, Schema


class ManifestKind(Enum):
    BALLERINA = "Ballerina.toml"
    DEPENDENCIES = "Dependencies.toml"

    @classmethod
    def of(cls, file_name: str) -> ManifestKind | None:
        for kind in cls:
            if kind.value == file_name:
                return kind
        return None


class Shape(Enum):
    """How a key's value is written."""

    STRING = "string"
    BOOLEAN = "boolean"
    NUMBER = "number"
    STRINGS = "array of strings"
    INLINE_TABLES = "array of inline tables"  # dependencies = [{org = "...", name = "..."}]
    TABLE = "table"  # [header]
    TABLES = "array of tables"  # [[header]]


@dataclass(frozen=True, slots=True)
class KeyInfo:
    name: str
    shape: Shape
    description: str


@dataclass(frozen=True, slots=True)
class TableInfo:
    """A table a manifest may open with a header."""

    path: tuple[str, ...]  # ("platform", "java21", "dependency")
    array: bool  # [[...]] rather than [...]
    description: str

    @property
    def header(self) -> str:
        name = ".".join(self.path)
        return f"[[{name}]]" if self.array else f"[{name}]"


_JAVA = re.compile(r"java\d+")

# Meanings, by (manifest, key names with indices dropped and javaNN as "javaNN").
_BALLERINA: dict[tuple[str, ...], str] = {
    ("package",): "The package in this directory: who owns it, its name and version, and what "
    "is published with it.",
    ("package", "org"): "The organization that owns the package: letters, digits and `_`. "
    "Orgs starting with `ballerina` are reserved.",
    ("package", "name"): "The package name, also the name of its default module: letters, "
    "digits, `_` and `.`.",
    ("package", "version"): "The package version, in SemVer: `MAJOR.MINOR.PATCH`.",
    ("package", "distribution"): "The Ballerina distribution the package is built with, "
    "such as `2201.13.0`.",
    ("package", "authors"): "The package's authors.",
    ("package", "keywords"): "Keywords for finding the package in Ballerina Central.",
    ("package", "license"): "The package's licenses, such as `Apache-2.0`.",
    ("package", "repository"): "The URL of the package's source repository.",
    ("package", "include"): "More files and directories to pack into the bala.",
    ("package", "export"): "Deprecated: the modules other packages may import. Use `export` "
    "under `[[package.modules]]`.",
    ("package", "visibility"): "`private` keeps the package out of Ballerina Central's public "
    "search.",
    ("package", "icon"): "A `.png` icon shown for the package in Ballerina Central.",
    ("package", "readme"): "The package's `.md` readme, shown in Ballerina Central.",
    ("package", "description"): "A one-line description of the package.",
    ("package", "template"): "Whether the package is a template for `bal new -t`.",
    ("package", "modules"): "Settings of one module of the package (a directory under `modules/`).",
    ("package", "modules", "name"): "The module's full name: `<package>.<directory under "
    "modules/>`.",
    ("package", "modules", "export"): "Whether packages that depend on this one may import "
    "the module.",
    ("package", "modules", "readme"): "The module's `.md` readme.",
    ("package", "modules", "description"): "A one-line description of the module.",
    ("build-options",): "Defaults for the options of `bal build`, `bal run` and `bal test`.",
    ("build-options", "observabilityIncluded"): "Include observability (metrics and tracing) "
    "in the executable.",
    ("build-options", "offline"): "Resolve dependencies from the local caches only, without "
    "reaching Ballerina Central.",
    ("build-options", "skipTests"): "Skip the tests when building.",
    ("build-options", "testReport"): "Write an HTML test report.",
    ("build-options", "codeCoverage"): "Measure test code coverage.",
    ("build-options", "cloud"): "The cloud artifacts to generate, such as `k8s` or `docker`.",
    ("build-options", "taintCheck"): "Run the taint analyzer.",
    ("build-options", "sticky"): "Keep the versions in Dependencies.toml instead of moving to "
    "newer compatible ones.",
    ("build-options", "experimental"): "Allow experimental language features.",
    ("dependency",): "A dependency to pin: a minimum version, the repository to take it from, "
    "or a bala to use.",
    ("dependency", "org"): "The org of the package depended on.",
    ("dependency", "name"): "The name of the package depended on.",
    ("dependency", "version"): "The minimum version: the latest compatible version at or "
    "above it is used, unless Dependencies.toml locks one.",
    ("dependency", "repository"): '`"local"` for the local repository, or the id of a custom '
    "repository. Without it the distribution and the Central cache are searched.",
    ("dependency", "path"): "A bala file or directory to use instead of a repository.",
    ("platform",): "Platform-specific settings: the Java libraries the package needs.",
    ("platform", "javaNN"): "Settings for this Java platform.",
    ("platform", "javaNN", "graalvmCompatible"): "Whether the package works in a GraalVM "
    "native image.",
    ("platform", "javaNN", "dependency"): "A Java library the package needs to build and run.",
    ("platform", "javaNN", "dependency", "path"): "The library's `.jar` file.",
    ("platform", "javaNN", "dependency", "groupId"): "The library's Maven group id.",
    ("platform", "javaNN", "dependency", "artifactId"): "The library's Maven artifact id.",
    ("platform", "javaNN", "dependency", "version"): "The library's Maven version.",
    ("platform", "javaNN", "dependency", "scope"): "When the library is used: `provided`, or "
    "`testOnly` for tests only.",
    ("platform", "javaNN", "dependency", "graalvmCompatible"): "Whether the library works in "
    "a GraalVM native image.",
    ("platform", "javaNN", "repository"): "A Maven repository to fetch libraries from.",
    ("platform", "javaNN", "repository", "id"): "The repository's id.",
    ("platform", "javaNN", "repository", "url"): "The repository's URL.",
    ("platform", "javaNN", "repository", "username"): "The user name for the repository.",
    ("platform", "javaNN", "repository", "password"): "The password for the repository.",
    ("format",): "Settings for `bal format`.",
    ("format", "configPath"): "The formatter's configuration file (a path or URL).",
}

_DEPENDENCIES: dict[tuple[str, ...], str] = {
    ("ballerina",): "Which format of the file this is, and which distribution wrote it.",
    ("ballerina", "dependencies-toml-version"): 'The file\'s format: `"2"` for Swan Lake.',
    ("ballerina", "distribution-version"): "The distribution that last wrote the file.",
    ("package",): "A package of the dependency graph, at the version the build is locked to "
    "(the package itself is listed too).",
    ("package", "org"): "The package's org.",
    ("package", "name"): "The package's name.",
    ("package", "version"): "The locked version. Later builds use it until the file is "
    "edited; removing the entry lets the next build pick the latest compatible version.",
    ("package", "scope"): '`"testOnly"` when only the tests use the package.',
    ("package", "transitive"): "Whether the package is only a dependency of a dependency.",
    ("package", "repository"): 'Where the package comes from: `"local"` or a custom '
    "repository's id.",
    ("package", "dependencies"): "The packages this one depends on directly.",
    ("package", "dependencies", "org"): "The org of a package this one depends on.",
    ("package", "dependencies", "name"): "The name of a package this one depends on.",
    ("package", "modules"): "The modules of this package that are imported.",
    ("package", "modules", "org"): "The module's org.",
    ("package", "modules", "packageName"): "The package that holds the module.",
    ("package", "modules", "moduleName"): "The module's full name.",
    ("dependency",): "An entry of the old format of this file: a package at a locked version.",
    ("dependency", "org"): "The package's org.",
    ("dependency", "name"): "The package's name.",
    ("dependency", "version"): "The locked version.",
    ("dependency", "repository"): 'Where the package comes from: `"local"` or a custom '
    "repository's id.",
}

# Keys the compiler accepts beyond its schemas' properties, with their shapes.
_EXTRA: dict[ManifestKind, dict[tuple[str, ...], Shape]] = {
    ManifestKind.BALLERINA: {
        ("package", "description"): Shape.STRING,
        ("package", "modules", "description"): Shape.STRING,
        ("build-options", "sticky"): Shape.BOOLEAN,
        ("build-options", "experimental"): Shape.BOOLEAN,
    },
    ManifestKind.DEPENDENCIES: {
        ("ballerina", "distribution-version"): Shape.STRING,
    },
}


def _normal(path: KeyPath) -> tuple[str, ...]:
    return tuple(
        "javaNN" if _JAVA.fullmatch(segment) else segment
        for segment in path
        if isinstance(segment, str)
    )


def _schema(kind: ManifestKind, old_format: bool = False) -> Schema:
    if kind is ManifestKind.BALLERINA:
        return BALLERINA_TOML
    return OLD_DEPENDENCIES_TOML if old_format else DEPENDENCIES_TOML


def _descriptions(kind: ManifestKind) -> Mapping[tuple[str, ...], str]:
    return _BALLERINA if kind is ManifestKind.BALLERINA else _DEPENDENCIES


def _node(schema: Schema, path: KeyPath) -> Schema | None:
    """The schema of the value at ``path`` (indices step into ``items``)."""
    node: Any = schema
    for segment in path:
        if isinstance(segment, int):
            node = node.get("items") if node.get("type") == "array" else None
        else:
            properties = node.get("properties")
            node = properties.get(segment) if isinstance(properties, dict) else None
        if not isinstance(node, dict):
            return None
    result: Schema = node
    return result


def _element(node: Schema) -> Schema | None:
    """The table schema of ``node`` or of its array items."""
    if node.get("type") == "object":
        return node
    items = node.get("items")
    if node.get("type") == "array" and isinstance(items, dict) and items.get("type") == "object":
        return items
    return None


def _shape(node: Schema, inline: bool) -> Shape:
    kind = node.get("type")
    if kind == "boolean":
        return Shape.BOOLEAN
    if kind in ("integer", "number"):
        return Shape.NUMBER
    if kind == "object":
        return Shape.TABLE
    if kind == "array":
        items = node.get("items")
        if isinstance(items, dict) and items.get("type") == "object":
            return Shape.INLINE_TABLES if inline else Shape.TABLES
        return Shape.STRINGS
    return Shape.STRING


def keys_of(kind: ManifestKind, table: KeyPath, *, old_format: bool = False) -> list[KeyInfo]:
    """The keys a table at the concrete path ``table`` may hold, in schema order.

    Arrays of tables nested in an element of an array of tables (Dependencies.toml's
    ``dependencies`` and ``modules``) are written inline; other arrays of tables and tables
    are headers, so they come as :data:`Shape.TABLES` / :data:`Shape.TABLE`.
    """
    node = _node(_schema(kind, old_format), table)
    element = _element(node) if node is not None else None
    if element is None:
        return []
    inline = any(isinstance(segment, int) for segment in table)
    descriptions = _descriptions(kind)
    base = _normal(table)
    found: list[KeyInfo] = []
    properties = element.get("properties", {})
    for name, child in properties.items():
        if isinstance(child, dict):
            description = descriptions.get((*base, name), "")
            found.append(KeyInfo(name, _shape(child, inline), description))
    for path, shape in _EXTRA[kind].items():
        if path[:-1] == base and path[-1] not in properties:
            found.append(KeyInfo(path[-1], shape, descriptions.get(path, "")))
    return found


def key_info(kind: ManifestKind, path: KeyPath, *, old_format: bool = False) -> KeyInfo | None:
    """What the key at the concrete ``path`` is, when the schema (or this module) knows it."""
    if not path or not isinstance(path[-1], str):
        return None
    for info in keys_of(kind, path[:-1], old_format=old_format):
        if info.name == path[-1]:
            return info
    return None


def table_info(kind: ManifestKind, path: KeyPath, *, old_format: bool = False) -> TableInfo | None:
    """The table (or array of tables) a header at the concrete ``path`` opens."""
    names = tuple(segment for segment in path if isinstance(segment, str))
    for table in tables(kind, old_format=old_format):
        if table.path == names:
            return table
    return None


def tables(kind: ManifestKind, *, old_format: bool = False) -> list[TableInfo]:
    """Every table header the manifest may have, in schema order.

    A table that only holds other tables (``[platform]``) is left out: it is never written.
    """
    return list(_tables(kind, _schema(kind, old_format), (), in_array=False))


def _tables(
    kind: ManifestKind, node: Schema, path: tuple[str, ...], in_array: bool
) -> Iterator[TableInfo]:
    descriptions = _descriptions(kind)
    properties = node.get("properties", {})
    for name, child in properties.items():
        if not isinstance(child, dict):
            continue
        names = (*path, name)
        element = _element(child)
        if element is None:
            continue
        is_array = child.get("type") == "array"
        if is_array and in_array:
            continue  # written inline
        children = [c for c in element.get("properties", {}).values() if isinstance(c, dict)]
        only_tables = bool(children) and all(c.get("type") == "object" for c in children)
        if not only_tables:
            description = descriptions.get(_normal(names), "")
            yield TableInfo(names, is_array, description)
        yield from _tables(kind, element, names, in_array or is_array)
