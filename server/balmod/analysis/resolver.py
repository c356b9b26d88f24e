"""Mapping an import to a module: of the current package, or of a package version on disk.

The rules (BALLERINA.md sections 1, 3, 4, 6, 7):

- An import without an org names a module of the current package and is never searched in
  repositories; so does one with the package's own org naming one of its modules.
- Otherwise the package is the longest dotted prefix of the module name that has a version
  in the repositories allowed for it. Allowed: the one named by ``repository = "..."`` in
  Ballerina.toml ``[[dependency]]`` or Dependencies.toml (``"local"`` or a custom id); else
  the distribution alone for langlibs (``ballerina/lang.*``, ``ballerina/jballerina.java``,
  all ``0.0.0``); else the distribution and the Central cache. The local repository is used
  only when a dependency names it.
- The version: the one locked in Dependencies.toml; else the latest compatible with the
  minimum in Ballerina.toml; else the latest stable, or, when only pre-releases are on disk,
  the latest pre-release (a build would pick it too, having nothing else).
  A locked version missing from disk is reported in ``locked_missing``; the latest compatible
  version on disk (at or above it, else below it) stands in when there is one.
- The module must exist in the chosen version (its directory, its ``export`` entry, or the
  default module).

Caching: the resolver keeps nothing read from disk itself (only which repositories a search
uses, and their org directories' paths). Every read goes through the repository index,
whose listings and ``package.json`` files are cached and re-validated by ``stat``. Only the
chosen version's ``package.json`` is read (a broken one is dropped and the choice made
again); the other versions, which hover and messages show, are read when first asked for.
On a disk that does not change (:meth:`RepositoryIndex.steady_disk`, one ``balmod check``
run), a locked version is found by its directory's name, and the package's other versions
are not even listed until asked for (see :meth:`Resolver._locked`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import overload

import semver

from balmod.project.model import Project
from balmod.repository.bala import PackageVersion
from balmod.repository.index import RepositoryIndex, VersionDir, dotted_prefixes
from balmod.repository.roots import Repository, RepositoryKind, user_path
from balmod.versions import is_compatible, latest, latest_compatible, try_parse_version


class ResolutionStatus(Enum):
    RESOLVED_PACKAGE_MODULE = "package-module"  # a module of the current package
    RESOLVED = "resolved"  # a module of a package version in a repository (or a bala path)
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an import leads, why, and where balmod looked.

    ``org`` and ``module_name`` are the import's own (quotes removed). ``package_name`` is the
    package holding the module, when one was found on disk (even if it lacks the module).
    ``distribution_missing`` is set on an unresolved import that the distribution would have
    been searched for, when no distribution is configured: the result is then unreliable.
    """

    status: ResolutionStatus
    org: str | None
    module_name: str
    reason: str
    package: PackageVersion | None = None
    package_name: str | None = None
    module_dir: Path | None = None
    searched: tuple[tuple[str, Path], ...] = ()
    locked_missing: str | None = None
    other_versions: Sequence[PackageVersion] = ()
    distribution_missing: bool = False

    @property
    def resolved(self) -> bool:
        return self.status is not ResolutionStatus.UNRESOLVED


class VersionsOnDisk(Sequence[PackageVersion]):
    """Every usable version of a package, newest first, read from its directories when
    first asked for: resolving an import needs only the version it chooses. ``dirs``: the
    version directories, or what lists them then (on a disk that does not change)."""

    __slots__ = ("_dirs", "_index", "_read")

    def __init__(
        self,
        index: RepositoryIndex,
        dirs: Sequence[VersionDir] | Callable[[], Sequence[VersionDir]],
    ) -> None:
        self._index = index
        self._dirs = dirs if callable(dirs) else tuple(dirs)
        self._read: tuple[PackageVersion, ...] | None = None

    def _versions(self) -> tuple[PackageVersion, ...]:
        if self._read is None:
            dirs = self._dirs() if callable(self._dirs) else self._dirs
            read = (self._index.read_version(d) for d in dirs)
            self._read = tuple(p for p in read if p is not None)
        return self._read

    @overload
    def __getitem__(self, index: int) -> PackageVersion: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PackageVersion]: ...

    def __getitem__(self, index: int | slice) -> PackageVersion | Sequence[PackageVersion]:
        return self._versions()[index]

    def __len__(self) -> int:
        return len(self._versions())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._versions() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._versions())

    def __repr__(self) -> str:
        return f"VersionsOnDisk({self._versions()!r})"


def is_langlib(org: str, package_name: str) -> bool:
    """Language libraries ship only with the distribution (BALLERINA.md section 4)."""
    return org == "ballerina" and (
        package_name.startswith("lang.") or package_name == "jballerina.java"
    )


def _unquote(name: str) -> str:
    """``lang.'int`` -> ``lang.int``: the quote only lets a keyword be a name."""
    return ".".join(part.removeprefix("'") for part in name.split("."))


def _join_labels(repos: Iterable[Repository]) -> str:
    labels = [repo.label for repo in repos]
    if len(labels) == 1:
        return f"the {labels[0]} repository"
    return "the " + ", ".join(labels[:-1]) + f" or {labels[-1]} repositories"


@dataclass(frozen=True, slots=True)
class _Allowed:
    repos: tuple[Repository, ...]
    named_id: str | None  # a repository a manifest asked for
    named_in: str | None  # which manifest asked
    default: bool  # the default search (distribution + Central cache, or distribution)


# Bounds the resolver's small tables of what follows from the repositories' roots alone.
MAX_ORG_DIRS = 4096
MAX_ALLOWED = 256


class Resolver:
    def __init__(self, index: RepositoryIndex) -> None:
        self.index = index
        # Which repositories a search uses (by the repository a manifest names, and where;
        # or by langlib-ness), for the repositories tuple it was made from (one tuple until
        # the repositories change; held, so its id is not reused).
        self._allowed_by: dict[
            tuple[str | None, str | None, bool], tuple[tuple[Repository, ...], _Allowed]
        ] = {}
        # Where repositories keep an org's packages (what every resolution has `searched`), by
        # the identity of a tuple of repositories (held, so its id is not reused) and the org.
        self._org_dirs: dict[
            tuple[int, str], tuple[Sequence[Repository], tuple[tuple[str, Path], ...]]
        ] = {}

    def resolve(self, project: Project | None, org: str | None, module_name: str) -> Resolution:
        module_name = _unquote(module_name.strip())
        org = _unquote(org.strip()) if org is not None else None
        if not module_name or "" in module_name.split(".") or org == "":
            return Resolution(
                ResolutionStatus.UNRESOLVED, org, module_name, "not a valid module name"
            )
        if org is None:
            return self._own_module(project, None, module_name)
        if project is not None and org == project.org and module_name in project.modules:
            return self._own_module(project, org, module_name)
        return self._from_repositories(project, org, module_name)

    def _own_module(self, project: Project | None, org: str | None, module_name: str) -> Resolution:
        if project is None:
            return Resolution(
                ResolutionStatus.UNRESOLVED,
                org,
                module_name,
                "an import without an org names a module of the current package, "
                "and this file is in no package (no Ballerina.toml above it)",
            )
        searched = (("current package", project.root),)
        directory = project.modules.get(module_name)
        if directory is None:
            available = ", ".join(sorted(project.modules)) or "none"
            return Resolution(
                ResolutionStatus.UNRESOLVED,
                org,
                module_name,
                f"the current package has no module '{module_name}' (its modules: {available})",
                package_name=project.name,
                searched=searched,
            )
        return Resolution(
            ResolutionStatus.RESOLVED_PACKAGE_MODULE,
            org,
            module_name,
            "module of the current package",
            package_name=project.name,
            module_dir=directory,
            searched=searched,
        )

    def _allowed(self, project: Project | None, org: str, package_name: str) -> _Allowed:
        named_id: str | None = None
        named_in: str | None = None
        if project is not None:
            spec = project.dependencies.get((org, package_name))
            locked = project.locked.get((org, package_name))
            if spec is not None and spec.repository:
                named_id, named_in = spec.repository, "Ballerina.toml"
            elif locked is not None and locked.repository:
                named_id, named_in = locked.repository, "Dependencies.toml"
        langlib = named_id is None and is_langlib(org, package_name)
        everything = self.index.repositories()
        key = (named_id, named_in, langlib)
        known = self._allowed_by.get(key)
        if known is not None and known[0] is everything:
            return known[1]
        if named_id is not None:
            repo = self.index.repository(named_id)
            allowed = _Allowed((repo,) if repo is not None else (), named_id, named_in, False)
        else:
            kinds: tuple[RepositoryKind, ...] = (RepositoryKind.DISTRIBUTION,)
            if not langlib:
                kinds += (RepositoryKind.CENTRAL,)
            repos = tuple(r for r in everything if r.kind in kinds)
            allowed = _Allowed(repos, None, None, True)
        if len(self._allowed_by) >= MAX_ALLOWED:
            self._allowed_by.clear()
        self._allowed_by[key] = (everything, allowed)
        return allowed

    def _searched(self, repos: Sequence[Repository], org: str) -> tuple[tuple[str, Path], ...]:
        """Each repository's label and its directory of ``org`` (the same tuple of allowed
        repositories comes for most imports, see :meth:`_allowed`)."""
        key = (id(repos), org)
        known = self._org_dirs.get(key)
        if known is not None and known[0] is repos:
            return known[1]
        where = tuple((repo.label, repo.bala_root / org) for repo in repos)
        if len(self._org_dirs) >= MAX_ORG_DIRS:
            self._org_dirs.clear()
        self._org_dirs[key] = (repos, where)
        return where

    def _from_repositories(self, project: Project | None, org: str, module_name: str) -> Resolution:
        searched: list[Repository] = []
        missing_repos: list[tuple[str, str]] = []
        default_search = False
        for package_name in dotted_prefixes(module_name):
            if project is not None and project.is_root(org, package_name):
                return Resolution(
                    ResolutionStatus.UNRESOLVED,
                    org,
                    module_name,
                    f"the current package {org}/{package_name} has no module '{module_name}'",
                    package_name=package_name,
                    searched=(("current package", project.root),),
                )
            spec = project.dependencies.get((org, package_name)) if project else None
            if project is not None and spec is not None and spec.path:
                return self._from_bala_path(project, org, module_name, package_name, spec.path)
            allowed = self._allowed(project, org, package_name)
            default_search = default_search or allowed.default
            if allowed.named_id is not None and not allowed.repos and allowed.named_in:
                missing_repos.append((allowed.named_id, allowed.named_in))
            searched.extend(r for r in allowed.repos if r not in searched)
            if project is not None and self.index.is_steady():
                settled, locked = self._locked(project, org, module_name, package_name, allowed)
                if locked is not None:
                    return locked
                if settled:
                    continue  # no allowed repository has the package
            dirs = self.index.version_dirs(org, package_name)
            candidates = [d for d in dirs if d.repository in allowed.repos]
            if candidates:
                where = self._searched(allowed.repos, org)
                on_disk = VersionsOnDisk(self.index, dirs)
                chosen = self._choose(
                    project, org, module_name, package_name, candidates, on_disk, where
                )
                if chosen is not None:
                    return chosen
        return self._not_found(org, module_name, searched, missing_repos, default_search)

    def _locked(
        self,
        project: Project,
        org: str,
        module_name: str,
        package_name: str,
        allowed: _Allowed,
    ) -> tuple[bool, Resolution | None]:
        """On a disk that does not change: the resolution :meth:`_choose` gives for a version
        locked in Dependencies.toml, from that version's directory found by its name, without
        listing the package's versions (see :meth:`RepositoryIndex.named_version`); the other
        versions are listed if asked for. ``(True, None)``: no allowed repository has the
        package; ``(False, None)``: for the listing to decide.

        The locked version is among the candidates, so :meth:`_pick` picks it, and the first
        candidate at its precedence is the directory found; when that has no module of the
        name, the listing decides too (the message names the versions that have it).
        """
        lock = project.locked.get((org, package_name))
        version = try_parse_version(lock.version) if lock is not None and lock.version else None
        if version is None:
            return False, None
        settled, found, _ = self.index.named_version(allowed.repos, org, package_name, version)
        if found is None:
            return settled, None
        package = self.index.read_version(found)
        if package is None or not package.has_module(module_name):
            return False, None
        _, reason, locked_missing = self._pick(project, org, package_name, [found.parsed])
        index = self.index

        def listed() -> list[VersionDir]:
            return index.version_dirs(org, package_name)

        return True, Resolution(
            ResolutionStatus.RESOLVED,
            org,
            module_name,
            reason,
            package=package,
            package_name=package_name,
            module_dir=package.module_dir(module_name) if module_name in package.modules else None,
            searched=self._searched(allowed.repos, org),
            locked_missing=locked_missing,
            other_versions=VersionsOnDisk(index, listed),
        )

    def _from_bala_path(
        self, project: Project, org: str, module_name: str, package_name: str, path: str
    ) -> Resolution:
        target = project.root / user_path(path)
        searched = (("bala path", target),)
        if target.exists():
            return Resolution(
                ResolutionStatus.RESOLVED,
                org,
                module_name,
                f"from the bala at '{path}' (Ballerina.toml)",
                package_name=package_name,
                searched=searched,
            )
        return Resolution(
            ResolutionStatus.UNRESOLVED,
            org,
            module_name,
            f"the bala '{path}' named in Ballerina.toml does not exist",
            package_name=package_name,
            searched=searched,
        )

    def _not_found(
        self,
        org: str,
        module_name: str,
        searched: list[Repository],
        missing_repos: list[tuple[str, str]],
        default_search: bool,
    ) -> Resolution:
        if searched:
            reason = f"module '{org}/{module_name}' is not in {_join_labels(searched)}"
        else:
            reason = f"module '{org}/{module_name}' was looked for in no repository"
        for repo_id, manifest in missing_repos:
            reason += f"; the repository '{repo_id}' named in {manifest} does not exist"
        elsewhere = self.index.package_for_module(org, module_name)
        others: tuple[PackageVersion, ...] = ()
        if elsewhere is not None:
            others = tuple(self.index.versions(org, elsewhere))
            places = list(
                dict.fromkeys(p.repository for p in others if p.repository not in searched)
            )
            if [r.kind for r in places] == [RepositoryKind.LOCAL]:
                reason += (
                    f"; package {org}/{elsewhere} is only in the local repository: add a "
                    '[[dependency]] with repository = "local" to Ballerina.toml'
                )
            elif places:
                reason += f"; package {org}/{elsewhere} is in {_join_labels(places)}"
        distribution_missing = default_search and self.index.roots.ballerina_home is None
        if distribution_missing:
            reason += "; no Ballerina distribution is configured (set BALLERINA_HOME)"
        return Resolution(
            ResolutionStatus.UNRESOLVED,
            org,
            module_name,
            reason,
            package_name=elsewhere,
            searched=tuple((r.label, r.bala_root / org) for r in searched),
            other_versions=others,
            distribution_missing=distribution_missing,
        )

    def _choose(
        self,
        project: Project | None,
        org: str,
        module_name: str,
        package_name: str,
        candidates: list[VersionDir],
        on_disk: Sequence[PackageVersion],
        searched: tuple[tuple[str, Path], ...],
    ) -> Resolution | None:
        """Pick from ``candidates`` (allowed repositories, newest first), reading only the
        chosen version; ``on_disk`` is every version. None when no candidate is usable."""
        candidates = list(candidates)
        while candidates:
            choice = self._pick(project, org, package_name, [d.parsed for d in candidates])
            chosen, reason, locked_missing = choice
            if chosen is None:
                return Resolution(
                    ResolutionStatus.UNRESOLVED,
                    org,
                    module_name,
                    reason,
                    package_name=package_name,
                    searched=searched,
                    locked_missing=locked_missing,
                    other_versions=on_disk,
                )
            # The choice is one of the versions given (or equal to one): identity first.
            found = next(d for d in candidates if d.parsed is chosen or d.parsed == chosen)
            package = self.index.read_version(found)
            if package is None:  # broken (and logged): choose again without it
                candidates.remove(found)
                continue
            if not package.has_module(module_name):
                available = (self.index.read_version(d) for d in candidates)
                having = [str(p.version) for p in available if p and p.has_module(module_name)]
                reason = f"{org}/{package_name} {package.version} has no module '{module_name}'"
                if having:
                    reason += f" (versions that have it: {', '.join(dict.fromkeys(having))})"
                return Resolution(
                    ResolutionStatus.UNRESOLVED,
                    org,
                    module_name,
                    reason,
                    package=package,
                    package_name=package_name,
                    searched=searched,
                    locked_missing=locked_missing,
                    other_versions=on_disk,
                )
            module_dir = package.module_dir(module_name) if module_name in package.modules else None
            return Resolution(
                ResolutionStatus.RESOLVED,
                org,
                module_name,
                reason,
                package=package,
                package_name=package_name,
                module_dir=module_dir,
                searched=searched,
                locked_missing=locked_missing,
                other_versions=on_disk,
            )
        return None

    def _pick(
        self,
        project: Project | None,
        org: str,
        package_name: str,
        versions: list[semver.Version],
    ) -> tuple[semver.Version | None, str, str | None]:
        """The version to use among ``versions``, why, and a locked version not among them."""
        locked = project.locked.get((org, package_name)) if project else None
        spec = project.dependencies.get((org, package_name)) if project else None
        locked_version = try_parse_version(locked.version) if locked and locked.version else None
        minimum = try_parse_version(spec.version) if spec and spec.version else None
        locked_missing: str | None = None
        chosen: semver.Version | None
        notes: list[str] = []
        if locked and locked.version and locked_version is None:
            notes.append(f"the locked version '{locked.version}' is not a valid version")
        if spec and spec.version and minimum is None:
            notes.append(f"the minimum version '{spec.version}' is not a valid version")

        if locked_version is not None:
            if locked_version in versions:
                chosen, reason = locked_version, "locked in Dependencies.toml"
            else:
                locked_missing = str(locked_version)
                chosen = latest_compatible(locked_version, versions)
                if chosen is None:
                    compatible = [v for v in versions if is_compatible(v, locked_version)]
                    chosen = latest(compatible)
                    if chosen is None:
                        chosen = latest(compatible, include_prerelease=True)
                reason = f"version {locked_version} locked in Dependencies.toml is not on disk"
                if chosen is None:
                    reason += ", nor is any compatible version"
                else:
                    reason += f"; using {chosen}, the closest compatible version available"
        elif minimum is not None:
            chosen = latest_compatible(minimum, versions)
            reason = f"minimum {minimum} from Ballerina.toml"
            if chosen is None:
                reason = f"no version compatible with the minimum {minimum} from Ballerina.toml"
        else:
            chosen = latest(versions)
            reason = "latest available"
            if chosen is None:
                chosen = latest(versions, include_prerelease=True)
                reason = "latest available (only pre-releases are on disk)"
        return chosen, "; ".join([reason, *notes]), locked_missing
