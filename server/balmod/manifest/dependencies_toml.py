"""Dependencies.toml: its model, and its checks (BALLERINA.md §6).

Like the compiler's ``DependencyManifestBuilder``: a file whose ``[ballerina]`` table gives
a ``dependencies-toml-version`` string is read as version 2 and validated against its
schema; any other non-empty file is the old ``[[dependency]]`` form, reported with BCE5101
("Detected an old version of 'Dependencies.toml' file. This will be updated to v2
format."), validated against the old schema and still read. An old entry with a
``repository`` gets the compiler's BCE5102 asking to move it to Ballerina.toml.

balmod's own checks of version 2 entries (all warnings):
- BMD1003 a ``dependencies`` entry names a package the file does not list;
- BMD1004 a ``dependencies`` or ``modules`` entry lacks a field, so the compiler skips it;
- BMD1005 a ``scope`` other than ``testOnly``, the only scope builds write;
- BMD1006 a package listed twice;
- BMD1007 a ``modules`` entry that does not belong to the package it is listed under.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

from balmod.findings import Finding
from balmod.manifest.issues import (
    Issue,
    Stage,
    Target,
    incomplete,
    syntax_finding,
)
from balmod.manifest.keypath import KeyPath
from balmod.manifest.locator import Locations
from balmod.manifest.model import (
    DependenciesFormat,
    DependenciesManifest,
    LockedPackage,
    ModuleRef,
    PackageRef,
)
from balmod.manifest.reading import field_of, read, table_spans
from balmod.manifest.schema import DEPENDENCIES_TOML, OLD_DEPENDENCIES_TOML, SEMVER
from balmod.manifest.stages import staged_findings
from balmod.manifest.validator import compiled_pattern, prepare, validate

LaterStage = Callable[[DependenciesManifest], Iterable[Finding]]

prepare(DEPENDENCIES_TOML)

OLD_FORMAT_MESSAGE = (
    "Detected an old version of 'Dependencies.toml' file. This will be updated to v2 format."
)


def dependencies_format(data: Mapping[str, Any]) -> DependenciesFormat:
    if not data:
        return DependenciesFormat.EMPTY
    ballerina = data.get("ballerina")
    if isinstance(ballerina, dict) and isinstance(ballerina.get("dependencies-toml-version"), str):
        return DependenciesFormat.V2
    return DependenciesFormat.OLD


@lru_cache(maxsize=8)
def parse_dependencies_toml(text: str) -> DependenciesManifest:
    """The file's values with their spans. Cached on the text; never raises."""
    data, locations, error = read(text)
    form = dependencies_format(data)
    key = "dependency" if form is DependenciesFormat.OLD else "package"
    ballerina = data.get("ballerina")
    header = ballerina if isinstance(ballerina, dict) else {}
    path: KeyPath = ("ballerina",)
    return DependenciesManifest(
        format=form,
        toml_version=field_of(header, "dependencies-toml-version", path, locations, str),
        distribution_version=field_of(header, "distribution-version", path, locations, str),
        packages=_packages(key, data.get(key), locations),
        data=data,
        locations=locations,
        syntax_error=None if error is None else syntax_finding(text, error),
    )


def check_dependencies_toml(text: str, *, later: Iterable[LaterStage] = ()) -> list[Finding]:
    """Findings for a Dependencies.toml, in stages (see :mod:`balmod.manifest.stages`)."""
    return staged_findings(text, _issues, parse_dependencies_toml, later)


def _issues(data: Mapping[str, Any]) -> list[Issue]:
    form = dependencies_format(data)
    if form is DependenciesFormat.EMPTY:
        return []
    if form is DependenciesFormat.OLD:
        issues = [Issue("BCE5101", OLD_FORMAT_MESSAGE, (), Target.FIRST_STATEMENT, Stage.SCHEMA)]
        issues.extend(validate(OLD_DEPENDENCIES_TOML, data))
        issues.extend(_local_entries(data.get("dependency")))
        return issues
    issues = validate(DEPENDENCIES_TOML, data)
    packages = data.get("package")
    if isinstance(packages, list):
        issues.extend(_package_rules(packages))
    return issues


def _text(entry: Mapping[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) else None


def _local_entries(entries: Any) -> Iterable[Issue]:
    """BCE5102 for old entries that name a repository (the compiler skips them)."""
    if not isinstance(entries, list):
        return
    semver = compiled_pattern(SEMVER)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or "repository" not in entry:
            continue
        org, name, version = _text(entry, "org"), _text(entry, "name"), _text(entry, "version")
        if org is None or name is None or version is None or not semver.fullmatch(version):
            continue  # the compiler drops such an entry before looking at its repository
        message = (
            "Detected local dependency declarations in 'Dependencies.toml' file. "
            "Add them to 'Ballerina.toml' using following syntax:\n"
            f'[[dependency]]\norg = "{org}"\nname = "{name}"\nversion = "{version}"\n'
            f'repository = "{entry["repository"]}"\n'
        )
        path: KeyPath = ("dependency", index, "repository")
        yield Issue("BCE5102", message, path, Target.KEY, Stage.SCHEMA)


def _package_rules(packages: list[Any]) -> Iterable[Issue]:
    listed: set[tuple[str, str]] = set()
    for index, package in enumerate(packages):
        if not isinstance(package, dict):
            continue
        key = (_text(package, "org"), _text(package, "name"))
        if key[0] is not None and key[1] is not None:
            if key in listed:
                yield Issue(
                    "BMD1006",
                    f"package '{key[0]}/{key[1]}' is listed more than once in Dependencies.toml",
                    ("package", index),
                    Target.KEY,
                    Stage.SCHEMA,
                )
            listed.add((key[0], key[1]))
    for index, package in enumerate(packages):
        if isinstance(package, dict):
            yield from _entry_rules(index, package, listed)


def _entry_rules(
    index: int, package: Mapping[str, Any], listed: set[tuple[str, str]]
) -> Iterable[Issue]:
    path: KeyPath = ("package", index)
    org, name = _text(package, "org"), _text(package, "name")
    scope = _text(package, "scope")
    if scope is not None and scope != "testOnly":
        yield Issue(
            "BMD1005",
            f"unknown scope '{scope}' under [[package]]: builds write only 'testOnly'",
            (*path, "scope"),
            Target.VALUE,
            Stage.SCHEMA,
        )
    dependencies = package.get("dependencies")
    if isinstance(dependencies, list):
        for i, entry in enumerate(dependencies):
            if not isinstance(entry, dict):
                continue
            dep_org, dep_name = _text(entry, "org"), _text(entry, "name")
            if dep_org is not None and dep_name is not None and (dep_org, dep_name) in listed:
                continue  # the usual case, decided before building anything
            at: KeyPath = (*path, "dependencies", i)
            if dep_org is None or dep_name is None:
                missing = [k for k, v in (("org", dep_org), ("name", dep_name)) if v is None]
                yield _incomplete("dependencies", missing, at)
            elif (dep_org, dep_name) not in listed:
                owner = f" of '{org}/{name}'" if org is not None and name is not None else ""
                yield Issue(
                    "BMD1003",
                    f"dependency '{dep_org}/{dep_name}'{owner} is not listed as a [[package]] "
                    "in Dependencies.toml",
                    at,
                    Target.VALUE,
                    Stage.SCHEMA,
                )
    modules = package.get("modules")
    if isinstance(modules, list):
        for i, entry in enumerate(modules):
            if not isinstance(entry, dict):
                continue
            module = entry.get("moduleName")
            if (
                name is not None
                and org is not None
                and entry.get("org") == org
                and entry.get("packageName") == name
                and isinstance(module, str)
                and (module == name or module.startswith(name + "."))
            ):
                continue  # the usual case: nothing _module_rules would say
            yield from _module_rules(entry, (*path, "modules", i), org, name)


def _module_rules(
    entry: Mapping[str, Any], at: KeyPath, org: str | None, name: str | None
) -> Iterable[Issue]:
    values = {key: _text(entry, key) for key in ("org", "packageName", "moduleName")}
    missing = [key for key, value in values.items() if value is None]
    if missing:
        yield _incomplete("modules", missing, at)
        return
    module, package_name = values["moduleName"], values["packageName"]
    assert module is not None and package_name is not None
    if org is not None and name is not None and (values["org"], package_name) != (org, name):
        yield Issue(
            "BMD1007",
            f"module '{module}' is listed under '{org}/{name}' but names package "
            f"'{values['org']}/{package_name}'",
            at,
            Target.VALUE,
            Stage.SCHEMA,
        )
    elif module != package_name and not module.startswith(package_name + "."):
        yield Issue(
            "BMD1007",
            f"module '{module}' is not a module of package '{package_name}': its name must be "
            f"'{package_name}' or start with '{package_name}.'",
            at,
            Target.VALUE,
            Stage.SCHEMA,
        )


def _incomplete(array: str, missing: list[str], at: KeyPath) -> Issue:
    return Issue(
        "BMD1004",
        f"incomplete entry in '{array}': {incomplete(missing)}",
        at,
        Target.VALUE,
        Stage.SCHEMA,
    )


def _packages(key: str, entries: Any, locations: Locations) -> tuple[LockedPackage, ...]:
    if not isinstance(entries, list):
        return ()
    packages = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        path: KeyPath = (key, index)
        header, span = table_spans(locations, path)
        packages.append(
            LockedPackage(
                index=index,
                header=header,
                span=span,
                org=field_of(entry, "org", path, locations, str),
                name=field_of(entry, "name", path, locations, str),
                version=field_of(entry, "version", path, locations, str),
                repository=field_of(entry, "repository", path, locations, str),
                scope=field_of(entry, "scope", path, locations, str),
                transitive=field_of(entry, "transitive", path, locations, bool),
                dependencies=_refs(entry.get("dependencies"), (*path, "dependencies"), locations),
                modules=_modules(entry.get("modules"), (*path, "modules"), locations),
            )
        )
    return tuple(packages)


def _refs(entries: Any, path: KeyPath, locations: Locations) -> tuple[PackageRef, ...]:
    if not isinstance(entries, list):
        return ()
    refs = []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            at: KeyPath = (*path, index)
            refs.append(
                PackageRef(
                    index=index,
                    span=table_spans(locations, at)[1],
                    org=field_of(entry, "org", at, locations, str),
                    name=field_of(entry, "name", at, locations, str),
                )
            )
    return tuple(refs)


def _modules(entries: Any, path: KeyPath, locations: Locations) -> tuple[ModuleRef, ...]:
    if not isinstance(entries, list):
        return ()
    refs = []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            at: KeyPath = (*path, index)
            refs.append(
                ModuleRef(
                    index=index,
                    span=table_spans(locations, at)[1],
                    org=field_of(entry, "org", at, locations, str),
                    package_name=field_of(entry, "packageName", at, locations, str),
                    module_name=field_of(entry, "moduleName", at, locations, str),
                )
            )
    return tuple(refs)
