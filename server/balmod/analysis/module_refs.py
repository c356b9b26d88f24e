"""What a `prefix:name` refers to: its module's symbols, and findings for unknown names.

A name is checked only where the prefix's module resolved and its sources were read; an
unreadable or empty module never produces a finding, since balmod cannot know.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from balmod.analysis.document import ResolvedImport
from balmod.analysis.prefixes import LANGLIB_ORG, predeclared_module
from balmod.analysis.resolver import Resolution
from balmod.findings import Finding, Related, finding
from balmod.symbols.index import ModuleSymbol, ModuleSymbols
from balmod.syntax.qualified import BodyScan, Piece, QualifiedRef
from balmod.syntax.symbols import identifier_value
from balmod.text import Span


@dataclass(frozen=True, slots=True)
class PrefixTarget:
    """The module a prefix stands for in one file: an import, or a predeclared langlib."""

    name: str  # org/module, for messages
    resolution: Resolution
    decl: ResolvedImport | None  # None for a predeclared prefix


ModuleReader = Callable[[Resolution], ModuleSymbols | None]
_Known = tuple[PrefixTarget, ModuleSymbols]
LanglibResolver = Callable[[str], Resolution]


def prefix_target(
    prefix: str, imports: Mapping[str, ResolvedImport], langlib: LanglibResolver
) -> PrefixTarget | None:
    """What ``prefix`` stands for, given the imports by the prefix they bind."""
    item = imports.get(prefix)
    if item is not None:
        if item.resolution is None or not item.resolution.resolved:
            return None
        return PrefixTarget(item.decl.full_name, item.resolution, item)
    module = predeclared_module(prefix)
    if module is None:
        return None
    resolution = langlib(module)
    return (
        PrefixTarget(f"{LANGLIB_ORG}/{module}", resolution, None) if resolution.resolved else None
    )


def readable(symbols: ModuleSymbols | None) -> bool:
    """Whether the module's names are all known: read, not empty, and no file skipped."""
    return symbols is not None and bool(symbols.symbols) and not symbols.skipped


def lookup(symbols: ModuleSymbols, name: str) -> ModuleSymbol | None:
    return symbols.get(identifier_value(name))


def _is_call(text: str, ref: QualifiedRef) -> bool:
    i = ref.name_span.end
    while i < len(text) and text[i] in " \t":
        i += 1
    return text.startswith("(", i)


def _unknown(text: str, ref: QualifiedRef, target: PrefixTarget, symbols: ModuleSymbols) -> Finding:
    name = identifier_value(ref.name)
    code, what = ("BCE2011", "function") if _is_call(text, ref) else ("BCE2010", "symbol")
    message = f"undefined {what} '{name}' in module '{target.name}'"
    close = symbols.closest_public(name)
    if close:
        quoted = [f"'{c}'" for c in close]
        listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
        message += f"; did you mean {listed}?"
    return finding(
        code,
        message,
        ref.name_span,
        data={"prefix": ref.prefix, "name": name, "suggestions": close},
    )


def _piece_findings(
    text: str, piece: Piece, known: Callable[[str], _Known | None], xmlns: frozenset[str]
) -> list[Finding]:
    found = []
    for ref in piece.refs:
        if not ref.certain or not ref.name or ref.prefix in xmlns:
            continue
        module = known(ref.prefix)
        if module is None:
            continue
        target, symbols = module
        name = ref.name
        # Most names are public ones written plainly; `lookup` decodes quoted and escaped
        # names and tells the rest.
        if name in symbols.public_names and name[0] != "'" and "\\" not in name:
            continue
        entry = lookup(symbols, name)
        if entry is None:
            found.append(_unknown(text, ref, target, symbols))
        elif not entry.symbol.public:
            found.append(
                finding(
                    "BCE2037",
                    f"attempt to refer to non-accessible symbol '{entry.symbol.name}'",
                    ref.name_span,
                    related=(
                        Related(f"declared without 'public' in {entry.path.name}", entry.path),
                    ),
                )
            )
    return found


def _moved(findings: Sequence[Finding], by: int) -> list[Finding]:
    return [replace(f, span=Span(f.span.start + by, f.span.end + by)) for f in findings]


class _Modules:
    """What each prefix of one file names, as one token: a piece checked against the same
    modules before has the same findings, whatever else changed in the file."""

    __slots__ = ("keep", "token")

    def __init__(self, keep: tuple[object, ...]) -> None:
        self.keep = keep  # the modules themselves, so that their ids stay theirs
        self.token = object()


_environments: OrderedDict[tuple[frozenset[str], tuple[tuple[str, str, int], ...]], _Modules] = (
    OrderedDict()
)
_MAX_ENVIRONMENTS = 32
_MEMO = "symbol_findings"


def _environment(
    prefixes: Iterable[str], known: Callable[[str], _Known | None], xmlns: frozenset[str]
) -> object:
    listed = []
    for prefix in sorted(prefixes):
        module = known(prefix)
        if module is not None:
            listed.append((prefix, module[0].name, module[1]))
    key = (xmlns, tuple((prefix, name, id(symbols)) for prefix, name, symbols in listed))
    environment = _environments.get(key)
    if environment is None:
        environment = _environments[key] = _Modules(tuple(listed))
        if len(_environments) > _MAX_ENVIRONMENTS:
            _environments.popitem(last=False)
    else:
        _environments.move_to_end(key)
    return environment.token


def symbol_findings(
    text: str,
    body: BodyScan,
    targets: Callable[[str], PrefixTarget | None],
    read: ModuleReader,
) -> list[Finding]:
    """Findings for certain `prefix:name` uses whose name the module does not make public.

    Checked piece by piece (see :class:`BodyScan`): a keystroke re-checks the piece it
    changed, and the others keep their findings while the modules their prefixes name stay
    the same objects.
    """
    # One module read per prefix, not per use: a file may use `io:` a thousand times.
    modules: dict[str, _Known | None] = {}

    def known(prefix: str) -> _Known | None:
        if prefix not in modules:
            target = targets(prefix)
            symbols = read(target.resolution) if target is not None else None
            modules[prefix] = (
                (target, symbols)
                if target is not None and symbols is not None and readable(symbols)
                else None
            )
        return modules[prefix]

    xmlns = body.xmlns_prefixes
    certain = frozenset().union(*(piece.certain_prefixes for piece in body.pieces)) - xmlns
    token = _environment(certain, known, xmlns)
    found: list[Finding] = []
    for piece in body.pieces:
        if not piece.certain_prefixes:
            continue
        memo = piece.memo.get(_MEMO)
        if isinstance(memo, tuple) and memo[0] is token:
            relative: list[Finding] = memo[1]
        else:
            relative = _moved(_piece_findings(text, piece, known, xmlns), -piece.begin)
            piece.memo[_MEMO] = (token, relative)
        if relative:
            found.extend(_moved(relative, piece.begin))
    return found
