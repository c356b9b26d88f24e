"""Findings: what balmod reports, shared by `balmod check` and the language server.

Codes reuse the Ballerina compiler's where one exists (BCE*, TVE*); balmod's own codes are
BMD*. Each code is listed once in CODES with its default severity and a one-line summary,
which is also the documentation the README points to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from balmod.text import Span


class Severity(IntEnum):
    # Same numbering as LSP's DiagnosticSeverity, so the protocol layer maps 1:1.
    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4

    @property
    def label(self) -> str:
        return self.name.lower()


class Tag(IntEnum):
    UNNECESSARY = 1
    DEPRECATED = 2


@dataclass(frozen=True, slots=True)
class Related:
    """A secondary location or note attached to a finding (where balmod looked, etc.)."""

    message: str
    path: Path | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    severity: Severity
    summary: str


def _codes(*infos: CodeInfo) -> dict[str, CodeInfo]:
    return {info.code: info for info in infos}


CODES: dict[str, CodeInfo] = _codes(
    # The compiler's codes and wording (BALLERINA.md section 8).
    CodeInfo("BCE2000", Severity.ERROR, "undefined module '{prefix}'"),
    CodeInfo("BCE2002", Severity.ERROR, "unused module prefix '{prefix}'"),
    CodeInfo("BCE2003", Severity.ERROR, "cannot resolve module '{org/module}'"),
    CodeInfo("BCE2004", Severity.ERROR, "redeclared import module '{org/module}'"),
    CodeInfo("BCE2008", Severity.ERROR, "redeclared symbol '{prefix}'"),
    CodeInfo("BCE5101", Severity.WARNING, "old-format Dependencies.toml"),
    CodeInfo("BCE5201", Severity.ERROR, "two incompatible versions in the dependency graph"),
    CodeInfo("BCE5202", Severity.ERROR, "package not found in any repository"),
    # balmod's own codes.
    CodeInfo("BMD0001", Severity.ERROR, "syntax error in an import declaration"),
    CodeInfo("BMD0002", Severity.ERROR, "version in an import declaration is no longer supported"),
    CodeInfo("BMD0003", Severity.ERROR, "import declaration after other declarations"),
    CodeInfo("BMD0004", Severity.ERROR, "locked version of an imported package is on no repository"),
    CodeInfo("BMD0005", Severity.ERROR, "org-less import names no module of the current package"),
)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    span: Span
    severity: Severity = Severity.ERROR
    related: tuple[Related, ...] = ()
    tags: tuple[Tag, ...] = ()
    # Facts a code action needs (the import's index, candidate modules...); JSON-serialisable.
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source: str = "balmod"


def finding(code: str, message: str, span: Span, **kwargs: Any) -> Finding:
    """A finding with the code's default severity unless one is given."""
    kwargs.setdefault("severity", CODES[code].severity)
    return Finding(code=code, message=message, span=span, **kwargs)
