"""Client settings, parsed in one place from initializationOptions or `workspace/configuration`.

Unknown or ill-typed settings are logged and ignored, never fatal.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SECTION = "balmod"


@dataclass(frozen=True, slots=True)
class Settings:
    ballerina_home: Path | None = None
    user_home: Path | None = None
    disabled_codes: frozenset[str] = field(default_factory=frozenset)
    inlay_hints: bool = True


_KNOWN = {"ballerinaHome", "userHome", "diagnostics", "inlayHints", "server", "trace"}


def _path(raw: dict[str, Any], key: str) -> Path | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return Path(value).expanduser()
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
        disabled_codes=frozenset(disabled),
        inlay_hints=inlay,
    )
