"""One module per LSP feature; each exposes `register(server)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer


def register_all(server: BalmodServer) -> None:
    from balmod.lsp.features import (
        archives,
        code_actions,
        completion,
        configuration,
        documents,
        inlay_hints,
        languages,
        manifests,
        navigation,
    )

    # manifests, inlay_hints and languages extend handlers registered before them, so they
    # come last: languages answers other module systems' documents first.
    for feature in (
        documents,
        configuration,
        completion,
        navigation,
        archives,
        code_actions,
        manifests,
        inlay_hints,
        languages,
    ):
        feature.register(server)
