"""Editor features for the Ballerina.lock of a 1.x or 0.990 project.

The lock file pins, for each module of the project, the version each of its imports
resolved to (:mod:`balmod.legacy.project` describes both forms). As for Ballerina.toml
(:mod:`balmod.legacy.features`, whose helpers and types these reuse):

- :func:`lock_completion`: headers (``[[imports."org/module:version"]]`` for each module of
  the project; ``[project]``/``[[package]]`` in the 0.990 form); the keys a table lacks; in
  an empty entry, whole entries for the project's dependencies and the modules in the
  repositories; after ``=``, orgs, an org's modules and a module's versions on disk (newest
  first, with their repositories, Ballerina.toml's version marked).
- :func:`lock_hover`: for an entry, what it resolves to (repository, version, archive) and
  how it stands with Ballerina.toml; for a header, the project module it is locked for;
  for a top-level key, what it means.
- :func:`lock_actions`: for a locked version on no repository (BMD2008), lock one that is
  there (Ballerina.toml's version preferred); for an entry at the cursor that disagrees
  with Ballerina.toml, align either file with the other; with no version in Ballerina.toml,
  update to the newest release on disk.

Every edit replaces version strings only, and is kept only when tomllib reads the result
as the same data with just those versions changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from balmod.analysis.manifests.text_edits import checked, expected_data, replace_string
from balmod.edits import TextEdit, line_break
from balmod.findings import Finding
from balmod.legacy.engine import LegacyEngine
from balmod.legacy.features import (
    MAX_CANDIDATES,
    MAX_VERSION_ACTIONS,
    REWRITE,
    ManifestAction,
    ManifestCandidate,
    ManifestHover,
    header_before,
    headers,
    key_span,
    legacy_resolution_markdown,
    line_bounds,
    module_names,
    newest_release,
    next_header_start,
    string_content,
    version_candidates,
    versions_markdown,
    versions_on_disk,
)
from balmod.legacy.manifest import (
    LOCK_0990_IMPORT_KEYS,
    LOCK_0990_PACKAGE_KEYS,
    LOCK_0990_PROJECT_KEYS,
    LOCK_ENTRY_KEYS,
    LOCK_KEYS,
    DependencyEntry,
    LockEntry,
    parse_legacy_manifest,
    parse_lock_entries,
)
from balmod.legacy.project import LegacyProject
from balmod.manifest.document import parse_toml
from balmod.manifest.keypath import KeyPath
from balmod.manifest.locator import Located, locate
from balmod.repository.bala import PackageVersion
from balmod.text import Span
from balmod.versions import try_parse_version

ModuleKey = tuple[str, str]

_OLD_FORM = re.compile(r"^[ \t]*(?:\[[ \t]*project[ \t]*\]|\[\[[ \t]*package[ \t]*\]\])", re.M)
_STRING_VALUE = re.compile(r'(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"(?P<value>[^"\r\n]*)"')
_ASSIGNED = re.compile(r"^[ \t]*(?P<key>[A-Za-z0-9_-]+)[ \t]*=", re.M)


def _is_0990_text(text: str) -> bool:
    """The form of a lock text, from its headers alone (it may not parse while typed)."""
    return _OLD_FORM.search(text) is not None


# --- what Ballerina.toml says ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pin:
    """Ballerina.toml's word on one module: a version (None: none, or ``*``), a balo path."""

    version: str | None
    path: str | None
    entry: DependencyEntry | None  # with spans, when Ballerina.toml's text was given


def _pins(legacy: LegacyProject, manifest_text: str | None) -> dict[ModuleKey, _Pin]:
    """Ballerina.toml's dependencies: from ``manifest_text`` (an open editor's buffer) when
    given, else as the project was loaded from disk."""
    pins: dict[ModuleKey, _Pin] = {}
    if manifest_text is None:
        for key, dependency in legacy.dependencies.items():
            pins[key] = _Pin(_valid(dependency.version), dependency.path, None)
        return pins
    for entry in parse_legacy_manifest(manifest_text).dependencies:
        if entry.module is not None:
            version = _valid(entry.version.value if entry.version else None)
            path = entry.path.value if entry.path else None
            pins[entry.module] = _Pin(version, path, entry)
    return pins


def _valid(version: str | None) -> str | None:
    if version is None or try_parse_version(version.strip()) is None:
        return None
    return version.strip()


# --- completion ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """The table the cursor's line belongs to, and what its other lines hold."""

    path: tuple[str, ...]
    values: Mapping[str, str]  # string values written on the other lines
    keys: frozenset[str]  # every key written on the other lines


def _table(text: str, line_start: int, line_end: int) -> _Table:
    header = header_before(text, line_start)
    start = header.span.end if header is not None else 0
    end = next_header_start(text, line_end)
    others = text[start:line_start] + text[line_end:end]
    values = {m["key"]: m["value"] for m in _STRING_VALUE.finditer(others)}
    keys = frozenset(m["key"] for m in _ASSIGNED.finditer(others))
    return _Table(header.path if header is not None else (), values, keys)


def _locked_modules(text: str, path: tuple[str, ...]) -> set[ModuleKey]:
    """The modules the tables under headers ``path`` already lock."""
    found: set[ModuleKey] = set()
    for header in headers(text):
        if header.path != path:
            continue
        body = text[header.span.end : next_header_start(text, header.span.end + 1)]
        values = {m["key"]: m["value"] for m in _STRING_VALUE.finditer(body)}
        org, name = values.get("org_name"), values.get("name")
        if org and name:
            found.add((org, name))
    return found


def lock_completion(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    offset: int,
    manifest_text: str | None = None,
) -> list[ManifestCandidate]:
    """Completion candidates at ``offset`` in the Ballerina.lock of ``legacy``."""
    offset = max(0, min(offset, len(text)))
    line_start, line_end = line_bounds(text, offset)
    before = text[line_start:offset]
    stripped = before.lstrip()
    old = _is_0990_text(text)
    if stripped.startswith("["):
        if "]" in stripped:
            return []  # after a complete header
        return _header_candidates(legacy, text, offset, line_start, line_end, old)
    table = _table(text, line_start, line_end)
    pins = _pins(legacy, manifest_text)
    if old and table.path == ("package",):
        brace = before.rfind("{")
        if brace > before.rfind("}"):
            return _inline_candidates(
                engine, legacy, text, offset, line_start + brace + 1, line_end, pins
            )
    equals = before.find("=")
    if equals < 0:
        return _key_candidates(engine, legacy, text, offset, line_start, line_end, table, pins)
    key = before[:equals].strip()
    replace, quoted = string_content(text, line_start + equals + 1, offset, line_end)
    if len(table.path) == 2 and table.path[0] == "imports":
        org = table.values.get("org_name")
        return _value_candidates(
            engine, legacy, key, org, table.values.get("name"), replace, quoted, pins
        )
    # The project's own org and version, where the lock file repeats them.
    known: dict[str, str | None] = {}
    if table.path == () and not old:
        known = {"org_name": legacy.org, "version": legacy.version}
    elif table.path == ("project",) and old:
        known = {"version": legacy.version}
    value = known.get(key)
    if not value:
        return []
    insert = value if quoted else f'"{value}"'
    return [ManifestCandidate(value, "value", replace, insert, detail="Ballerina.toml")]


def _header_candidates(
    legacy: LegacyProject, text: str, offset: int, line_start: int, line_end: int, old: bool
) -> list[ManifestCandidate]:
    start = line_start
    while start < offset and text[start] in " \t":
        start += 1
    brackets = 0
    while brackets < 2 and start < offset and text[start] == "[":
        start += 1
        brackets += 1
    while start < offset and text[start] in " \t":
        start += 1
    end = offset
    while end < line_end and text[end] != "]":
        end += 1
    while end < line_end and text[end] == "]":
        end += 1
    replace = Span(start, end)
    names: list[tuple[str, bool, str]] = []
    if old:
        present = {h.path for h in headers(text) if not h.array}
        if ("project",) not in present:
            names.append(("project", False, "The project the lock file was written for."))
        names.append(("package", True, "One module of the project and its locked imports."))
    else:
        for module in sorted(legacy.modules):
            module_id = legacy.module_id(module)
            doc = f"The versions the imports of module `{module}` resolved to."
            names.append((f'imports."{module_id}"', True, doc))
    items = []
    for rank, (name, array, doc) in enumerate(names):
        if brackets == 2 and not array:
            continue
        opening = "[" if array and brackets == 1 else ""
        insert = opening + name + ("]]" if array else "]")
        items.append(
            ManifestCandidate(
                name, "table", replace, insert, documentation=doc, sort_text=f"{rank:04d}"
            )
        )
    return items


def _key_candidates(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    offset: int,
    line_start: int,
    line_end: int,
    table: _Table,
    pins: Mapping[ModuleKey, _Pin],
) -> list[ManifestCandidate]:
    replace = key_span(text, offset, line_start, line_end)
    old = _is_0990_text(text)
    keys: Mapping[str, str] = {}
    if table.path == () and not old:
        keys = {k: doc for k, doc in LOCK_KEYS.items() if k != "imports"}
    elif table.path == ("project",) and old:
        keys = LOCK_0990_PROJECT_KEYS
    elif table.path == ("package",) and old:
        keys = LOCK_0990_PACKAGE_KEYS
    elif len(table.path) == 2 and table.path[0] == "imports":
        keys = LOCK_ENTRY_KEYS
    items = [
        ManifestCandidate(k, "key", replace, f"{k} = ", documentation=doc, sort_text=f"0{k}")
        for k, doc in keys.items()
        if k not in table.keys
    ]
    if (
        len(table.path) == 2
        and table.path[0] == "imports"
        and not table.keys & {"org_name", "name"}
    ):
        taken = _locked_modules(text, table.path)
        eol = line_break(text)
        items += _entry_candidates(engine, legacy, replace, pins, taken, eol.join)
    return items


def _entry_candidates(
    engine: LegacyEngine,
    legacy: LegacyProject,
    replace: Span,
    pins: Mapping[ModuleKey, _Pin],
    taken: set[ModuleKey],
    join: Callable[[Iterable[str]], str],
    keys: tuple[str, str, str] = ("org_name", "name", "version"),
) -> list[ManifestCandidate]:
    """Whole entries: Ballerina.toml's dependencies first, then the modules on disk, each
    with the version a build would lock (Ballerina.toml's, else the newest release)."""
    own = {(legacy.org, module) for module in legacy.modules}
    items: list[ManifestCandidate] = []
    seen: set[ModuleKey] = set()
    for group, modules in (("0", list(pins)), ("1", module_names(engine, legacy))):
        for org, module in modules:
            key = (org, module)
            if key in seen or key in taken or key in own:
                continue
            seen.add(key)
            pin = pins.get(key)
            if pin is not None and pin.path:
                continue  # taken from a balo file: nothing to lock
            version, where = _lockable(engine, legacy, key, pin)
            if version is None:
                continue
            org_key, name_key, version_key = keys
            lines = (
                f'{org_key} = "{org}"',
                f'{name_key} = "{module}"',
                f'{version_key} = "{version}"',
            )
            items.append(
                ManifestCandidate(
                    label=f"{org}/{module}",
                    kind="module",
                    replace=replace,
                    insert=join(lines),
                    detail=f"{version} ({where})",
                    sort_text=f"{group}{org}/{module}",
                )
            )
            if len(items) >= MAX_CANDIDATES:
                return items
    return items


def _lockable(
    engine: LegacyEngine, legacy: LegacyProject, key: ModuleKey, pin: _Pin | None
) -> tuple[str | None, str]:
    """The version a build would lock for ``key``, and where it comes from."""
    if pin is not None and pin.version is not None:
        return pin.version, "Ballerina.toml"
    chosen = newest_release(versions_on_disk(engine, legacy, *key))
    if chosen is None:
        return None, ""
    return chosen.version, chosen.repository.label


def _value_candidates(
    engine: LegacyEngine,
    legacy: LegacyProject,
    key: str,
    org: str | None,
    name: str | None,
    replace: Span,
    quoted: bool,
    pins: Mapping[ModuleKey, _Pin],
) -> list[ManifestCandidate]:
    """Values of an entry's ``org_name``/``org``, ``name`` and ``version``."""

    def value(label: str, kind: str, detail: str, rank: int) -> ManifestCandidate:
        insert = label if quoted else f'"{label}"'
        return ManifestCandidate(label, kind, replace, insert, detail, sort_text=f"{rank}{label}")

    if key in ("org_name", "org"):
        repositories = {o for o, _ in module_names(engine, legacy)}
        listed = {o for o, _ in pins}
        return [
            value(o, "org", "Ballerina.toml" if o in listed else "", 0 if o in listed else 1)
            for o in sorted(repositories | listed)
        ]
    if key == "name" and org:
        on_disk = {m for o, m in module_names(engine, legacy) if o == org}
        listed = {m for o, m in pins if o == org}
        own = set(legacy.modules) if org == legacy.org else set()
        return [
            value(m, "module", "Ballerina.toml" if m in listed else "", 0 if m in listed else 1)
            for m in sorted((on_disk | listed) - own)
        ]
    if key == "version" and org and name:
        pin = pins.get((org, name))
        pinned = pin.version if pin is not None else None
        return version_candidates(engine, legacy, (org, name), replace, quoted, pinned)
    return []


def _inline_candidates(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    offset: int,
    inside: int,
    line_end: int,
    pins: Mapping[ModuleKey, _Pin],
) -> list[ManifestCandidate]:
    """In an inline table of a 0.990 ``imports = [{org = "...", ...}]`` array."""
    closing = text.find("}", offset, line_end)
    end = closing if closing >= 0 else line_end
    member_start = max(text.rfind(",", inside, offset) + 1, inside)
    comma = text.find(",", offset, end)
    separator = comma if comma >= 0 else end
    others = text[inside:member_start] + text[separator:end]
    values = {m["key"]: m["value"] for m in _STRING_VALUE.finditer(others)}
    member = text[member_start:offset]
    equals = member.find("=")
    if equals < 0:
        start = member_start
        while start < offset and text[start] in " \t":
            start += 1
        stop = offset
        while stop < separator and (text[stop].isalnum() or text[stop] in "_-"):
            stop += 1
        replace = Span(start, stop)
        written = set(re.findall(r"([A-Za-z0-9_-]+)[ \t]*=", others))
        items = [
            ManifestCandidate(k, "key", replace, f"{k} = ", documentation=doc, sort_text=f"0{k}")
            for k, doc in LOCK_0990_IMPORT_KEYS.items()
            if k not in written
        ]
        if not written & {"org", "name"}:
            taken: set[ModuleKey] = set()
            items += _entry_candidates(
                engine, legacy, replace, pins, taken, ", ".join, ("org", "name", "version")
            )
        return items
    key = member[:equals].strip()
    # Bounded by the member's end, so the value never runs into the next member.
    replace, quoted = string_content(text, member_start + equals + 1, offset, separator)
    return _value_candidates(
        engine, legacy, key, values.get("org"), values.get("name"), replace, quoted, pins
    )


# --- hover -------------------------------------------------------------------------------------


def lock_hover(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    offset: int,
    manifest_text: str | None = None,
) -> ManifestHover | None:
    """Hover facts at ``offset`` in the Ballerina.lock of ``legacy``."""
    entries = parse_lock_entries(text)
    entry = next((e for e in entries if e.span.contains(offset)), None)
    locations = locate(text)
    if entry is not None:
        header_end = line_bounds(text, entry.span.start)[1]
        if entry.path[0] == "imports" and offset <= header_end:
            node = locations.get(entry.path)
            span = node.key if node is not None and node.key is not None else entry.span
            return ManifestHover(_importer_markdown(legacy, entry, entries), span)
        pins = _pins(legacy, manifest_text)
        markdown = _entry_markdown(engine, legacy, entry, pins.get((entry.org, entry.module)))
        return ManifestHover(markdown, _field_span(locations, entry, offset))
    for node in locations:
        if node.key is None or not node.key.contains(offset) or not node.path:
            continue
        name = node.path[-1]
        docs: Mapping[str, str] = {}
        if len(node.path) == 1:
            docs = LOCK_KEYS
        elif node.path[:-1] == ("project",):
            docs = LOCK_0990_PROJECT_KEYS
        elif len(node.path) == 3 and node.path[0] == "package":
            docs = LOCK_0990_PACKAGE_KEYS
        doc = docs.get(name) if isinstance(name, str) else None
        if doc:
            return ManifestHover(f"**{name}** (Ballerina.lock)\n\n{doc}", node.key)
    return None


def _field_span(locations: Iterable[Located], entry: LockEntry, offset: int) -> Span:
    """The ``key = value`` of ``entry`` under the cursor, else the whole entry."""
    depth = len(entry.path) + 1
    for node in locations:
        if len(node.path) != depth or node.path[:-1] != entry.path:
            continue
        start = node.key.start if node.key is not None else node.span.start
        if start <= offset <= node.span.end:
            return Span(start, node.span.end)
    return entry.span


def _entry_markdown(
    engine: LegacyEngine, legacy: LegacyProject, entry: LockEntry, pin: _Pin | None
) -> str:
    org, module, version = entry.org, entry.module, entry.version.value.strip()
    resolution = engine.resolver.resolve(
        legacy, org, module, version, version_from="Ballerina.lock"
    )
    parts = [legacy_resolution_markdown(f"{org}/{module}", resolution)]
    versions = versions_on_disk(engine, legacy, org, module)
    if versions and not resolution.resolved:
        parts += ["", "Versions on disk, newest first:", *versions_markdown(versions)]
    parts += ["", _locked_for(legacy, entry)]
    if pin is not None and pin.path:
        parts += ["", f"Ballerina.toml takes it from the balo `{pin.path}` instead."]
    elif pin is not None and pin.version is not None:
        if pin.version == version:
            parts += ["", "Ballerina.toml names the same version."]
        else:
            parts += [
                "",
                f"Ballerina.toml names `{pin.version}`; while this entry is here, builds "
                f"use the locked `{version}`.",
            ]
    return "\n".join(parts)


def _locked_for(legacy: LegacyProject, entry: LockEntry) -> str:
    module = entry.importer_module
    if module is None or module not in legacy.modules:
        return f"Locked for `{entry.importer}`, which names no module of this project."
    return f"Locked for module `{module}` of this project (`{entry.importer}`)."


def _importer_markdown(
    legacy: LegacyProject, entry: LockEntry, entries: Sequence[LockEntry]
) -> str:
    importer = entry.importer
    lines = [f"**{importer}**", ""]
    module = entry.importer_module
    directory = legacy.modules.get(module) if module is not None else None
    if module is None or directory is None:
        available = ", ".join(sorted(legacy.modules)) or "none"
        lines.append(f"- Names no module of this project (its modules: {available})")
    else:
        lines.append(f"- Module `{module}` of this project: `{directory}`")
        current = legacy.module_id(module)
        if current != importer:
            lines.append(
                f"- The project's modules are now `{current}`: builds do not use these entries"
            )
    locked = [e for e in entries if e.importer == importer]
    lines += ["", f"Locks {len(locked)} import{'s' * (len(locked) != 1)}:"]
    lines += [f"- `{e.org}/{e.module}` `{e.version.value}`" for e in locked]
    return "\n".join(lines)


# --- actions -----------------------------------------------------------------------------------


def _version_edits(
    text: str, data: Mapping[str, Any] | None, group: Sequence[LockEntry], version: str
) -> tuple[TextEdit, ...] | None:
    """Set the version of every entry in ``group``; None unless tomllib reads the result as
    the same data with only those versions changed."""
    if data is None or not group:
        return None
    edits = [replace_string(text, e.version.span, version) for e in group]
    expected = expected_data(data, [((*e.path, "version"), version) for e in group])
    return tuple(edits) if checked(text, edits, expected) is not None else None


def _manifest_edit(manifest_text: str, entry: DependencyEntry, version: str) -> TextEdit | None:
    """Set a Ballerina.toml dependency's version, checked like the lock's own edits."""
    data = parse_toml(manifest_text).data
    if entry.version is None or data is None:
        return None
    value = data.get("dependencies", {}).get(entry.written)
    at: KeyPath = (*entry.key_path, "version") if isinstance(value, dict) else entry.key_path
    edit = replace_string(manifest_text, entry.version.span, version)
    expected = expected_data(data, [(at, version)])
    return edit if checked(manifest_text, [edit], expected) is not None else None


def _by_version(versions: Iterable[PackageVersion]) -> dict[str, PackageVersion]:
    """One package per version (the first in search order), newest first."""
    found: dict[str, PackageVersion] = {}
    for package in versions:
        found.setdefault(package.version, package)
    return found


def lock_actions(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    span: Span,
    findings: Sequence[Finding] = (),
    manifest_text: str | None = None,
) -> list[ManifestAction]:
    """Fixes for the ``findings`` (BMD2008) and version actions for the entries ``span``
    touches.

    ``manifest_text`` is Ballerina.toml's current text: actions that edit it need it.
    """
    entries = parse_lock_entries(text)
    if not entries:
        return []
    data = parse_toml(text).data
    pins = _pins(legacy, manifest_text)
    actions: list[ManifestAction] = []
    for item in findings:
        touches = item.span.start <= span.end and span.start <= item.span.end
        if touches and item.code == "BMD2008" and "org" in item.data:
            actions += _fixes(engine, legacy, text, data, entries, item, pins)
    own = {(legacy.org, module) for module in legacy.modules}
    done: set[ModuleKey] = set()
    for entry in entries:
        key = (entry.org, entry.module)
        if key in done or key in own:
            continue
        if entry.span.end < span.start or entry.span.start > span.end:
            continue
        done.add(key)
        group = [e for e in entries if (e.org, e.module) == key]
        actions += _version_actions(
            engine, legacy, text, data, entry, group, pins.get(key), manifest_text
        )
    return _unique(actions)


def _unique(actions: list[ManifestAction]) -> list[ManifestAction]:
    """The first of the actions that make the same edits (a fix before a version action)."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for action in actions:
        key = (action.path, action.edits)
        if key not in seen:
            seen.add(key)
            kept.append(action)
    return kept


def _fixes(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    data: Mapping[str, Any] | None,
    entries: Sequence[LockEntry],
    item: Finding,
    pins: Mapping[ModuleKey, _Pin],
) -> list[ManifestAction]:
    """For a locked version on no repository: lock one of those on disk instead."""
    target = next((e for e in entries if e.version.span == item.span), None)
    if target is None:
        return []
    key = (target.org, target.module)
    same = [
        e for e in entries if (e.org, e.module, e.version.value) == (*key, target.version.value)
    ]
    available = _by_version(versions_on_disk(engine, legacy, *key))
    pin = pins.get(key)
    newest = newest_release(list(available.values()))
    preferred = (
        pin.version
        if pin is not None and pin.version in available
        else (newest.version if newest is not None else None)
    )
    actions = []
    for package in list(available.values())[:MAX_VERSION_ACTIONS]:
        edits = _version_edits(text, data, same, package.version)
        if edits is not None:
            title = f"Lock '{key[0]}/{key[1]}' to {package.version} ({package.repository.label})"
            actions.append(ManifestAction(title, edits, package.version == preferred, item))
    return actions


def _version_actions(
    engine: LegacyEngine,
    legacy: LegacyProject,
    text: str,
    data: Mapping[str, Any] | None,
    entry: LockEntry,
    group: Sequence[LockEntry],
    pin: _Pin | None,
    manifest_text: str | None,
) -> list[ManifestAction]:
    """Align the lock and Ballerina.toml, or update a module Ballerina.toml leaves open."""
    name = f"{entry.org}/{entry.module}"
    if pin is not None and pin.path:
        return []  # the balo file wins over every version
    available = _by_version(versions_on_disk(engine, legacy, entry.org, entry.module))
    locked = entry.version.value.strip()
    actions = []
    if pin is not None and pin.version is not None:
        differing = [e for e in group if e.version.value.strip() != pin.version]
        if not differing:
            return []
        if pin.version in available:
            edits = _version_edits(text, data, differing, pin.version)
            if edits is not None:
                title = f"Lock '{name}' to {pin.version}, the version in Ballerina.toml"
                actions.append(ManifestAction(title, edits, kind=REWRITE))
        if locked != pin.version and locked in available and manifest_text is not None:
            edit = _manifest_edit(manifest_text, pin.entry, locked) if pin.entry else None
            if edit is not None:
                title = f"Set '{name}' to {locked} in Ballerina.toml, the locked version"
                actions.append(
                    ManifestAction(
                        title,
                        (edit,),
                        kind=REWRITE,
                        path=legacy.ballerina_toml,
                        text=manifest_text,
                    )
                )
        return actions
    newest = newest_release(list(available.values()))
    current = try_parse_version(locked)
    if newest is None or current is None or newest.parsed_version <= current:
        return []
    older = [e for e in group if e.version.value.strip() != newest.version]
    edits = _version_edits(text, data, older, newest.version)
    if edits is None:
        return []
    title = f"Update '{name}' in Ballerina.lock to {newest.version} ({newest.repository.label})"
    return [ManifestAction(title, edits, kind=REWRITE)]
