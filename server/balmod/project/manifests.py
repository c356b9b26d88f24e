"""Reading Ballerina.toml and Dependencies.toml quickly, for resolution.

The standard library's ``tomllib`` is about ten times faster than tomlkit here, which matters
on every keystroke. A file that does not parse is read again line by line for the plain
``key = "string"`` pairs of its tables, so a manifest being edited still names its package;
the parse error goes into the messages. Detailed diagnostics with positions belong to
:mod:`balmod.manifest`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balmod.manifest.document import parse_toml
from balmod.project.model import DependencySpec, LockedPackage, LockForm, PackageKey
from balmod.workspace import UnreadableFile, decode, read_bytes

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(?:#.*)?$")
_PAIR = re.compile(r'^\s*([A-Za-z0-9_\-]+)\s*=\s*"([^"\\]*)"\s*(?:#.*)?$')


def _salvage(text: str) -> dict[str, Any]:
    """The ``key = "string"`` pairs of each table and array-of-tables, ignoring the rest."""
    doc: dict[str, Any] = {}
    current: dict[str, Any] | None = None
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header is not None:
            name = header.group(2)
            if header.group(1) == "[[":
                tables = doc.setdefault(name, [])
                current = {} if isinstance(tables, list) else None
                if current is not None:
                    tables.append(current)
            else:
                table = doc.setdefault(name, {})
                current = table if isinstance(table, dict) else None
            continue
        if line.lstrip().startswith("["):
            # A header this scan does not understand: its pairs belong to no table we know.
            current = None
            continue
        pair = _PAIR.match(line)
        if pair is not None and current is not None:
            current.setdefault(pair.group(1), pair.group(2))
    return doc


def read_toml(path: Path, errors: list[str]) -> dict[str, Any] | None:
    """The TOML document at ``path``; None when missing. Problems are appended to ``errors``.

    Read as every other file is (regular files only, never past the size limit) and parsed
    by the manifest core, which never raises: deep nesting and overlong keys are errors.
    """
    try:
        raw = read_bytes(path)
    except UnreadableFile as exc:
        if path.exists() or path.is_symlink():
            errors.append(f"{path.name}: cannot read: {str(exc).removeprefix(f'{path}: ')}")
        return None
    text = decode(raw).text
    if "\ufffd" in text and b"\xef\xbf\xbd" not in raw:
        errors.append(f"{path.name}: not UTF-8 text")
    parsed = parse_toml(text)
    if parsed.error is not None or parsed.data is None:
        if parsed.error is not None:
            line = text.count("\n", 0, parsed.error.offset) + 1
            errors.append(f"{path.name}: {parsed.error.message} (at line {line})")
        else:
            errors.append(f"{path.name}: not valid TOML")
        return _salvage(text)
    return dict(parsed.data)


def _string(table: dict[str, Any], key: str, where: str, errors: list[str]) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    errors.append(f"{where}: '{key}' must be a string")
    return None


def _tables(doc: dict[str, Any], key: str, file: str, errors: list[str]) -> list[dict[str, Any]]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        errors.append(f"{file}: '{key}' must be an array of tables ([[{key}]])")
        return []
    return [item for item in value if isinstance(item, dict)]


@dataclass(slots=True)
class PackageManifest:
    """What Ballerina.toml says that resolution needs."""

    org: str | None = None
    name: str | None = None
    version: str | None = None
    dependencies: dict[PackageKey, DependencySpec] = field(default_factory=dict)
    is_workspace: bool = False


def read_ballerina_toml(path: Path, errors: list[str]) -> PackageManifest:
    manifest = PackageManifest()
    doc = read_toml(path, errors)
    if doc is None:
        return manifest
    manifest.is_workspace = isinstance(doc.get("workspace"), dict)
    package = doc.get("package")
    if isinstance(package, dict):
        where = f"{path.name} [package]"
        manifest.org = _string(package, "org", where, errors)
        manifest.name = _string(package, "name", where, errors)
        manifest.version = _string(package, "version", where, errors)
    elif package is not None:
        errors.append(f"{path.name}: 'package' must be a table")
    elif not manifest.is_workspace:
        errors.append(f"missing table '[package]' in '{path.name}'")
    for number, table in enumerate(_tables(doc, "dependency", path.name, errors), start=1):
        where = f"{path.name} [[dependency]] #{number}"
        org = _string(table, "org", where, errors)
        name = _string(table, "name", where, errors)
        if org is None or name is None:
            errors.append(f"{where}: needs 'org' and 'name'")
            continue
        manifest.dependencies[(org, name)] = DependencySpec(
            org=org,
            name=name,
            version=_string(table, "version", where, errors),
            repository=_string(table, "repository", where, errors),
            path=_string(table, "path", where, errors),
        )
    return manifest


@dataclass(slots=True)
class LockFile:
    """What Dependencies.toml says: the locked package versions and the file's form."""

    form: LockForm | None = None
    packages: dict[PackageKey, LockedPackage] = field(default_factory=dict)


def _module_names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        item["moduleName"]
        for item in value
        if isinstance(item, dict) and isinstance(item.get("moduleName"), str)
    )


def read_dependencies_toml(path: Path, errors: list[str]) -> LockFile:
    lock = LockFile()
    doc = read_toml(path, errors)
    if doc is None:
        return lock
    if "package" in doc:
        lock.form, key = LockForm.PACKAGE, "package"
    elif "dependency" in doc:
        lock.form, key = LockForm.DEPENDENCY, "dependency"
    else:
        ballerina = doc.get("ballerina")
        if isinstance(ballerina, dict) and "dependencies-toml-version" in ballerina:
            lock.form = LockForm.PACKAGE
        return lock
    for number, table in enumerate(_tables(doc, key, path.name, errors), start=1):
        where = f"{path.name} [[{key}]] #{number}"
        org = _string(table, "org", where, errors)
        name = _string(table, "name", where, errors)
        if org is None or name is None:
            errors.append(f"{where}: needs 'org' and 'name'")
            continue
        lock.packages[(org, name)] = LockedPackage(
            org=org,
            name=name,
            version=_string(table, "version", where, errors),
            repository=_string(table, "repository", where, errors),
            scope=_string(table, "scope", where, errors),
            modules=_module_names(table.get("modules")),
        )
    return lock
