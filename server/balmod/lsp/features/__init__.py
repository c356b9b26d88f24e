"""One module per LSP feature; each exposes `register(server)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer


def register_all(server: BalmodServer) -> None:
    from balmod.lsp.features import code_actions, completion, configuration, documents, navigation

    for feature in (documents, configuration, completion, navigation, code_actions):
        feature.register(server)
