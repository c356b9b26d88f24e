"""A lazy index over Ceylon module repositories on disk.

The layout (``org.eclipse.ceylon.cmr``; BALLERINA.md section 10)::

    <repo>/com/example/bar/3.4.1/com.example.bar-3.4.1.car      compiled (JVM)
                                 com.example.bar-3.4.1.src      sources (a zip)
                                 com.example.bar-3.4.1.jar      a Java module
                                 com.example.bar-3.4.1.js       compiled (JavaScript)
                                 module.properties              a jar's dependencies

A subdirectory of a module's directory is a version when it holds an artifact named
``<module>-<version><suffix>``; anything else there is a deeper name part (``ceylon/test/``
holds both ``1.3.3/`` and the module ``ceylon.test.engine``'s ``engine/``).

Resolving ``com.example.bar`` reads only ``<repo>/com/example/bar/`` and its version
directories; only completion walks more (below the typed part of a name, within a budget).
Every listing is re-validated with one ``stat`` (:mod:`.fsview`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from balmod.ceylon.fsview import FsView
from balmod.ceylon.roots import Repository
from balmod.ceylon.versions import version_key

CAR = ".car"
JAR = ".jar"
SRC = ".src"
JS = ".js"
MODULE_PROPERTIES = "module.properties"
ARTIFACT_SUFFIXES = (CAR, JAR, SRC, JS)
JVM_SUFFIXES = (CAR, JAR)

# Directories completion may list before it stops (and says its list is incomplete).
WALK_BUDGET = 20_000


def is_safe_part(name: str) -> bool:
    """A single path component: text from a descriptor must never walk out of a repository."""
    return (
        bool(name)
        and name not in (".", "..")
        and not name.startswith(".")
        and not any(c in name for c in "/\\\0")
    )


def name_parts(module: str) -> list[str] | None:
    parts = module.split(".")
    return parts if all(is_safe_part(p) for p in parts) else None


@dataclass(frozen=True, slots=True)
class ModuleVersion:
    """One version of a module in one repository."""

    repository: Repository
    name: str
    version: str
    directory: Path
    files: tuple[str, ...]

    def artifact(self, suffix: str) -> Path | None:
        filename = f"{self.name}-{self.version}{suffix}"
        return self.directory / filename if filename in self.files else None

    def has_any(self, suffixes: Iterable[str]) -> bool:
        return any(self.artifact(s) is not None for s in suffixes)

    @property
    def properties(self) -> Path | None:
        return self.directory / MODULE_PROPERTIES if MODULE_PROPERTIES in self.files else None

    @property
    def kinds(self) -> tuple[str, ...]:
        """The artifact suffixes present, in a fixed order."""
        return tuple(s for s in ARTIFACT_SUFFIXES if self.artifact(s) is not None)


def _is_version_of(name: str, version: str, files: Iterable[str]) -> bool:
    stem = f"{name}-{version}"
    return any(f == stem + s for f in files for s in ARTIFACT_SUFFIXES)


class CeylonIndex:
    """The modules in ``repositories`` (in search order), read on demand."""

    def __init__(self, repositories: tuple[Repository, ...], fs: FsView) -> None:
        self.repositories = repositories
        self._fs = fs

    def _module_dir(self, repo: Repository, module: str) -> Path | None:
        parts = name_parts(module)
        return repo.root.joinpath(*parts) if parts is not None else None

    def lookup(self, module: str, version: str) -> list[ModuleVersion]:
        """``module`` at exactly ``version``, in every repository that has it."""
        if not is_safe_part(version):
            return []
        found = []
        for repo in self.repositories:
            directory = self._module_dir(repo, module)
            if directory is None:
                return []
            files = self._fs.listing(directory / version).files
            if _is_version_of(module, version, files):
                found.append(ModuleVersion(repo, module, version, directory / version, files))
        return found

    def versions(self, module: str) -> list[ModuleVersion]:
        """Every version of ``module`` on disk: newest first, then in search order."""
        found: list[ModuleVersion] = []
        for repo in self.repositories:
            directory = self._module_dir(repo, module)
            if directory is None:
                return []
            for version in self._fs.listing(directory).dirs:
                files = self._fs.listing(directory / version).files
                if _is_version_of(module, version, files):
                    found.append(ModuleVersion(repo, module, version, directory / version, files))
        # Found in search order; a stable sort keeps that order within one version.
        found.sort(key=lambda mv: version_key(mv.version), reverse=True)
        return found

    def module_names(self, typed: str = "") -> tuple[list[str], bool]:
        """Module names starting with ``typed`` (a dotted prefix), sorted, and whether the
        walk stopped early. Only directories below the typed part are listed."""
        parts = typed.split(".")
        complete, partial = parts[:-1], parts[-1]
        if not all(is_safe_part(p) for p in complete):
            return [], False
        names: set[str] = set()
        budget = [WALK_BUDGET]
        for repo in self.repositories:
            base = repo.root.joinpath(*complete)
            for child in self._fs.listing(base).dirs:
                if child.startswith(partial):
                    self._walk(base / child, [*complete, child], names, budget)
            if budget[0] <= 0:
                break
        return sorted(names), budget[0] <= 0

    def _walk(self, directory: Path, parts: list[str], names: set[str], budget: list[int]) -> None:
        budget[0] -= 1
        if budget[0] <= 0:
            return
        module = ".".join(parts)
        for child in self._fs.listing(directory).dirs:
            files = self._fs.listing(directory / child).files
            if _is_version_of(module, child, files):
                names.add(module)
            else:
                self._walk(directory / child, [*parts, child], names, budget)
            if budget[0] <= 0:
                return
