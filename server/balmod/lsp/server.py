"""The balmod language server: state shared by the feature handlers, and its start-up.

Robustness at the protocol's edge (see SECURITY.md):

- A request whose params do not match its method, or that is not JSON-RPC 2.0, is answered
  with an error (pygls would leave it unanswered); other malformed messages are logged.
- A frame announcing more than :data:`MAX_MESSAGE_BYTES` is refused rather than read.
- Ranged changes are applied with LSP's line breaks (LF, CRLF, CR) only: pygls splits lines
  at form feeds, U+2028 and the like too, which puts edits in the wrong place.
- A document is found however the client escapes its URI (``%20``, ``c%3A``).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import re
import sys
from collections.abc import Generator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from balmod import __version__
from balmod.extracted import uri_path
from balmod.findings import Finding
from balmod.languages import Homes, import_for_editors, language_services, service_for
from balmod.lsp.convert import PositionMapper, diagnostic, wire_converter
from balmod.lsp.settings import Settings

if TYPE_CHECKING:
    # The module systems are imported when first needed, right after `initialize` is
    # answered (see `BalmodServer.load`): answering it needs none of them.
    from balmod.analysis.document import DocumentAnalysis
    from balmod.analysis.engine import Engine
    from balmod.analysis.service import BallerinaService
    from balmod.service import LanguageService

log = logging.getLogger(__name__)

# How often the repositories on disk are checked for added or removed packages.
REPOSITORY_POLL_SECONDS = 1.0
# The largest JSON-RPC message read. A didOpen of a file at the largest `maxFileBytes` a user
# would set, escaped as JSON, fits; a header claiming more is refused instead of allocated.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
# Header lines are short; a longer "line" is garbage and is read in pieces of this size.
MAX_HEADER_LINE = 64 * 1024

_CONTENT_LENGTH = re.compile(rb"^Content-Length: (\d+)\r\n$")


class GuardedStdin:
    """stdin as pygls reads it, with frames over :data:`MAX_MESSAGE_BYTES` refused.

    pygls reads a body of whatever length a header announces, in one allocation: a bogus
    ``Content-Length: 99999999999999`` kills the server. Such a header line is replaced by
    one pygls ignores, so the stream goes on with the next well-formed frame.
    """

    def __init__(self, stream: IO[bytes], max_message: int = MAX_MESSAGE_BYTES) -> None:
        self.stream = stream
        self.max_message = max_message

    def readline(self) -> bytes:
        line = self.stream.readline(MAX_HEADER_LINE)
        match = _CONTENT_LENGTH.match(line)
        if match is not None and int(match.group(1)) > self.max_message:
            log.error(
                "refused a message of %s bytes (more than %d)", match.group(1).decode(),
                self.max_message,
            )  # fmt: skip
            return b"X-Balmod-Refused: " + line
        return line

    def read(self, size: int) -> bytes:
        return self.stream.read(size)


class BalmodProtocol(LanguageServerProtocol):
    """pygls's protocol, answering every request and applying changes as LSP defines them."""

    def _answer(self, message: object, error: JsonRpcException) -> None:
        """Answer a malformed request with ``error``, when it has an id to answer."""
        if isinstance(message, dict):
            method, msg_id = message.get("method"), message.get("id")
        else:
            method, msg_id = getattr(message, "method", None), getattr(message, "id", None)
        if method is not None and isinstance(msg_id, int | str):
            self._send_response(msg_id, error=error.to_response_error())

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            # pygls logs and drops the message; a request still deserves an answer.
            self._answer(data, error)
            raise

    def handle_message(self, message: Any) -> None:
        if getattr(message, "jsonrpc", None) != self.VERSION:
            log.warning("ignored a message that is not JSON-RPC 2.0: %.200r", message)
            self._answer(message, JsonRpcInvalidRequest("not a JSON-RPC 2.0 message"))
            return
        super().handle_message(message)

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(
        self, params: types.InitializeParams
    ) -> Generator[Any, Any, types.InitializeResult]:
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        # The answer is written when this returns; the module systems load just after it,
        # while the client reads it, rather than before it or on the first document.
        server = self._server
        if isinstance(server, BalmodServer):
            with contextlib.suppress(RuntimeError):  # no event loop: they load on first use
                asyncio.get_running_loop().call_soon(server.load)
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        uri = params.text_document.uri
        document = self.workspace.text_documents.get(unquote(uri))
        if document is None:
            log.warning("ignored a change to %s, which is not open", uri)
            return
        server = self._server
        assert isinstance(server, BalmodServer)
        mapper = server.mapper(uri)
        assert mapper is not None
        for change in params.content_changes:
            mapper = mapper.apply(change)
        document.apply_change(types.TextDocumentContentChangeWholeDocument(text=mapper.text))
        document.version = params.text_document.version
        server.remember_mapper(document.uri, document.version, mapper)
        if (handler := self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


def document_path(uri: str) -> Path | None:
    """The file a document URI names; None unless it is an absolute path with no NUL in it."""
    path = to_fs_path(uri)
    if not path or "\0" in path or not os.path.isabs(path):
        return None
    return Path(path)


class BalmodServer(LanguageServer):
    def __init__(self, launch: Homes | None = None) -> None:
        super().__init__(
            "balmod", __version__, protocol_cls=BalmodProtocol, converter_factory=wire_converter
        )
        self._launch = launch or Homes()
        self.settings = Settings()
        self._services: tuple[LanguageService, ...] | None = None
        self._ballerina: BallerinaService | None = None
        # Caches by the URI the document was opened with (see `document`).
        self._analyses: dict[str, tuple[int | None, DocumentAnalysis]] = {}
        self._mappers: dict[str, tuple[int | None, PositionMapper]] = {}
        # Documents waiting to be published; a dict keeps the order they were asked for in.
        self._dirty: dict[str, None] = {}
        self._just_opened: set[str] = set()
        self._flush: asyncio.Task[None] | None = None
        self.repository_watcher: asyncio.Future[None] | None = None

    # -- settings and engine ------------------------------------------------------------
    def _homes(self, settings: Settings) -> Homes:
        # Settings win over command-line flags, which win over the environment.
        launch = self._launch
        return Homes(
            settings.ballerina_home or launch.ballerina_home,
            settings.user_home or launch.user_home,
            settings.ceylon_home or launch.ceylon_home,
            settings.ceylon_user_dir or launch.ceylon_user_dir,
        )

    def _make_services(self) -> tuple[tuple[LanguageService, ...], BallerinaService]:
        """One service per module system; Ballerina's engine also backs the .bal handlers."""
        from balmod.analysis.service import BallerinaService

        services = language_services(self._homes(self.settings))
        ballerina = next(s for s in services if isinstance(s, BallerinaService))
        ballerina.engine.index.max_file_bytes = self.settings.max_file_bytes
        ballerina.engine.symbols.max_file_bytes = self.settings.max_file_bytes
        self._services, self._ballerina = services, ballerina
        return services, ballerina

    @property
    def services(self) -> tuple[LanguageService, ...]:
        """The module systems' services, made when first needed and after settings change."""
        if self._services is None:
            return self._make_services()[0]
        return self._services

    @property
    def ballerina(self) -> BallerinaService:
        if self._ballerina is None:
            return self._make_services()[1]
        return self._ballerina

    @property
    def engine(self) -> Engine:
        return self.ballerina.engine

    def load(self) -> None:
        """Load what the first requests need: the module systems, the modules that answer
        editors' requests, and the import parser.

        Run once `initialize` is answered, while the client has nothing to wait for.
        """
        # Like start-up, loading makes long-lived objects and no garbage: no collection
        # while it runs, and what it loaded is frozen like what `start` froze.
        collecting = gc.isenabled()
        gc.disable()
        try:
            from balmod.syntax.imports import parse_imports

            if self._services is None:
                self._make_services()
            import_for_editors()
            # A half-typed declaration, as the first one typed will be, goes to the grammar
            # (plain ones do not): this loads lark and builds its parser, kept per process.
            parse_imports("import a/")
        except Exception:
            log.exception("loading the module systems failed")
        finally:
            gc.freeze()
            if collecting:
                gc.enable()

    def apply_settings(self, settings: Settings) -> None:
        rebuild = (self._homes(settings), settings.max_file_bytes) != (
            self._homes(self.settings),
            self.settings.max_file_bytes,
        )
        self.settings = settings
        if rebuild:
            self._services = self._ballerina = None
        self.refresh_all()

    def service_for(self, uri: str) -> LanguageService | None:
        """The module system that owns the document at ``uri``, if any."""
        path = document_path(uri)
        return service_for(self.services, path) if path is not None else None

    # -- documents -------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def document(self, uri: str) -> TextDocument | None:
        """The open document ``uri`` names, however the client escaped it; None if not open.

        pygls keys documents by the unescaped URI; ``document.uri`` is the one it was opened
        with, which is what diagnostics are published for.
        """
        document: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return document

    def is_open(self, uri: str) -> bool:
        return self.document(uri) is not None

    def mapper(self, uri: str) -> PositionMapper | None:
        document = self.document(uri)
        if document is None:
            return None
        cached = self._mappers.get(document.uri)
        if (
            cached is not None
            and cached[0] == document.version
            and cached[1].text is document.source
        ):
            return cached[1]
        mapper = PositionMapper(document.source, self.encoding)
        self._mappers[document.uri] = (document.version, mapper)
        return mapper

    def remember_mapper(self, uri: str, version: int | None, mapper: PositionMapper) -> None:
        """``mapper`` is for the text of ``uri`` at ``version`` (made as a change was applied)."""
        self._mappers[uri] = (version, mapper)

    def analysis(self, uri: str) -> DocumentAnalysis | None:
        """The analysis of an open .bal document's current text, made once per version."""
        document = self.document(uri)
        if document is None or not document.uri.endswith(".bal"):
            return None
        cached = self._analyses.get(document.uri)
        if (
            cached is not None
            and cached[0] == document.version
            and cached[1].text is document.source
        ):
            return cached[1]
        result = self.engine.analyze(
            document.source, document_path(document.uri), self.overlays(exclude=document.uri)
        )
        self._analyses[document.uri] = (document.version, result)
        return result

    def overlays(self, exclude: str | None = None) -> dict[Path, str]:
        """Open .bal buffers by path: what the user sees wins over what is saved."""
        skipped = self.document(exclude) if exclude is not None else None
        buffers = {}
        for document in self.workspace.text_documents.values():
            path = document_path(document.uri) if document is not skipped else None
            if path is not None and document.uri.endswith(".bal"):
                buffers[path] = document.source
        return buffers

    def changed(self, uri: str) -> None:
        """A document changed: re-check it first, then the other open sources of its package.

        Another file's unsaved public symbols decide whether `prefix:name` is defined.
        """
        document = self.document(uri)
        if document is None:
            return
        self.schedule(document.uri)
        path = document_path(document.uri)
        if path is None or not document.uri.endswith(".bal"):
            return
        from balmod.project.loader import find_package_root  # with the module systems

        root = find_package_root(path)
        if root is None:
            return
        for other in list(self.workspace.text_documents.values()):
            other_path = document_path(other.uri)
            if (
                other is not document
                and other.uri.endswith(".bal")
                and other_path is not None
                and other_path.is_relative_to(root)
            ):
                self._analyses.pop(other.uri, None)
                self.schedule(other.uri)

    def findings(self, uri: str) -> list[Finding]:
        document = self.document(uri)
        if document is None or uri_path(document.uri) is not None:
            return []  # not open, or a dependency's source inside an archive, shown read-only
        path = document_path(document.uri)
        if document.uri.endswith(".bal"):
            analysis = self.analysis(document.uri)
            found = list(analysis.findings) if analysis is not None else []
        elif path is not None and (service := self.service_for(document.uri)) is not None:
            if service is self.ballerina:
                found = list(self.engine.check_manifest(document.source, path))
            else:
                found = service.findings(document.source, path, self.overlays(document.uri))
        else:
            found = []
        return [f for f in found if f.code not in self.settings.disabled_codes]

    def forget(self, uri: str) -> None:
        document = self.document(uri)
        for key in {uri, document.uri if document is not None else uri}:
            self._analyses.pop(key, None)
            self._mappers.pop(key, None)
            self._dirty.pop(key, None)

    # -- diagnostics -------------------------------------------------------------------------
    def publish(self, uri: str) -> None:
        document = self.document(uri)
        mapper = self.mapper(uri)
        if document is None or mapper is None:
            return
        diagnostics = [diagnostic(f, mapper, document.uri) for f in self.findings(uri)]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=document.uri, version=document.version, diagnostics=diagnostics
            )
        )

    def clear(self, uri: str) -> None:
        self.forget(uri)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    def schedule(self, uri: str) -> None:
        """Publish soon; a burst of changes queued behind this one is analysed once."""
        self._dirty[uri] = None
        if self._flush is None or self._flush.done():
            self._flush = asyncio.ensure_future(self._publish_dirty())

    def opened(self, uri: str) -> None:
        """``uri`` was just opened: its first analysis reads what later ones reuse."""
        document = self.document(uri)
        if document is not None:
            self._just_opened.add(document.uri)
        self.changed(uri)

    async def _publish_dirty(self) -> None:
        await asyncio.sleep(0)
        settle = False
        while self._dirty:
            uri = next(iter(self._dirty))  # insertion order: the edited document first
            self._dirty.pop(uri, None)
            try:
                self.publish(uri)
            except Exception:
                log.exception("analysing %s failed", uri)
            if uri in self._just_opened:
                self._just_opened.discard(uri)
                settle = True
        if settle:
            # What a document's first analysis read (module symbols, resolutions, manifest
            # facts) lives as long as the server: frozen, full collections stop walking it.
            # Later analyses make no cyclic garbage, so nothing collectable is frozen.
            gc.freeze()

    def refresh_all(self) -> None:
        """Re-analyse every open document (manifests or repositories changed)."""
        self._analyses.clear()
        for document in list(self.workspace.text_documents.values()):
            self.schedule(document.uri)

    async def watch_repositories(self) -> None:
        while True:
            await asyncio.sleep(REPOSITORY_POLL_SECONDS)
            try:
                # Every module system polls its own repositories (a list: ask them all).
                if any([service.repositories_changed() for service in self.services]):
                    log.info("repositories changed on disk; refreshing diagnostics")
                    self.refresh_all()
            except Exception:
                log.exception("checking the repositories failed")


def create_server(homes: Homes | None = None) -> BalmodServer:
    from balmod.lsp.features import register_all

    server = BalmodServer(homes)
    register_all(server)
    return server


def start(tcp: str | None = None, homes: Homes | None = None) -> int:
    server = create_server(homes)
    # Everything loaded so far lives as long as the server: keep it out of the collector's
    # full passes, which otherwise stall a keystroke now and then. `balmod serve` kept the
    # collector off while loading it (nothing to collect); it runs from here on.
    gc.freeze()
    gc.enable()
    if tcp is None:
        server.start_io(stdin=GuardedStdin(sys.stdin.buffer))  # type: ignore[arg-type]
        return 0
    host, _, port = tcp.rpartition(":")
    if not port.isdigit():
        log.error("--tcp expects HOST:PORT, got %r", tcp)
        return 2
    server.start_tcp(host or "127.0.0.1", int(port))
    return 0
