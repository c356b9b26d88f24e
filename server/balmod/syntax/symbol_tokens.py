"""Moving through Ballerina source for the symbol scanner: the next significant token,
code skipped whole to where a body or declaration ends, and a header's tokens joined into
a one-line signature."""

from __future__ import annotations

from balmod.syntax import symbol_patterns as rx
from balmod.syntax.symbol_patterns import _WS_CHARS, _fast_skip_regex

# Why `_skip` stopped.
_CLOSED = 0  # after the `}` (or backtick) that closed what it was skipping
_SEMI = 1  # after a `;` at depth 0
_STRAY = 2  # at an unbalanced `}` (not consumed)
_RECOVERED = 3  # at a line-start keyword (not consumed)
_EOF = 4


def _skip(
    text: str,
    pos: int,
    *,
    depth: int = 0,
    semicolon: bool = False,
    recover: int | None = None,
    strong_from: int | None = None,
    template: bool = False,
) -> tuple[int, int]:
    """Skip code from ``pos``; return (position, why it stopped).

    With ``depth`` > 0, ``pos`` is inside that many open braces and the skip ends after the
    brace closing the outermost. With ``semicolon``, it ends after a `;` at depth 0 (or at a
    stray `}`). With ``template``, ``pos`` is inside backtick text and the skip ends after the
    closing backtick. From depth ``recover`` on, a line-start declaration keyword ends the
    skip; from depth ``strong_from`` on (inside class, service and object type bodies) only
    one that no member can start.
    Strings, templates (with nested ``${...}``) and comments are skipped whole; an iterative
    stack keeps pathological nesting from exhausting Python's recursion limit.
    """
    if rx._FAST_PATHS and not template and depth == (0 if semicolon else 1):
        m = _fast_skip_regex(semicolon, text.isascii()).match(text, pos)
        if m is not None:
            return m.end(), _SEMI if semicolon else _CLOSED
    n = len(text)
    if recover is None:
        events = rx.SEMICOLON_EVENTS if semicolon else rx.BRACE_EVENTS
    else:
        events = rx.SEMICOLON_RECOVERY_EVENTS if semicolon else rx.BRACE_RECOVERY_EVENTS
    # Saved code depths (>= 0) to resume when a template closes, and -1 for "this code frame
    # is an interpolation: return to template text when its braces close".
    stack: list[int] = []
    in_template = template
    while pos < n:
        if in_template:
            m = rx.TEMPLATE_EVENTS.search(text, pos)
            if m is None:
                return n, _EOF
            pos = m.end()
            if m.group() == "`":
                if not stack:
                    return pos, _CLOSED
                depth = stack.pop()
                in_template = False
            else:
                stack.append(-1)
                depth = 1
                in_template = False
            continue
        m = events.search(text, pos)
        if m is None:
            return n, _EOF
        char = text[m.start()]
        pos = m.end()
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if stack:
                if depth == 0 and stack[-1] == -1:
                    stack.pop()
                    in_template = True
            elif semicolon:
                if depth < 0:
                    return m.start(), _STRAY
            elif depth <= 0:
                return pos, _CLOSED
        elif char == "`":
            stack.append(depth)
            in_template = True
        elif char == '"' or char == "#" or char == "/":
            pass  # a string or comment, already skipped whole
        elif char == ";":
            if not stack and depth == 0:
                return pos, _SEMI
        elif (
            not stack
            and recover is not None
            and depth >= recover
            and (strong_from is None or depth < strong_from or rx.STRONG_RECOVERY.match(text, pos))
        ):
            # A line break before a declaration keyword: stop at the keyword.
            return pos, _RECOVERED
    return n, _EOF


def _next(text: str, pos: int, docs: list[tuple[int, int]] | None = None) -> tuple[str, int, int]:
    """The next significant token from ``pos`` as (kind, start, end).

    Whitespace and comments are skipped; so are documentation lines, each run of consecutive
    ones appended to ``docs`` (as a range) when given. A template is one token. At the end: "eof".
    """
    match = rx.NEXT.match
    while True:
        m = match(text, pos)
        kind = m.lastgroup if m is not None else None
        if m is None or kind is None:
            return "eof", len(text), len(text)
        start = m.start(kind)
        if kind == "doc":
            if docs is not None:
                docs.append((start, m.end()))
            pos = m.end()
        elif kind == "tpl":
            end, _ = _skip(text, m.end(), template=True)
            return "tpl", start, end
        else:
            return kind, start, m.end()


def _at_line_start(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "\r\n"


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _WS_CHARS:
        end -= 1
    return end


def _normalise(text: str, start: int, end: int, limit: int) -> str:
    """The tokens of text[start:end] joined by single spaces where the source had any
    whitespace or comments between them (none just inside brackets or before `,`/`;`), cut
    after ``limit`` characters to end in "…"."""
    chunk = text[start:end]
    if not rx.NEEDS_TOKENS.search(chunk):
        # No comments, strings or templates: only whitespace runs need collapsing.
        out = rx.TIGHT_SPACE.sub("", rx.WS_RUN.sub(" ", chunk)).strip(" ")
        return out if len(out) <= limit else out[:limit].rstrip() + " …"
    token_match = rx.TOKEN.match
    parts: list[str] = []
    size = 0
    pos = start
    prev_end = start
    prev = ""
    while pos < end and size <= limit:
        m = token_match(text, pos)
        if m is None:
            break
        kind = m.lastgroup
        tok_start, tok_end = pos, m.end()
        if kind == "tpl":
            tok_end, _ = _skip(text, tok_end, template=True)
        pos = tok_end
        if kind == "ws" or kind == "com" or kind == "doc":
            continue
        tok_end = min(tok_end, end)
        token = text[tok_start:tok_end]
        if kind == "tpl":
            token = rx.ANY_WS.sub(" ", token)
        if (
            parts
            and tok_start > prev_end
            and prev not in ("(", "[")
            and token not in (")", "]", ",", ";")
        ):
            parts.append(" ")
            size += 1
        parts.append(token)
        size += len(token)
        prev = token
        prev_end = tok_end
    out = "".join(parts)
    if len(out) > limit:
        out = out[:limit].rstrip() + " …"
    return out
