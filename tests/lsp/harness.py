"""End-to-end test helpers: a repository world, a typing editor, waiting on notifications."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

CLIENTS = ("visual-studio-code", "neovim")
WAIT_SECONDS = 15

HTTP_SOURCE = """\
# An HTTP client.
public isolated client class Client {
    remote isolated function get(string path) returns string {
        return path;
    }
}

# Starts a listener.
public class Listener {
}
"""

IO_SOURCE = """\
# Prints values to the standard output.
#
# + values - what to print
public isolated function println(any... values) {
}
"""


@dataclass
class World:
    """Repositories and one package (org ``acme``, name ``app``) laid out in a temp dir."""

    dirs: BallerinaDirs
    package: Path

    def options(self, **extra: Any) -> dict[str, Any]:
        return {
            "ballerinaHome": str(self.dirs.ballerina_home),
            "userHome": str(self.dirs.user_home),
            **extra,
        }


def build_world(base: Path) -> World:
    dirs = make_dirs(base)
    make_langlibs(dirs.distribution, ("lang.string", "lang.array", "lang.value", "jballerina.java"))
    make_bala(
        dirs.distribution,
        "ballerina",
        "lang.int",
        "0.0.0",
        modules={
            "lang.int": {
                "int.bal": "public isolated function abs(int n) returns int {\n    return n;\n}\n"
            }
        },
    )
    for version in ("2.15.0", "2.16.4"):
        make_bala(
            dirs.distribution,
            "ballerina",
            "http",
            version,
            platform="java21",
            modules={"http": {"http.bal": HTTP_SOURCE}, "http.httpscerr": {"errors.bal": ""}},
        )
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0", modules={"io": {"io.bal": IO_SOURCE}})
    make_bala(
        dirs.distribution,
        "ballerina",
        "log",
        "2.17.0",
        modules={"log": {"log.bal": "public function printInfo(string msg) {\n}\n"}},
    )
    make_bala(dirs.central, "ballerinax", "mysql", "1.13.0", platform="java17")
    make_bala(
        dirs.central,
        "tyler",
        "net.http",
        "1.2.0",
        modules={"net.http": {"a.bal": ""}, "net.http.exception": {"e.bal": ""}},
    )
    make_bala(dirs.local, "mycompany", "geo", "0.3.0")
    package = make_package(
        base / "app",
        "acme",
        "app",
        modules={
            "": {"main.bal": "public function main() {\n}\n"},
            "util": {
                "util.bal": "public function shout(string s) returns string {\n    return s;\n}\n"
            },
        },
        dependencies_toml=[{"org": "ballerina", "name": "http", "version": "2.15.0"}],
        ballerina_toml_extra=(
            '[[dependency]]\norg = "mycompany"\nname = "geo"\nversion = "0.3.0"\n'
            'repository = "local"\n'
        ),
    )
    return World(dirs, package)


def make_client() -> LanguageClient:
    """The pytest-lsp test client, also recording each publication's document version."""
    client = LanguageClient(converter_factory=default_converter)
    client.published_versions = {}  # type: ignore[attr-defined]

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published_versions[params.uri] = params.version  # type: ignore[attr-defined]

    client.registrations = []  # type: ignore[attr-defined]

    def register_capability(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register_capability
    register_lsp_features(client, features)
    return client


async def start_session(
    client: LanguageClient,
    spec: str,
    options: dict[str, Any],
    folders: list[types.WorkspaceFolder] | None = None,
) -> None:
    """Initialize with the capabilities of client ``spec``; remember the position encoding."""
    result = await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(spec),
            initialization_options=options,
            workspace_folders=folders,
        )
    )
    client.position_encoding = str(result.capabilities.position_encoding or "utf-16")  # type: ignore[attr-defined]


def assert_agrees_with_check(client: LanguageClient, world: World, doc: Editor) -> None:
    """`balmod check` on the document's file reports what the server published for it."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "balmod",
            "check",
            str(doc.path),
            "--format",
            "json",
            "--ballerina-home",
            str(world.dirs.ballerina_home),
            "--user-home",
            str(world.dirs.user_home),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    from_cli = sorted(
        (f["code"], f["message"], f["line"] - 1, f["column"] - 1) for f in json.loads(result.stdout)
    )
    from_server = sorted(
        (d.code, d.message, d.range.start.line, d.range.start.character)
        for d in client.diagnostics[doc.uri]
    )
    assert from_cli == from_server


async def wait_until(client: LanguageClient, predicate: Callable[[], bool]) -> None:
    """Wait for published diagnostics until ``predicate`` holds (checked before each wait)."""

    async def loop() -> None:
        while not predicate():
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(loop(), WAIT_SECONDS)


def codes(client: LanguageClient, uri: str) -> list[str]:
    return sorted(str(d.code) for d in client.diagnostics.get(uri, []))


def units(text: str, encoding: str) -> int:
    """The length of ``text`` in the negotiated position encoding's units."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


class Editor:
    """A document the test types into, as an editor would (full-text or ranged changes)."""

    def __init__(self, client: LanguageClient, path: Path, text: str) -> None:
        self.client = client
        self.path = path
        self.uri = path.as_uri()
        self.text = text
        self.version = 1
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        language = "ballerina" if path.suffix == ".bal" else "toml"
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=self.uri, language_id=language, version=1, text=text
                )
            )
        )

    def position(self, needle: str, delta: int = 0, occurrence: int = 0) -> types.Position:
        """The position of ``needle`` (plus ``delta`` code points), in the client's units."""
        index = -1
        for _ in range(occurrence + 1):
            index = self.text.index(needle, index + 1)
        offset = index + delta
        line = self.text.count("\n", 0, offset)
        line_start = self.text.rfind("\n", 0, offset) + 1
        column = units(self.text[line_start:offset], self.encoding)
        return types.Position(line=line, character=column)

    @property
    def encoding(self) -> str:
        return str(getattr(self.client, "position_encoding", "utf-16"))

    def replace(self, old: str, new: str) -> None:
        """Send a ranged change replacing the first ``old`` with ``new``."""
        start = self.position(old)
        end = self.position(old, len(old))
        self.text = self.text.replace(old, new, 1)
        self._send(
            types.TextDocumentContentChangePartial(
                range=types.Range(start=start, end=end), text=new
            )
        )

    def set_text(self, text: str) -> None:
        self.text = text
        self._send(types.TextDocumentContentChangeWholeDocument(text=text))

    def _send(self, change: types.TextDocumentContentChangeEvent) -> None:
        self.version += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=self.uri, version=self.version
                ),
                content_changes=[change],
            )
        )

    def apply(self, edits: list[types.TextEdit]) -> None:
        """Apply a server's edits as the client would, and send the result."""
        lines = self.text.split("\n")

        def offset(pos: types.Position) -> int:
            start = sum(len(line) + 1 for line in lines[: pos.line])
            line = lines[pos.line] if pos.line < len(lines) else ""
            count = 0
            for i, char in enumerate(line):
                if count >= pos.character:
                    return start + i
                count += units(char, self.encoding)
            return start + len(line)

        spans = sorted(
            ((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True
        )
        text = self.text
        for start, end, new in spans:
            text = text[:start] + new + text[end:]
        self.set_text(text)

    def close(self) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(
                text_document=types.TextDocumentIdentifier(uri=self.uri)
            )
        )
