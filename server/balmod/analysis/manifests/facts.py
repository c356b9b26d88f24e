"""What the repositories hold for one package: every version on disk, and which of them count.

Which repositories count follows the resolver (BALLERINA.md sections 4 and 7): the one a
manifest names (``local`` or a custom id); else the distribution alone for langlibs; else the
distribution and the Central cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from balmod.analysis.resolver import is_langlib
from balmod.repository.bala import PackageVersion
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
    """

    __slots__ = (
        "_available",
        "_candidates",
        "_index",
        "_listed",
        "_on_disk",
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
        # The allowed repositories' version directories, newest first; the others' are
        # listed only for the answers that mention them.
        self._listed = tuple(index.version_dirs(org, name, among=allowed))
        # Grouped by precedence (newest first, search order within).
        self._candidates: dict[PrecedenceKey, list[VersionDir]] = {}
        for found in self._listed:
            self._candidates.setdefault(found.precedence, []).append(found)
        # By (bala root, directory name): cheaper to hash than the VersionDir.
        self._read: dict[tuple[str, str], PackageVersion | None] = {}
        self._on_disk: tuple[PackageVersion, ...] | None = None
        self._available: tuple[PackageVersion, ...] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.org, self.name

    @property
    def listed(self) -> bool:
        """Whether an allowed repository has a version directory of the package."""
        return bool(self._listed)

    @property
    def exhausted(self) -> bool:
        """Every allowed version directory was read and none is usable."""
        read = self._read
        return all((key := _read_key(d)) in read and read[key] is None for d in self._listed)

    def _version(self, found: VersionDir) -> PackageVersion | None:
        key = _read_key(found)
        if key in self._read:
            return self._read[key]
        package = self._read[key] = self._index.read_version(found)
        return package

    @property
    def on_disk(self) -> tuple[PackageVersion, ...]:
        """Every usable version in every repository, newest first (reads them all)."""
        if self._on_disk is None:
            # The allowed repositories as listed already (one picture of them), the others
            # now; in the order of RepositoryIndex.versions.
            repos = self._index.repositories()
            others = [r for r in repos if r not in self.allowed]
            found = [*self._listed, *self._index.version_dirs(self.org, self.name, among=others)]
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
        return any(self._first(key) is not None for key in self._candidates)

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
        for found in self._candidates.get(key, ()):
            package = self._version(found)
            if package is not None:
                return package
        return None

    def _select(self, rule: Callable[[list[Version]], Version | None]) -> PackageVersion | None:
        """What ``rule`` picks among the usable versions, reading only what it picks."""
        skipped: set[PrecedenceKey] = set()
        while True:
            versions = [
                group[0].parsed for key, group in self._candidates.items() if key not in skipped
            ]
            chosen = rule(versions)
            if chosen is None:
                return None
            key = precedence_key(chosen)
            package = self._first(key)
            if package is not None:
                return package
            skipped.add(key)

    def find(self, version: Version) -> PackageVersion | None:
        """The available package at exactly ``version``."""
        return self._first(precedence_key(version))

    def latest_compatible(self, version: Version) -> PackageVersion | None:
        """The newest available version compatible with ``version`` and not below it."""
        return self._select(lambda versions: latest_compatible(version, versions))

    def closest_compatible(self, version: Version) -> PackageVersion | None:
        """The latest compatible at or above ``version``, else the newest compatible below."""

        def closest(versions: list[Version]) -> Version | None:
            above = latest_compatible(version, versions)
            if above is not None:
                return above
            below = [v for v in versions if is_compatible(v, version)]
            return latest(below) or latest(below, include_prerelease=True)

        return self._select(closest)

    def choose(self, locked: Version | None, minimum: Version | None) -> PackageVersion | None:
        """The version resolution picks, by the resolver's rules: the locked one (or the
        closest compatible), else the latest compatible with the minimum, else the newest."""
        if locked is not None:
            return self.find(locked) or self.closest_compatible(locked)
        if minimum is not None:
            return self.latest_compatible(minimum)
        return self.newest()

    def newest(self) -> PackageVersion | None:
        """The newest stable version, or the newest pre-release when only those exist."""
        return self._select(
            lambda versions: latest(versions) or latest(versions, include_prerelease=True)
        )


def allowed_repositories(
    index: RepositoryIndex, org: str, name: str, named: str | None
) -> tuple[Repository, ...]:
    if named is not None:
        repo = index.repository(named)
        return (repo,) if repo is not None else ()
    kinds = {RepositoryKind.DISTRIBUTION}
    if not is_langlib(org, name):
        kinds.add(RepositoryKind.CENTRAL)
    return tuple(r for r in index.repositories() if r.kind in kinds)


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
