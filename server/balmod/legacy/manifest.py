"""The 1.x Ballerina.toml and Ballerina.lock: values with their spans, and their checks.

Ballerina.toml (``ManifestProcessor`` in 1.x): the compiler stops with ``invalid
Ballerina.toml file: cannot find [project]``, ``... cannot find 'org-name' under
[project]``, ``... 'version' under [project] is not semver`` (it wants exactly
``MAJOR.MINOR.PATCH``) and ``... invalid metadata found for dependency [org/module]``; those
are reported in the compiler's words. Keys and tables it does not know it ignores (toml4j
maps only what the model has), so balmod reports them as warnings, not errors. balmod adds
the name rules to dependency names and checks dependency versions.

Ballerina.lock: either form (see :mod:`balmod.legacy.project`), against a schema of each
(:data:`LEGACY_LOCK`, :data:`LEGACY_LOCK_0990`, :data:`LOCK_ENTRY_SCHEMA`) in the
validator's codes and words; unknown keys are warnings, as in Ballerina.toml. An import
entry needs ``org_name``, ``name`` and ``version`` (BMD2008, worded like BMD1004), and its
names and version follow the rules dependencies follow (BMD2001, BMD2002, BMD2005).

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
from balmod.manifest.issues import (
    Issue,
    Stage,
    Target,
    incomplete,
    syntax_finding,
    to_findings,
)
from balmod.manifest.keypath import KeyPath
from balmod.manifest.model import Field
from balmod.manifest.reading import field_of, read, table_spans
from balmod.manifest.schema import Schema
from balmod.manifest.validator import found_type, validate
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

LOCK_KEYS: Mapping[str, str] = {
    "org_name": "The organization of the project the lock file was written for.",
    "version": "The version of that project.",
    "lockfile_version": "The version of the lock file's format.",
    "ballerina_version": "The version of Ballerina that wrote the lock file.",
    "imports": "For each module of the project (`org/module:version`), the module versions "
    'its imports resolved to, one `[[imports."org/module:version"]]` table each.',
}
LOCK_ENTRY_KEYS: Mapping[str, str] = {
    "org_name": "The organization of the imported module.",
    "name": "The name of the imported module.",
    "version": "The version of the module the import is locked to: later builds use exactly "
    "this version while the entry is here.",
}
# The 0.990 form (LockFileBuildListener): [project] and [[package]] tables.
LOCK_0990_PROJECT_KEYS: Mapping[str, str] = {
    "name": "The organization of the project.",
    "version": "The version of the project.",
    "lockfileversion": "The version of the lock file's format.",
    "ballerinaversion": "The version of Ballerina that wrote the lock file.",
}
LOCK_0990_PACKAGE_KEYS: Mapping[str, str] = {
    "name": "The module of the project whose imports follow.",
    "version": "The version of that module.",
    "imports": "The module versions its imports resolved to: `{org, name, version}` tables.",
}
LOCK_0990_IMPORT_KEYS: Mapping[str, str] = {
    "org": LOCK_ENTRY_KEYS["org_name"],
    "name": LOCK_ENTRY_KEYS["name"],
    "version": LOCK_ENTRY_KEYS["version"],
}


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
                    issues.append(_type_issue((*path, name), name, "STRING", member))
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


# --- Ballerina.lock -----------------------------------------------------------------------------

_STRING: Schema = {"type": "string"}
LOCK_TITLE = "Ballerina.lock"

# One [[imports."org/module:version"]] table. The compiler reads the lock file into its model
# (toml4j) and ignores what the model lacks, so unknown keys are warnings, as in Ballerina.toml.
LOCK_ENTRY_SCHEMA: Schema = {
    "title": "imports",
    "type": "object",
    "additionalProperties": False,
    "properties": {key: _STRING for key in LOCK_ENTRY_KEYS},
}
_PACKAGES_0990: Schema = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "org": _STRING,
            "name": _STRING,
            "version": _STRING,
            "imports": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {key: _STRING for key in LOCK_0990_IMPORT_KEYS},
                },
            },
        },
    },
}
LEGACY_LOCK: Schema = {
    "title": LOCK_TITLE,
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{key: _STRING for key in LOCK_KEYS if key != "imports"},
        "imports": {"type": "object"},
        "package": _PACKAGES_0990,
    },
}
# Fewer sources describe the 0.990 form, so its unknown keys are not reported.
LEGACY_LOCK_0990: Schema = {
    "title": LOCK_TITLE,
    "type": "object",
    "properties": {
        "project": {
            "type": "object",
            "properties": {key: _STRING for key in LOCK_0990_PROJECT_KEYS},
        },
        "package": _PACKAGES_0990,
    },
}


def is_0990_lock(data: Mapping[str, Any]) -> bool:
    """Whether a parsed Ballerina.lock has the 0.990 form (``[project]``, ``[[package]]``)."""
    return "project" in data and "imports" not in data


@dataclass(frozen=True, slots=True)
class LockEntry:
    """One import entry of Ballerina.lock, with where it is written."""

    org: str
    module: str
    version: Field[str]
    importer: str  # as the lock names it: "org/module:version" (1.x), "module:version" (0.990)
    path: KeyPath  # of the entry: ("imports", importer, i) or ("package", i, "imports", j)
    span: Span  # the entry: its [[imports."..."]] table, or its inline table
    importer_module: str | None  # the module of the project it is locked for, as written


@dataclass(frozen=True, slots=True)
class _RawEntry:
    path: KeyPath
    values: Mapping[str, Any]  # with the 1.x key names (the 0.990 'org' as 'org_name')
    importer: str
    importer_module: str | None


def importer_module(importer: str) -> str | None:
    """``"acme/greetings:1.0.0"`` -> ``"greetings"``; None when it is not of that form."""
    _org, slash, rest = importer.partition("/")
    module, colon, _version = rest.rpartition(":")
    return module if slash and colon and module else None


def _lock_entries(data: Mapping[str, Any]) -> list[_RawEntry]:
    """Each import entry that is a table, in either form."""
    found: list[_RawEntry] = []
    imports = data.get("imports")
    if isinstance(imports, dict):
        for importer, entries in imports.items():
            if isinstance(entries, list):
                module = importer_module(importer)
                for index, entry in enumerate(entries):
                    if isinstance(entry, dict):
                        found.append(
                            _RawEntry(("imports", importer, index), entry, importer, module)
                        )
    packages = data.get("package")
    if isinstance(packages, list):
        for index, package in enumerate(packages):
            if not isinstance(package, dict):
                continue
            name = package.get("name")
            importer = f"{name}:{package.get('version')}"
            items = package.get("imports")
            for item, entry in enumerate(items if isinstance(items, list) else ()):
                if isinstance(entry, dict):
                    renamed = {"org_name": entry.get("org"), **entry}
                    path: KeyPath = ("package", index, "imports", item)
                    module = name if isinstance(name, str) else None
                    found.append(_RawEntry(path, renamed, importer, module))
    return found


def _type_issue(path: KeyPath, key: str, expected: str, value: Any) -> Issue:
    message = (
        f"incompatible type for key '{key}': expected '{expected}', found '{found_type(value)}'"
    )
    return Issue("TVE0002", message, path, Target.VALUE, Stage.STRUCTURE)


def _schema_issues(schema: Schema, data: Mapping[str, Any], prefix: KeyPath = ()) -> list[Issue]:
    return [
        dataclasses.replace(
            _warn(issue) if issue.code == "TVE0001" else issue, path=(*prefix, *issue.path)
        )
        for issue in validate(schema, data)
    ]


def _imports_issues(imports: Mapping[str, Any]) -> list[Issue]:
    """The shape of ``imports``: arrays of tables, each table as LOCK_ENTRY_SCHEMA says."""
    issues: list[Issue] = []
    for importer, entries in imports.items():
        path: KeyPath = ("imports", importer)
        if not isinstance(entries, list):
            issues.append(_type_issue(path, importer, "ARRAY", entries))
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                issues.extend(_schema_issues(LOCK_ENTRY_SCHEMA, entry, (*path, index)))
            else:
                issues.append(_type_issue((*path, index), importer, "OBJECT", entry))
    return issues


def _entry_issues(raw: _RawEntry) -> list[Issue]:
    """An entry's completeness, names and version (wrong types are the schema's to report)."""
    old = raw.path[0] != "imports"
    # The 0.990 form calls the org 'org'.
    written = {key: (key.removesuffix("_name") if old else key) for key in LOCK_ENTRY_KEYS}
    values = raw.values
    missing = [written[key] for key in LOCK_ENTRY_KEYS if values.get(key) is None]
    if missing:
        message = f"incomplete Ballerina.lock entry: {incomplete(missing)}"
        return [Issue("BMD2008", message, raw.path, Target.KEY, Stage.SCHEMA)]
    org, name, version = (values[key] for key in LOCK_ENTRY_KEYS)
    if not (isinstance(org, str) and isinstance(name, str) and isinstance(version, str)):
        return []
    issues: list[Issue] = []
    problem = org_problem(org)
    if problem:
        message = f"invalid organization name '{org}' in Ballerina.lock: {problem}"
        at: KeyPath = (*raw.path, written["org_name"])
        issues.append(Issue("BMD2001", message, at, Target.VALUE, Stage.SCHEMA))
    problem = module_problem(name)
    if problem:
        message = f"invalid module name '{name}' in Ballerina.lock: {problem}"
        issues.append(Issue("BMD2002", message, (*raw.path, "name"), Target.VALUE, Stage.SCHEMA))
    if try_parse_version(version) is None:
        message = (
            f"invalid version '{version}' for '{org}/{name}' in Ballerina.lock: "
            "expected MAJOR.MINOR.PATCH"
        )
        issues.append(Issue("BMD2005", message, (*raw.path, "version"), Target.VALUE, Stage.SCHEMA))
    return issues


def lock_issues(data: Mapping[str, Any]) -> list[Issue]:
    """Every structure- and schema-stage issue of a parsed Ballerina.lock, in either form."""
    schema = LEGACY_LOCK_0990 if is_0990_lock(data) else LEGACY_LOCK
    issues = _schema_issues(schema, data)
    imports = data.get("imports")
    if isinstance(imports, dict):
        issues.extend(_imports_issues(imports))
    for raw in _lock_entries(data):
        issues.extend(_entry_issues(raw))
    return issues


def parse_lock_entries(text: str) -> list[LockEntry]:
    """The complete entries of a Ballerina.lock text, with spans (none when it is not TOML)."""
    data, locations, error = read(text)
    if error is not None:
        return []
    found: list[LockEntry] = []
    for raw in _lock_entries(data):
        org, name = raw.values.get("org_name"), raw.values.get("name")
        version = field_of(raw.values, "version", raw.path, locations, str)
        if isinstance(org, str) and isinstance(name, str) and version is not None:
            node = locations.get(raw.path)
            span = node.span if node is not None else version.span
            found.append(
                LockEntry(org, name, version, raw.importer, raw.path, span, raw.importer_module)
            )
    return found


LockStage = Callable[[list[LockEntry]], Iterable[Finding]]


def check_legacy_lock(text: str, *, later: Iterable[LockStage] = ()) -> list[Finding]:
    """Findings for a Ballerina.lock: syntax, structure, schema, then ``later`` (resolution)
    stages."""
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
