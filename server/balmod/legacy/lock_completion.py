"""Completion in the Ballerina.lock of a 1.x or 0.990 project.

:func:`lock_completion`: headers (``[[imports."org/module:version"]]`` for each module of
the project; ``[project]``/``[[package]]`` in the 0.990 form); the keys a table lacks; in
an empty entry, whole entries for the project's dependencies and the modules in the
repositories; after ``=``, orgs, an org's modules and a module's versions on disk (newest
first, with their repositories, Ballerina.toml's version marked).

As for Ballerina.toml, built on the helpers and types of :mod:`balmod.legacy.features`;
Ballerina.toml's pins come from :mod:`balmod.legacy.lock_pins`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from balmod.edits import line_break
from balmod.legacy import lock_pins
from balmod.legacy.engine import LegacyEngine
from balmod.legacy.features import (
    MAX_CANDIDATES,
    ManifestCandidate,
    header_before,
    headers,
    key_span,
    line_bounds,
    module_names,
    newest_release,
    next_header_start,
    string_content,
    version_candidates,
    versions_on_disk,
)
from balmod.legacy.lock_pins import ModuleKey, Pin, is_0990_text
from balmod.legacy.manifest import (
    LOCK_0990_IMPORT_KEYS,
    LOCK_0990_PACKAGE_KEYS,
    LOCK_0990_PROJECT_KEYS,
    LOCK_ENTRY_KEYS,
    LOCK_KEYS,
)
from balmod.legacy.project import LegacyProject
from balmod.text import Span

_STRING_VALUE = re.compile(r'(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"(?P<value>[^"\r\n]*)"')
_ASSIGNED = re.compile(r"^[ \t]*(?P<key>[A-Za-z0-9_-]+)[ \t]*=", re.M)


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
    old = is_0990_text(text)
    if stripped.startswith("["):
        if "]" in stripped:
            return []  # after a complete header
        return _header_candidates(legacy, text, offset, line_start, line_end, old)
    table = _table(text, line_start, line_end)
    pins = lock_pins.pins(legacy, manifest_text)
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
    pins: Mapping[ModuleKey, Pin],
) -> list[ManifestCandidate]:
    replace = key_span(text, offset, line_start, line_end)
    old = is_0990_text(text)
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
    pins: Mapping[ModuleKey, Pin],
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
    engine: LegacyEngine, legacy: LegacyProject, key: ModuleKey, pin: Pin | None
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
    pins: Mapping[ModuleKey, Pin],
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
    pins: Mapping[ModuleKey, Pin],
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
