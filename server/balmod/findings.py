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
    CodeInfo("BCE2010", Severity.ERROR, "undefined symbol '{name}'"),
    CodeInfo("BCE2011", Severity.ERROR, "undefined function '{name}'"),
    CodeInfo("BCE2037", Severity.ERROR, "attempt to refer to non-accessible symbol '{name}'"),
    CodeInfo("BCE5101", Severity.WARNING, "old-format Dependencies.toml"),
    CodeInfo("BCE5201", Severity.ERROR, "two incompatible versions in the dependency graph"),
    CodeInfo("BCE5202", Severity.ERROR, "package not found in any repository"),
    # balmod's own codes.
    CodeInfo("BMD0001", Severity.ERROR, "syntax error in an import declaration"),
    CodeInfo("BMD0002", Severity.ERROR, "version in an import declaration is no longer supported"),
    CodeInfo("BMD0003", Severity.ERROR, "import declaration after other declarations"),
    CodeInfo(
        "BMD0004", Severity.ERROR, "locked version of an imported package is on no repository"
    ),
    CodeInfo("BMD0005", Severity.WARNING, "file is not valid UTF-8"),
    # Manifests (balmod/manifest). The compiler's manifest-builder codes and TOML schema
    # validator codes (ballerina-lang ProjectDiagnosticErrorCode, toml-parser SchemaValidator).
    CodeInfo("BCE5001", Severity.WARNING, "missing '[package]' or its org/name/version"),
    CodeInfo("BCE5102", Severity.WARNING, "local repository entry in an old Dependencies.toml"),
    CodeInfo("TVE0001", Severity.ERROR, "key '{key}' not supported in schema '{schema}'"),
    CodeInfo("TVE0002", Severity.ERROR, "incompatible type for key '{key}'"),
    CodeInfo("TVE0003", Severity.ERROR, "value does not match the schema's pattern"),
    CodeInfo("TVE0004", Severity.ERROR, "value lower than the schema's minimum"),
    CodeInfo("TVE0005", Severity.ERROR, "value higher than the schema's maximum"),
    CodeInfo("TVE0006", Severity.ERROR, "missing required field '{field}'"),
    CodeInfo("TVE0007", Severity.ERROR, "value longer than the schema's maxLength"),
    CodeInfo("TVE0008", Severity.ERROR, "value shorter than the schema's minLength"),
    CodeInfo("BMD1001", Severity.ERROR, "manifest is not valid TOML"),
    CodeInfo("BMD1002", Severity.ERROR, "key or table defined twice in a manifest"),
    CodeInfo("BMD1003", Severity.WARNING, "Dependencies.toml entry depends on an unlisted package"),
    CodeInfo("BMD1004", Severity.WARNING, "incomplete manifest entry the compiler ignores"),
    CodeInfo("BMD1005", Severity.WARNING, "unknown 'scope' in Dependencies.toml"),
    CodeInfo("BMD1006", Severity.WARNING, "package listed twice in Dependencies.toml"),
    CodeInfo("BMD1007", Severity.WARNING, "'modules' entry names another package"),
    # Ballerina 1.x and 0.990 projects (balmod/legacy).
    CodeInfo("BMD2001", Severity.ERROR, "invalid organization name"),
    CodeInfo("BMD2002", Severity.ERROR, "invalid module name"),
    CodeInfo("BMD2003", Severity.ERROR, "version in an import of a module of the same project"),
    CodeInfo("BMD2004", Severity.ERROR, "import version differs from the one in Ballerina.toml"),
    CodeInfo("BMD2005", Severity.ERROR, "invalid version"),
    CodeInfo("BMD2006", Severity.ERROR, "invalid Ballerina.toml of a 1.x project"),
    CodeInfo("BMD2007", Severity.WARNING, "dependency in Ballerina.toml is in no repository"),
    CodeInfo("BMD2008", Severity.WARNING, "Ballerina.lock entry incomplete or in no repository"),
    # Ceylon module descriptors (balmod/ceylon), in the Ceylon typechecker's wording.
    CodeInfo("CYL0001", Severity.ERROR, "syntax error in a Ceylon module descriptor"),
    CodeInfo(
        "CYL0002",
        Severity.ERROR,
        "module name does not match descriptor location: '{name}' should be '{expected}'",
    ),
    CodeInfo(
        "CYL0003", Severity.ERROR, "cannot find module artifact '{module}-{version}(.car|.jar)'"
    ),
    CodeInfo(
        "CYL0004",
        Severity.ERROR,
        "source code imports two different versions of module '{module}': "
        "version '{a}' and version '{b}'",
    ),
    CodeInfo("CYL0005", Severity.ERROR, "missing, empty or single-quoted module version"),
    CodeInfo("CYL0006", Severity.ERROR, "reserved module name, or an import of ceylon.language"),
    CodeInfo("CYL0007", Severity.ERROR, "duplicate module import: '{module}'"),
    CodeInfo(
        "CYL0008",
        Severity.WARNING,
        "use of old style Maven imports is deprecated, prefix with 'maven:'",
    ),
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
