"""What the repositories hold for one package: every version on disk, and which of them count.

Which repositories count follows the resolver (BALLERINA.md sections 4 and 7): the one a
manifest names (``local`` or a custom id); else the distribution alone for langlibs; else the
distribution and the Central cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from balmod.analysis.resolver import is_langlib
from balmod.repository.bala import PackageVersion
from balmod.repository.index import RepositoryIndex
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


@dataclass(frozen=True, slots=True)
class PackageFacts:
    org: str
    name: str
    on_disk: tuple[PackageVersion, ...]  # every repository, newest first
    allowed: tuple[Repository, ...]  # the repositories resolution may use
    named: str | None  # the repository id a manifest asked for
    distribution_known: bool
    # The versions in the allowed repositories, newest first (derived).
    available: tuple[PackageVersion, ...] = field(init=False, compare=False)
    _by_precedence: dict[PrecedenceKey, PackageVersion] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        available = tuple(p for p in self.on_disk if p.repository in self.allowed)
        by_precedence: dict[PrecedenceKey, PackageVersion] = {}
        for package in available:
            by_precedence.setdefault(package.precedence, package)
        object.__setattr__(self, "available", available)
        object.__setattr__(self, "_by_precedence", by_precedence)

    @property
    def key(self) -> tuple[str, str]:
        return self.org, self.name

    @property
    def missing_repository(self) -> bool:
        """A manifest names a repository that does not exist."""
        return self.named is not None and not self.allowed

    @property
    def uncertain(self) -> bool:
        """Nothing was found, but the distribution would have been searched and is unknown."""
        return self.named is None and not self.distribution_known and not self.available

    def where(self) -> str:
        return join_labels(self.allowed)

    def elsewhere(self) -> tuple[Repository, ...]:
        """Repositories outside the allowed ones that hold a version."""
        return tuple(
            dict.fromkeys(p.repository for p in self.on_disk if p.repository not in self.allowed)
        )

    def _pick(self, version: Version | None) -> PackageVersion | None:
        if version is None:
            return None
        return self._by_precedence.get(precedence_key(version))

    def find(self, version: Version) -> PackageVersion | None:
        """The available package at exactly ``version``."""
        return self._pick(version)

    def latest_compatible(self, version: Version) -> PackageVersion | None:
        """The newest available version compatible with ``version`` and not below it."""
        return self._pick(latest_compatible(version, [p.parsed_version for p in self.available]))

    def closest_compatible(self, version: Version) -> PackageVersion | None:
        """The latest compatible at or above ``version``, else the newest compatible below."""
        above = self.latest_compatible(version)
        if above is not None:
            return above
        below = [
            p.parsed_version for p in self.available if is_compatible(p.parsed_version, version)
        ]
        return self._pick(latest(below) or latest(below, include_prerelease=True))

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
        versions = [p.parsed_version for p in self.available]
        return self._pick(latest(versions) or latest(versions, include_prerelease=True))


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
    return PackageFacts(
        org=org,
        name=name,
        on_disk=tuple(index.versions(org, name)),
        allowed=allowed_repositories(index, org, name, named),
        named=named,
        distribution_known=index.roots.ballerina_home is not None,
    )
