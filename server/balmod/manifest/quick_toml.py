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
from collections.abc import Sequence
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
# literal (no group references), which ``re.sub`` does in C. Each expression starts with a
# fixed character, which the search skips to: the rewriting runs over every body at once.
_COMMENTS = re.compile(r"#[^\n]*")
# A key at the start of a line is one of the table's: a comma goes before each. Every line,
# the first too, follows a newline (one is put before each body).
_TABLE_KEY = re.compile(rf"\n{_WS}(?={_KEY}{_WS}=)")
# In an inline table, a key follows "{" or ",".
_FIRST_KEY = re.compile(rf"\{{{_WS}(?={_KEY}{_WS}=)")
_NEXT_KEY = re.compile(rf",{_WS}(?={_KEY}{_WS}=)")
_EQUALS = re.compile(rf"[ \t=](?:(?<==)|{_WS}=){_WS}")
_TRAILING_COMMA = re.compile(r",(?=[ \t\n]*+\])")
# Spacing around "=" other than exactly one space on each side.
_ODD_SPACING = ("  =", "\t =", "=  ", "= \t")
# strict=False: a tab may stand in a TOML string (the grammar lets no other control in).
_JSON = json.JSONDecoder(strict=False)
# Each body becomes one object of a JSON array, opened with a key no body has (a bare key is
# never empty): the comma the rewriting puts before each key then always follows a member.
_OPEN = '{"":0'
_BETWEEN = "\n}," + _OPEN + "\n"


def quick_loads(text: str) -> dict[str, Any] | None:
    """``tomllib.loads(text)`` for a plain table body (no headers); None when not plain."""
    return quick_loads_many((text,))[0]


def quick_loads_many(texts: Sequence[str]) -> list[dict[str, Any] | None]:
    """:func:`quick_loads` of each text, rewritten and parsed together.

    A fresh 2,000-package Dependencies.toml has 2,000 bodies: together they cost a few passes
    of the expressions and one JSON parse, not a dozen calls each.
    """
    results: list[dict[str, Any] | None] = [None] * len(texts)
    plain: list[int] = []
    sources: list[str] = []
    pairs: list[int] = []
    for index, text in enumerate(texts):
        source = text.replace("\r\n", "\n") if "\r" in text else text  # as tomllib reads it
        if _PLAIN_BODY.fullmatch(source) is None:
            continue
        if "#" in source:
            source = _COMMENTS.sub("", source)
        plain.append(index)
        sources.append(source)
        pairs.append(source.count("="))  # strings hold none, and comments are gone
    if not plain:
        return results
    try:
        decoded = _JSON.decode("[" + _OPEN + _rewrite("\n" + _BETWEEN.join(sources)) + "\n}]")
    except ValueError:
        if len(texts) == 1:
            return results
        return [quick_loads(text) for text in texts]  # only the one JSON refuses is left out
    for index, data, count in zip(plain, decoded, pairs, strict=True):
        del data[""]
        if _keys(data) == count:  # else a key given twice, which JSON keeps and tomllib refuses
            results[index] = data
    return results


def _rewrite(source: str) -> str:
    source = _TABLE_KEY.sub('\n,"', source)
    if "{" in source:
        source = _NEXT_KEY.sub(',"', _FIRST_KEY.sub('{"', source))
    # Builds write one space on each side of "=": then a plain replacement does the same.
    if source.count(" = ") == source.count("=") and not any(s in source for s in _ODD_SPACING):
        source = source.replace(" = ", '":')
    else:
        source = _EQUALS.sub('":', source)
    return _TRAILING_COMMA.sub("", source)


def _keys(table: dict[str, Any]) -> int:
    """The keys of a body and of the inline tables in its arrays (the grammar's only
    nesting)."""
    count = len(table)
    for value in table.values():
        if type(value) is list:
            count += sum(len(item) for item in value if type(item) is dict)
    return count
