"""A lazy index over the package repositories on disk.

Nothing is read up front. Looking up ``org/name`` stats ``<root>/<org>/<name>`` and reads
only that package's version directories; listing an org's packages reads that one org
directory; only :meth:`RepositoryIndex.orgs` lists a bala root. Who needs one version of a
package (a locked one, the newest) lists the versions by directory name
(:meth:`RepositoryIndex.version_dirs`, no file read) and reads ``package.json`` only for the
ones it considers (:meth:`RepositoryIndex.read_version`).

Caching: every directory listing and ``package.json`` is kept with the signature (mtime,
ctime, inode, links, size) of what it was read from and re-validated with one ``stat`` when
used (see :mod:`balmod.repository.fscache`). A package version is kept with the signatures of
its version directory, ``package.json`` and ``modules/``: a warm lookup of a package costs one
stat for its directory and three per version, and parses nothing. Packages pulled, pushed or
deleted on disk are therefore seen on the next call without a restart;
:meth:`RepositoryIndex.refresh` drops everything. Within :meth:`RepositoryIndex.steady_disk`
(one ``balmod check`` run, while the disk does not change) nothing is re-validated: each
listing, ``package.json`` and package version is read once, and what a listing shows is
not looked at again (see :meth:`FsCache.snapshot`).

Safety: names from import text are single path components (:func:`_is_safe_name`), and
nothing is listed or read through a symbolic link leading outside the repository's bala
root (see :mod:`balmod.repository.fscache`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from balmod.repository.bala import (
    PackageVersion,
    Validation,
    join,
    platform_preference,
    read_package_version,
    version_key,
)
from balmod.repository.fscache import FsCache, Presence
from balmod.repository.roots import Repository, RepositoryRoots, is_custom_id
from balmod.versions import PrecedenceKey, Version, precedence_key
from balmod.workspace import DEFAULT_MAX_FILE_BYTES


@functools.lru_cache(maxsize=8192)
def _is_safe_name(name: str) -> bool:
    """A single path component: import text must never walk out of a repository.

    Asked several times for every package a manifest lists: answered once per name.
    """
    return (
        bool(name)
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and "\0" not in name
    )


def _base(root: str) -> str:
    """A root to join names to with a separator (as :func:`bala.join` does)."""
    return root[: -len(os.sep)] if root.endswith(os.sep) else root


@dataclass(frozen=True, slots=True)
class VersionDir:
    """A version directory seen in a repository listing; nothing in it has been read yet."""

    repository: Repository
    org: str
    name: str
    version: str  # the directory's name, a valid SemVer version
    parsed: Version = field(compare=False)
    precedence: PrecedenceKey = field(compare=False)


def _precedence(found: VersionDir) -> PrecedenceKey:
    return found.precedence


# Names no file system reads differently by case (see RepositoryIndex.named_version).
_CASELESS = re.compile(r"[0-9.-]+")


@functools.lru_cache(maxsize=4096)
def directory_name(key: PrecedenceKey) -> str:
    """How a version without build metadata is written (its directory's name)."""
    major, minor, patch, release, identifiers = key
    name = f"{major}.{minor}.{patch}"
    if not release:
        name += "-" + ".".join(str(n) if numeric == 0 else text for numeric, n, text in identifiers)
    return name


def dotted_prefixes(module_name: str) -> list[str]:
    """``a.b.c`` -> ``["a.b.c", "a.b", "a"]``: candidate package names, longest first."""
    parts = module_name.split(".")
    return [".".join(parts[:n]) for n in range(len(parts), 0, -1)]


Named = tuple[bool, VersionDir | None, str | None]
"""What :meth:`RepositoryIndex.named_version` answers."""


class _SteadyReads:
    """What one thread read within :meth:`RepositoryIndex.steady_disk`."""

    __slots__ = ("named", "versions")

    def __init__(self) -> None:
        # (bala root, org, name, version) -> the package version.
        self.versions: dict[tuple[str, str, str, str], PackageVersion | None] = {}
        # (org, name, directory name) -> (the repositories looked in, the answer).
        self.named: dict[tuple[str, str, str], tuple[tuple[Repository, ...], Named]] = {}


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
        self._pin = threading.local()  # see pinned()

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
        if getattr(self._pin, "steady", None) is not None:
            self._pin.steady = _SteadyReads()
        self._fs.clear()

    @staticmethod
    @functools.lru_cache(maxsize=16)
    def _repositories_dir(roots: RepositoryRoots) -> str:
        return str(roots.repositories_dir)  # asked for on every lookup

    @contextlib.contextmanager
    def pinned(self) -> Iterator[None]:
        """Within the block, this thread's :meth:`repositories` are looked up once.

        For one answer that looks up hundreds of packages (a manifest's check): it sees one
        set of repositories, and the repositories directory is not re-validated per package,
        nor the way to each package's directory (see :meth:`FsCache.steady`).
        """
        depth: int = getattr(self._pin, "depth", 0)
        self._pin.depth = depth + 1
        try:
            with self._fs.steady():
                yield
        finally:
            self._pin.depth = depth
            if depth == 0:
                self._pin.repositories = None

    def is_steady(self) -> bool:
        """Whether this thread is within :meth:`steady_disk`."""
        return getattr(self._pin, "steady", None) is not None

    @contextlib.contextmanager
    def steady_disk(self) -> Iterator[None]:
        """Within the block, this thread takes the repositories not to change on disk (one
        ``balmod check`` run): :meth:`pinned`, and every directory listing, ``package.json``
        and package version read is kept to the end of the block instead of re-validated
        (see :meth:`FsCache.snapshot`). Outside it, everything is validated as before."""
        outer: _SteadyReads | None = getattr(self._pin, "steady", None)
        with self.pinned(), self._fs.snapshot():
            if outer is None:
                self._pin.steady = _SteadyReads()
            try:
                yield
            finally:
                if outer is None:
                    self._pin.steady = None

    def repositories(self) -> tuple[Repository, ...]:
        """All repositories in search order (custom ones re-listed when the directory changes)."""
        pinned = getattr(self._pin, "depth", 0) > 0
        if pinned:
            held: tuple[Repository, ...] | None = getattr(self._pin, "repositories", None)
            if held is not None:
                return held
        repos = self._current_repositories()
        if pinned:
            self._pin.repositories = repos
        return repos

    def _current_repositories(self) -> tuple[Repository, ...]:
        repos_dir = self._repositories_dir(self.roots)
        custom = tuple(
            name
            for name in self._fs.subdirs(repos_dir, files_expected=True)
            if is_custom_id(name) and self._fs.is_dir(join(repos_dir, name, "bala"))
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
        steady: _SteadyReads | None = getattr(self._pin, "steady", None)
        if steady is not None:  # within steady_disk(): read once, not validated
            versions = steady.versions
            if key in versions:
                return versions[key]
            package = read_package_version(self._fs, repo, org, name, version)[0]
            versions[key] = package
            return package
        with self._lock:
            cached = self._versions.get(key)
        if cached is not None and self._fs.still_valid(cached[0]):
            return cached[1]
        package, consulted = read_package_version(self._fs, repo, org, name, version)
        with self._lock:
            self._versions[key] = (consulted, package)
        return package

    def version_dirs(
        self,
        org: str,
        name: str,
        repository: Repository | None = None,
        *,
        among: Sequence[Repository] | None = None,
    ) -> list[VersionDir]:
        """The version directories of ``org/name``, in the order of :meth:`versions`.

        Lists directories only: whether a version is usable (its ``package.json``) is known
        once :meth:`read_version` has read it. Names that are not SemVer are skipped (and
        logged once). ``among``: these repositories (in this order) instead of one or all.
        """
        if not (_is_safe_name(org) and _is_safe_name(name)):
            return []
        found: list[VersionDir] = []
        sep = os.sep
        for repo in self._selected(repository) if among is None else among:
            root = str(repo.bala_root)
            package_dir = f"{_base(root)}{sep}{org}{sep}{name}"
            for version in self._fs.listing(package_dir, within=root)[1]:
                parsed = version_key(version)
                if parsed is None:
                    self._fs.report(
                        join(package_dir, version),
                        "the directory name is not a SemVer version",
                    )
                    continue
                found.append(VersionDir(repo, org, name, version, *parsed))
        if len(found) > 1:
            # Stable: equal versions stay in repository search order.
            found.sort(key=_precedence, reverse=True)
        return found

    def named_version(
        self, repositories: Sequence[Repository], org: str, name: str, version: Version
    ) -> Named:
        """The first usable version directory at ``version``'s precedence, in search order,
        when its directory's name settles it without listing the package: ``(True, found,
        its platform)``, ``(True, None, None)`` when none of ``repositories`` has the package
        at all, and ``(False, None, None)`` when only the listing can tell.

        A version without build metadata names its directory, and sorts first among the
        directories of its precedence (the others add ``+build`` to its name). So in search
        order, a repository without the package's directory is passed over, and in the first
        that has it, that version's directory settles the answer when it is usable. Anything
        else (the directory missing or unusable there: a ``+build`` one may stand in; or a
        symbolic link on the way, which the listing reports) is left to the listing, and so
        is a version with letters in it: a file system that ignores case would find
        ``1.0.0-RC.1`` in the directory ``1.0.0-rc.1``, another version.

        Within :meth:`steady_disk` the answer is kept: a manifest check and the imports ask
        for the same locked versions.
        """
        if version.build is not None:
            return False, None, None
        text = directory_name(precedence_key(version))
        if not _CASELESS.fullmatch(text):
            return False, None, None
        steady: _SteadyReads | None = getattr(self._pin, "steady", None)
        if steady is None:
            return self._named_version(repositories, org, name, text)
        key = (org, name, text)
        held = steady.named.get(key)
        if held is not None and held[0] == repositories:
            return held[1]
        answer = self._named_version(repositories, org, name, text)
        steady.named[key] = (tuple(repositories), answer)
        return answer

    def _named_version(
        self, repositories: Sequence[Repository], org: str, name: str, text: str
    ) -> Named:
        for repo in repositories:
            presence = self.package_dir(repo, org, name)
            if presence is Presence.MISSING:
                continue
            if presence is Presence.LINKED:
                return False, None, None
            parsed = version_key(text)
            if parsed is None:
                return False, None, None
            found = VersionDir(repo, org, name, text, *parsed)
            platform = self.read_platform(found, guessed=True)
            if platform is None:
                return False, None, None
            return True, found, platform
        return True, None, None

    def read_version(self, found: VersionDir) -> PackageVersion | None:
        """The package version in ``found``; None when it is unusable (skipped and logged)."""
        return self._package_version(found.repository, found.org, found.name, found.version)

    def package_dir(self, repository: Repository, org: str, name: str) -> Presence:
        """Whether ``repository`` has a directory for ``org/name``, and whether it is reached
        without symbolic links (nothing listed; see :meth:`FsCache.presence`)."""
        if not (_is_safe_name(org) and _is_safe_name(name)):
            return Presence.MISSING
        root = str(repository.bala_root)
        return self._fs.presence(f"{_base(root)}{os.sep}{org}{os.sep}{name}", root)

    def read_platform(self, found: VersionDir, *, guessed: bool = False) -> str | None:
        """The platform :meth:`read_version` chooses in ``found``; None when it finds the
        version unusable. Reads ``package.json`` as it does (and notes the same problems),
        but neither lists ``modules/`` nor builds the package version: for the answers that
        need only which version is usable, and where.

        ``guessed``: ``found`` was not listed but named from a version as written; a missing
        or empty version directory is then no problem to report (whoever lists it does).
        """
        if not (_is_safe_name(found.org) and _is_safe_name(found.name)):
            return None
        root = str(found.repository.bala_root)
        sep = os.sep
        version_dir = f"{_base(root)}{sep}{found.org}{sep}{found.name}{sep}{found.version}"
        _, names = self._fs.listing(version_dir, within=root)
        platforms = names if len(names) < 2 else platform_preference(names)
        for platform in platforms:
            bala_dir = f"{version_dir}{sep}{platform}"
            package_json = f"{bala_dir}{sep}package.json"
            json_sig, data = self._fs.json_file(package_json, within=root, checked=version_dir)
            if data is None:
                if json_sig is None:  # a broken file was reported by the reader already
                    self._fs.report(bala_dir, "no package.json")
                continue
            declared = (data.get("organization"), data.get("name"), data.get("version"))
            if declared != (found.org, found.name, found.version):
                org_, name_, version_ = (str(item) for item in declared)
                self._fs.report(
                    package_json,
                    f"declares {org_}/{name_} {version_} but lies in "
                    f"{found.org}/{found.name}/{found.version}",
                    skipped=False,
                )
            return platform
        if not platforms and not guessed:
            self._fs.report(version_dir, "no platform directory")
        return None

    def versions(
        self, org: str, name: str, repository: Repository | None = None
    ) -> list[PackageVersion]:
        """Versions of ``org/name``, newest first; equal versions in repository search order.

        Reads every version's ``package.json``; :meth:`version_dirs` reads none.
        """
        return [
            package
            for found in self.version_dirs(org, name, repository)
            if (package := self.read_version(found)) is not None
        ]

    def newest(
        self, org: str, name: str, repository: Repository | None = None
    ) -> PackageVersion | None:
        """The newest stable version of ``org/name`` (the newest pre-release if only those exist).

        Reads ``package.json`` only for the version it returns (and any broken newer ones).
        """
        found = self.version_dirs(org, name, repository)
        # Stable versions first; the sort is stable, so each group stays newest first.
        found.sort(key=lambda d: d.precedence[3] == 1, reverse=True)
        for candidate in found:
            package = self.read_version(candidate)
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
