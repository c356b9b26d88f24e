"""Key paths: how balmod names a place in a TOML document.

A path is a tuple of keys (str) and array indices (int): ``("package", 3, "dependencies",
1, "org")``. Its text form is ``package[3].dependencies[1].org``; a key that is not a bare
TOML key is written as a TOML basic string: ``tool."a.b"``.
"""

from __future__ import annotations

import json
import re

KeyPath = tuple[str | int, ...]

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SEGMENT = re.compile(
    r"""
    (?P<bare>[A-Za-z0-9_-]+)
    | "(?P<basic>(?:[^"\\]|\\.)*)"
    | '(?P<literal>[^']*)'
    """,
    re.VERBOSE,
)
_INDEX = re.compile(r"\[(\d+)\]")


def format_key(key: str) -> str:
    """``key`` as TOML would write it: bare when it can be, quoted otherwise."""
    if _BARE.fullmatch(key):
        return key
    return json.dumps(key, ensure_ascii=False)


def format_path(path: KeyPath) -> str:
    """``("package", 3, "org")`` -> ``package[3].org``."""
    out: list[str] = []
    for segment in path:
        if isinstance(segment, int):
            out.append(f"[{segment}]")
        else:
            if out:
                out.append(".")
            out.append(format_key(segment))
    return "".join(out)


def parse_path(text: str) -> KeyPath:
    """The inverse of :func:`format_path`. Raises ValueError on a malformed path."""
    path: list[str | int] = []
    pos = 0
    n = len(text)
    expect_key = True
    while pos < n:
        if expect_key:
            match = _SEGMENT.match(text, pos)
            if match is None:
                raise ValueError(f"malformed key path {text!r} at {pos}")
            if match.group("bare") is not None:
                path.append(match.group("bare"))
            elif match.group("basic") is not None:
                path.append(json.loads('"' + match.group("basic") + '"'))
            else:
                path.append(match.group("literal"))
            pos = match.end()
            expect_key = False
            continue
        index = _INDEX.match(text, pos)
        if index is not None:
            path.append(int(index.group(1)))
            pos = index.end()
        elif text[pos] == ".":
            pos += 1
            expect_key = True
        else:
            raise ValueError(f"malformed key path {text!r} at {pos}")
    if expect_key and path:
        raise ValueError(f"malformed key path {text!r}: ends with '.'")
    return tuple(path)


def as_path(path: KeyPath | str) -> KeyPath:
    """Accept either form; strings are parsed."""
    return parse_path(path) if isinstance(path, str) else path
