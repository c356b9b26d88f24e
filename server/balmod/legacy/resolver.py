"""Mapping a 1.x import to a module: of the same project, or a version in a repository.

The rules (BALLERINA.md section 9; seeds 000 and 003; ``PackageLoader`` in 0.990 and 1.x):

- ``import foo;`` (no org) names a module of the same project and is never searched in a
  repository. So does ``import <project org>/foo;`` when the project has a module ``foo``.
- ``ballerina`` and ``ballerinax`` modules come only from the system repository. Every
  other module is searched in the project, home and system repositories, in that order;
  the first repository that has a usable version wins (``RepoHierarchy``).
- The version, in the order ``updateModuleIDVersion`` applies them: the import's own
  ``version`` clause; else Ballerina.lock (what the importing module used, or what the
  project's modules agree on); else Ballerina.toml ``[dependencies]`` (``"*"`` means none);
  else the latest version in the repository (the latest stable one, or the latest
  pre-release when only those exist). A named version must exist exactly.
- A ``path`` dependency in Ballerina.toml names the ``.balo`` to use; its version is ignored
  (the 1.x project specification).
- A version whose archive is corrupt is skipped (and logged); the next one is tried.

The result is balmod's own :class:`~balmod.analysis.resolver.Resolution`. For a module in a
repository, ``package`` is a :class:`~balmod.repository.bala.PackageVersion` whose ``name``
is the module and whose ``path`` is the archive file; ``module_dir`` is the module's
directory as a path through the archive (``<archive>/src/<module>``, see
:mod:`balmod.extracted`), from which symbols, hover and go-to-definition read the sources in
memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import semver

from balmod.analysis.resolver import Resolution, ResolutionStatus
from balmod.legacy.project import LegacyProject
from balmod.legacy.repositories import LegacyIndex
from balmod.repository.bala import PackageVersion
from balmod.repository.roots import Repository, RepositoryKind, user_path
from balmod.versions import latest, try_parse_version

SYSTEM_ORGS = frozenset({"ballerina", "ballerinax"})


def _unquote(name: str) -> str:
    return ".".join(part.removeprefix("'") for part in name.strip().split("."))


@dataclass(frozen=True, slots=True)
class Requested:
    """The version an import asks for, and which file or clause asked."""

    version: str | None
    source: str  # "the import", "Ballerina.lock", "Ballerina.toml" or "" for none


def requested_version(
    project: LegacyProject | None,
    org: str,
    module: str,
    clause: str | None,
    importer: str | None,
    clause_from: str = "the import",
) -> Requested:
    if clause:
        return Requested(clause, clause_from)
    if project is None:
        return Requested(None, "")
    locked = project.locked_version(org, module, importer)
    if locked:
        return Requested(locked, "Ballerina.lock")
    dependency = project.dependencies.get((org, module))
    if dependency is not None and dependency.version and dependency.version.strip() != "*":
        return Requested(dependency.version.strip(), "Ballerina.toml")
    return Requested(None, "")


def _labels(repos: list[Repository]) -> str:
    labels = list(dict.fromkeys(repo.label for repo in repos))
    if not labels:
        return "no repository"
    if len(labels) == 1:
        return f"the {labels[0]} repository"
    return "the " + ", ".join(labels[:-1]) + f" or {labels[-1]} repositories"


class LegacyResolver:
    def __init__(self, index: LegacyIndex) -> None:
        self.index = index

    def resolve(
        self,
        project: LegacyProject | None,
        org: str | None,
        module: str,
        version: str | None = None,
        importer: str | None = None,
        *,
        version_from: str = "the import",
    ) -> Resolution:
        """Resolve ``org/module``. ``version`` is the import's clause (or a version to check,
        named by ``version_from`` in messages); ``importer`` is the project module the import
        is written in, for Ballerina.lock."""
        module = _unquote(module)
        org = _unquote(org) if org is not None else None
        if not module or "" in module.split(".") or org == "":
            return Resolution(ResolutionStatus.UNRESOLVED, org, module, "not a valid module name")
        if org is None:
            return self._own_module(project, None, module)
        if project is not None and org == project.org and module in project.modules:
            return self._own_module(project, org, module)
        dependency = project.dependencies.get((org, module)) if project is not None else None
        if project is not None and dependency is not None and dependency.path:
            return self._from_path(project, org, module, dependency.path)
        wanted = requested_version(project, org, module, version, importer, version_from)
        return self._from_repositories(project, org, module, wanted)

    def _own_module(
        self, project: LegacyProject | None, org: str | None, module: str
    ) -> Resolution:
        if project is None:
            return Resolution(
                ResolutionStatus.UNRESOLVED,
                org,
                module,
                "an import without an org names a module of the same project, "
                "and this file is in no project",
            )
        searched = (("project", project.root),)
        directory = project.modules.get(module)
        if directory is None:
            available = ", ".join(sorted(project.modules)) or "none"
            reason = f"the project has no module '{module}' (its modules: {available})"
            if module in project.invalid_modules:
                reason = f"'{module}' is not a valid module name, so its directory is no module"
            return Resolution(ResolutionStatus.UNRESOLVED, org, module, reason, searched=searched)
        return Resolution(
            ResolutionStatus.RESOLVED_PACKAGE_MODULE,
            org,
            module,
            "module of the same project",
            module_dir=directory,
            searched=searched,
        )

    def _from_path(self, project: LegacyProject, org: str, module: str, path: str) -> Resolution:
        # realpath, not Path.resolve: a link loop must not raise.
        target = Path(os.path.realpath(project.root / user_path(path)))
        repo = Repository(RepositoryKind.LEGACY_PROJECT, "path", target.parent)
        searched = (("balo path", target),)
        archive = self.index.archives.read(target, module)
        if archive is None:
            exists = target.is_file()
            reason = (
                f"the balo '{path}' named in Ballerina.toml is not a readable archive"
                if exists
                else f"the balo '{path}' named in Ballerina.toml does not exist"
            )
            return Resolution(ResolutionStatus.UNRESOLVED, org, module, reason, searched=searched)
        declared = archive.metadata.version
        dependency = project.dependencies.get((org, module))
        version = next(
            (
                v
                for v in (declared, dependency.version if dependency else None)
                if v and try_parse_version(v) is not None
            ),
            "0.0.0",
        )
        package = PackageVersion(
            org, module, version, repo, archive.metadata.platform or "any", target, (module,)
        )
        return Resolution(
            ResolutionStatus.RESOLVED,
            org,
            module,
            f"from the balo at '{path}' (Ballerina.toml)",
            package=package,
            package_name=module,
            module_dir=archive.module_dir,
            searched=searched,
        )

    def allowed(self, project: LegacyProject | None, org: str) -> tuple[Repository, ...]:
        """The repositories ``org``'s modules may come from, in search order."""
        system = self.index.system_repositories()
        if org in SYSTEM_ORGS:
            return system
        return self.index.repositories(project.root if project is not None else None)

    def _from_repositories(
        self, project: LegacyProject | None, org: str, module: str, wanted: Requested
    ) -> Resolution:
        repos = self.allowed(project, org)
        searched = tuple((r.label, r.bala_root / org) for r in repos)
        wanted_parsed = try_parse_version(wanted.version) if wanted.version else None
        if wanted.version and wanted_parsed is None:
            return Resolution(
                ResolutionStatus.UNRESOLVED,
                org,
                module,
                f"'{wanted.version}' from {wanted.source} is not a valid version",
                package_name=module,
                searched=searched,
            )
        notes: list[str] = []
        everything: list[PackageVersion] = []
        for repo in repos:
            versions = self.index.versions_in(repo, org, module)
            everything.extend(versions)
            for package in self._candidates(versions, wanted_parsed):
                archive = self.index.archive(package)
                if archive is None:
                    notes.append(
                        f"the archive of {package.version} in the {repo.label} "
                        "repository is corrupt"
                    )
                    continue
                reason = self._reason(wanted, package)
                if notes:
                    reason += "; " + "; ".join(notes)
                others = [p for r in repos for p in self.index.versions_in(r, org, module)]
                return Resolution(
                    ResolutionStatus.RESOLVED,
                    org,
                    module,
                    reason,
                    package=package,
                    package_name=module,
                    module_dir=archive.module_dir,
                    searched=searched,
                    other_versions=_ordered(others),
                )
        return self._not_found(project, org, module, wanted, repos, everything, notes, searched)

    @staticmethod
    def _candidates(
        versions: list[PackageVersion], wanted: semver.Version | None
    ) -> list[PackageVersion]:
        """The versions to try in one repository, best first."""
        if wanted is not None:
            return [p for p in versions if p.parsed_version == wanted]
        stable = [p for p in versions if not p.parsed_version.prerelease]
        return stable or versions

    @staticmethod
    def _reason(wanted: Requested, package: PackageVersion) -> str:
        where = f"in the {package.repository.label} repository"
        if wanted.version:
            return f"version {wanted.version} from {wanted.source}, {where}"
        if package.parsed_version.prerelease:
            return f"latest {where} (only pre-releases are there)"
        return f"latest {where}"

    def _not_found(
        self,
        project: LegacyProject | None,
        org: str,
        module: str,
        wanted: Requested,
        repos: tuple[Repository, ...],
        everything: list[PackageVersion],
        notes: list[str],
        searched: tuple[tuple[str, Path], ...],
    ) -> Resolution:
        where = _labels(list(repos))
        if wanted.version and everything:
            on_disk = ", ".join(dict.fromkeys(p.version for p in _ordered(everything)))
            reason = (
                f"version {wanted.version} of '{org}/{module}' from {wanted.source} is not in "
                f"{where} (versions there: {on_disk})"
            )
        elif wanted.version:
            reason = f"'{org}/{module}' {wanted.version} is not in {where}"
        else:
            reason = f"module '{org}/{module}' is not in {where}"
        reason = "; ".join([reason, *notes])
        distribution_missing = False
        if org in SYSTEM_ORGS:
            elsewhere = [
                p
                for r in self.index.repositories(project.root if project else None)
                if r.kind is not RepositoryKind.LEGACY_SYSTEM
                for p in self.index.versions_in(r, org, module)
            ]
            if elsewhere:
                reason += (
                    f"; it is in the {elsewhere[0].repository.label} repository, but "
                    f"'{org}' modules come only from the system repository"
                )
            if self.index.roots.ballerina_home is None:
                distribution_missing = True
                reason += "; no Ballerina distribution is configured (set BALLERINA_HOME)"
            elif not self.index.has_system():
                # Without the 1.x system repository balmod cannot know: no false errors.
                distribution_missing = True
                reason += (
                    f"; {self.index.roots.ballerina_home} has no lib/repo: it is not a "
                    "Ballerina 1.x distribution"
                )
        return Resolution(
            ResolutionStatus.UNRESOLVED,
            org,
            module,
            reason,
            package_name=module if everything else None,
            searched=searched,
            other_versions=_ordered(everything),
            distribution_missing=distribution_missing,
        )


def _ordered(packages: list[PackageVersion]) -> tuple[PackageVersion, ...]:
    unique = list(dict.fromkeys(packages))
    unique.sort(key=lambda p: p.precedence, reverse=True)
    return tuple(unique)


def latest_version(packages: list[PackageVersion]) -> PackageVersion | None:
    """The version ``import`` without a version would pick among ``packages``."""
    chosen = latest([p.parsed_version for p in packages]) or latest(
        [p.parsed_version for p in packages], include_prerelease=True
    )
    return next((p for p in packages if p.parsed_version == chosen), None)
