"""Edits of a manifest made at the spans the locator found, each checked by reading it back.

Changing a version is a value-for-value replacement at the value's span, and removing a
``[[package]]`` is cutting out its lines: the rest of the file is kept byte for byte by
construction. tomlkit would keep it too, but it takes about 200 ms to parse a 300-package
Dependencies.toml, and editors ask for code actions on every cursor move. Every result is
read back with tomllib and compared with the data the edit should produce; when they differ
the caller falls back to the tomlkit edits of :mod:`balmod.manifest.edit`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from balmod.edits import TextEdit, apply_edits
from balmod.manifest.document import parse_toml
from balmod.manifest.keypath import KeyPath
from balmod.text import Span


def replace_string(text: str, value: Span, new: str) -> TextEdit:
    """Replace the string at ``value`` (quotes included) with ``new``, in the same quotes."""
    quote = text[value.start] if value.start < len(text) and text[value.start] in "\"'" else '"'
    return TextEdit(value, f"{quote}{new}{quote}")


def remove_chunk(text: str, start: int, end: int) -> TextEdit:
    """Remove a table from its header line at ``start`` to the next header line at ``end``.

    The last table of the file takes the blank lines before it along instead of after it,
    so the file still ends the way it did.
    """
    if text[end:].strip():
        return TextEdit(Span(start, end), "")
    cut = start
    while cut > 0 and text[cut - 1] in " \t\r\n":
        cut -= 1
    # Keep the line break that ends the previous content.
    line_break = text.find("\n", cut, start)
    keep = line_break + 1 if line_break >= 0 else cut
    return TextEdit(Span(min(keep, start), len(text)), "")


def remove_item(text: str, array: Span, items: list[Span], index: int) -> TextEdit:
    """Remove item ``index`` of an array, with the separator it owns."""
    if len(items) == 1:
        return TextEdit(array, "[]")
    item = items[index]
    if index + 1 < len(items):
        return TextEdit(Span(item.start, items[index + 1].start), "")
    return TextEdit(Span(items[index - 1].end, item.end), "")


class _PathCopy:
    """A copy of tomllib's data that copies only the containers along the paths it changes."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.root: dict[str, Any] = dict(data)
        self._copied: set[int] = {id(self.root)}

    def _own(self, parent: Any, key: str | int) -> Any:
        """``parent[key]``, copied once so that changing it leaves the original alone."""
        node = parent[key]
        if id(node) in self._copied or not isinstance(node, dict | list):
            return node
        copy = dict(node) if isinstance(node, dict) else list(node)
        parent[key] = copy
        self._copied.add(id(copy))
        return copy

    def _parent(self, path: KeyPath) -> Any:
        node: Any = self.root
        for segment in path[:-1]:
            node = self._own(node, segment)
        return node

    def set(self, path: KeyPath, value: Any) -> bool:
        try:
            self._parent(path)[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            return False
        return True

    def delete(self, path: KeyPath) -> bool:
        try:
            del self._parent(path)[path[-1]]
        except (KeyError, IndexError, TypeError):
            return False
        return True


def _deepest_last_first(path: KeyPath) -> tuple[int, tuple[tuple[int, str], ...]]:
    """Order deletions so that removing one never shifts the index of another."""
    return len(path), tuple((s, "") if isinstance(s, int) else (-1, s) for s in path)


def expected_data(
    data: Mapping[str, Any],
    sets: Iterable[tuple[KeyPath, Any]] = (),
    deletes: Iterable[KeyPath] = (),
) -> dict[str, Any] | None:
    """``data`` with values set and items deleted (deletions deepest and last first)."""
    result = _PathCopy(data)
    for path, value in sets:
        if not path or not result.set(path, value):
            return None
    for path in sorted(deletes, key=_deepest_last_first, reverse=True):
        if not path or not result.delete(path):
            return None
    return result.root


def checked(text: str, edits: list[TextEdit], expected: Mapping[str, Any] | None) -> str | None:
    """The edited text when tomllib reads it as ``expected``, else None."""
    if expected is None:
        return None
    try:
        result = apply_edits(text, edits)
    except ValueError:
        return None
    parsed = parse_toml(result)
    return result if parsed.data is not None and parsed.data == expected else None
