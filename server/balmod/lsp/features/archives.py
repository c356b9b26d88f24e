"""``balmod/archiveSource``: the text of a source inside an archive, shown read-only.

Go-to-definition into a 1.x balo or a Ceylon ``.src`` answers with a ``balmod-archive:``
URI (:mod:`balmod.extracted`): nothing is extracted to disk, so a client asks for the text:

- request: ``{"uri": "balmod-archive:///repo/m/1.0.0/m.balo/src/m/a.bal"}``
- result: ``{"text": "..."}``
- errors: ``-32602`` (invalid params) when there is no ``balmod-archive:`` URI naming a
  member safely; ``-32803`` (request failed) when the member is unknown, not a source or too
  large, or its archive is gone or unreadable. The message says which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams

from balmod.extracted import ArchiveError, read_member, uri_path

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer

ARCHIVE_SOURCE = "balmod/archiveSource"


def _uri(params: Any) -> str | None:
    """The ``uri`` of the params, however pygls structured them (an object or a mapping)."""
    uri = params.get("uri") if isinstance(params, dict) else getattr(params, "uri", None)
    return uri if isinstance(uri, str) else None


def archive_source(params: Any) -> dict[str, str]:
    uri = _uri(params)
    if uri is None:
        raise JsonRpcInvalidParams(f'{ARCHIVE_SOURCE} expects {{"uri": "balmod-archive:..."}}')
    path = uri_path(uri)
    if path is None:
        raise JsonRpcInvalidParams(f"not a balmod-archive URI naming a member safely: {uri:.300}")
    try:
        return {"text": read_member(path)}
    except ArchiveError as exc:
        raise JsonRpcException(str(exc), code=int(types.LSPErrorCodes.RequestFailed)) from exc


def register(server: BalmodServer) -> None:
    @server.feature(ARCHIVE_SOURCE)
    def on_archive_source(ls: BalmodServer, params: Any) -> dict[str, str]:
        return archive_source(params)
