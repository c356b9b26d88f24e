"""Ceylon's ``.ceylon/config`` files, as ``ConfigReader``/``ConfigParser`` read them.

The format is git's: ``[section]`` or ``[section "sub"]`` headers, ``key = value`` lines,
``#`` and ``;`` comments, values optionally in double quotes with backslash escapes, and a
trailing backslash continuing a value on the next line. An option may repeat; its values
are kept in order (``lookup=./a`` then ``lookup=./b``). Option names are
``section[.sub].key``, section and key case-insensitive. ``${DIR}`` at the start of a value
is the directory holding the config file, as ``ConfigParser`` replaces it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

_SECTION = re.compile(r'\[\s*([A-Za-z0-9_.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]')
_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_-]*)\s*(?:=\s*(.*))?")
_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "\\": "\\", '"': '"'}


@dataclass(frozen=True, slots=True)
class CeylonConfig:
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def values(self, name: str) -> tuple[str, ...]:
        return self.options.get(option_name(name), ())

    def value(self, name: str) -> str | None:
        found = self.values(name)
        return found[-1] if found else None


def option_name(name: str) -> str:
    """``Section.Sub.Key`` -> ``section.Sub.key``: only a subsection keeps its case."""
    section, _, rest = name.partition(".")
    sub, _, key = rest.rpartition(".")
    return ".".join(p for p in (section.lower(), sub, key.lower()) if p)


def _value(raw: str) -> str:
    """An option's value: quotes removed, escapes resolved, an unquoted comment cut."""
    out: list[str] = []
    quoted = False
    i = 0
    raw = raw.strip()
    while i < len(raw):
        char = raw[i]
        if char == "\\" and i + 1 < len(raw):
            out.append(_ESCAPES.get(raw[i + 1], raw[i + 1]))
            i += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
        i += 1
    return "".join(out).strip()


def parse_config(text: str, where: str = "config") -> CeylonConfig:
    """Every option in ``text``; lines it cannot read are logged and skipped."""
    options: dict[str, list[str]] = {}
    section: str | None = None
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        number = i + 1
        i += 1
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            match = _SECTION.match(line)
            if match is None:
                logger.warning("%s:%d: cannot read section header %r", where, number, line)
                section = None
                continue
            name, sub = match.group(1).lower(), match.group(2)
            section = f"{name}.{sub}" if sub is not None else name
            continue
        # A trailing backslash continues the value on the next line.
        while line.endswith("\\") and i < len(lines):
            line = line[:-1] + lines[i].strip()
            i += 1
        match = _KEY.fullmatch(line)
        if match is None or section is None:
            logger.warning("%s:%d: cannot read option %r", where, number, line)
            continue
        key = f"{section}.{match.group(1).lower()}"
        value = _value(match.group(2)) if match.group(2) is not None else "true"
        options.setdefault(key, []).append(value)
    return CeylonConfig({k: tuple(v) for k, v in options.items()})


def read_config(path: Path) -> CeylonConfig | None:
    """The config in ``path`` with ``${DIR}`` replaced; None when there is no readable file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    config = parse_config(text, str(path))
    directory = str(path.parent)
    options = {
        key: tuple(directory + v[len("${DIR}") :] if v.startswith("${DIR}") else v for v in values)
        for key, values in config.options.items()
    }
    return CeylonConfig(options)
