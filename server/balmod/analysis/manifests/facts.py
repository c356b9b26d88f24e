"""What the repositories hold for one package: every version on disk, and which of them count.

Which repositories count follows the resolver (BALLERINA.md sections 4 and 7): the one a
manifest names (``local`` or a custom id); else the distribution alone for langlibs; else the
distribution and the Central cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from balmod.analysis.resolver import is_langlib
from balmod.repository.bala import PackageVersion, join
from balmod.repository.index import RepositoryIndex, VersionDir
from balmod.repository.roots import Repository, RepositoryKind
from balmod.versions import (
    PrecedenceKey,
    Version,
    is_compatible,
    latest,
    latest_compatible,
    precedence_key,
)

T = TypeVar("T")


def join_labels(repos: Iterable[Repository]) -> str:
    """``the distribution or Central cache repositories``."""
    labels = [repo.label for repo in repos]
    if not labels:
        return "no repository"
    if len(labels) == 1:
        return f"the {labels[0]} repository"
    return "the " + ", ".join(labels[:-1]) + f" or {labels[-1]} repositories"


def _read_key(found: VersionDir) -> tuple[str, str]:
    return str(found.repository.bala_root), found.version


class PackageFacts:
    """The versions of one package on disk, read as the questions asked need them.

    Built from directory listings alone. A version counts only when its ``package.json`` is
    usable (as :meth:`RepositoryIndex.versions` says), so each answer is chosen among the
    listed versions, the chosen one is read, and when it is unusable the choice is made again
    without it: the answer is the one the usable versions give, at the cost of reading one
    ``package.json`` in the usual case instead of every version's. Every rule used here picks
    a maximum within tiers, so leaving out an unusable version that was not picked never
    changes the pick. :attr:`on_disk` and :attr:`available` read everything, for the
    answers that list versions.

    The cheapest questions, whether a version is there and which version resolution picks
    (:meth:`has`, :meth:`pick`), are what a manifest check asks of every locked package:
    they read ``package.json`` only (see :meth:`RepositoryIndex.read_platform`), and a version
    as locked is looked up by its directory's name before the package's directories are
    listed (see :meth:`_unlisted`).
    """

    __slots__ = (
        "_available",
        "_candidates",
        "_direct",
        "_found_direct",
        "_index",
        "_listed",
        "_on_disk",
        "_platforms",
        "_read",
        "allowed",
        "distribution_known",
        "name",
        "named",
        "org",
    )

    def __init__(
        self,
        index: RepositoryIndex,
        org: str,
        name: str,
        allowed: tuple[Repository, ...],
        named: str | None,
        distribution_known: bool,
    ) -> None:
        self.org = org
        self.name = name
        self.allowed = allowed  # the repositories resolution may use
        self.named = named  # the repository id a manifest asked for
        self.distribution_known = distribution_known
        self._index = index
        # The allowed repositories' version directories, newest first, once listed; the
        # others' are listed only for the answers that mention them.
        self._listed: tuple[VersionDir, ...] | None = None
        # Grouped by precedence (newest first, search order within).
        self._candidates: dict[PrecedenceKey, list[VersionDir]] = {}
        # By (bala root, directory name): cheaper to hash than the VersionDir. What was read
        # of each version: its platform (None: unusable), and the package version.
        self._platforms: dict[tuple[str, str], str | None] = {}
        self._read: dict[tuple[str, str], PackageVersion | None] = {}
        # Versions found before listing, by precedence (see _unlisted), and whether any was.
        self._direct: dict[PrecedenceKey, VersionDir | None] = {}
        self._found_direct = False
        self._on_disk: tuple[PackageVersion, ...] | None = None
        self._available: tuple[PackageVersion, ...] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.org, self.name

    def _dirs(self) -> tuple[VersionDir, ...]:
        if self._listed is None:
            self._listed = tuple(self._index.version_dirs(self.org, self.name, among=self.allowed))
            for found in self._listed:
                self._candidates.setdefault(found.precedence, []).append(found)
        return self._listed

    @property
    def listed(self) -> bool:
        """Whether an allowed repository has a version directory of the package."""
        return bool(self._dirs())

    @property
    def present(self) -> bool:
        """Whether an allowed repository is known to have a version directory of the
        package, from what was asked so far (without listing)."""
        if self._listed is not None:
            return bool(self._listed)
        return self._found_direct

    @property
    def exhausted(self) -> bool:
        """Every allowed version directory was read and none is usable."""
        if self._listed is None:
            return False  # what was found before listing is usable
        return all(self._platforms.get(_read_key(d), "") is None for d in self._listed)

    def _version(self, found: VersionDir) -> PackageVersion | None:
        key = _read_key(found)
        if key in self._read:
            return self._read[key]
        package = self._read[key] = self._index.read_version(found)
        self._platforms[key] = package.platform if package is not None else None
        return package

    def _platform(self, found: VersionDir) -> str | None:
        """The platform read in ``found`` (None: unusable), reading no more than needed."""
        key = _read_key(found)
        if key in self._platforms:
            return self._platforms[key]
        platform = self._platforms[key] = self._index.read_platform(found)
        return platform

    @property
    def on_disk(self) -> tuple[PackageVersion, ...]:
        """Every usable version in every repository, newest first (reads them all)."""
        if self._on_disk is None:
            # The allowed repositories as listed already (one picture of them), the others
            # now; in the order of RepositoryIndex.versions.
            repos = self._index.repositories()
            others = [r for r in repos if r not in self.allowed]
            found = [*self._dirs(), *self._index.version_dirs(self.org, self.name, among=others)]
            order = {repo: index for index, repo in enumerate(repos)}
            found.sort(key=lambda d: (order.get(d.repository, len(order)), d.version))
            found.sort(key=lambda d: d.precedence, reverse=True)
            self._on_disk = tuple(
                package for d in found if (package := self._version(d)) is not None
            )
        return self._on_disk

    @property
    def available(self) -> tuple[PackageVersion, ...]:
        """The usable versions in the allowed repositories, newest first (reads them all)."""
        if self._available is None:
            self._available = tuple(p for p in self.on_disk if p.repository in self.allowed)
        return self._available

    def has_available(self) -> bool:
        """Whether an allowed repository has a usable version (reads until one is found)."""
        if self._available is not None:
            return bool(self._available)
        if self._found_direct:
            return True
        self._dirs()
        return any(self._first_dir(key) is not None for key in self._candidates)

    @property
    def missing_repository(self) -> bool:
        """A manifest names a repository that does not exist."""
        return self.named is not None and not self.allowed

    @property
    def uncertain(self) -> bool:
        """Nothing was found, but the distribution would have been searched and is unknown."""
        return self.named is None and not self.distribution_known and not self.has_available()

    def where(self) -> str:
        return join_labels(self.allowed)

    def elsewhere(self) -> tuple[Repository, ...]:
        """Repositories outside the allowed ones that hold a version."""
        return tuple(
            dict.fromkeys(p.repository for p in self.on_disk if p.repository not in self.allowed)
        )

    def _first(self, key: PrecedenceKey) -> PackageVersion | None:
        """The first usable allowed version with precedence ``key``."""
        self._dirs()
        for found in self._candidates.get(key, ()):
            package = self._version(found)
            if package is not None:
                return package
        return None

    def _first_dir(self, key: PrecedenceKey) -> VersionDir | None:
        """:meth:`_first`, reading only which version is usable."""
        self._dirs()
        for found in self._candidates.get(key, ()):
            if self._platform(found) is not None:
                return found
        return None

    def _unlisted(self, version: Version) -> tuple[bool, VersionDir | None]:
        """Whether :meth:`_first_dir` of ``version``'s precedence is settled without listing
        the package, and what it is then (see :meth:`RepositoryIndex.named_version`)."""
        key = precedence_key(version)
        if key in self._direct:
            return True, self._direct[key]
        if self._listed is not None:
            return False, None
        settled, found, platform = self._index.named_version(
            self.allowed, self.org, self.name, version
        )
        if not settled:
            return False, None
        if found is not None:
            self._platforms[_read_key(found)] = platform
            self._found_direct = True
        self._direct[key] = found  # None: no allowed repository has the package
        return True, found

    def _find_dir(self, version: Version) -> VersionDir | None:
        settled, found = self._unlisted(version)
        return found if settled else self._first_dir(precedence_key(version))

    def _select(self, rule: Callable[[list[Version]], Version | None]) -> PackageVersion | None:
        """What ``rule`` picks among the usable versions, reading only what it picks."""
        return self._select_by(rule, self._first)

    def _select_dir(self, rule: Callable[[list[Version]], Version | None]) -> VersionDir | None:
        return self._select_by(rule, self._first_dir)

    def _select_by(
        self,
        rule: Callable[[list[Version]], Version | None],
        first: Callable[[PrecedenceKey], T | None],
    ) -> T | None:
        self._dirs()
        skipped: set[PrecedenceKey] = set()
        while True:
            versions = [
                group[0].parsed for key, group in self._candidates.items() if key not in skipped
            ]
            chosen = rule(versions)
            if chosen is None:
                return None
            key = precedence_key(chosen)
            package = first(key)
            if package is not None:
                return package
            skipped.add(key)

    def find(self, version: Version) -> PackageVersion | None:
        """The available package at exactly ``version``."""
        return self._first(precedence_key(version))

    def has(self, version: Version) -> bool:
        """Whether ``version`` is available (:meth:`find` is not None), reading less."""
        return self._find_dir(version) is not None

    def latest_compatible(self, version: Version) -> PackageVersion | None:
        """The newest available version compatible with ``version`` and not below it."""
        return self._select(lambda versions: latest_compatible(version, versions))

    def closest_compatible(self, version: Version) -> PackageVersion | None:
        """The latest compatible at or above ``version``, else the newest compatible below."""
        return self._select(_closest(version))

    def choose(self, locked: Version | None, minimum: Version | None) -> PackageVersion | None:
        """The version resolution picks, by the resolver's rules: the locked one (or the
        closest compatible), else the latest compatible with the minimum, else the newest."""
        if locked is not None:
            return self.find(locked) or self.closest_compatible(locked)
        if minimum is not None:
            return self.latest_compatible(minimum)
        return self.newest()

    def pick(self, locked: Version | None, minimum: Version | None) -> Picked | None:
        """What :meth:`choose` picks, as a version and its bala directory, reading less."""
        if locked is not None:
            found = self._find_dir(locked) or self._select_dir(_closest(locked))
        elif minimum is not None:
            found = self._select_dir(lambda versions: latest_compatible(minimum, versions))
        else:
            found = self._select_dir(_newest)
        if found is None or (platform := self._platform(found)) is None:
            return None
        root = str(found.repository.bala_root)
        return Picked(found.version, join(root, found.org, found.name, found.version, platform))

    def newest(self) -> PackageVersion | None:
        """The newest stable version, or the newest pre-release when only those exist."""
        return self._select(_newest)


@dataclass(frozen=True, slots=True)
class Picked:
    """The version resolution picks, where it is."""

    version: str  # as its directory is named
    bala_dir: str  # the chosen platform's directory


def _closest(version: Version) -> Callable[[list[Version]], Version | None]:
    def closest(versions: list[Version]) -> Version | None:
        above = latest_compatible(version, versions)
        if above is not None:
            return above
        below = [v for v in versions if is_compatible(v, version)]
        return latest(below) or latest(below, include_prerelease=True)

    return closest


def _newest(versions: list[Version]) -> Version | None:
    return latest(versions) or latest(versions, include_prerelease=True)


def allowed_repositories(
    index: RepositoryIndex, org: str, name: str, named: str | None
) -> tuple[Repository, ...]:
    if named is not None:
        repo = index.repository(named)
        return (repo,) if repo is not None else ()
    return _default_repositories(index.repositories(), is_langlib(org, name))


_DEFAULT_KINDS = (RepositoryKind.DISTRIBUTION, RepositoryKind.CENTRAL)
# By the identity of the index's repositories (one tuple until they change): asked for every
# package a manifest lists, of the same few tuples, which are slow to hash.
_defaults: dict[tuple[int, bool], tuple[tuple[Repository, ...], tuple[Repository, ...]]] = {}


def _default_repositories(repos: tuple[Repository, ...], langlib: bool) -> tuple[Repository, ...]:
    key = (id(repos), langlib)
    known = _defaults.get(key)
    if known is not None and known[0] is repos:
        return known[1]
    kinds = (RepositoryKind.DISTRIBUTION,) if langlib else _DEFAULT_KINDS
    chosen = tuple(r for r in repos if r.kind in kinds)
    if len(_defaults) >= 16:
        _defaults.clear()
    _defaults[key] = (repos, chosen)  # holds the tuple, so its id is not reused meanwhile
    return chosen


def package_facts(index: RepositoryIndex, org: str, name: str, named: str | None) -> PackageFacts:
    """Lists the package's version directories; reads nothing until asked."""
    return PackageFacts(
        index,
        org,
        name,
        allowed_repositories(index, org, name, named),
        named,
        index.roots.ballerina_home is not None,
    )
