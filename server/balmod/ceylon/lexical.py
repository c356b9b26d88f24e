"""Lexical facts about Ceylon text: comments, string literals, identifiers.

Ceylon's block comments nest (``/* a /* b */ c */``), which no regular expression matches,
so comments are blanked before the LALR parser sees the text: every comment character but
line breaks becomes a space, and every offset stays where it was. To know where a comment
starts, the pass must skip string literals exactly as the lexer does, so it uses the
grammar's own string terminals (passed in by the parser).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from balmod.text import Span

LINE_BREAKS = "\r\n"

_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    "0": "\0",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "`": "`",
}
_UNICODE_ESCAPE = re.compile(r"\{#([0-9A-Fa-f]{1,8})\}")


@dataclass(frozen=True, slots=True)
class CommentProblem:
    message: str
    span: Span


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in LINE_BREAKS:
            chars[i] = " "


def _line_end(text: str, start: int) -> int:
    n = len(text)
    i = start
    while i < n and text[i] not in LINE_BREAKS:
        i += 1
    return i


def _block_comment_end(text: str, start: int) -> int | None:
    """The end of the (nesting) block comment opened at ``start``; None if it never ends."""
    depth = 0
    i = start
    n = len(text)
    while i < n - 1:
        pair = text[i : i + 2]
        if pair == "/*":
            depth += 1
            i += 2
        elif pair == "*/":
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return None


def mask_comments(
    text: str, literals: Sequence[re.Pattern[str]]
) -> tuple[str, tuple[CommentProblem, ...]]:
    """``text`` with comments blanked, and an error for a block comment that never ends.

    ``literals`` are the patterns of the quoted tokens (strings, character literals,
    backtick literals), tried in the lexer's order wherever a quote character appears.
    """
    chars = list(text)
    problems: list[CommentProblem] = []
    n = len(text)
    i = 0
    if text.startswith("#!"):
        # A shebang line: `ceylon run` scripts start with one.
        end = _line_end(text, 0)
        _blank(chars, 0, end)
        i = end
    while i < n:
        char = text[i]
        if char == "/" and text.startswith("//", i):
            end = _line_end(text, i)
            _blank(chars, i, end)
            i = end
        elif char == "/" and text.startswith("/*", i):
            block_end = _block_comment_end(text, i)
            if block_end is None:
                problems.append(CommentProblem("unterminated comment", Span(i, i + 2)))
                block_end = n
            _blank(chars, i, block_end)
            i = block_end
        elif char in "\"'`":
            for pattern in literals:
                match = pattern.match(text, i)
                if match is not None and match.end() > i:
                    i = match.end()
                    break
            else:
                i += 1
        else:
            i += 1
    return "".join(chars), tuple(problems)


def unescape(body: str) -> str:
    """A literal's content with Ceylon escapes resolved (``\\n``, ``\\"``, ``\\{#00E9}``).

    Named escapes (``\\{LATIN SMALL LETTER E WITH ACUTE}``) and unknown ones are kept as
    written: versions and module names never need them.
    """
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    n = len(body)
    while i < n:
        char = body[i]
        if char != "\\" or i + 1 >= n:
            out.append(char)
            i += 1
            continue
        following = body[i + 1]
        if following in _ESCAPES:
            out.append(_ESCAPES[following])
            i += 2
            continue
        match = _UNICODE_ESCAPE.match(body, i + 1)
        if match is not None:
            code = int(match.group(1), 16)
            if code <= 0x10FFFF:
                out.append(chr(code))
                i = match.end()
                continue
        out.append(char)
        i += 1
    return "".join(out)


def literal_value(text: str) -> str:
    """The content of a literal as written (``"a"``, ``'a'``, ``\"\"\"a\"\"\"``, or one
    with no closing quote). Verbatim strings keep their backslashes."""
    if text.startswith('"""') and len(text) >= 6 and text.endswith('"""'):
        return text[3:-3]
    quote = text[:1]
    body = text[1:]
    if len(text) >= 2 and text.endswith(quote):
        trailing = len(body) - 1 - len(body[:-1].rstrip("\\"))
        if trailing % 2 == 0:
            body = body[:-1]
    return unescape(body)


def identifier_value(text: str) -> str:
    """``\\iin`` -> ``in``: the case-forcing prefix is not part of the name."""
    if text.startswith(("\\i", "\\I")):
        return text[2:]
    return text
