"""Client settings, parsed in one place from initializationOptions or `workspace/configuration`.

Unknown or ill-typed settings are logged and ignored, never fatal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balmod.repository.roots import user_path
from balmod.workspace import DEFAULT_MAX_FILE_BYTES

log = logging.getLogger(__name__)

SECTION = "balmod"


@dataclass(frozen=True, slots=True)
class Settings:
    ballerina_home: Path | None = None
    user_home: Path | None = None
    ceylon_home: Path | None = None
    ceylon_user_dir: Path | None = None
    disabled_codes: frozenset[str] = field(default_factory=frozenset)
    inlay_hints: bool = True
    # The largest file read from disk: sources, manifests, package.json (see SECURITY.md).
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


_KNOWN = {
    "ballerinaHome",
    "userHome",
    "ceylonHome",
    "ceylonUserDir",
    "diagnostics",
    "inlayHints",
    "maxFileBytes",
    "server",
    "trace",
}


def _path(raw: dict[str, Any], key: str) -> Path | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and "\0" not in value:
        return user_path(value)
    log.warning("setting balmod.%s should be a string path, not %r; ignored", key, value)
    return None


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    log.warning("setting balmod.%s should be an object, not %r; ignored", key, value)
    return {}


def _positive_int(raw: dict[str, Any], key: str, default: int) -> int:
    value = raw.get(key)
    if value is None:
        return default
    # JSON has one number type: 1e6 arrives as a float; true must not count as 1.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    log.warning("setting balmod.%s should be a positive whole number, not %r; ignored", key, value)
    return default


def parse_settings(raw: object) -> Settings:
    """Settings from the client's JSON (the `balmod` section), defaults where absent or wrong."""
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        log.warning("balmod settings should be an object, not %r; using defaults", raw)
        return Settings()
    section = raw.get(SECTION)
    values: dict[str, Any] = section if isinstance(section, dict) else raw
    for key in values.keys() - _KNOWN:
        log.warning("unknown setting balmod.%s ignored", key)
    disabled = _table(values, "diagnostics").get("disable", [])
    if not isinstance(disabled, list) or not all(isinstance(c, str) for c in disabled):
        log.warning("setting balmod.diagnostics.disable should be a list of codes; ignored")
        disabled = []
    inlay = _table(values, "inlayHints").get("enable", True)
    if not isinstance(inlay, bool):
        log.warning("setting balmod.inlayHints.enable should be true or false; ignored")
        inlay = True
    return Settings(
        ballerina_home=_path(values, "ballerinaHome"),
        user_home=_path(values, "userHome"),
        ceylon_home=_path(values, "ceylonHome"),
        ceylon_user_dir=_path(values, "ceylonUserDir"),
        disabled_codes=frozenset(disabled),
        inlay_hints=inlay,
        max_file_bytes=_positive_int(values, "maxFileBytes", DEFAULT_MAX_FILE_BYTES),
    )
