"""The 1.x and 0.990 repositories on disk, as one lazy index.

Search order (BALLERINA.md section 9; ``PackageLoader.genRepoHierarchy`` in 0.990 and 1.x):

1. the **project** repository, ``<project>/.ballerina/``:
   ``repo/<org>/<module>/<version>/<module>.zip`` (``ZipRepo``) and
   ``caches/central.ballerina.io/<org>/<module>/<version>/<module>.zip`` (``CacheRepo``);
2. the **home** repository, ``$BALLERINA_HOME_DIR`` or ``~/.ballerina``: the same ``repo/``
   and ``caches/central.ballerina.io/`` (0.990), and 1.x's ``balo_cache/<org>/<module>/
   <version>/<module>-<impl>-<platform>-<version>.balo`` (``HomeBaloRepo``; ``<impl>`` is
   the implementation version such as ``2020r1``, ``<platform>`` is ``java8`` or ``any``);
3. the **system** repository, the distribution's ``lib/repo/<org>/<module>/<version>/``
   (``RepoUtils.getLibDir()`` is ``<ballerina.install.dir>/lib``): ``<module>.zip`` in
   0.990 (``ZipRepo``), ``<module>.balo`` in 1.2 (``LSStdLibCacheUtil``). When
   ``BALLERINA_HOME`` names a 1.x installation rather than one distribution, each
   ``distributions/<name>/lib/repo`` under it is read instead, newest name first.
   ``bre/lib`` holds the runtime's jars and ``bir-cache/`` compiled BIR; neither has
   module sources, so balmod reads neither.

Every directory is listed on demand and the listings are cached and re-validated by one
``stat`` each (:class:`~balmod.repository.fscache.FsCache`). Version directories whose
names are not SemVer are skipped and logged. In a version directory the archive named after
the module wins (``<module>.balo`` / ``<module>.zip``), then a ``<module>-<impl>-<platform>-
<version>.balo`` by platform (newest ``javaNN``, then ``any``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from balmod.legacy.balo import ARCHIVE_SUFFIXES, ArchiveReader, BaloArchive
from balmod.legacy.project import PROJECT_REPOSITORY
from balmod.repository.bala import PackageVersion, platform_preference
from balmod.repository.fscache import FsCache
from balmod.repository.roots import Repository, RepositoryKind, RepositoryRoots
from balmod.versions import try_parse_version

CENTRAL_CACHE = ("caches", "central.ballerina.io")
HOME_REPO = ("repo",)
BALO_CACHE = ("balo_cache",)
SYSTEM_REPO = ("lib", "repo")
DISTRIBUTIONS = "distributions"


def _is_safe_name(name: str) -> bool:
    """One path component: import text must never walk out of a repository."""
    return bool(name) and not name.startswith(".") and not any(c in name for c in "/\\\0")


@dataclass(frozen=True, slots=True)
class LegacyRoots:
    """The distribution (``ballerina_home``, None when unknown) and the home repository."""

    ballerina_home: Path | None
    user_home: Path

    @classmethod
    def from_roots(cls, roots: RepositoryRoots) -> LegacyRoots:
        return cls(roots.ballerina_home, roots.user_home)


def _repo(kind: RepositoryKind, repo_id: str, root: Path) -> Repository:
    return Repository(kind, repo_id, root)


def project_repositories(project_root: Path) -> tuple[Repository, ...]:
    hidden = project_root / PROJECT_REPOSITORY
    return (
        _repo(RepositoryKind.LEGACY_PROJECT, "project:repo", hidden.joinpath(*HOME_REPO)),
        _repo(RepositoryKind.LEGACY_PROJECT, "project:caches", hidden.joinpath(*CENTRAL_CACHE)),
    )


def home_repositories(user_home: Path) -> tuple[Repository, ...]:
    return (
        _repo(RepositoryKind.LEGACY_HOME, "home:repo", user_home.joinpath(*HOME_REPO)),
        _repo(RepositoryKind.LEGACY_HOME, "home:caches", user_home.joinpath(*CENTRAL_CACHE)),
        _repo(RepositoryKind.LEGACY_HOME, "home:balo_cache", user_home.joinpath(*BALO_CACHE)),
    )


def choose_archive(files: Iterable[str], module: str, version: str) -> tuple[str, str] | None:
    """The archive of ``module`` ``version`` among a version directory's file names, and its
    platform (``any`` for archives that do not name one)."""
    names = [f for f in files if f.endswith(ARCHIVE_SUFFIXES)]
    for exact in (f"{module}.balo", f"{module}.zip"):
        if exact in names:
            return exact, "any"
    # <module>-<impl>-<platform>-<version>.balo; the version may hold hyphens itself.
    head, tail = f"{module}-", f"-{version}.balo"
    by_platform: dict[str, str] = {}
    for name in sorted(names):
        if not (name.startswith(head) and name.endswith(tail)):
            continue
        impl, dash, platform = name[len(head) : len(name) - len(tail)].partition("-")
        if impl and dash and platform and "-" not in platform:
            by_platform.setdefault(platform, name)
    for platform in platform_preference(list(by_platform)):
        return by_platform[platform], platform
    return None


class LegacyIndex:
    """Modules and versions in the 1.x repositories, read on demand. Thread-safe."""

    def __init__(self, roots: LegacyRoots) -> None:
        self.roots = roots
        self._fs = FsCache()
        self.archives = ArchiveReader()
        self._lock = threading.Lock()
        self._files: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {}

    # -- repositories ------------------------------------------------------------------------

    def system_repositories(self) -> tuple[Repository, ...]:
        home = self.roots.ballerina_home
        if home is None:
            return ()
        direct = home.joinpath(*SYSTEM_REPO)
        if self._fs.is_dir(direct):
            return (_repo(RepositoryKind.LEGACY_SYSTEM, "system", direct),)
        found = []
        for name in sorted(self._fs.subdirs(home / DISTRIBUTIONS), reverse=True):
            root = home / DISTRIBUTIONS / name
            if self._fs.is_dir(root.joinpath(*SYSTEM_REPO)):
                found.append(
                    _repo(
                        RepositoryKind.LEGACY_SYSTEM, f"system:{name}", root.joinpath(*SYSTEM_REPO)
                    )
                )
        if not found:
            return (_repo(RepositoryKind.LEGACY_SYSTEM, "system", direct),)
        return tuple(found)

    def has_system(self) -> bool:
        """Whether a 1.x system repository is on disk (``BALLERINA_HOME`` may name none, or
        a Swan Lake distribution, which has no ``lib/repo``)."""
        return any(self._fs.is_dir(repo.bala_root) for repo in self.system_repositories())

    def repositories(self, project_root: Path | None = None) -> tuple[Repository, ...]:
        """Every repository in search order: project (when given), home, system."""
        repos: list[Repository] = []
        if project_root is not None:
            repos.extend(project_repositories(project_root))
        repos.extend(home_repositories(self.roots.user_home))
        repos.extend(self.system_repositories())
        return tuple(repos)

    def has_changed(self) -> bool:
        """Whether a directory read so far gained or lost entries since it was read."""
        if self._fs.listings_changed():
            return True
        with self._lock:
            cached = list(self._files.items())
        return any(self._dir_key(Path(path)) != key for path, (key, _) in cached)

    def refresh(self) -> None:
        with self._lock:
            self._files.clear()
        self._fs.clear()
        self.archives.clear()

    # -- listings ----------------------------------------------------------------------------

    @staticmethod
    def _dir_key(path: Path) -> tuple[int, ...]:
        try:
            st = os.stat(path)
        except OSError:
            return ()
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_nlink, st.st_size)

    def _archive_files(self, directory: Path) -> tuple[str, ...]:
        """Names of the archives in a version directory, cached by the directory's state."""
        key = self._dir_key(directory)
        with self._lock:
            cached = self._files.get(str(directory))
        if cached is not None and cached[0] == key:
            return cached[1]
        names: list[str] = []
        if key:
            try:
                with os.scandir(directory) as entries:
                    for entry in entries:
                        try:
                            if entry.name.endswith(ARCHIVE_SUFFIXES) and entry.is_file():
                                names.append(entry.name)
                        except OSError:
                            continue
            except OSError as exc:
                self._fs.report(directory, exc.strerror or str(exc))
        result = tuple(sorted(names))
        with self._lock:
            self._files[str(directory)] = (key, result)
        return result

    def orgs(self, repositories: Iterable[Repository]) -> list[str]:
        names: set[str] = set()
        for repo in repositories:
            names.update(n for n in self._fs.subdirs(repo.bala_root) if _is_safe_name(n))
        return sorted(names)

    def module_names(self, org: str, repositories: Iterable[Repository]) -> list[str]:
        if not _is_safe_name(org):
            return []
        names: set[str] = set()
        for repo in repositories:
            names.update(n for n in self._fs.subdirs(repo.bala_root / org) if _is_safe_name(n))
        return sorted(names)

    def versions_in(self, repo: Repository, org: str, module: str) -> list[PackageVersion]:
        """Versions of ``org/module`` in one repository that have an archive, newest first."""
        if not (_is_safe_name(org) and _is_safe_name(module)):
            return []
        module_dir = repo.bala_root / org / module
        found: list[PackageVersion] = []
        for version in self._fs.subdirs(module_dir):
            if try_parse_version(version) is None:
                self._fs.report(module_dir / version, "the directory name is not a SemVer version")
                continue
            chosen = choose_archive(self._archive_files(module_dir / version), module, version)
            if chosen is None:
                self._fs.report(module_dir / version, "no .balo or .zip archive of the module")
                continue
            name, platform = chosen
            found.append(
                PackageVersion(
                    org=org,
                    name=module,
                    version=version,
                    repository=repo,
                    platform=platform,
                    path=module_dir / version / name,
                    modules=(module,),
                    platforms=(platform,),
                )
            )
        found.sort(key=lambda p: p.precedence, reverse=True)
        return found

    def versions(
        self, org: str, module: str, repositories: Iterable[Repository]
    ) -> list[PackageVersion]:
        """Versions across ``repositories``: newest first, equal ones in search order."""
        found: list[PackageVersion] = []
        for repo in repositories:
            found.extend(self.versions_in(repo, org, module))
        found.sort(key=lambda p: p.precedence, reverse=True)
        return found

    def archive(self, package: PackageVersion) -> BaloArchive | None:
        """The archive of a version found here (None when it is corrupt; logged)."""
        return self.archives.read(package.path, package.name)

    def view(self, project_root: Path | None) -> LegacyIndexView:
        return LegacyIndexView(self, self.repositories(project_root))


class LegacyIndexView:
    """The index as completion and code actions ask it (the shape of ``RepositoryIndex``):
    orgs, then an org's modules. In 1.x a module is its own package."""

    def __init__(self, index: LegacyIndex, repositories: tuple[Repository, ...]) -> None:
        self.index = index
        self.repositories_searched = repositories

    def orgs(self) -> list[str]:
        return self.index.orgs(self.repositories_searched)

    def packages(self, org: str) -> list[str]:
        return self.index.module_names(org, self.repositories_searched)

    def modules(self, org: str) -> list[tuple[str, str]]:
        return [(name, name) for name in self.packages(org)]

    def versions(self, org: str, module: str) -> list[PackageVersion]:
        return self.index.versions(org, module, self.repositories_searched)
