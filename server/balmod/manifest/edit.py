"""Edits to a manifest, made through tomlkit so everything else stays byte for byte.

Each function takes the text and returns the new text. tomlkit keeps comments, blank lines
and layout; balmod adds two things it does not do on its own: new lines use the file's
own line break, and a new ``[[table]]`` is set off by a blank line like its neighbours.
:func:`text_edit` turns a result into the one minimal edit an editor applies.

A path that names nothing, or a text that is not TOML, raises :class:`ManifestEditError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Table

from balmod.edits import TextEdit, line_break
from balmod.manifest.document import overlong_key, parse_toml
from balmod.manifest.keypath import KeyPath, as_path, format_path
from balmod.manifest.locator import OVERLONG_KEY
from balmod.text import Span

TomlValue = str | int | float | bool | list[Any] | dict[str, Any]


class ManifestEditError(ValueError):
    """The edit cannot be made: the text is not TOML, or the path names nothing."""


def set_value(text: str, path: KeyPath | str, value: TomlValue) -> str:
    """Set the value at ``path`` (adding the key to its table when it is new)."""
    keys = as_path(path)
    if not keys:
        raise ManifestEditError("set_value needs a key path")
    document = _parse(text)
    parent = _walk(document, keys[:-1])
    last = keys[-1]
    try:
        if isinstance(last, int):
            if not isinstance(parent, Array | list) or not 0 <= last < len(parent):
                raise ManifestEditError(f"no array item at '{format_path(keys)}'")
            parent[last] = value
        elif isinstance(parent, Container | Table | dict):
            parent[last] = value
        else:
            raise ManifestEditError(f"'{format_path(keys[:-1])}' is not a table")
    except (TOMLKitError, TypeError) as exc:
        raise ManifestEditError(f"cannot set '{format_path(keys)}': {exc}") from exc
    return _valid(_render(text, document))


def remove_array_item(text: str, path: KeyPath | str, index: int) -> str:
    """Remove item ``index`` of the array or array of tables at ``path``.

    Removing the only table of an array of tables removes the key: tomlkit would otherwise
    write ``key = []`` at the top of the document, a line the user never asked for.
    """
    keys = as_path(path)
    document = _parse(text)
    array = _walk(document, keys)
    if not isinstance(array, AoT | Array) or not 0 <= index < len(array):
        raise ManifestEditError(f"no item {index} in '{format_path(keys)}'")
    parent = _walk(document, keys[:-1]) if keys else None
    if (
        isinstance(array, AoT)
        and len(array) == 1
        and isinstance(keys[-1], str)
        and isinstance(parent, Container | Table)
    ):
        del parent[keys[-1]]
    else:
        del array[index]
    return _valid(_render(text, document))


def append_table(text: str, path: KeyPath | str, table: Mapping[str, TomlValue]) -> str:
    """Append a ``[[path]]`` table holding ``table``, creating the array when it is new."""
    keys = as_path(path)
    if not keys or not isinstance(keys[-1], str):
        raise ManifestEditError("append_table needs the key of an array of tables")
    document = _parse(text)
    newline = line_break(text)
    parent = _walk(document, keys[:-1])
    if not isinstance(parent, Container | Table):
        raise ManifestEditError(f"'{format_path(keys[:-1])}' is not a table")
    new = _table(table, newline)
    existing = parent.get(keys[-1])
    try:
        if existing is None:
            # A new array: tomlkit sets it off with a blank line itself.
            array = tomlkit.aot()
            array.append(new)
            parent.append(keys[-1], array)
            return _valid(_render(text, document))
        if not isinstance(existing, AoT):
            raise ManifestEditError(f"'{format_path(keys)}' is not an array of tables")
        existing.append(new)
    except TOMLKitError as exc:
        raise ManifestEditError(f"cannot append to '{format_path(keys)}': {exc}") from exc
    return _valid(_set_off(text, _render(text, document), newline))


def text_edit(before: str, after: str) -> TextEdit:
    """The single edit that turns ``before`` into ``after`` (the changed middle only)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while (
        end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]
    ):
        end_before -= 1
        end_after -= 1
    return TextEdit(Span(start, end_before), after[start:end_after])


def _parse(text: str) -> tomlkit.TOMLDocument:
    if overlong_key(text) is not None:
        # tomlkit is quadratic in a key's parts too; tomllib's reading decides.
        error = parse_toml(text).error
        if error is not None and error.message == OVERLONG_KEY:
            raise ManifestEditError(f"not valid TOML: {error.message}")
    try:
        return tomlkit.parse(text)
    except (TOMLKitError, ValueError, RecursionError) as exc:
        raise ManifestEditError(f"not valid TOML: {exc}") from exc


def _valid(result: str) -> str:
    """Never hand back text that is not TOML, whatever tomlkit did."""
    error = parse_toml(result).error
    if error is not None:
        raise ManifestEditError(f"the edit would break the file: {error.message}")
    return result


def _walk(document: tomlkit.TOMLDocument, keys: KeyPath) -> Any:
    node: Any = document
    for depth, key in enumerate(keys):
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError, TOMLKitError) as exc:
            raise ManifestEditError(f"nothing at '{format_path(keys[: depth + 1])}'") from exc
    return node


def _table(values: Mapping[str, TomlValue], newline: str) -> Table:
    table = tomlkit.table()
    for key, value in values.items():
        table.add(key, value)
    for item in table.value.body:
        if item[1] is not None:
            item[1].trivia.trail = newline
    table.trivia.trail = newline
    return table


def _render(before: str, document: tomlkit.TOMLDocument) -> str:
    """Dump the document; lines tomlkit added get the file's own line break."""
    after = document.as_string()
    newline = line_break(before)
    if newline == "\n":
        return after
    edit = text_edit(before, after)
    middle = edit.new_text.replace("\r\n", "\n").replace("\n", newline)
    return after[: edit.span.start] + middle + after[edit.span.start + len(edit.new_text) :]


def _set_off(before: str, after: str, newline: str) -> str:
    """Set a table tomlkit appended to an array off by blank lines, like its neighbours.

    tomlkit puts the new element right after the last one's final line. Only text is
    inserted, but where is ambiguous when the new text repeats its surroundings (it ends
    with a line break and the next line starts with ``[``), so look for the insertion that
    starts with the new header at the start of a line.
    """
    size = len(after) - len(before)
    common = 0
    limit = len(before)
    while common < limit and before[common] == after[common]:
        common += 1
    for point in range(common, max(common - size, 0) - 1, -1):
        inserted = after[point : point + size]
        at_line_start = point in (0, len(before)) or after[point - 1] in "\r\n"
        if not inserted.startswith("[[") or not at_line_start:
            continue
        if after[point + size :] != before[point:]:
            continue
        head, tail = before[:point], before[point:]
        if head and not head.endswith(newline + newline):
            inserted = (newline if head.endswith(newline) else newline + newline) + inserted
        if tail.strip() and not inserted.endswith(newline + newline):
            inserted += newline
        return head + inserted + tail
    return after
