"""The module systems balmod serves, each behind `balmod.service.LanguageService`.

Adding a module system: a package that implements the protocol, a factory, and one line in
FACTORIES and in PACKAGES.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balmod.analysis.completion import Completions
    from balmod.analysis.definition import Target
    from balmod.analysis.fixes import Fix
    from balmod.analysis.hover import HoverInfo
    from balmod.analysis.service import BallerinaService
    from balmod.findings import Finding
    from balmod.service import InlayHint, LanguageService, Overlays
    from balmod.text import Span


@dataclass(frozen=True, slots=True)
class Homes:
    """Where each module system's repositories are, as settings or flags give them."""

    ballerina_home: Path | None = None
    user_home: Path | None = None
    ceylon_home: Path | None = None
    ceylon_user_dir: Path | None = None


class Deferred:
    """A module system made when first asked about a file it owns, by ``owns``, which tells
    its files by their names as the service's ``handles`` does.

    A module system is a large import (parsers, manifests, rules), and `balmod check` pays
    for every import on every run: a tree without a Ceylon descriptor never loads Ceylon.
    A `steady_disk` scope open when the service is made covers it too.
    """

    def __init__(
        self, name: str, owns: Callable[[Path], bool], make: Callable[[], LanguageService]
    ):
        self.name = name
        self._owns = owns
        self._make = make
        self._made: LanguageService | None = None
        self._lock = threading.Lock()
        self._scopes: list[ExitStack] = []

    @property
    def made(self) -> bool:
        return self._made is not None

    @property
    def service(self) -> LanguageService:
        made = self._made
        if made is None:
            with self._lock:
                made = self._made
                if made is None:
                    made = self._make()
                    for scope in self._scopes:
                        scope.enter_context(made.steady_disk())
                    self._made = made
        return made

    def handles(self, path: Path) -> bool:
        return self._owns(path)

    def findings(self, text: str, path: Path, overlays: Overlays | None = None) -> list[Finding]:
        return self.service.findings(text, path, overlays)

    def complete(
        self,
        text: str,
        path: Path,
        offset: int,
        overlays: Overlays | None = None,
        snippets: bool = False,
    ) -> Completions:
        return self.service.complete(text, path, offset, overlays, snippets)

    def hover(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> HoverInfo | None:
        return self.service.hover(text, path, offset, overlays)

    def definition(
        self, text: str, path: Path, offset: int, overlays: Overlays | None = None
    ) -> list[Target]:
        return self.service.definition(text, path, offset, overlays)

    def fixes(self, text: str, path: Path, span: Span) -> list[Fix]:
        return self.service.fixes(text, path, span)

    def inlay_hints(self, text: str, path: Path, span: Span) -> list[InlayHint]:
        return self.service.inlay_hints(text, path, span)

    def repositories_changed(self) -> bool:
        # Nothing is cached before the service is made.
        return self._made is not None and self._made.repositories_changed()

    def steady_disk(self) -> AbstractContextManager[None]:
        return self._steady()

    @contextmanager
    def _steady(self) -> Iterator[None]:
        with ExitStack() as scope:
            with self._lock:
                if self._made is not None:
                    scope.enter_context(self._made.steady_disk())
                self._scopes.append(scope)
            try:
                yield
            finally:
                with self._lock:
                    self._scopes.remove(scope)


def ballerina(homes: Homes) -> BallerinaService:
    from balmod.analysis.engine import Engine
    from balmod.analysis.service import BallerinaService
    from balmod.repository.roots import RepositoryRoots

    return BallerinaService(
        Engine(RepositoryRoots.from_environment(homes.ballerina_home, homes.user_home))
    )


CEYLON_DESCRIPTOR = "module.ceylon"


def ceylon(homes: Homes) -> Deferred:
    def make() -> LanguageService:
        from balmod.ceylon import CeylonRoots, CeylonService

        roots = CeylonRoots.from_environment(homes.ceylon_home, homes.ceylon_user_dir)
        return CeylonService(roots)

    return Deferred("ceylon", lambda path: path.name == CEYLON_DESCRIPTOR, make)


FACTORIES: tuple[Callable[[Homes], LanguageService], ...] = (ballerina, ceylon)
# The module that each factory imports; importing it registers the module system's codes.
PACKAGES = ("balmod.analysis.service", "balmod.ceylon")
# What the server loads once `initialize` is answered, so that the first request of each
# kind does not wait for its imports (`balmod check` never needs them).
EDITOR_MODULES = (
    "balmod.analysis.completion",
    "balmod.analysis.definition",
    "balmod.analysis.fixes",
    "balmod.analysis.hover",
    "balmod.analysis.manifest_answers",
    "balmod.analysis.manifests.actions",
    "balmod.analysis.manifests.completion",
    "balmod.analysis.manifests.hover",
    "balmod.analysis.manifests.inlay",
)


def import_all() -> None:
    """Import every module system, so that every finding code is registered."""
    for package in PACKAGES:
        importlib.import_module(package)


def import_for_editors() -> None:
    """Import every module an editor's requests need (see `EDITOR_MODULES`)."""
    for module in (*PACKAGES, *EDITOR_MODULES):
        importlib.import_module(module)


def language_services(homes: Homes) -> tuple[LanguageService, ...]:
    return tuple(factory(homes) for factory in FACTORIES)


def service_for(services: Sequence[LanguageService], path: Path) -> LanguageService | None:
    """The module system that owns ``path``, if any."""
    for service in services:
        if service.handles(path):
            return service
    return None
