"""A Ceylon project: its root, source directories and repositories.

The root is the nearest directory above a ``module.ceylon`` that holds ``.ceylon/config``,
or else a ``source/`` directory the descriptor is in (``ceylon new`` lays projects out
that way). From the config (``DefaultToolOptions``, ``Repositories``):

- ``[compiler] source=`` (repeatable): the source directories; default ``source``;
- ``[repositories] output=``: the output repository; default ``./modules``;
- ``[repositories] lookup=`` (repeatable): local lookup repositories; default the output;
- ``[repositories] system=``, ``cache=``, ``global=``: replace the distribution's
  ``repo/``, ``~/.ceylon/cache`` and ``~/.ceylon/repo``.

A repository value is a path relative to the project root, ``+NAME`` for a named
repository (``SYSTEM``, ``CACHE``, ``USER``, ``LOCAL`` or a ``[repository "NAME"]``
section's ``url``), or a URL. Remote repositories (``http:``, ``https:``, ``aether:``,
``mvn:``, ``npm:``...) and ``flat:`` ones are left out: balmod reads only the standard
layout on disk. The user's ``~/.ceylon/config`` is not read.

A descriptor's expected module name is its directory's path below the source directory
holding it (``source/com/example/foo/module.ceylon`` declares ``com.example.foo``).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from balmod.ceylon.config import CeylonConfig, read_config
from balmod.ceylon.roots import CeylonRoots, Repository, RepositoryKind
from balmod.repository.roots import user_path

logger = logging.getLogger(__name__)

DESCRIPTOR = "module.ceylon"
CONFIG = Path(".ceylon") / "config"
DEFAULT_SOURCE = "source"
DEFAULT_OUTPUT = "modules"

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules"})


@dataclass(frozen=True, slots=True)
class CeylonProject:
    root: Path
    source_dirs: tuple[Path, ...]
    output: Path | None
    lookup: tuple[Path, ...] = ()
    # Replacements for CeylonRoots' directories from the config, when given.
    system: Path | None = None
    cache: Path | None = None
    global_repos: tuple[Path, ...] = ()
    has_config: bool = False

    def repositories(self, roots: CeylonRoots) -> tuple[Repository, ...]:
        """Every repository on disk, in the order Ceylon searches them (duplicates once)."""
        found: list[Repository] = []
        system = self.system if self.system is not None else roots.distribution
        if system is not None:
            found.append(Repository(RepositoryKind.SYSTEM, system))
        found.append(Repository(RepositoryKind.CACHE, self.cache or roots.cache))
        if self.output is not None:
            found.append(Repository(RepositoryKind.OUTPUT, self.output))
        found.extend(Repository(RepositoryKind.LOOKUP, p) for p in self.lookup)
        found.extend(
            Repository(RepositoryKind.GLOBAL, p) for p in (self.global_repos or (roots.user_repo,))
        )
        unique: list[Repository] = []
        seen: set[Path] = set()
        for repo in found:
            key = Path(os.path.normpath(repo.root))
            if key not in seen:
                seen.add(key)
                unique.append(repo)
        return tuple(unique)

    def source_dir_of(self, descriptor: Path) -> Path | None:
        """The source directory ``descriptor`` lies in (the deepest, if they nest)."""
        best: Path | None = None
        for directory in self.source_dirs:
            if _is_within(descriptor, directory) and (
                best is None or len(directory.parts) > len(best.parts)
            ):
                best = directory
        return best

    def expected_module_name(self, descriptor: Path) -> str | None:
        """What ``descriptor`` must declare; ``""`` in the root of a source directory, None
        outside every source directory."""
        source = self.source_dir_of(descriptor)
        if source is None:
            return None
        relative = descriptor.parent.relative_to(source)
        return ".".join(relative.parts)

    def descriptor_path(self, module_name: str) -> Path | None:
        """The descriptor of a module of this project, if one is on disk."""
        parts = module_name.split(".")
        if not all(_is_safe_part(p) for p in parts):
            return None
        for directory in self.source_dirs:
            candidate = directory.joinpath(*parts, DESCRIPTOR)
            if candidate.is_file():
                return candidate
        return None

    def descriptors(self) -> Iterator[Path]:
        """Every ``module.ceylon`` below the source directories (hidden directories skipped)."""
        seen: set[Path] = set()
        for directory in self.source_dirs:
            for current, dirs, files in os.walk(directory):
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS
                )
                if DESCRIPTOR in files:
                    path = Path(current) / DESCRIPTOR
                    if path not in seen:
                        seen.add(path)
                        yield path


def _is_safe_part(name: str) -> bool:
    return bool(name) and not name.startswith(".") and not any(c in name for c in "/\\\0")


def _is_within(path: Path, directory: Path) -> bool:
    try:
        path.relative_to(directory)
    except ValueError:
        return False
    return True


def find_project_root(descriptor: Path) -> Path | None:
    """The nearest directory above ``descriptor`` with ``.ceylon/config``, or with a
    ``source/`` directory holding ``descriptor``."""
    for directory in descriptor.parents:
        if (directory / CONFIG).is_file():
            return directory
        source = directory / DEFAULT_SOURCE
        if _is_within(descriptor, source) and source.is_dir():
            return directory
    return None


def _named(config: CeylonConfig, name: str, root: Path, roots: CeylonRoots) -> Path | None:
    builtin = {
        "SYSTEM": roots.distribution,
        "CACHE": roots.cache,
        "USER": roots.user_repo,
        "LOCAL": root / DEFAULT_OUTPUT,
    }
    url = config.value(f"repository.{name}.url")
    if url is not None:
        return _local_path(url, root)
    return builtin.get(name)


def _local_path(value: str, root: Path) -> Path | None:
    """A repository on disk, or None for a remote or non-standard one."""
    value = value.strip()
    if value.startswith("file:"):
        value = value[len("file:") :]
    elif _URL.match(value) and not re.match(r"^[A-Za-z]:[\\/]", value):
        logger.debug("not a repository on disk: %s", value)
        return None
    if not value:
        return None
    path = user_path(value)
    return path if path.is_absolute() else root / path


def _repositories(
    config: CeylonConfig, kind: str, root: Path, roots: CeylonRoots
) -> tuple[Path, ...]:
    found: list[Path] = []
    for value in config.values(f"repositories.{kind}"):
        path = (
            _named(config, value[1:], root, roots)
            if value.startswith("+")
            else _local_path(value, root)
        )
        if path is not None:
            found.append(path)
    return tuple(found)


def load_project(root: Path, roots: CeylonRoots) -> CeylonProject:
    """The project at ``root``, with its config applied when it has one."""
    config = read_config(root / CONFIG)
    has_config = config is not None
    config = config or CeylonConfig()
    sources = tuple(
        p for p in (_local_path(v, root) for v in config.values("compiler.source")) if p is not None
    ) or (root / DEFAULT_SOURCE,)
    outputs = _repositories(config, "output", root, roots)
    output = outputs[0] if outputs else root / DEFAULT_OUTPUT
    lookup = _repositories(config, "lookup", root, roots) or (output,)
    systems = _repositories(config, "system", root, roots)
    caches = _repositories(config, "cache", root, roots)
    return CeylonProject(
        root=root,
        source_dirs=tuple(Path(os.path.normpath(p)) for p in sources),
        output=output,
        lookup=lookup,
        system=systems[0] if systems else None,
        cache=caches[0] if caches else None,
        global_repos=_repositories(config, "global", root, roots),
        has_config=has_config,
    )
