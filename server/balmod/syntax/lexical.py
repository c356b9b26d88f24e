"""Lexical facts about Ballerina text shared by the cheap scanners.

Ballerina has no block comments and its string literals end at the line end, so the only
thing that makes a line start belong to something other than code is a backtick template
spanning lines (whose ``${...}`` interpolations are code again, and may nest templates).
"""

from __future__ import annotations

import re

# Characters the import grammar (grammar/imports.lark) treats as whitespace; the scanners
# must agree with it on where tokens start and end.
WHITESPACE = " \t\f\r\n"

LINE_BREAKS = "\r\n"

# A `//` comment or a `#` documentation line, up to (not including) the line break.
COMMENT = r"(?://|\#)[^\r\n]*"
# A double-quoted string literal with escapes; it cannot span lines, and an unterminated
# one ends at the line break.
STRING = r'"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"?'

_CODE_EVENT = re.compile(rf"{COMMENT}|{STRING}|[`{{}}]")
_TEMPLATE_EVENT = re.compile(r"`|\$\{")


def template_text_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """The [start, end) ranges of backtick-template text from ``start`` on, in order.

    Interpolations (``${...}``) are not template text; an unterminated template runs to
    the end of the text.
    """
    spans: list[tuple[int, int]] = []
    # Each entry is "`" (inside template text), "$" (inside an interpolation) or "{".
    stack: list[str] = []
    pos = start
    n = len(text)
    while pos < n:
        if stack and stack[-1] == "`":
            m = _TEMPLATE_EVENT.search(text, pos)
            if m is None:
                spans.append((pos, n))
                break
            spans.append((pos, m.start()))
            if m.group() == "`":
                stack.pop()
            else:
                stack.append("$")
            pos = m.end()
            continue
        m = _CODE_EVENT.search(text, pos)
        if m is None:
            break
        pos = m.end()
        token = m.group()
        if token == "`":
            stack.append("`")
        elif token == "{":
            stack.append("{")
        elif token == "}" and stack:
            # An unbalanced `}` closes nothing; one closing an interpolation resumes its template.
            stack.pop()
    return spans


_ID_UNESCAPE = re.compile(r"\\u\{([0-9A-Fa-f]{1,6})\}|\\(.)", re.DOTALL)


def identifier_value(raw: str) -> str:
    """The name an identifier denotes: ``'int`` -> ``int``, ``a\\-b`` -> ``a-b``."""
    if raw.startswith("'"):
        raw = raw[1:]
    if "\\" not in raw:
        return raw
    return _ID_UNESCAPE.sub(_unescape, raw)


def _unescape(m: re.Match[str]) -> str:
    if m.group(1) is None:
        return m.group(2)
    code = int(m.group(1), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return m.group(0)
    return chr(code)
