"""The extension point: one `LanguageService` per module system.

The protocol layer and `balmod check` know only this interface. A module system (Ballerina
in `balmod.analysis`, Ceylon in `balmod.ceylon`) implements it in its own package and is
listed once in `balmod.languages`; adding a third means adding one folder and one line.

The answer types are the core's own (code-point spans, plain dataclasses), shared by every
module system: `Finding`, `Completions`/`Candidate`, `HoverInfo`, `Target`, `Fix`,
`InlayHint`.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from balmod.findings import Finding
from balmod.lazy import lazy_exports
from balmod.text import Span

if TYPE_CHECKING:
    from balmod.analysis.completion import Candidate, CandidateKind, Completions
    from balmod.analysis.definition import Target
    from balmod.analysis.fixes import Fix
    from balmod.analysis.hover import HoverInfo
    from balmod.analysis.manifests.inlay import Hint as InlayHint

__all__ = [
    "Candidate",
    "CandidateKind",
    "Completions",
    "Finding",
    "Fix",
    "HoverInfo",
    "InlayHint",
    "LanguageService",
    "Overlays",
    "Target",
]

# Unsaved editor buffers by path: what the user sees wins over what is on disk.
Overlays = Mapping[Path, str]

# The answer types are defined next to Ballerina's analysis, which imports the whole engine:
# they are loaded when first asked for, so that the interface (and the server's start-up,
# which needs only the interface) stays cheap to import.
__getattr__ = lazy_exports(
    __name__,
    {
        "Candidate": "balmod.analysis.completion",
        "CandidateKind": "balmod.analysis.completion",
        "Completions": "balmod.analysis.completion",
        "Fix": "balmod.analysis.fixes",
        "HoverInfo": "balmod.analysis.hover",
        "InlayHint": "balmod.analysis.manifests.inlay:Hint",
        "Target": "balmod.analysis.definition",
    },
)


@runtime_checkable
class LanguageService(Protocol):
    """Everything the server and the command line ask of one module system."""

    name: str

    def handles(self, path: Path) -> bool:
        """Whether this module system owns the file (by its name; never reads it)."""
        ...

    def findings(
        self, text: str, path: Path, overlays: Overlays | None = None
    ) -> list[Finding]: ...

    def complete(
        self,
        text: str,
        path: Path,
        offset: int,
        overlays: Overlays | None = None,
        snippets: bool = False,
    ) -> Completions:
        """Candidates at ``offset``; ``snippets`` when the client takes snippet insert texts."""
        ...

    def hover(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> HoverInfo | None: ...

    def definition(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> list[Target]: ...

    def fixes(self, text: str, path: Path, span: Span) -> list[Fix]:
        """Quick fixes for the findings overlapping ``span``, and source actions."""
        ...

    def inlay_hints(self, text: str, path: Path, span: Span) -> list[InlayHint]: ...

    def repositories_changed(self) -> bool:
        """Poll the repositories on disk; True when cached answers were dropped."""
        ...

    def steady_disk(self) -> AbstractContextManager[None]:
        """A scope in which the files on disk do not change (one `balmod check` run), so what
        is derived from listings and stats may be kept instead of checked again."""
        ...
