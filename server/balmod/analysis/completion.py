"""Completion candidates for a .bal document, in the core's terms.

Two contexts: inside an import declaration (orgs, modules, `as`) and in the body (module
prefixes, and modules not yet imported, which bring their import line along). Lists are
filtered by what is typed and capped, so a repository of thousands of packages still
answers in a few milliseconds; a capped list is marked incomplete and asked for again.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.import_edits import add_import, choose_prefix, taken_prefixes
from balmod.analysis.prefixes import LANGLIB_ORG, PREDECLARED_PREFIXES
from balmod.edits import TextEdit
from balmod.project.model import Project
from balmod.symbols.index import ModuleSymbols
from balmod.syntax.imports import ImportDecl
from balmod.syntax.keywords import quote_module, quote_part
from balmod.syntax.symbols import SymbolKind, identifier_value
from balmod.text import Span

MAX_CANDIDATES = 200

_NAME_CHAR = re.compile(r"[\w.'/]")
_IMPORT_HEAD = re.compile(r"import\s+(?P<name>[\w.'/]*)(?P<space>\s+(?P<as>as\b\s*\w*)?)?\Z")
_WORD_BEFORE = re.compile(r"(?:'?[A-Za-z_][\w]*)?\Z")
_QUALIFIED_BEFORE = re.compile(r"(?<![\w.'])(?P<prefix>'?[A-Za-z_]\w*):(?P<name>'?\w*)\Z")


class CandidateKind(Enum):
    ORG = "org"
    MODULE = "module"
    KEYWORD = "keyword"
    PREFIX = "prefix"
    SYMBOL = "symbol"
    # Manifests and descriptors: tables, keys and their values.
    TABLE = "table"
    KEY = "key"
    VALUE = "value"
    VERSION = "version"
    REPOSITORY = "repository"


# Not frozen: a module's symbols make hundreds per request, and a frozen dataclass takes
# twice as long to make. Treat it as immutable all the same.
@dataclass(slots=True)
class Candidate:
    label: str
    kind: CandidateKind
    replace: Span
    insert: str
    filter_text: str | None = None
    detail: str = ""
    documentation: str = ""
    sort_text: str | None = None
    additional_edits: tuple[TextEdit, ...] = ()
    # Enough to fill in details later (completionItem/resolve): org and module name.
    data: dict[str, Any] = field(default_factory=dict)
    # For symbols: the symbol's kind name, and whether `insert` is a snippet.
    symbol_kind: str | None = None
    snippet: bool = False


@dataclass(frozen=True)
class Completions:
    items: Sequence[Candidate]
    incomplete: bool = False
    # Set when the items are one span's copy of a list made once (a module's symbols): two
    # answers with the same `same_as` differ in their items' `replace` span only, which
    # every item shares (`replace`), as it shares its `data` (`data`); none has additional
    # edits. The items themselves are then made only when asked for.
    same_as: object | None = None
    replace: Span | None = None
    data: dict[str, Any] | None = None


class _SymbolCandidates(Sequence[Candidate]):
    """A module's symbol rows as candidates replacing one span, made when first asked for."""

    def __init__(self, rows: tuple[_SymbolRow, ...], replace: Span, data: dict[str, Any]) -> None:
        self._rows = rows
        self._replace = replace
        self._data = data
        self._made: tuple[Candidate, ...] | None = None

    def _candidates(self) -> tuple[Candidate, ...]:
        if self._made is None:
            replace, data = self._replace, self._data
            self._made = tuple(
                Candidate(
                    label=label,
                    kind=CandidateKind.SYMBOL,
                    replace=replace,
                    insert=insert,
                    detail=detail,
                    data=data,
                    symbol_kind=kind,
                    snippet=call,
                )
                for label, insert, detail, kind, call in self._rows
            )
        return self._made

    @overload
    def __getitem__(self, index: int) -> Candidate: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Candidate]: ...

    def __getitem__(self, index: int | slice) -> Candidate | Sequence[Candidate]:
        return self._candidates()[index]

    def __len__(self) -> int:
        return len(self._rows)


EMPTY = Completions(())


def _capped(items: list[Candidate]) -> Completions:
    if len(items) > MAX_CANDIDATES:
        return Completions(tuple(items[:MAX_CANDIDATES]), incomplete=True)
    return Completions(tuple(items))


def _current_import(analysis: DocumentAnalysis, offset: int) -> ImportDecl | None:
    """The import declaration the cursor is typing in, if any."""
    holder = None
    for decl in (*analysis.section.imports, *analysis.section.late_imports):
        if decl.span.start <= offset:
            holder = decl
    if holder is None:
        return None
    if holder.has_semicolon and offset > holder.span.end - 1:
        return None
    between = analysis.text[holder.span.start : offset]
    return holder if ";" not in between else None


def _own_module(analysis: DocumentAnalysis) -> str | None:
    """The module of the current package that this file belongs to."""
    if analysis.project is None or analysis.path is None:
        return None
    return _module_in(analysis.project, analysis.path.parent)


# A project is one object per manifest and modules/ state: what it maps a folder to stays.
@lru_cache(maxsize=256)
def _module_in(project: Project, folder: Path) -> str | None:
    where = folder.resolve()
    for name, directory in project.modules.items():
        if directory.resolve() == where:
            return name
    return None


def _imported(analysis: DocumentAnalysis, skip: ImportDecl | None = None) -> set[str]:
    names = set()
    own_org = analysis.project.org if analysis.project else None
    for item in analysis.imports:
        if item.decl is skip or not item.decl.module:
            continue
        org = item.decl.org.value if item.decl.org else own_org
        names.add(f"{org}/{item.decl.module_name}")
    return names


def _module_candidate(org: str | None, module: str, replace: Span, sort_group: str) -> Candidate:
    insert = f"{org}/{quote_module(module)}" if org else quote_module(module)
    return Candidate(
        label=module if org is None else f"{org}/{module}",
        kind=CandidateKind.MODULE,
        replace=replace,
        insert=insert,
        filter_text=insert,
        sort_text=f"{sort_group}{insert}",
        # No `data`: resolving it reads org and module from the label (see the LSP layer).
    )


def _import_completions(
    engine: Engine, analysis: DocumentAnalysis, decl: ImportDecl, offset: int
) -> Completions:
    text = analysis.text
    head = _IMPORT_HEAD.search(text, decl.span.start, offset)
    if head is None or head.start() != decl.span.start:
        return EMPTY
    if head.group("as") is not None:
        return EMPTY  # the prefix is the user's choice
    name = head.group("name")
    name_start = head.start("name")
    if head.group("space") is not None:
        if name and not name.endswith(("/", ".")):
            return Completions(
                (Candidate("as", CandidateKind.KEYWORD, Span(offset, offset), "as "),)
            )
        return EMPTY
    name_end = offset
    while name_end < len(text) and _NAME_CHAR.match(text, name_end):
        name_end += 1
    replace = Span(name_start, name_end)
    imported = _imported(analysis, skip=decl)
    typed = name.replace("'", "")
    items: list[Candidate] = []
    index = engine.import_names(analysis.project)
    if "/" in typed:
        org = typed.split("/", 1)[0]
        for _package, module in index.modules(org):
            if f"{org}/{module}".startswith(typed) and f"{org}/{module}" not in imported:
                items.append(_module_candidate(org, module, replace, "1"))
        return _capped(items)
    own_org = analysis.project.org if analysis.project else None
    own = _own_module(analysis)
    if analysis.project is not None:
        for module in sorted(analysis.project.modules):
            if module != own and module.startswith(typed) and f"{own_org}/{module}" not in imported:
                items.append(_module_candidate(None, module, replace, "0"))
    for org in index.orgs():
        if org.startswith(typed) or typed.startswith(org):
            items.append(
                Candidate(
                    label=f"{org}/",
                    kind=CandidateKind.ORG,
                    replace=replace,
                    insert=f"{org}/",
                    sort_text=f"1{org}",
                )
            )
    for org in index.orgs():
        if len(items) > MAX_CANDIDATES:
            break  # the list is incomplete already; the client asks again as the user types
        for package in index.packages(org):
            full = f"{org}/{package}"
            if (full.startswith(typed) or package.startswith(typed)) and full not in imported:
                items.append(_module_candidate(org, package, replace, "2"))
    return _capped(items)


def _in_comment_or_string(text: str, offset: int) -> bool:
    """A cheap look at the cursor's line: after `//` or `#`, or inside a "..." literal."""
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    quoted = False
    i = line_start
    while i < offset:
        char = text[i]
        if quoted:
            if char == "\\":
                i += 1
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "#" or text.startswith("//", i):
            return True
        i += 1
    return quoted


def _body_completions(engine: Engine, analysis: DocumentAnalysis, offset: int) -> Completions:
    text = analysis.text
    if _in_comment_or_string(text, offset):
        return EMPTY
    word = _WORD_BEFORE.search(text, max(0, offset - 256), offset)
    start = word.start() if word else offset
    if start > 0 and text[start - 1] in ".:":
        return EMPTY  # a field, a method, or a qualified name: not a module prefix
    typed = text[start:offset].lstrip("'")
    replace = Span(start, offset)
    items: list[Candidate] = []
    bound: set[str] = set()
    for item in analysis.imports:
        prefix = item.decl.effective_prefix
        if prefix and prefix not in bound and prefix.startswith(typed):
            bound.add(prefix)
            items.append(
                Candidate(
                    label=prefix,
                    kind=CandidateKind.PREFIX,
                    replace=replace,
                    insert=prefix,
                    detail=f"import {item.decl.full_name}",
                    sort_text=f"0{prefix}",
                    data={
                        "org": item.decl.org.value if item.decl.org else None,
                        "module": item.decl.module_name,
                    },
                )
            )
    for prefix in sorted(PREDECLARED_PREFIXES - bound):
        if prefix.startswith(typed):
            items.append(
                Candidate(
                    label=prefix,
                    kind=CandidateKind.PREFIX,
                    replace=replace,
                    insert=prefix,
                    detail=f"predeclared: {LANGLIB_ORG}/lang.{prefix}",
                    sort_text=f"1{prefix}",
                    data={"org": LANGLIB_ORG, "module": f"lang.{prefix}"},
                )
            )
    if typed:
        items.extend(_importable_modules(engine, analysis, typed, replace))
    return _capped(items)


def _importable_modules(
    engine: Engine, analysis: DocumentAnalysis, typed: str, replace: Span
) -> list[Candidate]:
    """Modules not yet imported whose prefix starts with ``typed``, each adding its import."""
    imported = _imported(analysis)
    taken = taken_prefixes(analysis)
    own_org = analysis.project.org if analysis.project else None
    own = _own_module(analysis)
    choices: list[tuple[str | None, str]] = []
    if analysis.project is not None:
        choices.extend((None, m) for m in sorted(analysis.project.modules) if m != own)
    index = engine.import_names(analysis.project)
    for repo_org in index.orgs():
        choices.extend((repo_org, package) for package in index.packages(repo_org))
    items = []
    for org, module in choices:
        last = module.rsplit(".", 1)[-1]
        full = f"{org or own_org}/{module}"
        if not last.startswith(typed) or full in imported:
            continue
        alias = choose_prefix(module, taken)
        prefix = alias or last
        label = f"{prefix} (import {org + '/' if org else ''}{module})"
        items.append(
            Candidate(
                label=label,
                kind=CandidateKind.MODULE,
                replace=replace,
                insert=prefix,
                filter_text=prefix,
                detail=f"adds import {org + '/' if org else ''}{module}"
                + (f" as {alias}" if alias else ""),
                sort_text=f"2{prefix}{module}",
                additional_edits=(add_import(analysis, org, module, alias),),
                data={"org": org, "module": module},
            )
        )
    return items


def _symbol_completions(
    engine: Engine,
    analysis: DocumentAnalysis,
    offset: int,
    overlays: Mapping[Path, str] | None,
    snippets: bool,
) -> Completions | None:
    """After `prefix:`: the module's public symbols. None when the cursor is not there."""
    text = analysis.text
    match = _QUALIFIED_BEFORE.search(text, max(0, offset - 256), offset)
    if match is None or _in_comment_or_string(text, offset):
        return None
    prefix = identifier_value(match.group("prefix"))
    if prefix in analysis.body.xmlns_prefixes:
        return EMPTY
    target = engine.prefix_target(analysis, prefix)
    symbols = engine.module_symbols(target.resolution, overlays) if target else None
    if target is None or symbols is None:
        return EMPTY
    end = offset
    while end < len(text) and (text[end].isalnum() or text[end] == "_"):
        end += 1
    replace = Span(match.start("name"), end)
    rows = _symbol_rows(symbols, snippets)
    # The same for every item; the symbol is the item's label.
    data = {"module_dir": str(symbols.module_dir)}
    items = _SymbolCandidates(rows, replace, data)
    return Completions(items, same_as=rows, replace=replace, data=data)


_SymbolRow = tuple[str, str, str, str, bool]  # label, insert, detail, kind, snippet
# By module: (its symbols, snippets) -> rows; a module's symbols are made anew when it changes.
_symbol_rows_made: OrderedDict[tuple[int, bool], tuple[ModuleSymbols, tuple[_SymbolRow, ...]]] = (
    OrderedDict()
)


def _symbol_rows(symbols: ModuleSymbols, snippets: bool) -> tuple[_SymbolRow, ...]:
    """What completion offers for each public symbol of a module, made once per module."""
    key = (id(symbols), snippets)
    made = _symbol_rows_made.get(key)
    if made is not None and made[0] is symbols:
        _symbol_rows_made.move_to_end(key)
        return made[1]
    rows = []
    for entry in symbols.public():
        symbol = entry.symbol
        call = snippets and symbol.kind is SymbolKind.FUNCTION
        name = symbol.name
        insert = f"{quote_part(name)}($0)" if call else quote_part(name)
        rows.append((name, insert, symbol.signature, symbol.kind.name, call))
    result = tuple(rows)
    _symbol_rows_made[key] = (symbols, result)
    if len(_symbol_rows_made) > 64:
        _symbol_rows_made.popitem(last=False)
    return result


def complete(
    engine: Engine,
    analysis: DocumentAnalysis,
    offset: int,
    overlays: Mapping[Path, str] | None = None,
    snippets: bool = False,
) -> Completions:
    decl = _current_import(analysis, offset)
    if decl is not None:
        return _import_completions(engine, analysis, decl, offset)
    symbols = _symbol_completions(engine, analysis, offset, overlays, snippets)
    if symbols is not None:
        return symbols
    return _body_completions(engine, analysis, offset)
