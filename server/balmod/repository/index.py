"""A lazy index over the package repositories on disk.

Nothing is read up front. Looking up ``org/name`` stats ``<root>/<org>/<name>`` and reads
only that package's version directories; listing an org's packages reads that one org
directory; only :meth:`RepositoryIndex.orgs` lists a bala root.

Caching: every directory listing and ``package.json`` is kept with the signature (mtime,
ctime, inode, links, size) of what it was read from and re-validated with one ``stat`` when
used (see :mod:`balmod.repository.fscache`). A package version is kept with the signatures of
its version directory, ``package.json`` and ``modules/``: a warm lookup of a package costs one
stat for its directory and three per version, and parses nothing. Packages pulled, pushed or
deleted on disk are therefore seen on the next call without a restart;
:meth:`RepositoryIndex.refresh` drops everything.

Safety: names from import text are single path components (:func:`_is_safe_name`), and
nothing is listed or read through a symbolic link leading outside the repository's bala
root (see :mod:`balmod.repository.fscache`).
"""

from __future__ import annotations

import functools
import threading

from balmod.repository.bala import PackageVersion, Validation, read_package_version
from balmod.repository.fscache import FsCache
from balmod.repository.roots import Repository, RepositoryRoots, is_custom_id
from balmod.versions import PrecedenceKey, precedence_key, try_parse_version
from balmod.workspace import DEFAULT_MAX_FILE_BYTES


def _is_safe_name(name: str) -> bool:
    """A single path component: import text must never walk out of a repository."""
    return (
        bool(name)
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


@functools.lru_cache(maxsize=8192)
def _version_key(directory_name: str) -> PrecedenceKey | None:
    """Version directory names recur across packages; parse each once."""
    parsed = try_parse_version(directory_name)
    return None if parsed is None else precedence_key(parsed)


def dotted_prefixes(module_name: str) -> list[str]:
    """``a.b.c`` -> ``["a.b.c", "a.b", "a"]``: candidate package names, longest first."""
    parts = module_name.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


class RepositoryIndex:
    """Packages and versions in the repositories of ``roots``, read on demand."""

    def __init__(
        self, roots: RepositoryRoots, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    ) -> None:
        self.roots = roots
        self._fs = FsCache(max_file_bytes)
        self._lock = threading.Lock()
        # (bala root, org, name, version) -> (what it was read from, the result).
        self._versions: dict[tuple[str, str, str, str], tuple[Validation, PackageVersion | None]]
        self._versions = {}
        self._repositories: tuple[tuple[str, ...], tuple[Repository, ...]] | None = None

    @property
    def max_file_bytes(self) -> int:
        """The largest ``package.json`` read; bigger ones are skipped and reported."""
        return self._fs.max_file_bytes

    @max_file_bytes.setter
    def max_file_bytes(self, value: int) -> None:
        self._fs.max_file_bytes = value
        self.refresh()  # files skipped (or read) under the old limit

    def has_changed(self) -> bool:
        """Whether a repository directory read so far changed on disk since it was read."""
        return self._fs.listings_changed()

    def refresh(self) -> None:
        """Forget every cached listing and file."""
        with self._lock:
            self._versions.clear()
            self._repositories = None
        self._fs.clear()

    def repositories(self) -> tuple[Repository, ...]:
        """All repositories in search order (custom ones re-listed when the directory changes)."""
        repos_dir = self.roots.repositories_dir
        custom = tuple(
            name
            for name in self._fs.subdirs(repos_dir, files_expected=True)
            if is_custom_id(name) and self._fs.is_dir(repos_dir / name / "bala")
        )
        with self._lock:
            cached = self._repositories
        if cached is not None and cached[0] == custom:
            return cached[1]
        repos = self.roots.assemble(custom)
        with self._lock:
            self._repositories = (custom, repos)
        return repos

    def repository(self, repo_id: str) -> Repository | None:
        """The repository named in a manifest: ``local``, ``central.ballerina.io``, a custom id."""
        for repo in self.repositories():
            if repo.id == repo_id:
                return repo
        return None

    def _selected(self, repository: Repository | None) -> tuple[Repository, ...]:
        return self.repositories() if repository is None else (repository,)

    def orgs(self, repository: Repository | None = None) -> list[str]:
        """Org names across the repositories (one directory listing per repository)."""
        names: set[str] = set()
        for repo in self._selected(repository):
            names.update(self._fs.subdirs(repo.bala_root))
        return sorted(names)

    def packages(self, org: str, repository: Repository | None = None) -> list[str]:
        """Package names of ``org`` across the repositories (lists only that org's directory)."""
        if not _is_safe_name(org):
            return []
        names: set[str] = set()
        for repo in self._selected(repository):
            names.update(self._fs.subdirs(repo.bala_root / org, within=repo.bala_root))
        return sorted(names)

    def _package_version(
        self, repo: Repository, org: str, name: str, version: str
    ) -> PackageVersion | None:
        """One version, re-read only when a file or directory it came from has changed."""
        key = (str(repo.bala_root), org, name, version)
        with self._lock:
            cached = self._versions.get(key)
        if cached is not None and self._fs.still_valid(cached[0]):
            return cached[1]
        package, consulted = read_package_version(self._fs, repo, org, name, version)
        with self._lock:
            self._versions[key] = (consulted, package)
        return package

    def _versions_in(self, repo: Repository, org: str, name: str) -> list[PackageVersion]:
        found: list[PackageVersion] = []
        for version in self._fs.subdirs(repo.bala_root / org / name, within=repo.bala_root):
            package = self._package_version(repo, org, name, version)
            if package is not None:
                found.append(package)
        return found

    def versions(
        self, org: str, name: str, repository: Repository | None = None
    ) -> list[PackageVersion]:
        """Versions of ``org/name``, newest first; equal versions in repository search order."""
        if not (_is_safe_name(org) and _is_safe_name(name)):
            return []
        found: list[PackageVersion] = []
        for repo in self._selected(repository):
            found.extend(self._versions_in(repo, org, name))
        found.sort(key=lambda p: p.precedence, reverse=True)
        return found

    def newest(
        self, org: str, name: str, repository: Repository | None = None
    ) -> PackageVersion | None:
        """The newest stable version of ``org/name`` (the newest pre-release if only those exist).

        Reads ``package.json`` only for the version it returns (and any broken newer ones).
        """
        if not (_is_safe_name(org) and _is_safe_name(name)):
            return None
        candidates: list[tuple[bool, PrecedenceKey, int, Repository, str]] = []
        for order, repo in enumerate(self._selected(repository)):
            for version in self._fs.subdirs(repo.bala_root / org / name, within=repo.bala_root):
                key = _version_key(version)
                if key is not None:
                    candidates.append((key[3] == 1, key, -order, repo, version))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
        for _stable, _key, _order, repo, version in candidates:
            package = self._package_version(repo, org, name, version)
            if package is not None:
                return package
        return None

    def package_for_module(
        self, org: str, module_name: str, repository: Repository | None = None
    ) -> str | None:
        """The package holding ``org/module_name``: its longest dotted prefix with a version."""
        if not _is_safe_name(org):
            return None
        existing = set(self.packages(org, repository))
        for candidate in dotted_prefixes(module_name):
            if candidate in existing and self.newest(org, candidate, repository) is not None:
                return candidate
        return None

    def modules(self, org: str, repository: Repository | None = None) -> list[tuple[str, str]]:
        """``(package, module)`` pairs of ``org``, from the newest version of each package.

        For completion: reads each package's newest ``package.json`` and ``modules/`` once,
        then serves them from the validated cache.
        """
        pairs: list[tuple[str, str]] = []
        for name in self.packages(org, repository):
            package = self.newest(org, name, repository)
            if package is None:
                continue
            names = set(package.modules) | set(package.export or ()) | {name}
            pairs.extend((name, module) for module in sorted(names))
        return pairs
