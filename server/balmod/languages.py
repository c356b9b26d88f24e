"""The module systems balmod serves, each behind `balmod.service.LanguageService`.

Adding a module system: a package that implements the protocol, and one line in FACTORIES.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from balmod.analysis.engine import Engine
from balmod.analysis.service import BallerinaService
from balmod.ceylon import CeylonRoots, CeylonService
from balmod.repository.roots import RepositoryRoots
from balmod.service import LanguageService


@dataclass(frozen=True, slots=True)
class Homes:
    """Where each module system's repositories are, as settings or flags give them."""

    ballerina_home: Path | None = None
    user_home: Path | None = None
    ceylon_home: Path | None = None
    ceylon_user_dir: Path | None = None


def ballerina(homes: Homes) -> BallerinaService:
    return BallerinaService(
        Engine(RepositoryRoots.from_environment(homes.ballerina_home, homes.user_home))
    )


def ceylon(homes: Homes) -> CeylonService:
    return CeylonService(CeylonRoots.from_environment(homes.ceylon_home, homes.ceylon_user_dir))


FACTORIES: tuple[Callable[[Homes], LanguageService], ...] = (ballerina, ceylon)


def language_services(homes: Homes) -> tuple[LanguageService, ...]:
    return tuple(factory(homes) for factory in FACTORIES)


def service_for(services: Sequence[LanguageService], path: Path) -> LanguageService | None:
    """The module system that owns ``path``, if any."""
    for service in services:
        if service.handles(path):
            return service
    return None
