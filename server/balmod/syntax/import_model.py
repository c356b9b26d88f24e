"""What the import-section parser returns: frozen dataclasses with code-point spans.

Everything that derives a fact from a declaration (its module name, its effective prefix...)
is a property here, so the rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from balmod.text import Span


@dataclass(frozen=True, slots=True)
class Name:
    """One identifier as written: ``'int`` has the value ``int`` and a span covering the quote."""

    value: str
    span: Span

    @property
    def quoted(self) -> bool:
        return self.span.end - self.span.start == len(self.value) + 1


@dataclass(frozen=True, slots=True)
class ImportSyntaxError:
    """A syntax error; "missing X" errors have a zero-width span at the insertion point."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class ImportDecl:
    """One import declaration, complete or half-typed.

    ``span`` runs from ``import`` through ``;``, or to the end of the last token when the
    ``;`` is missing. Names the parser had to assume (a module name not typed yet) are left
    out: ``import ballerina/`` has ``module == ()``.
    """

    span: Span
    org: Name | None
    module: tuple[Name, ...]
    prefix: Name | None = None
    version: Name | None = None
    has_semicolon: bool = False
    slash: Span | None = None
    has_as: bool = False
    errors: tuple[ImportSyntaxError, ...] = ()
    # The whole 1.x clause, `version` keyword through the number, for a "remove it" edit.
    version_clause: Span | None = None

    @property
    def module_name(self) -> str:
        return ".".join(part.value for part in self.module)

    @property
    def full_name(self) -> str:
        return f"{self.org.value}/{self.module_name}" if self.org else self.module_name

    @property
    def module_span(self) -> Span | None:
        if not self.module:
            return None
        return Span(self.module[0].span.start, self.module[-1].span.end)

    @property
    def name_span(self) -> Span | None:
        """The typed name: org (or the first part) through the last module part.

        While no module part is typed yet it covers what there is: the org and its ``/``.
        """
        if self.org is None and not self.module:
            return None
        start = self.org.span.start if self.org else self.module[0].span.start
        if self.module:
            end = self.module[-1].span.end
        elif self.slash is not None:
            end = self.slash.end
        else:
            assert self.org is not None
            end = self.org.span.end
        return Span(start, end)

    @property
    def effective_prefix(self) -> str | None:
        """The prefix this import binds: ``as p`` gives ``p``, else the last module part.

        ``as _`` binds none, and neither does a declaration with no module part yet.
        """
        if self.prefix is not None:
            return None if self.prefix.value == "_" else self.prefix.value
        return self.module[-1].value if self.module else None

    @property
    def prefix_span(self) -> Span | None:
        """Where the effective prefix is written: the explicit prefix, else the last part."""
        if self.prefix is not None:
            return self.prefix.span
        return self.module[-1].span if self.module else None

    @property
    def is_complete(self) -> bool:
        return bool(self.module) and self.has_semicolon and not self.errors


@dataclass(frozen=True, slots=True)
class ImportSection:
    """The imports at the top of a file, and any written after other declarations.

    ``end`` is where the first other declaration starts (after comments and blank lines;
    a declaration's doc comment is not part of it), or ``len(text)``. ``errors`` holds the
    errors of ``imports`` in order; a late import keeps its errors on its declaration.
    """

    imports: tuple[ImportDecl, ...]
    errors: tuple[ImportSyntaxError, ...]
    end: int
    late_imports: tuple[ImportDecl, ...] = ()
