"""Code actions in the Ballerina.lock of a 1.x or 0.990 project.

:func:`lock_actions`: for a locked version on no repository (BMD2008), lock one that is
there (Ballerina.toml's version preferred); for an entry at the cursor that disagrees
with Ballerina.toml, align either file with the other; with no version in Ballerina.toml,
update to the newest release on disk.

Every edit replaces version strings only, and is kept only when tomllib reads the result
as the same data with just those versions changed.

As for Ballerina.toml, built on the helpers and types of :mod:`balmod.legacy.features`;
Ballerina.toml's pins come from :mod:`balmod.legacy.lock_pins`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from balmod.analysis.manifests.text_edits import checked, expected_data, replace_string
from balmod.edits import TextEdit
from balmod.findings import Finding
from balmod.legacy import lock_pins
from balmod.legacy.engine import LegacyEngine
from balmod.legacy.features import (
    MAX_VERSION_ACTIONS,
    REWRITE,
    ManifestAction,
    newest_release,
    versions_on_disk,
)
from balmod.legacy.lock_pins import ModuleKey, Pin
from balmod.legacy.manifest import DependencyEntry, LockEntry, parse_lock_entries
from balmod.legacy.project import LegacyProject
from balmod.manifest.document import parse_toml
from balmod.manifest.keypath import KeyPath
from balmod.repository.bala import PackageVersion
from balmod.text import Span
from balmod.versions import try_parse_version


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
    pins = lock_pins.pins(legacy, manifest_text)
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
    pins: Mapping[ModuleKey, Pin],
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
    pin: Pin | None,
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
