"""What balmod knows about a Ballerina package in the workspace (BALLERINA.md sections 3, 5, 6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

PackageKey = tuple[str, str]
"""``(org, name)`` of a package."""


class LockForm(Enum):
    """Which form a Dependencies.toml uses."""

    PACKAGE = "[[package]]"  # version 2, written by Swan Lake builds
    DEPENDENCY = "[[dependency]]"  # the older form; the compiler warns (BCE5101)


@dataclass(frozen=True, slots=True)
class LockedPackage:
    """A package entry of Dependencies.toml."""

    org: str
    name: str
    version: str | None
    repository: str | None = None
    scope: str | None = None
    modules: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DependencySpec:
    """A ``[[dependency]]`` of Ballerina.toml: a minimum version and/or where to get it."""

    org: str
    name: str
    version: str | None = None
    repository: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Project:
    """A package: the directory of its Ballerina.toml and what its manifests say.

    ``org``, ``name`` and ``version`` are None when the manifest does not give them (or is
    broken); ``manifest_errors`` then says why. Equality is identity: a loader hands out one
    object per manifest state, so a project can key caches.
    """

    root: Path
    org: str | None
    name: str | None
    version: str | None
    modules: Mapping[str, Path] = field(default_factory=dict)
    locked: Mapping[PackageKey, LockedPackage] = field(default_factory=dict)
    locked_form: LockForm | None = None
    dependencies: Mapping[PackageKey, DependencySpec] = field(default_factory=dict)
    manifest_errors: tuple[str, ...] = ()
    # A Ballerina 1.x (or 0.990) project, served by balmod.legacy: `org` is its org-name,
    # `name` is None, `modules` maps module names (not package-qualified) to directories.
    legacy: bool = False

    @property
    def ballerina_toml(self) -> Path:
        return self.root / "Ballerina.toml"

    @property
    def dependencies_toml(self) -> Path:
        return self.root / "Dependencies.toml"

    def is_root(self, org: str, name: str) -> bool:
        """Whether ``org/name`` is this package (Dependencies.toml lists it too)."""
        return org == self.org and name == self.name

    def locked_dependencies(self) -> list[LockedPackage]:
        """Dependencies.toml entries other than the package itself (which is in no repository)."""
        return [p for p in self.locked.values() if not self.is_root(p.org, p.name)]

    def module_dir(self, module_name: str) -> Path | None:
        return self.modules.get(module_name)
