"""The resolution stage of the manifest checks: what the manifests say against what is on disk.

Works on tomllib's data and names problems by key path (:class:`~balmod.manifest.issues.Issue`),
so positions are looked up only for what is reported, in the chunks that hold it: a
keystroke in a 300-package Dependencies.toml costs a dictionary lookup per package.

Ballerina.toml (the text being checked, with Dependencies.toml from disk):
- a ``[[dependency]]`` whose package is in none of its repositories: BCE5202 (error);
- whose version, or a compatible newer one, is not there: BCE5202 (warning, as the compiler);
- whose ``repository`` does not exist: BCE5205;
- whose version is incompatible with the one locked in Dependencies.toml, or with a version
  in the dependency graph: BCE5201;
- a ``[[package.modules]]`` name that is not ``<package>.<directory under modules/>``: BMD1008.

Dependencies.toml (the text being checked, with Ballerina.toml from disk):
- a package in none of its repositories: BCE5202, except the package itself;
- a locked version that is not on disk: BMD0004 (the closest compatible one is used instead);
- a ``repository`` that does not exist: BCE5205;
- two incompatible versions of a package across the manifests and the dependency graphs of
  the resolved packages: BCE5201.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from balmod.analysis.manifests.entries import Entry, by_key, entries
from balmod.analysis.manifests.facts import PackageFacts, join_labels
from balmod.analysis.manifests.graph import BALLERINA_TOML, DEPENDENCIES_TOML, Conflict
from balmod.analysis.manifests.keys import ManifestKind
from balmod.findings import Related, Severity
from balmod.manifest.issues import Issue, Stage, Target
from balmod.manifest.keypath import KeyPath
from balmod.project.model import DependencySpec, PackageKey, Project
from balmod.repository.roots import RepositoryKind
from balmod.versions import is_compatible, try_parse_version

if TYPE_CHECKING:
    from balmod.analysis.manifests.service import ManifestService


@dataclass(slots=True)
class StageResult:
    issues: list[Issue] = field(default_factory=list)
    # Related notes by (code, key path) of an issue.
    related: dict[tuple[str, KeyPath], tuple[Related, ...]] = field(default_factory=dict)
    reported: set[tuple[str, KeyPath]] = field(default_factory=set)

    def add(
        self,
        code: str,
        message: str,
        path: KeyPath,
        target: Target,
        severity: Severity | None = None,
        related: tuple[Related, ...] = (),
    ) -> None:
        self.issues.append(Issue(code, message, path, target, Stage.RESOLUTION, severity))
        self.reported.add((code, path))
        if related:
            self.related[(code, path)] = related


def _hint(facts: PackageFacts) -> str:
    elsewhere = facts.elsewhere()
    if not elsewhere:
        return ""
    if [r.kind for r in elsewhere] == [RepositoryKind.LOCAL]:
        return '; it is only in the local repository (add repository = "local")'
    return f"; it is in {join_labels(elsewhere)}"


def _versions(facts: PackageFacts) -> str:
    listed = list(dict.fromkeys(p.version for p in facts.available))
    return f" (versions on disk: {', '.join(listed)})" if listed else ""


def _missing_repository(result: StageResult, entry: Entry, facts: PackageFacts) -> None:
    repo_id = facts.named or ""
    result.add(
        "BCE5205",
        f"Provided custom repository ({repo_id}) cannot be found: there is no "
        f"repositories/{repo_id}/bala directory in the Ballerina user home",
        (*entry.path, "repository"),
        Target.VALUE,
    )


def _not_found(result: StageResult, entry: Entry, facts: PackageFacts) -> None:
    result.add(
        "BCE5202",
        f"package '{facts.org}/{facts.name}' not found in {facts.where()}{_hint(facts)}",
        (*entry.path, "name"),
        Target.VALUE,
    )


def _conflict_related(conflict: Conflict) -> tuple[Related, ...]:
    return tuple(Related(f"version {c.describe()}", path=c.file) for c in conflict.claims)


# --- Dependencies.toml -------------------------------------------------------------------


def dependencies_stage(
    service: ManifestService, data: Mapping[str, Any], project: Project
) -> StageResult:
    result = StageResult()
    found = entries(ManifestKind.DEPENDENCIES, data)
    root = (project.org, project.name) if project.org and project.name else None
    specs = project.dependencies
    for entry in found:
        key = entry.key
        if key is None or key == root:
            continue
        spec = specs.get(key)
        facts = service.facts(
            key[0], key[1], (spec.repository if spec else None) or entry.repository
        )
        if facts.missing_repository:
            if facts.named == entry.repository:
                _missing_repository(result, entry, facts)
            continue
        locked = try_parse_version(entry.version) if entry.version is not None else None
        if locked is not None and facts.has(locked):
            continue  # the usual case: only the locked version's package.json is read
        closest = facts.closest_compatible(locked) if locked is not None else None
        if closest is None and not facts.has_available():
            # Without knowing the package itself, an entry that is nowhere may be it.
            if root is not None and not facts.uncertain:
                _not_found(result, entry, facts)
            continue
        if locked is None:
            continue
        message = f"version {entry.version} of '{key[0]}/{key[1]}' is in no repository"
        if closest is not None:
            message += f"; the closest compatible version on disk, {closest.version}, is used"
        else:
            message += f", nor is any compatible version{_versions(facts)}"
        result.add("BMD0004", message, (*entry.path, "version"), Target.VALUE)

    listed = by_key(found)
    conflicts = service.conflicts(project, specs, listed)  # an entry gives what a lock does
    for key, conflict in conflicts.items():
        listed_entry = listed.get(key)
        if listed_entry is not None:
            result.add(
                "BCE5201",
                conflict.message,
                (*listed_entry.path, "version"),
                Target.VALUE,
                related=_conflict_related(conflict),
            )
            continue
        for claim in conflict.claims:
            owner = listed.get(claim.owner) if claim.owner is not None else None
            if owner is not None and ("BCE5201", owner.path) not in result.reported:
                result.add(
                    "BCE5201",
                    conflict.message,
                    owner.path,
                    Target.KEY,
                    related=_conflict_related(conflict),
                )
    return result


# --- Ballerina.toml ----------------------------------------------------------------------


def _dependency_entry(
    result: StageResult, service: ManifestService, entry: Entry, project: Project
) -> None:
    key = entry.key
    if key is None or entry.bala_path is not None:
        return
    facts = service.facts(key[0], key[1], entry.repository)
    if facts.missing_repository:
        _missing_repository(result, entry, facts)
        return
    if not facts.has_available():
        if not facts.uncertain:
            _not_found(result, entry, facts)
        return
    minimum = try_parse_version(entry.version) if entry.version is not None else None
    if minimum is None:
        return
    if facts.latest_compatible(minimum) is None:
        if facts.named is not None and facts.allowed[0].kind is RepositoryKind.LOCAL:
            where = "the local repository"
        elif facts.named is not None:
            where = f"the custom repository ({facts.named})"
        else:
            where = facts.where()
        result.add(
            "BCE5202",
            f"Dependency version ({entry.version}) cannot be found in {where}. "
            f"org: `{key[0]}` name: {key[1]}{_versions(facts)}",
            (*entry.path, "version"),
            Target.VALUE,
            severity=Severity.WARNING,
        )
    lock = project.locked.get(key)
    locked = try_parse_version(lock.version) if lock and lock.version else None
    if lock is not None and locked is not None and not is_compatible(locked, minimum):
        result.add(
            "BCE5201",
            f"Dependency version ({entry.version}) is incompatible with the version locked in "
            f"Dependencies.toml ({lock.version}). org: `{key[0]}` name: {key[1]}",
            (*entry.path, "version"),
            Target.VALUE,
            related=(Related(f"locked at {lock.version}", path=project.dependencies_toml),),
        )


def _module_entries(result: StageResult, data: Mapping[str, Any], project: Project) -> None:
    package = data.get("package")
    if not isinstance(package, dict):
        return
    name = package.get("name")
    modules = package.get("modules")
    if not isinstance(name, str) or not isinstance(modules, list):
        return
    directories = {
        path.name for path in project.modules.values() if path.parent == project.root / "modules"
    }
    for index, module in enumerate(modules):
        written = module.get("name") if isinstance(module, dict) else None
        if not isinstance(written, str):
            continue
        at: KeyPath = ("package", "modules", index, "name")
        sub = written[len(name) + 1 :] if written.startswith(name + ".") else None
        if sub is None:
            result.add(
                "BMD1008",
                f"'{written}' is not a module of package '{name}': a module's name is "
                f"'{name}.<directory under modules/>'",
                at,
                Target.VALUE,
            )
        elif sub not in directories:
            result.add(
                "BMD1008",
                f"module '{written}' does not exist: there is no directory 'modules/{sub}'",
                at,
                Target.VALUE,
            )


def ballerina_stage(
    service: ManifestService, data: Mapping[str, Any], project: Project
) -> StageResult:
    result = StageResult()
    found = entries(ManifestKind.BALLERINA, data)
    for entry in found:
        _dependency_entry(result, service, entry, project)
    _module_entries(result, data, project)

    listed = by_key(found)
    if not listed:
        # Each conflict reported here is on a [[dependency]] or claimed by one: with none,
        # the dependency graphs need not be read (Dependencies.toml's check reads them).
        return result
    specs: dict[PackageKey, DependencySpec] = {
        k: spec for k, e in listed.items() if (spec := e.as_spec()) is not None
    }
    locks = project.locked
    conflicts = service.conflicts(project, specs, locks)
    for key, conflict in conflicts.items():
        pinned = listed.get(key)
        if pinned is not None and conflict.involves(BALLERINA_TOML):
            path: KeyPath = (*pinned.path, "version")
            other = conflict.second if conflict.first.source == BALLERINA_TOML else conflict.first
            if other.source == DEPENDENCIES_TOML or ("BCE5201", path) in result.reported:
                continue  # reported above, in the compiler's own words
            result.add(
                "BCE5201", conflict.message, path, Target.VALUE, related=_conflict_related(conflict)
            )
        elif pinned is None and key not in locks:
            for claim in conflict.claims:
                owner = listed.get(claim.owner) if claim.owner is not None else None
                if owner is not None and ("BCE5201", owner.path) not in result.reported:
                    result.add(
                        "BCE5201",
                        conflict.message,
                        owner.path,
                        Target.KEY,
                        related=_conflict_related(conflict),
                    )
    return result
