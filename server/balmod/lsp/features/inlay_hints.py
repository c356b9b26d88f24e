"""textDocument/inlayHint: resolved versions after imports, newer versions in manifests.

Switched by the setting ``inlayHints.enable``; when it changes, the client is asked to
refresh its hints (workspace/inlayHint/refresh) if it says it can.
"""

from __future__ import annotations

import inspect
import logging
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from balmod.lsp.features.manifests import Previous, extend, manifest_document
from balmod.text import Span

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer

log = logging.getLogger(__name__)


def _refresh_supported(ls: BalmodServer) -> bool:
    workspace = ls.client_capabilities.workspace
    hints = workspace.inlay_hint if workspace else None
    return bool(hints and hints.refresh_support)


def _refreshed(future: Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.warning("the client did not refresh its inlay hints (%s)", future.exception())


def refresh(ls: BalmodServer) -> None:
    """Ask the client to request its inlay hints again, when it supports being asked."""
    if _refresh_supported(ls):
        ls.workspace_inlay_hint_refresh(None).add_done_callback(_refreshed)


async def _refresh_on_change(ls: BalmodServer, params: Any, previous: Previous) -> Any:
    """Run the settings handler; refresh the hints when it switched them on or off."""
    before = ls.settings.inlay_hints
    result = previous(params)
    if inspect.isawaitable(result):
        result = await result
    if ls.settings.inlay_hints != before:
        refresh(ls)
    return result


def register(server: BalmodServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=False))
    def inlay_hints(ls: BalmodServer, params: types.InlayHintParams) -> list[types.InlayHint]:
        uri = params.text_document.uri
        mapper = ls.mapper(uri)
        if not ls.settings.inlay_hints or mapper is None:
            return []
        span = Span(mapper.offset(params.range.start), mapper.offset(params.range.end))
        manifest = manifest_document(ls, uri)
        if manifest is not None:
            hints = ls.engine.manifests.inlay_hints(mapper.text, manifest[0], span)
        else:
            analysis = ls.analysis(uri)
            hints = ls.engine.manifests.import_hints(analysis, span) if analysis else []
        return [
            types.InlayHint(
                position=mapper.position(hint.offset),
                label=hint.label,
                padding_left=True,
                tooltip=hint.tooltip or None,
            )
            for hint in hints
        ]

    extend(server, types.INITIALIZED, _refresh_on_change)
    extend(server, types.WORKSPACE_DID_CHANGE_CONFIGURATION, _refresh_on_change)
