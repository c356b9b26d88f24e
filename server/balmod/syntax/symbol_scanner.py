"""The scan of a source's module-level items: common declarations read whole by one match
of the item regex (`_items`), everything else handed to the token-by-token reading
(`symbol_declarations`), whose answer the shortcuts give exactly."""

from __future__ import annotations

import re
from functools import cache

from balmod.syntax import symbol_patterns as rx
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
    _NO_DETAIL,
    _WIDTH,
    _Found,
)
from balmod.syntax.symbol_patterns import _RECOVERY_WORDS, _item_pattern, _items

# The groups of `_items` that `_Parser.run` reads, in the order of its locals.
_RUN_GROUPS = (
    "quals", "public", "fn", "fn_head", "fn_name", "fn_ret", "cn", "cn_name", "ty", "ty_name",
    "cl", "cl_name", "en", "imp", "eof",
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
            g_ty_name, g_cl, g_cl_name, g_en, g_imp, g_eof,
        ) = _group_numbers(cr, fast_headers, ascii_text)  # fmt: skip
        while pos < n:
            m = match(text, pos)
            # The documentation of the declarations read here is the last run of doc lines
            # between `pos` and `start` (see `Symbol.doc`).
            if m is None:
                comments = rx.COMMENTS.match(text, pos)
                if comments is not None:
                    # `_item` would skip them: start the item after them.
                    pos = comments.end()
                    continue
                new = self._item(pos)
            elif (which := m.lastindex) == g_fn:
                # As `_headed` would read it, with `_simple_function_header` and the body.
                # Names matched as plain ASCII words: `identifier_value` would return them as
                # they are.
                start = m.start(g_quals)
                name_start, sig_end = m.span(g_fn_head)
                new = m.end()
                name, returns, public = m.group(g_fn_name, g_fn_ret, g_public)
                name_end = name_start + len(name)
                simple = returns is None or ("record" not in returns and "object" not in returns)
                if simple and text[new - 1] == "}":  # the body matched
                    add(
                        (
                            name, _K_FUNCTION, public is not None, start, new, name_start, name_end,
                            start, sig_end, _NO_DETAIL if returns is None else m.start(g_fn_ret),
                            sig_end, pos, start, False,
                        )
                    )  # fmt: skip
                else:
                    header = ("{", sig_end, new, m.start(g_fn_ret)) if simple else None
                    new = self._function(self._meta(m), name_start, name_end, header)
            elif which in (g_ty, g_cn):
                new = m.end()
                keyword_end = m.end(g_quals) + (4 if which == g_ty else 5)
                if text[new - 1] != ";":  # the declaration's end did not match
                    meta = self._meta(m)
                    new = (self._type if which == g_ty else self._const)(meta, keyword_end)
                else:
                    start = m.start(g_quals)
                    name, public = m.group(g_ty_name if which == g_ty else g_cn_name, g_public)
                    name_start = m.start(g_ty_name if which == g_ty else g_cn_name)
                    add(
                        (
                            name, _K_TYPE if which == g_ty else _K_CONSTANT, public is not None,
                            start, new, name_start, name_start + len(name), start, new - 1,
                            _NO_DETAIL if which == g_ty else keyword_end, name_start, pos, start,
                            False,
                        )
                    )  # fmt: skip
            elif which == g_cl:
                new = m.end()
                if text[new - 1] != "}":  # the body did not match
                    new = self._class(self._meta(m), m.end(g_quals) + 5)
                else:
                    start = m.start(g_quals)
                    name, public = m.group(g_cl_name, g_public)
                    name_start = m.start(g_cl_name)
                    name_end = name_start + len(name)
                    add(
                        (
                            name, _K_CLASS, public is not None, start, new, name_start, name_end,
                            start, name_end, _NO_DETAIL, 0, pos, start, False,
                        )
                    )  # fmt: skip
            elif which == g_en:
                new = self._simple_enum(m)
            elif which == g_imp:
                new = m.end()
                # `_item` reads `service import` as a service declaration.
                if text[new - 1] != ";" or m.start(g_quals) != m.end(g_quals):
                    new = self._item(pos)
            elif which == g_eof:
                break
            else:
                new = self._headed(m)
            pos = new if new > pos else pos + 1
        return self.found

    @staticmethod
    def _meta(m: re.Match[str]) -> _Meta:
        """What `_headed` knows before a declaration's keyword."""
        start = m.start("quals")
        return _Meta(start, start, m.start("public") >= 0, (m.start(), start, False))

    def _simple_enum(self, m: re.Match[str]) -> int:
        """An enum whose members are bare names, as `_enum` reads it."""
        text = self.text
        meta = self._meta(m)
        members = list(rx.WORD.finditer(text, *m.span("en_members")))
        if any(member.group() in _RECOVERY_WORDS for member in members):
            # A member named like a declaration keyword may end the enum: `_enum` knows.
            return self._enum(meta, m.end("quals") + 4)
        start, public = meta.start, meta.public
        docs_start, docs_end, _ = meta.doc
        name_start, name_end = m.span("en_name")
        end = m.end()
        found = self.found
        enum_detail = _ENUM_DETAIL - len(found) // _WIDTH
        found += (
            text[name_start:name_end], _K_ENUM, public, start, end, name_start, name_end, start,
            name_end, _NO_DETAIL, 0, docs_start, docs_end, False,
        )  # fmt: skip
        for member in members:
            member_start, member_end = member.span()
            found += (
                member.group(), _K_ENUM_MEMBER, public, member_start, member_end, member_start,
                member_end, member_start, member_end, enum_detail, 0, -1, -1, False,
            )  # fmt: skip
        return end

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
