"""The Ballerina.lock of a 1.x project served end to end: hover, completion, version actions."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp.harness import CLIENTS, Editor, codes, make_client, start_session, wait_until
from lsp.test_code_actions import actions, edits_of
from lsp.test_completion import by_label, complete
from lsp.test_navigation import hover_at

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy"
SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
)
MATHUTILS = 'name = "mathutils"\nversion = "1.2.0"'


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "legacy"))


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)  # type: ignore[untyped-decorator]
async def client(
    lsp_client: LanguageClient, request: pytest.FixtureRequest, legacy: Path
) -> AsyncIterator[None]:
    await start_session(
        lsp_client,
        request.param,
        {
            "ballerinaHome": str(legacy / "ballerina-home"),
            "userHome": str(legacy / "user-home"),
        },
    )
    yield
    await lsp_client.shutdown_session()


async def open_lock(client: LanguageClient, legacy: Path, text: str | None = None) -> Editor:
    path = legacy / "greeter" / "Ballerina.lock"
    doc = Editor(client, path, path.read_text() if text is None else text)
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    return doc


async def test_hover_and_completion_on_a_locked_entry(client: LanguageClient, legacy: Path) -> None:
    doc = await open_lock(client, legacy)
    version = doc.position(MATHUTILS, len(MATHUTILS) - 3)
    hover = await hover_at(client, doc, version)
    assert hover.startswith("**natasha/mathutils** `1.2.0`")
    assert "version 1.2.0 from Ballerina.lock, in the home repository" in hover
    assert "Locked for module `greetings` of this project" in hover
    result = await complete(client, doc, version)
    items = by_label(result)
    assert list(items) == ["1.2.0", "1.1.0"]
    assert items["1.1.0"].kind == types.CompletionItemKind.Constant
    edit = items["1.1.0"].text_edit
    assert isinstance(edit, types.TextEdit)
    before = doc.text
    doc.apply([edit])
    assert doc.text == before.replace(MATHUTILS, MATHUTILS.replace("1.2.0", "1.1.0"))
    header = await hover_at(client, doc, doc.position("acme/formatting", 2))
    assert header.startswith("**acme/formatting:1.0.0**")


async def test_a_version_in_no_repository_is_fixed(client: LanguageClient, legacy: Path) -> None:
    original = (legacy / "greeter" / "Ballerina.lock").read_text()
    doc = await open_lock(client, legacy, original.replace(MATHUTILS, MATHUTILS[:-7] + '"9.9.9"'))
    await wait_until(client, lambda: "BMD2008" in codes(client, doc.uri))
    (missing,) = [d for d in client.diagnostics[doc.uri] if d.code == "BMD2008"]
    assert missing.range.start == doc.position('"9.9.9"')
    found = await actions(client, doc, doc.position("9.9.9", 1))
    fix = found["Lock 'natasha/mathutils' to 1.2.0 (home)"]
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert list(fix.diagnostics or []) == [missing]
    # The same edit as aligning with Ballerina.toml: offered once.
    assert "Lock 'natasha/mathutils' to 1.2.0, the version in Ballerina.toml" not in found
    doc.apply(edits_of(fix, doc.uri))
    assert doc.text == original


async def test_aligning_with_ballerina_toml_edits_either_file(
    client: LanguageClient, legacy: Path
) -> None:
    original = (legacy / "greeter" / "Ballerina.lock").read_text()
    doc = await open_lock(client, legacy, original.replace(MATHUTILS, MATHUTILS[:-7] + '"1.1.0"'))
    found = await actions(client, doc, doc.position("1.1.0", 1))
    lock_side = found["Lock 'natasha/mathutils' to 1.2.0, the version in Ballerina.toml"]
    manifest_side = found["Set 'natasha/mathutils' to 1.1.0 in Ballerina.toml, the locked version"]
    assert lock_side.kind == manifest_side.kind == types.CodeActionKind.RefactorRewrite
    manifest_path = legacy / "greeter" / "Ballerina.toml"
    assert manifest_side.edit is not None and manifest_side.edit.changes is not None
    assert list(manifest_side.edit.changes) == [manifest_path.as_uri()]
    # With Ballerina.toml open, its unsaved text is what the lock is compared with.
    manifest = Editor(client, manifest_path, manifest_path.read_text())
    manifest.apply(edits_of(manifest_side, manifest.uri))
    assert '"natasha/mathutils" = "1.1.0"' in manifest.text
    again = await actions(client, doc, doc.position("1.1.0", 1))
    assert not any("natasha/mathutils" in title for title in again)
    doc.apply(edits_of(lock_side, doc.uri))
    assert doc.text == original
