"""What Ballerina.toml and Dependencies.toml say, and where they say it.

Every value the rest of balmod reads from a manifest comes with its span, so a finding or a
code action can point at it. A field is None when the manifest does not give it or gives
it with the wrong type (the schema check reports that).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from balmod.findings import Finding
from balmod.manifest.locator import Locations
from balmod.text import Span

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """A value and where it is written."""

    value: T
    span: Span  # the value as written (quotes included)
    key_span: Span | None  # its key as written


# --- Ballerina.toml -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PackageInfo:
    """The ``[package]`` table."""

    header: Span  # the ``package`` key of the header (or of a dotted key)
    org: Field[str] | None
    name: Field[str] | None
    version: Field[str] | None
    distribution: Field[str] | None
    repository: Field[str] | None


@dataclass(frozen=True, slots=True)
class ModuleEntry:
    """A ``[[package.modules]]`` table."""

    index: int
    header: Span
    span: Span
    name: Field[str] | None
    export: Field[bool] | None
    readme: Field[str] | None
    description: Field[str] | None


@dataclass(frozen=True, slots=True)
class DependencyEntry:
    """A ``[[dependency]]`` table of Ballerina.toml: a minimum version or where to look."""

    index: int
    header: Span
    span: Span
    org: Field[str] | None
    name: Field[str] | None
    version: Field[str] | None
    repository: Field[str] | None
    path: Field[str] | None


@dataclass(frozen=True, slots=True, eq=False)
class BallerinaManifest:
    package: PackageInfo | None
    modules: tuple[ModuleEntry, ...]
    dependencies: tuple[DependencyEntry, ...]
    # ``[workspace] packages`` when the file is a workspace root, else None.
    workspace_packages: tuple[Field[str], ...] | None
    # tomllib's data (read-only; shared). For a text with a syntax error, what could be
    # read before it.
    data: Mapping[str, Any]
    locations: Locations
    syntax_error: Finding | None


# --- Dependencies.toml --------------------------------------------------------------------


class DependenciesFormat(Enum):
    V2 = "v2"  # [ballerina] dependencies-toml-version and [[package]]
    OLD = "old"  # [[dependency]]; the compiler warns (BCE5101) but reads it
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class PackageRef:
    """An entry of a package's ``dependencies = [...]``."""

    index: int
    span: Span
    org: Field[str] | None
    name: Field[str] | None


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """An entry of a package's ``modules = [...]``."""

    index: int
    span: Span
    org: Field[str] | None
    package_name: Field[str] | None
    module_name: Field[str] | None


@dataclass(frozen=True, slots=True)
class LockedPackage:
    """A ``[[package]]`` of Dependencies.toml (or a ``[[dependency]]`` of the old form)."""

    index: int
    header: Span
    span: Span
    org: Field[str] | None
    name: Field[str] | None
    version: Field[str] | None
    repository: Field[str] | None
    scope: Field[str] | None
    transitive: Field[bool] | None
    dependencies: tuple[PackageRef, ...]
    modules: tuple[ModuleRef, ...]

    @property
    def key(self) -> tuple[str, str] | None:
        """``(org, name)`` when both are given."""
        if self.org is None or self.name is None:
            return None
        return self.org.value, self.name.value


@dataclass(frozen=True, slots=True, eq=False)
class DependenciesManifest:
    format: DependenciesFormat
    toml_version: Field[str] | None
    distribution_version: Field[str] | None
    packages: tuple[LockedPackage, ...]
    data: Mapping[str, Any]
    locations: Locations
    syntax_error: Finding | None

    def find(self, org: str, name: str) -> LockedPackage | None:
        """The first entry for ``org/name``."""
        for package in self.packages:
            if package.key == (org, name):
                return package
        return None

    def package_at(self, offset: int) -> LockedPackage | None:
        """The entry whose table holds ``offset`` (for hovers and code actions)."""
        for package in self.packages:
            if package.span.contains(offset):
                return package
        return None
