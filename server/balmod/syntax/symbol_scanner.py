"""The scan of a source's module-level items: common declarations read whole by one match
of the item regex (`_items`), plain service declarations by one of `_services`, everything
else handed to the token-by-token reading (`symbol_declarations`), whose answer the
shortcuts give exactly."""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import cast

from balmod.syntax import symbol_patterns as rx
from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.syntax.symbol_declarations import (
    _DECLARATIONS,
    _DeclarationReader,
    _Meta,
    _simple_function_header,
)
from balmod.syntax.symbol_model import (
    _ENUM_DETAIL,
    _K_CLASS,
    _K_CONSTANT,
    _K_ENUM,
    _K_ENUM_MEMBER,
    _K_FUNCTION,
    _K_TYPE,
    _K_VARIABLE,
    _NO_DETAIL,
    _WIDTH,
    _Found,
    _Rest,
)
from balmod.syntax.symbol_patterns import _RECOVERY_WORDS, _item_pattern, _items, _services
from balmod.syntax.symbol_tokens import _next

# The groups of `_items` that `_Parser.run` reads, in the order of its locals.
_RUN_GROUPS = (
    "quals", "public", "fn", "fn_head", "fn_name", "fn_ret", "cn", "cn_name", "ty", "ty_name",
    "cl", "cl_name", "va", "va_name", "en", "imp", "eof",
)  # fmt: skip


@cache
def _group_numbers(cr: bool, fast_headers: bool, ascii_text: bool) -> tuple[int, ...]:
    """The numbers of `_RUN_GROUPS` in the `_items` variant (every variant numbers them
    alike). `re.compile` finds the pattern `_items` compiled from the same source in its
    own cache, so this costs no second compilation."""
    groupindex = re.compile(_item_pattern(cr, fast_headers, ascii_text)).groupindex
    return tuple(groupindex[name] for name in _RUN_GROUPS)


class _Parser(_DeclarationReader):
    """Finds the symbols of one source, as `SymbolTable` keeps them."""

    def run(self) -> _Found:
        text = self.text
        n = self.n
        pos = 0
        if not rx._FAST_PATHS:
            while pos < n:
                new = self._item(pos)
                pos = new if new > pos else pos + 1
            return self.found
        add = self.found.extend
        cr, fast_headers, ascii_text = "\r" in text, rx._FAST_HEADERS, text.isascii()
        match = _items(cr, fast_headers, ascii_text).match
        # Group numbers in locals: the loop reads them often.
        (
            g_quals, g_public, g_fn, g_fn_head, g_fn_name, g_fn_ret, g_cn, g_cn_name, g_ty,
            g_ty_name, g_cl, g_cl_name, g_va, g_va_name, g_en, g_imp, g_eof,
        ) = _group_numbers(cr, fast_headers, ascii_text)  # fmt: skip
        # A declaration read whole by one match keeps its name, whether it is public, and
        # where the match starts, `_read_again` working out the rest from that match when
        # the symbol is made (see `symbol_model._WIDTH`). Its documentation is the last run
        # of doc lines between `pos` and its start (see `Symbol.doc`).
        while pos < n:
            m = match(text, pos)
            if m is None:
                comments = rx.COMMENTS.match(text, pos)
                if comments is not None:
                    # `_item` would skip them: start the item after them.
                    pos = comments.end()
                    continue
                service = _services(ascii_text).match(text, pos)
                if service is None or (new := self._service_end(service)) < 0:
                    new = self._item(pos)
            elif (which := m.lastindex) == g_fn:
                # As `_headed` would read it, with `_simple_function_header` and the body.
                # Names matched as plain ASCII words: `identifier_value` would return them as
                # they are.
                new = m.end()
                name, returns, public = m.group(g_fn_name, g_fn_ret, g_public)
                simple = returns is None or ("record" not in returns and "object" not in returns)
                if simple and text[new - 1] == "}":  # the body matched
                    add((name, public is not None, pos))
                else:
                    name_start, sig_end = m.span(g_fn_head)
                    header = ("{", sig_end, new, m.start(g_fn_ret)) if simple else None
                    new = self._function(self._meta(m), name_start, name_start + len(name), header)
            elif which == g_ty:
                new = m.end()
                if text[new - 1] == ";":  # the type descriptor matched
                    name, public = m.group(g_ty_name, g_public)
                    add((name, public is not None, pos))
                else:
                    new = self._type(self._meta(m), m.end(g_quals) + 4)
            elif which == g_cn:
                new = m.end()
                if text[new - 1] == ";":  # the initialiser matched
                    name, public = m.group(g_cn_name, g_public)
                    add((name, public is not None, pos))
                else:
                    new = self._const(self._meta(m), m.end(g_quals) + 5)
            elif which == g_imp:
                new = m.end()
                # `_item` reads `service import` as a service declaration.
                if text[new - 1] != ";" or m.start(g_quals) != m.end(g_quals):
                    new = self._item(pos)
            elif which == g_cl:
                new = m.end()
                if text[new - 1] == "}":  # the body matched
                    name, public = m.group(g_cl_name, g_public)
                    add((name, public is not None, pos))
                else:
                    new = self._class(self._meta(m), m.end(g_quals) + 5)
            elif which == g_va:
                new = m.end()
                # `_item` reads `service T x = ...` as a service declaration.
                if text[new - 1] == ";" and "service" not in m.group(g_quals):
                    name, public = m.group(g_va_name, g_public)
                    add((name, public is not None, pos))
                else:
                    new = self._item(pos)
            elif which == g_en:
                new = self._simple_enum(m)
            elif which == g_eof:
                break
            else:
                new = self._headed(m)
            pos = new if new > pos else pos + 1
        return self.found

    def _service_end(self, m: re.Match[str]) -> int:
        """Where `_item` ends the service declaration that `_services` matched (``m``), or
        -1 when it would read it otherwise."""
        header = m.group("header")
        if m.group("an") in RESERVED_KEYWORDS or "record" in header or "object" in header:
            return -1
        # As `_service` ends it, after the body.
        end = m.end()
        kind, start, after = _next(self.text, end)
        return after if kind == "op" and self.text[start:after] == ";" else end

    @staticmethod
    def _meta(m: re.Match[str]) -> _Meta:
        """What `_headed` knows before a declaration's keyword."""
        start = m.start("quals")
        return _Meta(start, start, m.start("public") >= 0, (m.start(), start, False))

    def _simple_enum(self, m: re.Match[str]) -> int:
        """An enum whose members are bare names, as `_enum` reads it, kept as a declaration
        read whole: the rest of each member is ``-1 -`` the enum's (see `_read_again`)."""
        members = rx.WORD.findall(self.text, *m.span("en_members"))
        if not _RECOVERY_WORDS.isdisjoint(members):
            # A member named like a declaration keyword may end the enum: `_enum` knows.
            return self._enum(self._meta(m), m.end("quals") + 4)
        public = m.start("public") >= 0
        found = self.found
        found += (m.group("en_name"), public, m.start())
        member = -1 - m.start()
        for name in members:
            found += (name, public, member)
        return m.end()

    def _headed(self, head: re.Match[str]) -> int:
        """An item whose start `_items` matched (`head`), but as no common declaration: goes
        on as `_item` would go on after reading that start token by token."""
        meta = self._meta(head)
        name_start = head.start("fname")
        if name_start >= 0:
            name_end = head.end("fname")
            simple = None
            if rx._FAST_HEADERS and head.start("header") >= 0:
                simple = _simple_function_header(self.text, name_end, head)
            return self._function(meta, name_start, name_end, simple)
        keyword = head.group("kw")
        # The keyword starts where the qualifiers (and the blank space after them) end.
        return _DECLARATIONS[keyword](self, meta, head.end("quals") + len(keyword))


def _read_again(text: str, found: _Found, index: int) -> _Rest:
    """What `_Parser.run` did not keep of the symbol at ``index``, which it read whole with
    one match of `_items`: that match made again where the symbol's rest says (an enum
    member's: where its enum's says), and read as `run` would have read it.

    The variant with `_FAST_HEADERS`: a function is read whole only with it, and any other
    declaration matches alike in both (they differ only in the function alternatives, which
    cannot match where another keyword starts)."""
    pos = cast(int, found[index * _WIDTH + 2])
    enum = index
    if pos < 0:  # a member of the enum matched at `-1 - pos`, the symbol before its members
        pos = -1 - pos
        enum -= 1
        while found[enum * _WIDTH + 2] != pos:
            enum -= 1
    cr, ascii_text = "\r" in text, text.isascii()
    m = cast(re.Match[str], _items(cr, True, ascii_text).match(text, pos))
    if enum < index:
        members = rx.WORD.finditer(text, *m.span("en_members"))
        start, end = next(islice(members, index - enum - 1, None)).span()
        return (
            _K_ENUM_MEMBER, start, end, start, end, start, end, _ENUM_DETAIL - enum, 0, -1, -1,
            False,
        )  # fmt: skip
    start = m.start("quals")
    end = m.end()
    which = m.lastgroup
    if which == "fn":
        name_start, sig_end = m.span("fn_head")
        returns = m.start("fn_ret")
        return (
            _K_FUNCTION, start, end, name_start, m.end("fn_name"), start, sig_end,
            _NO_DETAIL if returns < 0 else returns, sig_end, pos, start, False,
        )  # fmt: skip
    if which == "cl" or which == "en":
        name_start, name_end = m.span(f"{which}_name")
        return (
            _K_CLASS if which == "cl" else _K_ENUM, start, end, name_start, name_end, start,
            name_end, _NO_DETAIL, 0, pos, start, False,
        )  # fmt: skip
    if which == "ty":
        name_start, name_end = m.span("ty_name")
        kind, detail = _K_TYPE, _NO_DETAIL
    elif which == "cn":
        name_start, name_end = m.span("cn_name")
        kind, detail = _K_CONSTANT, m.end("quals") + 5  # after `const`
    else:
        name_start, name_end = m.span("va_name")
        kind, detail = _K_VARIABLE, m.start("va")
    return (
        kind, start, end, name_start, name_end, start, end - 1, detail, name_start, pos, start,
        False,
    )  # fmt: skip
