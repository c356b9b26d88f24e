"""A fast reading of the plain TOML that manifest tables are made of, or no answer at all.

tomllib reads a 300-package Dependencies.toml in about 30 ms, most of it in its general
machinery, and the first check of such a file (a fresh server opening it) pays that in
full. Manifest tables use a small part of TOML: bare keys; basic strings without escapes;
``true`` and ``false``; arrays of these and of inline tables, over several lines, with
comments. For a table body (no headers) in that part whose strings hold none of
``# , = { } [ ]``, the text is one JSON document away: quote the keys, turn ``=`` into
``:``, drop comments and trailing commas. :func:`quick_loads` checks the body against that
grammar with one regular expression and lets the C JSON parser build the values, several
times faster than tomllib.

Anything else (a number, a date, an escape, a literal or multi-line string, a dotted or
quoted key, a duplicate key, a stray character) gets None, and the caller asks tomllib. So
this never decides that a text is invalid, and what it returns is what ``tomllib.loads``
returns for the same text (property tests compare the two on generated texts, valid and
broken).
"""

from __future__ import annotations

import json
import re
from typing import Any

_KEY = r"[A-Za-z0-9_-]++"
_WS = r"[ \t]*+"
# No escapes, no control characters (tab aside), and none of the characters the rewriting
# below looks for, so that it can never act inside a string.
_STRING = r'"[^"\\#,={}\[\]\x00-\x08\x0a-\x1f\x7f]*+"'
_SCALAR = rf"(?:{_STRING}|true|false)"
_PAIR = rf"{_KEY}{_WS}={_WS}{_SCALAR}"
_INLINE = rf"\{{{_WS}(?:{_PAIR}{_WS}(?:,{_WS}{_PAIR}{_WS})*+)?\}}"
_COMMENT = r"#[^\x00-\x08\x0a-\x1f\x7f]*+"
_GAP = rf"(?:[ \t\n]++|{_COMMENT})*+"
_ITEM = rf"(?:{_SCALAR}|{_INLINE})"
_ARRAY = rf"\[{_GAP}(?:{_ITEM}{_GAP}(?:,{_GAP}{_ITEM}{_GAP})*+(?:,{_GAP})?)?\]"
_LINE = rf"{_WS}(?:{_KEY}{_WS}={_WS}(?:{_SCALAR}|{_ARRAY}){_WS})?(?:{_COMMENT})?"
_PLAIN_BODY = re.compile(rf"(?:{_LINE}\n)*+{_LINE}")

# The rewriting into JSON, valid only on a text _PLAIN_BODY matches. Replacements are
# literal (no group references), which ``re.sub`` does in C.
_COMMENTS = re.compile(r"#[^\n]*")
# A key at the start of a line is one of the table's: a comma goes before each.
_TABLE_KEY = re.compile(rf"^{_WS}(?={_KEY}{_WS}=)", re.MULTILINE)
# In an inline table, a key follows "{" or ",".
_FIRST_KEY = re.compile(rf"\{{{_WS}(?={_KEY}{_WS}=)")
_NEXT_KEY = re.compile(rf",{_WS}(?={_KEY}{_WS}=)")
_EQUALS = re.compile(rf"{_WS}={_WS}")
_TRAILING_COMMA = re.compile(r",(?=[ \t\n]*+\])")
# strict=False: a tab may stand in a TOML string (the grammar lets no other control in).
_JSON = json.JSONDecoder(strict=False)


def quick_loads(text: str) -> dict[str, Any] | None:
    """``tomllib.loads(text)`` for a plain table body (no headers); None when not plain."""
    source = text.replace("\r\n", "\n")  # as tomllib reads it
    if _PLAIN_BODY.fullmatch(source) is None:
        return None
    if "#" in source:
        source = _COMMENTS.sub("", source)
    pairs = source.count("=")  # strings hold none, and comments are gone
    source = _TABLE_KEY.sub(',"', source)
    if "{" in source:
        source = _NEXT_KEY.sub(',"', _FIRST_KEY.sub('{"', source))
    source = _EQUALS.sub('":', source)
    source = _TRAILING_COMMA.sub("", source).lstrip(" \t\n")
    if not source:
        return {}
    try:
        data = _JSON.decode("{" + source[1:] + "}")
    except ValueError:
        return None
    if not isinstance(data, dict) or _keys(data) != pairs:
        return None  # a key given twice, which JSON keeps and tomllib refuses
    return data


def _keys(table: dict[str, Any]) -> int:
    """The keys of a body and of the inline tables in its arrays (the grammar's only
    nesting)."""
    count = len(table)
    for value in table.values():
        if type(value) is list:
            count += sum(len(item) for item in value if type(item) is dict)
    return count
