"""Ballerina.toml: its model, and its checks in the compiler's words (BALLERINA.md §5).

Beyond the schema, the compiler's manifest builder warns (BCE5001) when ``[package]`` or
its ``org``/``name``/``version`` is missing and defaults them; its message goes on with the
defaults it picked (the user's name, the directory), which balmod does not guess. balmod
adds BMD1004 for a ``[[dependency]]`` the compiler silently skips because it lacks
``org``, ``name`` or ``version``.
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
    BallerinaManifest,
    DependencyEntry,
    Field,
    ModuleEntry,
    PackageInfo,
)
from balmod.manifest.reading import field_of, read, table_spans
from balmod.manifest.schema import BALLERINA_TOML, WORKSPACE_BALLERINA_TOML
from balmod.manifest.stages import staged_findings
from balmod.manifest.validator import prepare, validate

LaterStage = Callable[[BallerinaManifest], Iterable[Finding]]

prepare(BALLERINA_TOML)


@lru_cache(maxsize=8)
def parse_ballerina_toml(text: str) -> BallerinaManifest:
    """The manifest's values with their spans. Cached on the text; never raises."""
    data, locations, error = read(text)
    package = data.get("package")
    return BallerinaManifest(
        package=_package(package, locations) if isinstance(package, dict) else None,
        modules=_modules(package, locations) if isinstance(package, dict) else (),
        dependencies=_dependencies(data.get("dependency"), locations),
        workspace_packages=_workspace(data.get("workspace"), locations),
        data=data,
        locations=locations,
        syntax_error=None if error is None else syntax_finding(text, error),
    )


def check_ballerina_toml(text: str, *, later: Iterable[LaterStage] = ()) -> list[Finding]:
    """Findings for a Ballerina.toml, in stages (see :mod:`balmod.manifest.stages`)."""
    return staged_findings(text, _issues, parse_ballerina_toml, later)


def _issues(data: Mapping[str, Any]) -> list[Issue]:
    issues = validate(BALLERINA_TOML, data)
    is_workspace = "workspace" in data
    if is_workspace:
        issues.extend(validate(WORKSPACE_BALLERINA_TOML, data))
    package = data.get("package")
    if isinstance(package, dict):
        for key in ("org", "name", "version"):
            if key not in package:
                message = f"missing key '{key}' in table '[package]' in 'Ballerina.toml'"
                issues.append(Issue("BCE5001", message, ("package",), Target.KEY, Stage.SCHEMA))
    elif not is_workspace:
        message = "missing table '[package]' in 'Ballerina.toml'"
        target = Target.FIRST_STATEMENT if package is None else Target.KEY
        issues.append(Issue("BCE5001", message, ("package",), target, Stage.SCHEMA))
    dependencies = data.get("dependency")
    if isinstance(dependencies, list):
        for index, entry in enumerate(dependencies):
            if not isinstance(entry, dict):
                continue
            missing = [key for key in ("org", "name", "version") if key not in entry]
            if missing:
                message = f"incomplete [[dependency]]: {incomplete(missing)}"
                path: KeyPath = ("dependency", index)
                issues.append(Issue("BMD1004", message, path, Target.KEY, Stage.SCHEMA))
    return issues


def _package(package: Mapping[str, Any], locations: Locations) -> PackageInfo:
    path: KeyPath = ("package",)
    header, _ = table_spans(locations, path)
    return PackageInfo(
        header=header,
        org=field_of(package, "org", path, locations, str),
        name=field_of(package, "name", path, locations, str),
        version=field_of(package, "version", path, locations, str),
        distribution=field_of(package, "distribution", path, locations, str),
        repository=field_of(package, "repository", path, locations, str),
    )


def _modules(package: Mapping[str, Any], locations: Locations) -> tuple[ModuleEntry, ...]:
    modules = package.get("modules")
    if not isinstance(modules, list):
        return ()
    entries = []
    for index, module in enumerate(modules):
        if not isinstance(module, dict):
            continue
        path: KeyPath = ("package", "modules", index)
        header, span = table_spans(locations, path)
        entries.append(
            ModuleEntry(
                index=index,
                header=header,
                span=span,
                name=field_of(module, "name", path, locations, str),
                export=field_of(module, "export", path, locations, bool),
                readme=field_of(module, "readme", path, locations, str),
                description=field_of(module, "description", path, locations, str),
            )
        )
    return tuple(entries)


def _dependencies(dependencies: Any, locations: Locations) -> tuple[DependencyEntry, ...]:
    if not isinstance(dependencies, list):
        return ()
    entries = []
    for index, entry in enumerate(dependencies):
        if not isinstance(entry, dict):
            continue
        path: KeyPath = ("dependency", index)
        header, span = table_spans(locations, path)
        entries.append(
            DependencyEntry(
                index=index,
                header=header,
                span=span,
                org=field_of(entry, "org", path, locations, str),
                name=field_of(entry, "name", path, locations, str),
                version=field_of(entry, "version", path, locations, str),
                repository=field_of(entry, "repository", path, locations, str),
                path=field_of(entry, "path", path, locations, str),
            )
        )
    return tuple(entries)


def _workspace(workspace: Any, locations: Locations) -> tuple[Field[str], ...] | None:
    if not isinstance(workspace, dict):
        return None
    packages = workspace.get("packages")
    if not isinstance(packages, list):
        return ()
    fields = []
    for index, name in enumerate(packages):
        if isinstance(name, str):
            node = locations.get(("workspace", "packages", index))
            if node is not None:
                fields.append(Field(name, node.span, None))
    return tuple(fields)
