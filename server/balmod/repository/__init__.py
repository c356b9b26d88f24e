"""Package repositories on disk (distribution, Central cache, local, custom).

The names below load with their module on first use: the language server reads the
repository roots from its settings before it answers `initialize`, and the index (with
SemVer parsing) is not needed until later.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from balmod.repository.bala import PackageVersion
    from balmod.repository.index import RepositoryIndex, VersionDir, dotted_prefixes
    from balmod.repository.roots import Repository, RepositoryKind, RepositoryRoots

_HOMES = {
    "PackageVersion": "balmod.repository.bala",
    "RepositoryIndex": "balmod.repository.index",
    "VersionDir": "balmod.repository.index",
    "dotted_prefixes": "balmod.repository.index",
    "Repository": "balmod.repository.roots",
    "RepositoryKind": "balmod.repository.roots",
    "RepositoryRoots": "balmod.repository.roots",
}

__all__ = [
    "PackageVersion",
    "Repository",
    "RepositoryIndex",
    "RepositoryKind",
    "RepositoryRoots",
    "VersionDir",
    "dotted_prefixes",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
