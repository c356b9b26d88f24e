"""What a `prefix:name` refers to: its module's symbols, and findings for unknown names.

A name is checked only where the prefix's module resolved and its sources were read; an
unreadable or empty module never produces a finding, since balmod cannot know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from balmod.analysis.document import ResolvedImport
from balmod.analysis.prefixes import LANGLIB_ORG, predeclared_module
from balmod.analysis.resolver import Resolution
from balmod.findings import Finding, Related, finding
from balmod.symbols.index import ModuleSymbol, ModuleSymbols
from balmod.syntax.qualified import BodyScan, QualifiedRef
from balmod.syntax.symbols import identifier_value


@dataclass(frozen=True, slots=True)
class PrefixTarget:
    """The module a prefix stands for in one file: an import, or a predeclared langlib."""

    name: str  # org/module, for messages
    resolution: Resolution
    decl: ResolvedImport | None  # None for a predeclared prefix


ModuleReader = Callable[[Resolution], ModuleSymbols | None]
LanglibResolver = Callable[[str], Resolution]


def prefix_target(
    prefix: str, imports: Sequence[ResolvedImport], langlib: LanglibResolver
) -> PrefixTarget | None:
    for item in imports:
        if item.decl.effective_prefix == prefix:
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


def symbol_findings(
    text: str,
    body: BodyScan,
    targets: Callable[[str], PrefixTarget | None],
    read: ModuleReader,
) -> Iterable[Finding]:
    """Findings for certain `prefix:name` uses whose name the module does not make public."""
    # One module read per prefix, not per use: a file may use `io:` a thousand times.
    modules: dict[str, tuple[PrefixTarget, ModuleSymbols] | None] = {}
    for ref in body.refs:
        if not ref.certain or not ref.name or ref.prefix in body.xmlns_prefixes:
            continue
        if ref.prefix not in modules:
            target = targets(ref.prefix)
            symbols = read(target.resolution) if target is not None else None
            modules[ref.prefix] = (
                (target, symbols)
                if target is not None and symbols is not None and readable(symbols)
                else None
            )
        known = modules[ref.prefix]
        if known is None:
            continue
        target, symbols = known
        found = lookup(symbols, ref.name)
        if found is None:
            yield _unknown(text, ref, target, symbols)
        elif not found.symbol.public:
            yield finding(
                "BCE2037",
                f"attempt to refer to non-accessible symbol '{found.symbol.name}'",
                ref.name_span,
                related=(Related(f"declared without 'public' in {found.path.name}", found.path),),
            )
