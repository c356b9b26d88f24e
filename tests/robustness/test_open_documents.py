"""Open documents: their paths however their names are escaped, and what opening one
changes for the others."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from lsprotocol import types
from pygls.workspace import Workspace
from pytest_lsp import LanguageClient

from balmod.lsp.features.manifests import open_buffers
from lsp.harness import Editor, World, codes, wait_until


def test_open_buffers_keep_percent_signs_in_file_names(tmp_path: Path) -> None:
    workspace = Workspace(None)
    names = ["a%20b.bal", "x%41.bal", "100%.bal", "plain name.bal", "ünï%C3%A9.toml"]
    for index, name in enumerate(names):
        workspace.put_text_document(
            types.TextDocumentItem(
                uri=(tmp_path / name).as_uri(), language_id="ballerina", version=1, text=str(index)
            )
        )
    workspace.put_text_document(
        types.TextDocumentItem(
            uri="untitled:Untitled-1", language_id="ballerina", version=1, text=""
        )
    )
    server = cast(Any, SimpleNamespace(workspace=workspace))
    assert open_buffers(server) == {tmp_path / name: str(i) for i, name in enumerate(names)}


MAIN = 'import app.util;\n\npublic function main() {\n    _ = util:whisper("a");\n}\n'


async def test_opening_a_sibling_rechecks_the_package(client: LanguageClient, world: World) -> None:
    main = Editor(client, world.package / "main.bal", MAIN)
    await wait_until(client, lambda: codes(client, main.uri) == ["BCE2011"])
    # The module's file opens with unsaved text that declares the function: main.bal's
    # finding goes, though main.bal itself did not change and nothing was saved.
    util = world.package / "modules" / "util" / "util.bal"
    on_disk = util.read_text()
    unsaved = on_disk + "\npublic function whisper(string s) returns string {\n    return s;\n}\n"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=util.as_uri(), language_id="ballerina", version=1, text=unsaved
            )
        )
    )
    await wait_until(client, lambda: codes(client, main.uri) == [])
    assert util.read_text() == on_disk
