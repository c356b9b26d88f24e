"""The 1.x Ballerina.toml and Ballerina.lock: values with their spans, and their checks.

Ballerina.toml (``ManifestProcessor`` in 1.x): the compiler stops with ``invalid
Ballerina.toml file: cannot find [project]``, ``... cannot find 'org-name' under
[project]``, ``... 'version' under [project] is not semver`` (it wants exactly
``MAJOR.MINOR.PATCH``) and ``... invalid metadata found for dependency [org/module]``; those
are reported in the compiler's words. Keys and tables it does not know it ignores (toml4j
maps only what the model has), so balmod reports them as warnings, not errors. balmod adds
the name rules to dependency names and checks dependency versions.

Ballerina.lock: either form (see :mod:`balmod.legacy.project`); an import entry needs
``org_name``, ``name`` and ``version``.

Checks come in the stages of :mod:`balmod.manifest.issues` (syntax, structure, schema, then
resolution stages a caller adds with ``later=``), with the same codes where they fit
(BMD1001, BMD1002, TVE*), and BMD2xxx for what only 1.x has.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from balmod.findings import Finding, Severity
from balmod.legacy.names import module_problem, org_problem
from balmod.legacy.project import ModuleKey, split_module_key
from balmod.manifest.document import parse_toml
from balmod.manifest.issues import Issue, Stage, Target, syntax_finding, to_findings
from balmod.manifest.keypath import KeyPath
from balmod.manifest.model import Field
from balmod.manifest.reading import field_of, read, table_spans
from balmod.manifest.schema import Schema
from balmod.manifest.validator import validate
from balmod.text import Span
from balmod.versions import try_parse_version

_STRINGS: Schema = {"type": "array", "items": {"type": "string"}}
_PREFIX = "invalid Ballerina.toml file: "

LEGACY_BALLERINA_TOML: Schema = {
    "title": "Ballerina Toml Spec (1.x)",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "project": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "org-name": {
                    "type": "string",
                    "pattern": r"^[a-z0-9_]*$",
                    "maxLength": 256,
                    "message": {
                        "pattern": _PREFIX + "'org-name' under [project] can only contain "
                        "lowercase alphanumerics and underscores",
                        "maxLength": _PREFIX + "maximum length of 'org-name' is 256 characters",
                    },
                },
                "version": {
                    "type": "string",
                    "pattern": r"^(\d+)\.(\d+)\.(\d+)$",
                    "message": {"pattern": _PREFIX + "'version' under [project] is not semver"},
                },
                "license": {},
                "authors": _STRINGS,
                "repository": {"type": "string"},
                "keywords": _STRINGS,
                "templates": _STRINGS,
            },
            "required": ["org-name", "version"],
            "message": {"required": _PREFIX + "cannot find '${property}' under [project]"},
        },
        "dependencies": {"type": "object"},
        "platform": {
            "type": "object",
            "additionalProperties": True,
            "properties": {
                "target": {"type": "string"},
                "libraries": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": True,
                        "properties": {
                            "path": {"type": "string"},
                            "modules": _STRINGS,
                            "artifactId": {"type": "string"},
                            "artafactId": {"type": "string"},
                            "groupId": {"type": "string"},
                            "version": {"type": "string"},
                            "scope": {"type": "string"},
                        },
                    },
                },
            },
        },
        "build-options": {"type": "object"},
    },
}

PROJECT_KEYS: Mapping[str, str] = {
    "org-name": "The organization the project's modules belong to (lowercase letters, "
    "digits, '_'). Required.",
    "version": "The version every module of the project gets (MAJOR.MINOR.PATCH). Required.",
    "license": "The license(s) of the project.",
    "authors": "The authors, as a list of strings.",
    "repository": "The URL of the project's source repository.",
    "keywords": "Keywords for Ballerina Central, as a list of strings.",
    "templates": "Modules that are templates for `ballerina add -t`.",
}
DEPENDENCY_KEYS: Mapping[str, str] = {
    "version": "The exact version of the module to use.",
    "path": "A `.balo` file to use instead of a repository; the version is then ignored.",
}
TABLES = ("project", "dependencies", "platform")

LOCK_TOP_KEYS = ("org_name", "version", "lockfile_version", "ballerina_version", "imports")
LOCK_ENTRY_KEYS = ("org_name", "name", "version")


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DependencyEntry:
    """One dependency, in either form: ``"org/mod" = ...`` or ``[dependencies."org/mod"]``."""

    written: str  # the key's value
    module: ModuleKey | None  # None when the key is not "org/module"
    key_span: Span  # the key as written, quotes included
    span: Span  # its value (or its table)
    version: Field[str] | None
    path: Field[str] | None
    table: bool  # written as a [dependencies."org/mod"] table

    @property
    def key_path(self) -> KeyPath:
        return ("dependencies", self.written)


@dataclass(frozen=True)
class LegacyManifest:
    org: Field[str] | None
    version: Field[str] | None
    project_header: Span | None
    dependencies: tuple[DependencyEntry, ...]
    data: Mapping[str, Any]

    def dependency_at(self, offset: int) -> DependencyEntry | None:
        for entry in self.dependencies:
            if entry.key_span.contains(offset) or entry.span.contains(offset):
                return entry
        return None

    def dependency(self, org: str, module: str) -> DependencyEntry | None:
        return next((d for d in self.dependencies if d.module == (org, module)), None)


def parse_legacy_manifest(text: str) -> LegacyManifest:
    """The 1.x manifest's values with their spans; never raises."""
    data, locations, _error = read(text)
    project = data.get("project")
    org = version = None
    header = None
    if isinstance(project, dict):
        org = field_of(project, "org-name", ("project",), locations, str)
        version = field_of(project, "version", ("project",), locations, str)
        header, _ = table_spans(locations, ("project",))
    entries: list[DependencyEntry] = []
    table = data.get("dependencies")
    if isinstance(table, dict):
        for written, value in table.items():
            path: KeyPath = ("dependencies", written)
            node = locations.get(path)
            if node is None:
                continue
            key_span = node.key or node.span
            is_table = isinstance(value, dict)
            entries.append(
                DependencyEntry(
                    written=written,
                    module=split_module_key(written),
                    key_span=key_span,
                    span=node.span,
                    version=(
                        field_of(value, "version", path, locations, str)
                        if is_table
                        else field_of(table, written, ("dependencies",), locations, str)
                    ),
                    path=field_of(value, "path", path, locations, str) if is_table else None,
                    table=is_table and node.value is not None and text[node.span.start] == "[",
                )
            )
    return LegacyManifest(org, version, header, tuple(entries), data)


# --- checks -------------------------------------------------------------------------------------

LaterStage = Callable[[LegacyManifest], Iterable[Finding]]


def _warn(issue: Issue) -> Issue:
    return dataclasses.replace(issue, severity=Severity.WARNING)


def _dependency_issues(table: Mapping[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    for written, value in table.items():
        path: KeyPath = ("dependencies", written)
        key = split_module_key(written)
        if key is None:
            message = f"invalid dependency name '{written}': expected 'org/module'"
            issues.append(Issue("BMD2006", message, path, Target.KEY, Stage.SCHEMA))
        else:
            org, module = key
            problem = org_problem(org)
            if problem:
                message = f"invalid organization name '{org}' in dependency '{written}': {problem}"
                issues.append(Issue("BMD2001", message, path, Target.KEY, Stage.SCHEMA))
            problem = module_problem(module)
            if problem:
                message = f"invalid module name '{module}' in dependency '{written}': {problem}"
                issues.append(Issue("BMD2002", message, path, Target.KEY, Stage.SCHEMA))
        if isinstance(value, str):
            issues.extend(_version_issue(value, path, written))
        elif isinstance(value, dict):
            for name, member in value.items():
                if name not in DEPENDENCY_KEYS:
                    message = f"key '{name}' not supported in schema '{written}'"
                    issue = Issue("TVE0001", message, (*path, name), Target.KEY, Stage.SCHEMA)
                    issues.append(_warn(issue))
                elif not isinstance(member, str):
                    message = f"incompatible type for key '{name}': expected 'STRING'"
                    issues.append(
                        Issue("TVE0002", message, (*path, name), Target.VALUE, Stage.STRUCTURE)
                    )
                elif name == "version":
                    issues.extend(_version_issue(member, (*path, name), written))
        else:
            message = _PREFIX + f"invalid metadata found for dependency [{written}]"
            issues.append(Issue("BMD2006", message, path, Target.VALUE, Stage.STRUCTURE))
    return issues


def _version_issue(version: str, path: KeyPath, written: str) -> list[Issue]:
    if version.strip() == "*" or try_parse_version(version) is not None:
        return []
    message = f"invalid version '{version}' for dependency '{written}': expected MAJOR.MINOR.PATCH"
    return [Issue("BMD2005", message, path, Target.VALUE, Stage.SCHEMA)]


def legacy_manifest_issues(data: Mapping[str, Any]) -> list[Issue]:
    """Every schema-stage issue of a parsed 1.x Ballerina.toml."""
    issues = [
        _warn(issue) if issue.code == "TVE0001" else issue
        for issue in validate(LEGACY_BALLERINA_TOML, data)
    ]
    if "project" not in data:
        message = _PREFIX + "cannot find [project]"
        issues.append(Issue("BMD2006", message, ("project",), Target.FIRST_STATEMENT, Stage.SCHEMA))
    dependencies = data.get("dependencies")
    if isinstance(dependencies, dict):
        issues.extend(_dependency_issues(dependencies))
    return issues


def check_legacy_ballerina_toml(text: str, *, later: Iterable[LaterStage] = ()) -> list[Finding]:
    """Findings for a 1.x Ballerina.toml: syntax, structure, schema, then ``later`` stages."""
    parsed = parse_toml(text)
    if parsed.error is not None:
        return [syntax_finding(text, parsed.error)]
    assert parsed.data is not None
    issues = legacy_manifest_issues(parsed.data)
    findings = to_findings(text, parsed, issues) if issues else []
    stages = tuple(later)
    if stages:
        manifest = parse_legacy_manifest(text)
        for stage in stages:
            findings.extend(stage(manifest))
    return findings


@dataclass(frozen=True, slots=True)
class LockEntry:
    """One import entry of Ballerina.lock, with where its version is written."""

    org: str
    module: str
    version: Field[str]
    importer: str


def _lock_entries(data: Mapping[str, Any]) -> list[tuple[KeyPath, Mapping[str, Any], str]]:
    """(key path, table, importer) of each import entry, in either form."""
    found: list[tuple[KeyPath, Mapping[str, Any], str]] = []
    imports = data.get("imports")
    if isinstance(imports, dict):
        for importer, entries in imports.items():
            if isinstance(entries, list):
                for index, entry in enumerate(entries):
                    if isinstance(entry, dict):
                        found.append((("imports", importer, index), entry, importer))
    packages = data.get("package")
    if isinstance(packages, list):
        for index, package in enumerate(packages):
            if not isinstance(package, dict):
                continue
            importer = f"{package.get('name')}:{package.get('version')}"
            for item, entry in enumerate(package.get("imports") or ()):
                if isinstance(entry, dict):
                    renamed = {"org_name": entry.get("org"), **entry}
                    found.append((("package", index, "imports", item), renamed, importer))
    return found


def lock_issues(data: Mapping[str, Any]) -> list[Issue]:
    issues: list[Issue] = []
    old_form = "project" in data and "imports" not in data
    if not old_form:
        for key, value in data.items():
            if key not in LOCK_TOP_KEYS and key != "package":
                message = f"key '{key}' not supported in schema 'Ballerina.lock'"
                issues.append(_warn(Issue("TVE0001", message, (key,), Target.KEY, Stage.SCHEMA)))
            elif key != "imports" and key != "package" and not isinstance(value, str):
                message = f"incompatible type for key '{key}': expected 'STRING'"
                issues.append(Issue("TVE0002", message, (key,), Target.VALUE, Stage.STRUCTURE))
    for path, entry, _importer in _lock_entries(data):
        missing = [k for k in LOCK_ENTRY_KEYS if not isinstance(entry.get(k), str)]
        if missing:
            # The 0.990 form calls the org 'org'.
            written = [k if path[0] == "imports" else k.removesuffix("_name") for k in missing]
            names = ", ".join(f"'{k}'" for k in written)
            verb = "is" if len(missing) == 1 else "are"
            message = f"incomplete Ballerina.lock entry: {names} {verb} missing, so it is ignored"
            issues.append(Issue("BMD2008", message, path, Target.KEY, Stage.SCHEMA))
            continue
        version = str(entry["version"])
        if try_parse_version(version) is None:
            message = f"invalid version '{version}' in Ballerina.lock"
            issues.append(Issue("BMD2005", message, (*path, "version"), Target.VALUE, Stage.SCHEMA))
    return issues


def parse_lock_entries(text: str) -> list[LockEntry]:
    """The complete entries of a Ballerina.lock text, with spans (none when it is not TOML)."""
    data, locations, error = read(text)
    if error is not None:
        return []
    found: list[LockEntry] = []
    for path, entry, importer in _lock_entries(data):
        org, name = entry.get("org_name"), entry.get("name")
        version = field_of(entry, "version", path, locations, str)
        if isinstance(org, str) and isinstance(name, str) and version is not None:
            found.append(LockEntry(org, name, version, importer))
    return found


LockStage = Callable[[list[LockEntry]], Iterable[Finding]]


def check_legacy_lock(text: str, *, later: Iterable[LockStage] = ()) -> list[Finding]:
    """Findings for a Ballerina.lock: syntax, structure, then ``later`` (resolution) stages."""
    parsed = parse_toml(text)
    if parsed.error is not None:
        return [syntax_finding(text, parsed.error)]
    assert parsed.data is not None
    issues = lock_issues(parsed.data)
    findings = to_findings(text, parsed, issues) if issues else []
    stages = tuple(later)
    if stages:
        entries = parse_lock_entries(text)
        for stage in stages:
            findings.extend(stage(entries))
    return findings
