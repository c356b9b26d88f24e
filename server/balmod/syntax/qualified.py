"""Qualified identifiers (``prefix:name``) in the body of a Ballerina file, in one pass.

A qualified identifier has no whitespace around its colon. Other colons look the same in
places, so every reference carries ``certain``: False where the text is ambiguous, and an
uncertain reference must never lead to an "undefined module" report (it still counts as a
use of its prefix). The ambiguous places:

- a field of a mapping constructor or binding pattern, ``{a:b}`` or ``{x: 1, y:z}``: a
  ``key:value`` right after ``{`` or ``,`` in braces that may be a mapping;
- a conditional expression written without spaces, ``c?a:b``, while a ``?`` is pending;
- a prefix bound by ``xmlns "..." as ns;``, and XML names in ``x.<ns:tag>``/``x/<ns:tag>``;
- a chain ``a:b:c``, and a name still being typed (``http:``).

The scanner (:mod:`.qualified_scan`) finds them in one pass. Editors ask again on every
keystroke, and one keystroke changes one declaration, so :func:`scan_body` scans a body in
chunks and remembers them (:mod:`.body_chunks`); the result is the same as one pass over the
whole text (:func:`_scan_whole`, and the property tests).
"""

from __future__ import annotations

import re

from balmod.syntax.body_chunks import Piece, cut_body, single_piece
from balmod.syntax.lexical import STRING
from balmod.syntax.qualified_scan import IDENT, QualifiedRef, scan, uncertain, unquote

__all__ = ["BodyScan", "Piece", "QualifiedRef", "scan_body"]

_XMLNS = re.compile(rf"""xmlns(?![\w'])\s*{STRING}\s*as\s+({IDENT})""")


class BodyScan:
    """The qualified identifiers of a body, held as the pieces it was scanned in.

    A keystroke changes one piece; what later stages derive from a piece alone can be kept
    with it (:attr:`Piece.memo`) and taken over for every piece the keystroke did not touch,
    and ``refs`` (every reference, in text order) is assembled only when asked for.
    """

    __slots__ = ("_refs", "_used", "pieces", "xmlns_prefixes")

    def __init__(
        self,
        refs: tuple[QualifiedRef, ...] | None = None,
        xmlns_prefixes: frozenset[str] = frozenset(),
        pieces: tuple[Piece, ...] | None = None,
    ) -> None:
        if pieces is None:
            pieces = (single_piece(refs or ()),)
        self.pieces = pieces
        self.xmlns_prefixes = xmlns_prefixes
        self._refs = refs
        self._used: frozenset[str] | None = None

    @property
    def refs(self) -> tuple[QualifiedRef, ...]:
        """Every reference in text order; those of an ``xmlns`` prefix are uncertain."""
        if self._refs is None:
            refs: list[QualifiedRef] = []
            for piece in self.pieces:
                refs.extend(piece.refs)
            xmlns = self.xmlns_prefixes
            if xmlns and any(not xmlns.isdisjoint(p.certain_prefixes) for p in self.pieces):
                refs = [uncertain(r) if r.certain and r.prefix in xmlns else r for r in refs]
            self._refs = tuple(refs)
        return self._refs

    @property
    def used_prefixes(self) -> frozenset[str]:
        """Every prefix the body uses, certainly or not (what "unused import" must check)."""
        if self._used is None:
            self._used = frozenset().union(*(p.prefixes for p in self.pieces))
        return self._used

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BodyScan):
            return NotImplemented
        return self.xmlns_prefixes == other.xmlns_prefixes and self.refs == other.refs

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BodyScan(refs={self.refs!r}, xmlns_prefixes={self.xmlns_prefixes!r})"


def scan_body(text: str, start: int = 0) -> BodyScan:
    """Every ``prefix:name`` from ``start`` on (normally ``ImportSection.end``); never raises."""
    start = min(max(start, 0), len(text))
    cut = cut_body(text, start)
    return BodyScan(xmlns_prefixes=_xmlns_prefixes(text, start), pieces=cut.chunks)


def _scan_whole(text: str, start: int = 0) -> BodyScan:
    """:func:`scan_body` in one pass over the whole text, with nothing remembered."""
    start = min(max(start, 0), len(text))
    xmlns = _xmlns_prefixes(text, start)
    refs = tuple(
        uncertain(r) if r.certain and r.prefix in xmlns else r for r in scan(text, start).refs
    )
    return BodyScan(refs=refs, xmlns_prefixes=xmlns)


def _xmlns_prefixes(text: str, start: int) -> frozenset[str]:
    """Prefixes bound by ``xmlns "uri" as p;`` from ``start`` on.

    Comments are not skipped: a prefix found there only makes references uncertain.
    """
    found = set()
    for m in _XMLNS.finditer(text, start):
        before = text[m.start() - 1] if m.start() > 0 else " "
        if not (before.isalnum() or before in "_'"):
            found.add(unquote(m.group(1)))
    return frozenset(found)
