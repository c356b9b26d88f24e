"""The balmod language server: state shared by the feature handlers, and its start-up."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from balmod import __version__
from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.findings import Finding
from balmod.lsp.convert import PositionMapper, diagnostic
from balmod.lsp.settings import Settings
from balmod.project.loader import find_package_root
from balmod.repository.roots import RepositoryRoots

log = logging.getLogger(__name__)

# How often the repositories on disk are checked for added or removed packages.
REPOSITORY_POLL_SECONDS = 1.0


class BalmodServer(LanguageServer):
    def __init__(self, ballerina_home: Path | None = None, user_home: Path | None = None) -> None:
        super().__init__("balmod", __version__)
        self._launch_homes = (ballerina_home, user_home)
        self.settings = Settings()
        self.engine = self._make_engine()
        self._analyses: dict[str, tuple[int | None, DocumentAnalysis]] = {}
        self._mappers: dict[str, tuple[int | None, PositionMapper]] = {}
        # Documents waiting to be published; a dict keeps the order they were asked for in.
        self._dirty: dict[str, None] = {}
        self._flush: asyncio.Task[None] | None = None
        self.repository_watcher: asyncio.Future[None] | None = None

    # -- settings and engine ------------------------------------------------------------
    def _make_engine(self) -> Engine:
        # Settings win over command-line flags, which win over the environment.
        home = self.settings.ballerina_home or self._launch_homes[0]
        user = self.settings.user_home or self._launch_homes[1]
        return Engine(RepositoryRoots.from_environment(home, user))

    def apply_settings(self, settings: Settings) -> None:
        roots_changed = (settings.ballerina_home, settings.user_home) != (
            self.settings.ballerina_home,
            self.settings.user_home,
        )
        self.settings = settings
        if roots_changed:
            self.engine = self._make_engine()
        self.refresh_all()

    # -- documents -------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or types.PositionEncodingKind.Utf16)

    def is_open(self, uri: str) -> bool:
        return uri in self.workspace.text_documents

    def mapper(self, uri: str) -> PositionMapper | None:
        if not self.is_open(uri):
            return None
        document = self.workspace.get_text_document(uri)
        cached = self._mappers.get(uri)
        if (
            cached is not None
            and cached[0] == document.version
            and cached[1].text is document.source
        ):
            return cached[1]
        mapper = PositionMapper(document.source, self.encoding)
        self._mappers[uri] = (document.version, mapper)
        return mapper

    def analysis(self, uri: str) -> DocumentAnalysis | None:
        """The analysis of an open .bal document's current text, made once per version."""
        if not self.is_open(uri) or not uri.endswith(".bal"):
            return None
        document = self.workspace.get_text_document(uri)
        cached = self._analyses.get(uri)
        if (
            cached is not None
            and cached[0] == document.version
            and cached[1].text is document.source
        ):
            return cached[1]
        path = to_fs_path(uri)
        result = self.engine.analyze(
            document.source, Path(path) if path else None, self.overlays(exclude=uri)
        )
        self._analyses[uri] = (document.version, result)
        return result

    def overlays(self, exclude: str | None = None) -> dict[Path, str]:
        """Open .bal buffers by path: what the user sees wins over what is saved."""
        buffers = {}
        for uri, document in self.workspace.text_documents.items():
            path = to_fs_path(uri) if uri != exclude and uri.endswith(".bal") else None
            if path is not None:
                buffers[Path(path)] = document.source
        return buffers

    def changed(self, uri: str) -> None:
        """A document changed: re-check it first, then the other open sources of its package.

        Another file's unsaved public symbols decide whether `prefix:name` is defined.
        """
        self.schedule(uri)
        if not uri.endswith(".bal"):
            return
        path = to_fs_path(uri)
        root = find_package_root(Path(path)) if path else None
        if root is None:
            return
        for other in list(self.workspace.text_documents):
            other_path = to_fs_path(other)
            if (
                other != uri
                and other.endswith(".bal")
                and other_path is not None
                and Path(other_path).is_relative_to(root)
            ):
                self._analyses.pop(other, None)
                self.schedule(other)

    def findings(self, uri: str) -> list[Finding]:
        document = self.workspace.get_text_document(uri)
        path = to_fs_path(uri)
        if uri.endswith(".bal"):
            analysis = self.analysis(uri)
            found = list(analysis.findings) if analysis is not None else []
        elif path is not None:
            found = list(self.engine.check_manifest(document.source, Path(path)))
        else:
            found = []
        return [f for f in found if f.code not in self.settings.disabled_codes]

    def forget(self, uri: str) -> None:
        self._analyses.pop(uri, None)
        self._mappers.pop(uri, None)
        self._dirty.pop(uri, None)

    # -- diagnostics -------------------------------------------------------------------------
    def publish(self, uri: str) -> None:
        if not self.is_open(uri):
            return
        mapper = self.mapper(uri)
        if mapper is None:
            return
        version = self.workspace.get_text_document(uri).version
        diagnostics = [diagnostic(f, mapper, uri) for f in self.findings(uri)]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics)
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

    async def _publish_dirty(self) -> None:
        await asyncio.sleep(0)
        while self._dirty:
            uri = next(iter(self._dirty))  # insertion order: the edited document first
            self._dirty.pop(uri, None)
            try:
                self.publish(uri)
            except Exception:
                log.exception("analysing %s failed", uri)

    def refresh_all(self) -> None:
        """Re-analyse every open document (manifests or repositories changed)."""
        self._analyses.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri)

    async def watch_repositories(self) -> None:
        while True:
            await asyncio.sleep(REPOSITORY_POLL_SECONDS)
            try:
                if self.engine.repositories_changed():
                    log.info("repositories changed on disk; refreshing diagnostics")
                    self.refresh_all()
            except Exception:
                log.exception("checking the repositories failed")


def create_server(
    ballerina_home: Path | None = None, user_home: Path | None = None
) -> BalmodServer:
    from balmod.lsp.features import register_all

    server = BalmodServer(ballerina_home, user_home)
    register_all(server)
    return server


def start(
    tcp: str | None = None, ballerina_home: Path | None = None, user_home: Path | None = None
) -> int:
    server = create_server(ballerina_home, user_home)
    if tcp is None:
        server.start_io()
        return 0
    host, _, port = tcp.rpartition(":")
    if not port.isdigit():
        log.error("--tcp expects HOST:PORT, got %r", tcp)
        return 2
    server.start_tcp(host or "127.0.0.1", int(port))
    return 0
