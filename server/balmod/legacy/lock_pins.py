"""What Ballerina.toml says about each module, and which form a Ballerina.lock text has.

The lock file pins, for each module of the project, the version each of its imports
resolved to (:mod:`balmod.legacy.project` describes both forms). Its editor features
(:mod:`balmod.legacy.lock_completion`, :mod:`balmod.legacy.lock_hover`,
:mod:`balmod.legacy.lock_actions`) weigh each entry against Ballerina.toml's pins, read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from balmod.legacy.manifest import DependencyEntry, parse_legacy_manifest
from balmod.legacy.project import LegacyProject
from balmod.versions import try_parse_version

ModuleKey = tuple[str, str]

_OLD_FORM = re.compile(r"^[ \t]*(?:\[[ \t]*project[ \t]*\]|\[\[[ \t]*package[ \t]*\]\])", re.M)


def is_0990_text(text: str) -> bool:
    """The form of a lock text, from its headers alone (it may not parse while typed)."""
    return _OLD_FORM.search(text) is not None


@dataclass(frozen=True, slots=True)
class Pin:
    """Ballerina.toml's word on one module: a version (None: none, or ``*``), a balo path."""

    version: str | None
    path: str | None
    entry: DependencyEntry | None  # with spans, when Ballerina.toml's text was given


def pins(legacy: LegacyProject, manifest_text: str | None) -> dict[ModuleKey, Pin]:
    """Ballerina.toml's dependencies: from ``manifest_text`` (an open editor's buffer) when
    given, else as the project was loaded from disk."""
    found: dict[ModuleKey, Pin] = {}
    if manifest_text is None:
        for key, dependency in legacy.dependencies.items():
            found[key] = Pin(_valid(dependency.version), dependency.path, None)
        return found
    for entry in parse_legacy_manifest(manifest_text).dependencies:
        if entry.module is not None:
            version = _valid(entry.version.value if entry.version else None)
            path = entry.path.value if entry.path else None
            found[entry.module] = Pin(version, path, entry)
    return found


def _valid(version: str | None) -> str | None:
    if version is None or try_parse_version(version.strip()) is None:
        return None
    return version.strip()
