"""Where Ceylon's module repositories live on disk, and the order they are searched in.

From ``org.eclipse.ceylon.common.config.Repositories`` (its Javadoc fixes the order):

1. system: the distribution's ``repo/`` (``$CEYLON_HOME/repo``; ``getSystemRepoDir``);
2. cache: ``~/.ceylon/cache``, modules downloaded from remote repositories
   (``getCacheRepoDir``);
3. output: where the compiler writes the project's modules, ``./modules``
   (``Constants.DEFAULT_MODULE_DIR``);
4. lookup: user-defined local repositories (default: ``./modules`` again);
5. global: ``~/.ceylon/repo`` (``getUserRepoDir``).

Remote repositories (Herd, Maven Central) come after and are never read: balmod answers
from disk. A project's ``.ceylon/config`` may replace any of them (:mod:`.project`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from balmod.repository.roots import user_path


class RepositoryKind(Enum):
    SYSTEM = "system"
    CACHE = "cache"
    OUTPUT = "output"
    LOOKUP = "lookup"
    GLOBAL = "global"


_LABELS = {
    RepositoryKind.SYSTEM: "distribution",
    RepositoryKind.CACHE: "cache",
    RepositoryKind.OUTPUT: "project output",
    RepositoryKind.LOOKUP: "lookup",
    RepositoryKind.GLOBAL: "user repository",
}


@dataclass(frozen=True, slots=True)
class Repository:
    """One repository directory: ``<root>/<name as directories>/<version>/``."""

    kind: RepositoryKind
    root: Path

    @property
    def label(self) -> str:
        """How messages name this repository."""
        return _LABELS[self.kind]

    def describe(self) -> str:
        return f"{self.label} ({self.root})"


def _env_path(environ: Mapping[str, str], name: str) -> Path | None:
    value = environ.get(name, "").strip()
    return user_path(value) if value else None


@dataclass(frozen=True, slots=True)
class CeylonRoots:
    """The repositories that do not depend on a project.

    ``distribution`` is the distribution's ``repo/`` (None when no distribution is known);
    ``user_repo`` and ``cache`` are ``~/.ceylon/repo`` and ``~/.ceylon/cache``.
    """

    distribution: Path | None
    user_repo: Path
    cache: Path

    @classmethod
    def from_environment(
        cls,
        ceylon_home: Path | None = None,
        user_dir: Path | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> CeylonRoots:
        """Explicit arguments win over ``$CEYLON_HOME`` and ``~/.ceylon``."""
        home = ceylon_home if ceylon_home is not None else _env_path(environ, "CEYLON_HOME")
        user = user_dir
        if user is None:
            user = (_env_path(environ, "HOME") or Path.home()) / ".ceylon"
        return cls(
            distribution=home / "repo" if home is not None else None,
            user_repo=user / "repo",
            cache=user / "cache",
        )

    def system(self) -> Repository | None:
        if self.distribution is None:
            return None
        return Repository(RepositoryKind.SYSTEM, self.distribution)

    def cache_repository(self) -> Repository:
        return Repository(RepositoryKind.CACHE, self.cache)

    def global_repository(self) -> Repository:
        return Repository(RepositoryKind.GLOBAL, self.user_repo)
