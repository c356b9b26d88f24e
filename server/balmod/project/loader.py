"""Finding and loading the package a source file belongs to, cached by file state."""

from __future__ import annotations

import os
import re
import stat
import threading
from pathlib import Path

from balmod.project.manifests import read_ballerina_toml, read_dependencies_toml
from balmod.project.model import Project

MANIFEST = "Ballerina.toml"
LOCK_FILE = "Dependencies.toml"
MODULES_DIR = "modules"

_NOT_NAME = re.compile(r"[^A-Za-z0-9_.]")

_FileState = tuple[int, int, int, int] | None


def _state(path: Path) -> _FileState:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size, st.st_nlink)


def find_package_root(path: Path) -> Path | None:
    """The nearest directory at or above ``path`` that holds a Ballerina.toml file.

    ``path`` need not exist (an unsaved document); None means a standalone file.
    """
    current = Path(os.path.abspath(path))
    if not current.is_dir():
        current = current.parent
    for directory in (current, *current.parents):
        try:
            if stat.S_ISREG(os.stat(directory / MANIFEST).st_mode):
                return directory
        except OSError:
            continue
    return None


def _package_modules(root: Path, name: str) -> dict[str, Path]:
    """The default module at the root, and ``modules/<sub>/`` as ``<name>.<sub>``."""
    modules = {name: root}
    try:
        with os.scandir(root / MODULES_DIR) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        modules[f"{name}.{entry.name}"] = Path(entry.path)
                except OSError:
                    continue
    except OSError:
        pass
    return modules


def load_project(root: Path) -> Project:
    """Read the package at ``root`` (the directory of its Ballerina.toml). Never raises.

    When the manifest names no package, modules are named after the directory (characters
    other than letters, digits, ``_`` and ``.`` become ``_``), so org-less imports keep
    resolving while the manifest is being fixed.
    """
    errors: list[str] = []
    manifest = read_ballerina_toml(root / MANIFEST, errors)
    lock = read_dependencies_toml(root / LOCK_FILE, errors)
    module_base = manifest.name or _NOT_NAME.sub("_", root.name)
    return Project(
        root=root,
        org=manifest.org,
        name=manifest.name,
        version=manifest.version,
        modules=_package_modules(root, module_base),
        locked=lock.packages,
        locked_form=lock.form,
        dependencies=manifest.dependencies,
        manifest_errors=tuple(errors),
    )


class ProjectLoader:
    """Projects by root, re-read when Ballerina.toml, Dependencies.toml or ``modules/`` change.

    Each lookup costs three stats (plus one per directory walked up to the root).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[Path, tuple[tuple[_FileState, ...], Project]] = {}

    def project_for(self, path: Path) -> Project | None:
        root = find_package_root(path)
        return None if root is None else self.load(root)

    def load(self, root: Path) -> Project:
        root = Path(os.path.abspath(root))
        state = (
            _state(root / MANIFEST),
            _state(root / LOCK_FILE),
            _state(root / MODULES_DIR),
        )
        with self._lock:
            cached = self._cache.get(root)
        if cached is not None and cached[0] == state:
            return cached[1]
        project = load_project(root)
        with self._lock:
            self._cache[root] = (state, project)
        return project

    def invalidate(self, root: Path | None = None) -> None:
        """Forget one project (or all), e.g. when an editor reports a manifest change."""
        with self._lock:
            if root is None:
                self._cache.clear()
            else:
                self._cache.pop(Path(os.path.abspath(root)), None)
