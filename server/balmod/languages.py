"""The module systems balmod serves, each behind `balmod.service.LanguageService`.

Adding a module system: a package that implements the protocol, and one line in FACTORIES
and in PACKAGES.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balmod.analysis.service import BallerinaService
    from balmod.ceylon import CeylonService
    from balmod.service import LanguageService


@dataclass(frozen=True, slots=True)
class Homes:
    """Where each module system's repositories are, as settings or flags give them."""

    ballerina_home: Path | None = None
    user_home: Path | None = None
    ceylon_home: Path | None = None
    ceylon_user_dir: Path | None = None


# Each factory imports its module system when called: a module system is a large import
# (parsers, manifests, rules), paid by the process that uses it and not by one that only
# names it (the server answering `initialize`, `balmod codes`).


def ballerina(homes: Homes) -> BallerinaService:
    from balmod.analysis.engine import Engine
    from balmod.analysis.service import BallerinaService
    from balmod.repository.roots import RepositoryRoots

    return BallerinaService(
        Engine(RepositoryRoots.from_environment(homes.ballerina_home, homes.user_home))
    )


def ceylon(homes: Homes) -> CeylonService:
    from balmod.ceylon import CeylonRoots, CeylonService

    return CeylonService(CeylonRoots.from_environment(homes.ceylon_home, homes.ceylon_user_dir))


FACTORIES: tuple[Callable[[Homes], LanguageService], ...] = (ballerina, ceylon)
# The module that each factory imports; importing it registers the module system's codes.
PACKAGES = ("balmod.analysis.service", "balmod.ceylon")


def import_all() -> None:
    """Import every module system, so that every finding code is registered."""
    for package in PACKAGES:
        importlib.import_module(package)


def language_services(homes: Homes) -> tuple[LanguageService, ...]:
    return tuple(factory(homes) for factory in FACTORIES)


def service_for(services: Sequence[LanguageService], path: Path) -> LanguageService | None:
    """The module system that owns ``path``, if any."""
    for service in services:
        if service.handles(path):
            return service
    return None
