"""Helpers the manifest readers share: fields with spans, and what a broken text still says."""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from typing import Any, TypeVar

from balmod.manifest.document import TomlError, parse_toml
from balmod.manifest.keypath import KeyPath
from balmod.manifest.locator import Locations, NodeKind, locate
from balmod.manifest.model import Field
from balmod.text import Span

T = TypeVar("T")

_EMPTY = Span(0, 0)


def field_of(
    table: Mapping[str, Any], key: str, path: KeyPath, locations: Locations, kind: type[T]
) -> Field[T] | None:
    """``table[key]`` with its spans, when it is there and of type ``kind``."""
    value = table.get(key)
    if value is None or type(value) is not kind:
        return None
    node = locations.nearest((*path, key))
    if node is None:
        return Field(value, _EMPTY, None)
    if node.path != (*path, key):
        return Field(value, node.span, None)
    return Field(value, node.span, node.key)


def table_spans(locations: Locations, path: KeyPath) -> tuple[Span, Span]:
    """(header key, whole table) of the table at ``path``."""
    node = locations.nearest(path)
    if node is None:
        return _EMPTY, _EMPTY
    return node.key or node.span, node.span


def read(text: str) -> tuple[Mapping[str, Any], Locations, TomlError | None]:
    """tomllib's data, the text's locations, and tomllib's error if it rejects the text.

    For a text tomllib rejects, the data is what the locator found before the first error,
    each value read back with tomllib.
    """
    parsed = parse_toml(text)
    locations = locate(text)
    if parsed.data is not None:
        return parsed.data, locations, None
    return salvage(text, locations), locations, parsed.error


def salvage(text: str, locations: Locations) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for node in locations:
        if node.kind is NodeKind.TABLE:
            _put(data, node.path, None)
        elif node.kind is NodeKind.VALUE and node.value is not None:
            try:
                value = tomllib.loads("v = " + text[node.value.start : node.value.end])["v"]
            except (tomllib.TOMLDecodeError, RecursionError):
                continue
            _put(data, node.path, value)
    return data


def _put(data: dict[str, Any], path: KeyPath, value: Any) -> None:
    """Store ``value`` at ``path`` (None: just make sure the table exists)."""
    node: Any = data
    for segment, following in itertools.pairwise(path):
        if isinstance(segment, int):
            if not isinstance(node, list):
                return
            while len(node) <= segment:
                node.append({})
            node = node[segment]
            continue
        if not isinstance(node, dict):
            return
        child = node.get(segment)
        if child is None:
            child = [] if isinstance(following, int) else {}
            node[segment] = child
        node = child
    last = path[-1] if path else None
    if isinstance(last, str) and isinstance(node, dict):
        if value is None:
            node.setdefault(last, {})
        elif last not in node:
            node[last] = value
    elif isinstance(last, int) and isinstance(node, list):
        while len(node) <= last:
            node.append({})
