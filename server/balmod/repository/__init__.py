"""Package repositories on disk (distribution, Central cache, local, custom)."""

from balmod.repository.bala import PackageVersion
from balmod.repository.index import RepositoryIndex, dotted_prefixes
from balmod.repository.roots import Repository, RepositoryKind, RepositoryRoots

__all__ = [
    "PackageVersion",
    "Repository",
    "RepositoryIndex",
    "RepositoryKind",
    "RepositoryRoots",
    "dotted_prefixes",
]
