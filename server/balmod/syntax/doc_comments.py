"""Ballerina documentation comments (``# ...`` lines before a declaration), split into
description, parameters, return value and deprecation the way Ballerina's doc tools split
them, and written out as Markdown for hover and completion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from balmod.syntax.lexical import identifier_value

__all__ = ["Documentation", "parse_doc_text", "parse_documentation"]

# White space a doc line may start with (a byte-order mark too, at a file's start).
_WS_CHARS = " \t\f\r\n\ufeff"


@dataclass(frozen=True, slots=True)
class Documentation:
    """A declaration's ``#`` documentation, split the way Ballerina's doc tools split it."""

    description: str
    params: tuple[tuple[str, str], ...]
    returns: str | None
    # None when not deprecated; the `# # Deprecated` section's text ("" if none) otherwise.
    deprecated: str | None
    # The `# # Deprecated parameters` section: (+ name - reason).
    deprecated_params: tuple[tuple[str, str], ...] = ()

    def to_markdown(self) -> str:
        parts: list[str] = []
        if self.description:
            parts.append(self.description)
        if self.deprecated is not None:
            parts.append("**Deprecated**" + (f"\n\n{self.deprecated}" if self.deprecated else ""))
        if self.params:
            parts.append("**Parameters**\n" + "\n".join(_param_item(p) for p in self.params))
        if self.returns is not None:
            parts.append("**Returns**" + (f"\n\n{self.returns}" if self.returns else ""))
        if self.deprecated_params:
            parts.append(
                "**Deprecated parameters**\n"
                + "\n".join(_param_item(p) for p in self.deprecated_params)
            )
        return "\n\n".join(parts)


def _param_item(param: tuple[str, str]) -> str:
    name, text = param
    return f"- `{name}`: {text}" if text else f"- `{name}`"


def parse_documentation(lines: Iterable[str]) -> Documentation:
    """Split documentation lines (each ``# ...`` as written) into their parts.

    ``+ name - text`` lines document parameters (``+ return - text`` the return value) and
    continue on the following non-blank lines; a ``# Deprecated`` heading starts the
    deprecation notice, ``# Deprecated parameters`` the deprecated parameters.
    """
    contents = []
    for raw in lines:
        line = raw.lstrip(_WS_CHARS)
        contents.append(line[1:] if line.startswith("#") else line)
    return parse_doc_text(contents)


def parse_doc_text(contents: Iterable[str]) -> Documentation:
    """`parse_documentation` on the lines' text after their `#`."""
    description: list[str] = []
    params: list[tuple[str, list[str]]] = []
    dep_params: list[tuple[str, list[str]]] = []
    returns: list[str] | None = None
    deprecated: list[str] | None = None
    section = "description"
    current: list[str] | None = None  # the parameter text that continuation lines extend
    for content in contents:
        line = (content[1:] if content[:1] == " " else content).rstrip()
        stripped = line.lstrip()
        first = stripped[:1]
        if not first:
            current = None
            if section == "deprecated" and deprecated is not None:
                deprecated.append("")
            elif section == "description":
                description.append("")
            continue
        if first == "#":
            title = stripped.lstrip("#").strip().lower()
            current = None
            if title == "deprecated":
                section = "deprecated"
                deprecated = [] if deprecated is None else deprecated
                continue
            if title == "deprecated parameters":
                section = "deprecated parameters"
                continue
            section = "description"
            description.append(line)
            continue
        param = _doc_param(stripped) if first == "+" else None
        if param is not None:
            name = param[0]
            current = [param[1]]
            if section == "deprecated parameters":
                dep_params.append((name, current))
            elif name == "return":
                returns = current
            else:
                params.append((name, current))
            continue
        if current is not None:
            current.append(stripped)
        elif section == "deprecated" and deprecated is not None:
            deprecated.append(line)
        else:
            description.append(line)
    return Documentation(
        description=_join_lines(description),
        params=tuple((name, _join_words(text)) for name, text in params),
        returns=None if returns is None else _join_words(returns),
        deprecated=None if deprecated is None else _join_lines(deprecated),
        deprecated_params=tuple((name, _join_words(text)) for name, text in dep_params),
    )


def _doc_param(line: str) -> tuple[str, str] | None:
    """``+ name - text`` (the dash and text optional) as (name, text)."""
    words = line[1:].split(None, 1)
    if not words or line[1:2] not in (" ", "\t"):
        return None
    name = words[0]
    rest = words[1] if len(words) > 1 else ""
    if "-" in name and not rest.startswith("-"):
        # `+ name- text` or `+ name-text`: the first dash ends the name.
        name, _, head = name.partition("-")
        rest = f"{head} {rest}".strip()
    elif rest.startswith("-"):
        rest = rest[1:].strip()
    return identifier_value(name), rest


def _join_lines(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").rstrip()


def _join_words(parts: list[str]) -> str:
    return " ".join(filter(None, parts))
