"""Ballerina 1.x and 0.990 projects: detection, modules, Ballerina.toml and Ballerina.lock.

Detection (:func:`find_legacy_root`): the nearest directory at or above a file that holds a
``Ballerina.toml`` decides, as for Swan Lake. It is a legacy project when that manifest has a
``[project]`` table and no ``[package]`` table, or, while the manifest is broken or empty,
when the directory also holds the ``.ballerina/`` project repository and no ``[package]``.
The user's own ``~/.ballerina`` never makes its parent a project (``RepoUtils`` in 1.x
excludes it the same way).

Modules (:func:`project_modules`), in one of two layouts:

- 0.990 (seed 003): every top-level directory is a module named after it, except
  ``tests``, ``resources`` and ``target`` (and hidden ones); ``.bal`` files anywhere under
  it belong to it. ``.bal`` files at the root are the unnamed module.
- 1.0 to 1.2 (``ProjectDirConstants.SOURCE_DIR_NAME``): a ``src/`` directory, each of its
  subdirectories a module; ``tests/`` and ``resources/`` live inside a module.
  A project with a ``src/`` directory is read this way.

A directory whose name breaks the module-name rule is not a module; it is kept in
:attr:`LegacyProject.invalid_modules` so its files can be told why.

Ballerina.toml (``ManifestProcessor``/``Manifest`` in 1.x): ``[project]`` with ``org-name``
and ``version``; ``[dependencies]`` maps ``"org/module"`` to a version string or to a table
with ``version`` and/or ``path`` (a ``.balo`` file); ``[dependencies."org/module"]`` tables
are the same thing written longhand.

Ballerina.lock, two forms:

- 1.x (``LockFile``/``LockFileImport``): top-level ``org_name``, ``version``,
  ``lockfile_version``, ``ballerina_version``, and ``[[imports."org/module:version"]]``
  arrays listing, for each importing module, the ``org_name``/``name``/``version`` it used.
- 0.990 (``LockFileBuildListener``): ``[project]`` with ``name``, ``version``,
  ``lockfileversion``, ``ballerinaversion``, and ``[[package]]`` tables with ``name``,
  ``version`` and ``imports = [{org, name, version}]``.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from balmod.legacy.names import module_problem
from balmod.project.manifests import read_toml
from balmod.project.model import Project

MANIFEST = "Ballerina.toml"
LOCK_FILE = "Ballerina.lock"
PROJECT_REPOSITORY = ".ballerina"
SOURCE_DIR = "src"
RESERVED_DIRS = frozenset({"tests", "resources", "target"})
SOURCE_SUFFIX = ".bal"

ModuleKey = tuple[str, str]
"""``(org, module)``."""


class Layout(Enum):
    TOP_LEVEL = "0.990"  # modules are the project's top-level directories
    SOURCE_DIR = "1.x"  # modules are src/<module>/


@dataclass(frozen=True, slots=True)
class LegacyDependency:
    """One entry of ``[dependencies]``: ``written`` is the key as the manifest has it."""

    org: str
    module: str
    written: str
    version: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class LockedImport:
    """One module version an importing module used, as Ballerina.lock records it."""

    org: str
    module: str
    version: str
    importer: str  # "org/module:version" of the module that imports it


@dataclass(frozen=True, slots=True, eq=False)
class LegacyProject:
    """A 1.x or 0.990 project. Equality is identity: the loader hands out one per state.

    ``project`` is the same facts as balmod's :class:`~balmod.project.model.Project` (with
    ``legacy=True``), which is what documents, completion and code actions carry around.
    """

    root: Path
    org: str | None
    version: str | None
    layout: Layout
    modules: Mapping[str, Path]
    invalid_modules: Mapping[str, Path] = field(default_factory=dict)
    dependencies: Mapping[ModuleKey, LegacyDependency] = field(default_factory=dict)
    locked: tuple[LockedImport, ...] = ()
    has_lock_file: bool = False
    manifest_errors: tuple[str, ...] = ()
    project: Project = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "project",
            Project(
                root=self.root,
                org=self.org,
                name=None,
                version=self.version,
                modules=dict(self.modules),
                manifest_errors=self.manifest_errors,
                legacy=True,
            ),
        )

    @property
    def ballerina_toml(self) -> Path:
        return self.root / MANIFEST

    @property
    def ballerina_lock(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def repository_dir(self) -> Path:
        """The project repository (``.ballerina/``), whether or not it exists."""
        return self.root / PROJECT_REPOSITORY

    def module_of(self, path: Path) -> str | None:
        """The module a source file belongs to: a name, ``""`` for the unnamed module, or
        None (a file of no module: integration tests, ``target/``, an invalid directory)."""
        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root)
        except ValueError:
            return None
        parts = relative.parts
        if len(parts) == 1:
            return ""
        if self.layout is Layout.SOURCE_DIR:
            if parts[0] != SOURCE_DIR or len(parts) < 3:
                return None
            name = parts[1]
        else:
            name = parts[0]
        return name if name in self.modules else None

    def invalid_module_of(self, path: Path) -> str | None:
        """The invalid directory name ``path`` lies in, if it lies in one."""
        try:
            relative = Path(os.path.abspath(path)).relative_to(self.root)
        except ValueError:
            return None
        parts = relative.parts
        if self.layout is Layout.SOURCE_DIR:
            name = parts[1] if len(parts) >= 3 and parts[0] == SOURCE_DIR else None
        else:
            name = parts[0] if len(parts) >= 2 else None
        return name if name is not None and name in self.invalid_modules else None

    def module_id(self, module: str) -> str:
        """How Ballerina.lock names a module of this project: ``org/module:version``."""
        return f"{self.org or ''}/{module}:{self.version or ''}"

    def locked_version(self, org: str, module: str, importer: str | None = None) -> str | None:
        """The version Ballerina.lock records for ``org/module``.

        As imported by ``importer`` (a module of this project): a module the lock file has no
        entry for imports it anew, so nothing is locked for it. With no importer (a root
        file, ``balmod deps``): the version every module of this project agrees on, if any.
        """
        if importer is not None:
            key = self.module_id(importer)
            for entry in self.locked:
                if entry.importer == key and (entry.org, entry.module) == (org, module):
                    return entry.version
            return None
        own = {self.module_id(name) for name in self.modules}
        versions = {
            entry.version
            for entry in self.locked
            if entry.importer in own and (entry.org, entry.module) == (org, module)
        }
        return versions.pop() if len(versions) == 1 else None


# --- detection ------------------------------------------------------------------------------


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def find_manifest_dir(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` holding a Ballerina.toml (``path`` may be
    an unsaved file that does not exist yet)."""
    current = Path(os.path.abspath(path))
    if not _is_dir(current):
        current = current.parent
    for directory in (current, *current.parents):
        if _is_file(directory / MANIFEST):
            return directory
    return None


def is_legacy_manifest(doc: Mapping[str, Any] | None, has_project_repository: bool) -> bool:
    """Whether a parsed Ballerina.toml (None: unreadable) is a 1.x/0.990 manifest."""
    if doc is not None and "package" in doc:
        return False
    if doc is not None and isinstance(doc.get("project"), dict):
        return True
    return has_project_repository


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def has_project_repository(root: Path, user_home: Path | None = None) -> bool:
    """Whether ``root/.ballerina`` is a project repository (not the user's home repository)."""
    candidate = root / PROJECT_REPOSITORY
    if not _is_dir(candidate):
        return False
    return user_home is None or not _same_dir(candidate, user_home)


def find_legacy_root(path: Path, user_home: Path | None = None) -> Path | None:
    """The root of the 1.x/0.990 project holding ``path``, or None (Swan Lake or no project)."""
    root = find_manifest_dir(path)
    if root is None:
        return None
    errors: list[str] = []
    doc = read_toml(root / MANIFEST, errors)
    return root if is_legacy_manifest(doc, has_project_repository(root, user_home)) else None


# --- loading --------------------------------------------------------------------------------


def _subdirs(directory: Path) -> list[str]:
    try:
        with os.scandir(directory) as entries:
            names = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        names.append(entry.name)
                except OSError:
                    continue
            return sorted(names)
    except OSError:
        return []


def project_modules(root: Path) -> tuple[Layout, dict[str, Path], dict[str, Path]]:
    """The layout, the modules by name, and the directories whose names are not valid."""
    source = root / SOURCE_DIR
    if _is_dir(source):
        layout, base, names = Layout.SOURCE_DIR, source, _subdirs(source)
    else:
        layout, base = Layout.TOP_LEVEL, root
        names = [n for n in _subdirs(root) if n not in RESERVED_DIRS]
    modules: dict[str, Path] = {}
    invalid: dict[str, Path] = {}
    for name in names:
        (invalid if module_problem(name) else modules)[name] = base / name
    return layout, modules, invalid


def _string(table: Mapping[str, Any], key: str, where: str, errors: list[str]) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    errors.append(f"{where}: '{key}' must be a string")
    return None


def split_module_key(key: str) -> ModuleKey | None:
    """``"org/module"`` -> ``("org", "module")``; None when it is not of that form."""
    org, slash, module = key.strip().strip('"').partition("/")
    if not slash or not org or not module or "/" in module:
        return None
    return org, module


def read_dependencies(
    doc: Mapping[str, Any], errors: list[str]
) -> dict[ModuleKey, LegacyDependency]:
    """The ``[dependencies]`` of a parsed 1.x Ballerina.toml, both forms."""
    table = doc.get("dependencies")
    if table is None:
        return {}
    if not isinstance(table, dict):
        errors.append(f"{MANIFEST}: 'dependencies' must be a table")
        return {}
    found: dict[ModuleKey, LegacyDependency] = {}
    for written, value in table.items():
        key = split_module_key(written)
        where = f'{MANIFEST} [dependencies] "{written}"'
        if key is None:
            errors.append(f"{where}: a dependency is named 'org/module'")
            continue
        if isinstance(value, str):
            found[key] = LegacyDependency(key[0], key[1], written, version=value)
        elif isinstance(value, dict):
            found[key] = LegacyDependency(
                key[0],
                key[1],
                written,
                version=_string(value, "version", where, errors),
                path=_string(value, "path", where, errors),
            )
        else:
            errors.append(f"{where}: invalid metadata found for dependency")
    return found


def read_lock(doc: Mapping[str, Any] | None, project_org: str | None) -> tuple[LockedImport, ...]:
    """The entries of a parsed Ballerina.lock, in either form; malformed entries are skipped."""
    if doc is None:
        return ()
    found: list[LockedImport] = []
    imports = doc.get("imports")
    if isinstance(imports, dict):
        for importer, entries in imports.items():
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                org, name, version = (entry.get(k) for k in ("org_name", "name", "version"))
                if isinstance(org, str) and isinstance(name, str) and isinstance(version, str):
                    found.append(LockedImport(org, name, version, str(importer)))
    packages = doc.get("package")
    if isinstance(packages, list):
        for package in packages:
            if not isinstance(package, dict):
                continue
            name, version = package.get("name"), package.get("version")
            org = package.get("org") if isinstance(package.get("org"), str) else project_org
            importer = f"{org or ''}/{name}:{version if isinstance(version, str) else ''}"
            for entry in package.get("imports") or ():
                if not isinstance(entry, dict):
                    continue
                values = (entry.get("org"), entry.get("name"), entry.get("version"))
                if all(isinstance(v, str) for v in values):
                    i_org, i_name, i_version = (str(v) for v in values)
                    found.append(LockedImport(i_org, i_name, i_version, importer))
    return tuple(found)


def load_legacy_project(root: Path) -> LegacyProject:
    """Read the legacy project at ``root``. Never raises; problems go to ``manifest_errors``."""
    root = Path(os.path.abspath(root))
    errors: list[str] = []
    doc = read_toml(root / MANIFEST, errors) or {}
    project = doc.get("project")
    org = version = None
    if isinstance(project, dict):
        org = _string(project, "org-name", f"{MANIFEST} [project]", errors)
        version = _string(project, "version", f"{MANIFEST} [project]", errors)
    else:
        errors.append(f"invalid {MANIFEST} file: cannot find [project]")
    lock_path = root / LOCK_FILE
    lock_doc = read_toml(lock_path, errors)
    layout, modules, invalid = project_modules(root)
    return LegacyProject(
        root=root,
        org=org,
        version=version,
        layout=layout,
        modules=modules,
        invalid_modules=invalid,
        dependencies=read_dependencies(doc, errors),
        locked=read_lock(lock_doc, org),
        has_lock_file=lock_doc is not None,
        manifest_errors=tuple(errors),
    )


_FileState = tuple[int, int, int, int] | None


def _state(path: Path) -> _FileState:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_nlink)


class LegacyProjectLoader:
    """Legacy projects by root, re-read when their manifest, lock file or module
    directories change; one stat per file or directory that decides."""

    def __init__(self, user_home: Path | None = None) -> None:
        self.user_home = user_home
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[_FileState, ...], LegacyProject | None]] = {}
        self._by_project: dict[Project, LegacyProject] = {}

    def _key(self, root: Path) -> tuple[_FileState, ...]:
        return (
            _state(root / MANIFEST),
            _state(root / LOCK_FILE),
            _state(root),
            _state(root / SOURCE_DIR),
            _state(root / PROJECT_REPOSITORY),
        )

    def project_for(self, path: Path) -> LegacyProject | None:
        """The legacy project holding ``path``, or None."""
        root = find_manifest_dir(path)
        return None if root is None else self.load(root)

    def load(self, root: Path) -> LegacyProject | None:
        """The legacy project at ``root``; None when ``root`` holds a Swan Lake manifest."""
        root = Path(os.path.abspath(root))
        key = self._key(root)
        with self._lock:
            cached = self._cache.get(root)
        if cached is not None and cached[0] == key:
            return cached[1]
        legacy: LegacyProject | None = None
        if find_legacy_root(root, self.user_home) == root:
            legacy = load_legacy_project(root)
        with self._lock:
            if cached is not None and cached[1] is not None:
                self._by_project.pop(cached[1].project, None)
            self._cache[root] = (key, legacy)
            if legacy is not None:
                self._by_project[legacy.project] = legacy
        return legacy

    def legacy(self, project: Project | None) -> LegacyProject | None:
        """The legacy project behind a :class:`Project` this loader handed out."""
        if project is None or not project.legacy:
            return None
        with self._lock:
            return self._by_project.get(project)

    def invalidate(self, root: Path | None = None) -> None:
        with self._lock:
            if root is None:
                self._cache.clear()
                self._by_project.clear()
            else:
                entry = self._cache.pop(Path(os.path.abspath(root)), None)
                if entry is not None and entry[1] is not None:
                    self._by_project.pop(entry[1].project, None)
