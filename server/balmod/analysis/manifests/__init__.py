"""Manifests against the repositories: resolution checks, completion, hover, hints, actions.

The manifest core (:mod:`balmod.manifest`) reads Ballerina.toml and Dependencies.toml on their
own; this package checks what they say against what is on disk and the package's sources,
through :class:`ManifestService`, which the engine holds and clears when the repositories
change.
"""

from typing import TYPE_CHECKING

from balmod.analysis.manifests import codes as _codes  # registers the codes it reports
from balmod.lazy import lazy_exports

if TYPE_CHECKING:
    from balmod.analysis.manifests.actions import FileEdit, ManifestAction
    from balmod.analysis.manifests.completion import CandidateKind, ManifestCandidate
    from balmod.analysis.manifests.hover import ManifestHover
    from balmod.analysis.manifests.inlay import Hint
    from balmod.analysis.manifests.keys import ManifestKind
    from balmod.analysis.manifests.service import ManifestService

__all__ = [
    "CandidateKind",
    "FileEdit",
    "Hint",
    "ManifestAction",
    "ManifestCandidate",
    "ManifestHover",
    "ManifestKind",
    "ManifestService",
]

# What only an editor asks for (completion, hover, actions) loads when first used.
__getattr__ = lazy_exports(
    __name__,
    {
        "CandidateKind": "balmod.analysis.manifests.completion",
        "FileEdit": "balmod.analysis.manifests.actions",
        "Hint": "balmod.analysis.manifests.inlay",
        "ManifestAction": "balmod.analysis.manifests.actions",
        "ManifestCandidate": "balmod.analysis.manifests.completion",
        "ManifestHover": "balmod.analysis.manifests.hover",
        "ManifestKind": "balmod.analysis.manifests.keys",
        "ManifestService": "balmod.analysis.manifests.service",
    },
)

del _codes
