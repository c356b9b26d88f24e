"""Scanning a body in chunks, and remembering the chunks: what makes a keystroke cheap.

Editors ask again on every keystroke, and one keystroke changes one declaration. So the body
is cut into top-level declarations, each scanned on its own and remembered by its text; only
what changed is scanned again. The result is the same as one pass over the whole text.

Why the pieces add up to one pass over the whole text: a chunk starts at a line start where
that pass is in its initial state (the chunk before ended clean), no token spans a line
break, and every look ahead stops at a line break, at a `;` or inside the chunk. A look
backwards can pass the chunk's start only through blanks and comments, and `reached_start`
says when it did (the chunk is then scanned together with the one before). Chunk scans are
remembered by their text; a text is compared with the one scanned before it, so the chunks
an edit did not touch are taken over without even being looked up.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence

from balmod.syntax.qualified_scan import QualifiedRef, moved_refs, scan

# Where a chunk may start: a line that begins a top-level declaration, its annotations or its
# comments, right after a blank line (formatted code has one between declarations). Each
# keyword is followed by a blank, so no `word:` straddles a boundary.
_DECLARATION_START = (
    r"(?=(?:public|function|isolated|transactional|type|class|client|service|listener"
    r"|const|final|configurable|enum|annotation|xmlns|distinct|readonly|import)[ \t]|[@#]|//)"
)
_CHUNK_START = re.compile(rf"\n\n{_DECLARATION_START}")
_CHUNK_START_CRLF = re.compile(rf"\n\r?\n{_DECLARATION_START}")
# How far from a boundary the text decides whether it is one (the blank line before it, the
# keyword and blank after it).
_BOUNDARY_CONTEXT = 16

# How many chunk scans are remembered (a 5,000-line file has a few hundred chunks), and how
# many texts are kept to compare the next one with (one per document being edited).
MAX_CACHED_CHUNKS = 4096
MAX_RECENT_TEXTS = 8
# A shorter text seen for the first time is scanned in one pass: chunks cost a little more to
# scan, and pay off only when the text is edited (`balmod check` reads thousands of files).
CHUNKED_FROM = 16_384


# The records below are plain classes rather than dataclasses: a server starts faster.


class _Placed:
    """The scan of one chunk as if it were the whole text, and its references where the
    chunk was last found (an edit moves only the chunks after it, so most chunks are found
    where they were)."""

    __slots__ = ("_last", "certain_prefixes", "clean", "memo", "prefixes", "reached_start")

    def __init__(
        self, refs: tuple[QualifiedRef, ...], offset: int, clean: bool, reached_start: bool
    ) -> None:
        self.clean = clean  # the scanner ended in its initial state
        self.reached_start = reached_start  # a look backwards reached the chunk's start
        self.prefixes = frozenset({r.prefix for r in refs})
        # Prefixes of the certain references, which `xmlns` may make uncertain.
        self.certain_prefixes = frozenset({r.prefix for r in refs if r.certain})
        self.memo: dict[str, object] = {}
        # (offset, references there): replaced whole, so threads never see half of it.
        self._last = (offset, refs)

    def at(self, offset: int) -> tuple[QualifiedRef, ...]:
        last_offset, last_refs = self._last
        if offset == last_offset:
            return last_refs
        refs = moved_refs(last_refs, offset - last_offset)
        self._last = (offset, refs)
        return refs


class Piece:
    """A run of the body scanned on its own (a top-level declaration, mostly).

    ``prefixes``: every prefix it uses; ``certain_prefixes``: those of its certain
    references (``xmlns`` not applied); ``memo``: what a later stage derived from this
    piece's text alone, by stage, with offsets relative to :attr:`begin`, shared by every
    text in which the piece recurs. Plain attributes: every keystroke reads them for every
    piece.
    """

    __slots__ = ("_placed", "begin", "certain_prefixes", "end", "memo", "prefixes")

    def __init__(self, begin: int, end: int, placed: _Placed) -> None:
        self.begin = begin
        self.end = end
        self._placed = placed
        self.prefixes = placed.prefixes
        self.certain_prefixes = placed.certain_prefixes
        self.memo = placed.memo

    @property
    def refs(self) -> tuple[QualifiedRef, ...]:
        """Its references, at their offsets in the text (``xmlns`` not applied)."""
        return self._placed.at(self.begin)


_cache: OrderedDict[tuple[str, int], _Placed] = OrderedDict()
_cache_lock = threading.Lock()


def _remembered(chunk: str, start: int) -> _Placed | None:
    key = (chunk, start)
    with _cache_lock:
        placed = _cache.get(key)
        if placed is not None:
            _cache.move_to_end(key)
        return placed


def _remember(chunk: str, start: int, placed: _Placed) -> _Placed:
    with _cache_lock:
        _cache[(chunk, start)] = placed
        if len(_cache) > MAX_CACHED_CHUNKS:
            _cache.popitem(last=False)
    return placed


def _scan_chunk(
    text: str, start: int, origin: int, stops: Sequence[int] = ()
) -> tuple[_Placed, int]:
    """Scan ``text`` (found at ``origin``) from ``start`` up to the first of ``stops`` where
    the state is clean, or to its end: the chunk's scan, and where the chunk ends."""
    scanned = scan(text, start, stops, origin)
    end = len(text) if scanned.stopped_at is None else scanned.stopped_at
    placed = _Placed(scanned.refs, origin, scanned.clean, scanned.reached_start)
    return placed, end


class Cut:
    """How one text was cut into pieces."""

    __slots__ = ("chunks", "start", "text")

    def __init__(self, text: str, start: int, chunks: tuple[Piece, ...]) -> None:
        self.text = text
        self.start = start
        self.chunks = chunks


_recent: list[Cut] = []  # most recent last
_recent_lock = threading.Lock()


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (compared in blocks, in C)."""
    n = min(len(a), len(b))
    low, step = 0, 1024
    while low < n:
        high = min(low + step, n)
        if a[low:high] != b[low:high]:
            break
        low, step = high, step * 2
    high = min(low + step, n)
    while low < high:  # a[:low] == b[:low], and they differ before `high` (or end there)
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    la, lb = len(a), len(b)
    low, step = 0, 1024
    while low < limit:
        high = min(low + step, limit)
        if a[la - high : la - low] != b[lb - high : lb - low]:
            break
        low, step = high, step * 2
    high = min(low + step, limit)
    while low < high:
        middle = (low + high + 1) // 2
        if a[la - middle : la - low] == b[lb - middle : lb - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _recent_cut(text: str, start: int) -> Cut | None:
    """A recent cut of ``text`` itself (undone edits, documents analysed again), else of a
    text that is probably an earlier version of it."""
    with _recent_lock:
        recent = list(_recent)
    for cut in recent:
        if cut.start == start and len(cut.text) == len(text) and cut.text == text:
            return cut
    head, tail = text[:256], text[-256:]
    for cut in reversed(recent):
        old = cut.text
        if (
            cut.start == start
            and abs(len(old) - len(text)) <= 4096
            and (old.startswith(head) or old.endswith(tail))
        ):
            return cut
    return None


class _Boundaries:
    """Candidate chunk ends in ``text`` after ``start``, found as far as they are asked for;
    the text's end is the last."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pattern = _CHUNK_START_CRLF if "\r" in text else _CHUNK_START
        self.ends: list[int] = []
        self.searched = start  # every candidate up to here is in `ends`

    def _search(self, until: int) -> None:
        text, n = self.text, len(self.text)
        until = min(until, n)
        # A candidate is seen from its blank line before it to the blank after its keyword.
        found = self.pattern.finditer(
            text, max(self.searched - 2, 0), min(until + _BOUNDARY_CONTEXT, n)
        )
        self.ends.extend(m.end() for m in found if self.searched < m.end() <= until)
        self.searched = until
        if until == n:
            self.ends.append(n)

    def after(self, pos: int, hint: int) -> int:
        """The first candidate after ``pos``; ``hint``: how far to look at first."""
        n = len(self.text)
        while True:
            index = bisect_right(self.ends, pos)
            if index < len(self.ends):
                return self.ends[index]
            if self.searched >= n:
                return n
            self._search(max(hint, 2 * self.searched, pos + 4096))

    def all_after(self, pos: int) -> list[int]:
        """Every candidate after ``pos``."""
        if self.searched < len(self.text):
            self._search(len(self.text))
        return self.ends[bisect_right(self.ends, pos) :]


def cut_body(text: str, start: int) -> Cut:
    """Cut ``text`` into chunks and scan them, taking over what an earlier cut can give."""
    n = len(text)
    chunks: list[Piece] = []
    begin = 0
    # An earlier version's chunks after the edit, by where they begin in this text.
    later: dict[int, int] = {}
    previous = _recent_cut(text, start)
    if previous is not None and previous.text == text:
        _keep(previous)
        return previous
    if previous is None and n < CHUNKED_FROM:
        whole, _ = _scan_chunk(text, start, 0)
        return _assemble(text, start, [Piece(0, n, whole)], None, None)
    if previous is not None:
        old = previous.text
        same_head = _common_prefix(old, text)
        same_tail = _common_suffix(old, text, min(len(old), n) - same_head)
        for chunk in previous.chunks:
            if chunk.end + _BOUNDARY_CONTEXT > same_head:
                break
            chunks.append(chunk)
            begin = chunk.end
        shift = n - len(old)
        tail_from = len(old) - same_tail + _BOUNDARY_CONTEXT
        later = {
            chunk.begin + shift: index
            for index, chunk in enumerate(previous.chunks)
            if chunk.begin >= tail_from
        }
    boundaries = _Boundaries(text, max(begin, start))
    hint = min((b for b in later if b > begin), default=n) + _BOUNDARY_CONTEXT
    reach = 0  # after a merge backwards, the chunk must reach at least this far
    while begin < n or not chunks:
        if reach == 0 and begin in later:
            assert previous is not None
            return _assemble(text, start, chunks, previous, later[begin])
        end = boundaries.after(begin, hint)
        relative_start = start if begin == 0 else 0
        piece = text[begin:end]
        placed = _remembered(piece, relative_start) if end >= reach else None
        if placed is None and end >= reach:
            scanned, _ = _scan_chunk(piece, relative_start, begin)
            if scanned.clean or end == n:
                placed = _remember(piece, relative_start, scanned)
        if placed is None or (not placed.clean and end < n):
            # The chunk ends inside something: scan on to the first boundary where it ends.
            stops = [e - begin for e in boundaries.all_after(begin)[:-1] if e >= reach]
            scanned, stop = _scan_chunk(text[begin:], relative_start, begin, stops)
            end = begin + stop
            placed = _remember(text[begin:end], relative_start, scanned)
        if placed.reached_start and begin > 0:
            # It looked into the chunk before: scan the two as one.
            begin, reach = chunks.pop().begin, end
            continue
        chunks.append(Piece(begin, end, placed))
        begin, reach = end, 0
    return _assemble(text, start, chunks, previous, None)


def _assemble(
    text: str, start: int, chunks: list[Piece], previous: Cut | None, rejoin: int | None
) -> Cut:
    """The cut, from its first ``chunks`` and, from ``previous.chunks[rejoin]`` on, the
    chunks of an earlier version after the edit, moved by what the edit added."""
    if rejoin is not None:
        assert previous is not None
        shift = len(text) - len(previous.text)
        chunks.extend(
            Piece(chunk.begin + shift, chunk.end + shift, chunk._placed)
            for chunk in previous.chunks[rejoin:]
        )
    cut = Cut(text, start, tuple(chunks))
    _keep(cut)
    return cut


def _keep(cut: Cut) -> None:
    """Make ``cut`` the most recent one."""
    with _recent_lock:
        if cut in _recent:
            _recent.remove(cut)
        _recent.append(cut)
        if len(_recent) > MAX_RECENT_TEXTS:
            del _recent[0]


def single_piece(refs: tuple[QualifiedRef, ...]) -> Piece:
    """One piece holding ``refs``, for a scan that was not cut."""
    return Piece(0, 0, _Placed(refs, 0, True, False))
