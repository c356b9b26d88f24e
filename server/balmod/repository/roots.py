"""Where Ballerina's package repositories live on disk (BALLERINA.md section 4)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

_log = logging.getLogger(__name__)

CENTRAL_ID = "central.ballerina.io"
LOCAL_ID = "local"
DISTRIBUTION_ID = "distribution"


class RepositoryKind(Enum):
    DISTRIBUTION = "distribution"
    CENTRAL = "central"
    LOCAL = "local"
    CUSTOM = "custom"
    # Ballerina 1.x and earlier (balmod.legacy): project, home and system repositories.
    LEGACY_PROJECT = "legacy-project"
    LEGACY_HOME = "legacy-home"
    LEGACY_SYSTEM = "legacy-system"


@dataclass(frozen=True, slots=True)
class Repository:
    """One repository: its kind, its id (as written in ``repository = "..."``) and bala root."""

    kind: RepositoryKind
    id: str
    bala_root: Path

    @property
    def label(self) -> str:
        """How messages name this repository."""
        if self.kind is RepositoryKind.DISTRIBUTION:
            return "distribution"
        if self.kind is RepositoryKind.CENTRAL:
            return "Central cache"
        if self.kind is RepositoryKind.LOCAL:
            return "local"
        legacy = _LEGACY_LABELS.get(self.kind)
        if legacy is not None:
            return legacy
        return f"custom '{self.id}'"


_LEGACY_LABELS = {
    RepositoryKind.LEGACY_PROJECT: "project",
    RepositoryKind.LEGACY_HOME: "home",
    RepositoryKind.LEGACY_SYSTEM: "system",
}


def user_path(value: str) -> Path:
    """``value`` as a path, ``~`` expanded where it can be (``~nobody`` is left as written)."""
    try:
        return Path(value).expanduser()
    except RuntimeError:  # no such user, or no home directory at all
        _log.warning("cannot expand '~' in %s; using it as written", value)
        return Path(value)


def _env_path(environ: Mapping[str, str], name: str) -> Path | None:
    value = environ.get(name, "").strip()
    return user_path(value) if value else None


@dataclass(frozen=True, slots=True)
class RepositoryRoots:
    """The two directories every repository hangs off.

    ``ballerina_home`` is the distribution (None when unknown); ``user_home`` is ``~/.ballerina``
    or ``$BALLERINA_HOME_DIR``.
    """

    ballerina_home: Path | None
    user_home: Path

    @classmethod
    def from_environment(
        cls,
        ballerina_home: Path | None = None,
        user_home: Path | None = None,
        environ: Mapping[str, str] = os.environ,
    ) -> RepositoryRoots:
        """Explicit arguments win over ``$BALLERINA_HOME`` / ``$BALLERINA_HOME_DIR``."""
        home = (
            ballerina_home if ballerina_home is not None else _env_path(environ, "BALLERINA_HOME")
        )
        user = user_home if user_home is not None else _env_path(environ, "BALLERINA_HOME_DIR")
        if user is None:
            os_home = _env_path(environ, "HOME") or _home()
            user = os_home / ".ballerina"
        return cls(ballerina_home=home, user_home=user)

    @property
    def repositories_dir(self) -> Path:
        return self.user_home / "repositories"

    def distribution(self) -> Repository | None:
        if self.ballerina_home is None:
            return None
        return Repository(
            RepositoryKind.DISTRIBUTION, DISTRIBUTION_ID, self.ballerina_home / "repo" / "bala"
        )

    def central(self) -> Repository:
        return Repository(
            RepositoryKind.CENTRAL, CENTRAL_ID, self.repositories_dir / CENTRAL_ID / "bala"
        )

    def local(self) -> Repository:
        return Repository(RepositoryKind.LOCAL, LOCAL_ID, self.repositories_dir / LOCAL_ID / "bala")

    def custom(self, repo_id: str) -> Repository:
        return Repository(RepositoryKind.CUSTOM, repo_id, self.repositories_dir / repo_id / "bala")

    def assemble(self, custom_ids: Iterable[str]) -> tuple[Repository, ...]:
        """Search order: distribution, Central cache, custom repositories (by id), local."""
        repos: list[Repository] = []
        dist = self.distribution()
        if dist is not None:
            repos.append(dist)
        repos.append(self.central())
        repos.extend(self.custom(i) for i in sorted(set(custom_ids)) if is_custom_id(i))
        repos.append(self.local())
        return tuple(repos)

    def repositories(self) -> tuple[Repository, ...]:
        """The repositories in search order, listing ``<user home>/repositories`` now.

        :class:`~balmod.repository.index.RepositoryIndex` keeps a validated cache of this.
        """
        return self.assemble(list_custom_ids(self.repositories_dir))


def _home() -> Path:
    try:
        return Path.home()
    except RuntimeError:  # no HOME and no password entry: a container, say
        return Path(os.sep)


def is_custom_id(name: str) -> bool:
    return name not in (CENTRAL_ID, LOCAL_ID) and not name.startswith(".")


def list_custom_ids(repositories_dir: Path) -> list[str]:
    """Ids of custom repositories: directories under ``repositories/`` holding a ``bala/``."""
    ids: list[str] = []
    try:
        with os.scandir(repositories_dir) as entries:
            for entry in entries:
                if not is_custom_id(entry.name):
                    continue
                try:
                    if os.path.isdir(os.path.join(entry.path, "bala")):
                        ids.append(entry.name)
                except OSError:
                    continue
    except FileNotFoundError:
        return []
    except OSError as exc:
        _log.warning("cannot list repositories in %s: %s", repositories_dir, exc)
        return []
    return sorted(ids)
