"""A second module system through the same server: Ceylon module descriptors end to end."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp.harness import CLIENTS, Editor, codes, make_client, start_session, wait_until
from lsp.test_code_actions import actions, edits_of
from lsp.test_completion import by_label, complete
from lsp.test_navigation import hover_at

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ceylon"
SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
)


@pytest.fixture
def ceylon(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "ceylon"))


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, ceylon: Path):
    await start_session(
        lsp_client,
        request.param,
        {
            "ceylonHome": str(ceylon / "ceylon-home"),
            "ceylonUserDir": str(ceylon / "user-home"),
        },
    )
    yield
    await lsp_client.shutdown_session()


def descriptor(ceylon: Path) -> Path:
    return ceylon / "hello/source/com/example/hello/module.ceylon"


async def test_missing_version_is_reported_and_fixed_to_a_version_on_disk(
    client: LanguageClient, ceylon: Path
) -> None:
    path = descriptor(ceylon)
    doc = Editor(client, path, path.read_text())
    await wait_until(client, lambda: codes(client, doc.uri) == ["CYL0003"])
    (missing,) = client.diagnostics[doc.uri]
    assert missing.message.startswith(
        "cannot find module artifact 'com.example.strings-1.2.0(.car|.jar)'"
    )
    found = await actions(client, doc, doc.position("com.example.strings", 3))
    fix = next(a for a in found.values() if a.is_preferred)
    doc.apply(edits_of(fix, doc.uri))
    assert 'import com.example.strings "' in doc.text and '"1.2.0"' not in doc.text
    await wait_until(client, lambda: codes(client, doc.uri) == [])


async def test_completion_of_module_names_and_versions(
    client: LanguageClient, ceylon: Path
) -> None:
    path = descriptor(ceylon)
    original = path.read_text()
    text = original.replace('import com.example.strings "1.2.0";', "import com.example.st")
    doc = Editor(client, path, text)
    items = by_label(await complete(client, doc, doc.position("com.example.st", 14)))
    assert "com.example.strings" in items
    versions = original.replace('"1.2.0"', '""')
    doc.set_text(versions)
    items = by_label(await complete(client, doc, doc.position('strings ""', 9)))
    assert list(items)[:3] == ["2.0.0", "1.1.0", "1.0.0"]


async def test_hover_lists_the_versions_on_disk(client: LanguageClient, ceylon: Path) -> None:
    path = descriptor(ceylon)
    doc = Editor(client, path, path.read_text())
    text = await hover_at(client, doc, doc.position("ceylon.file", 3))
    assert "1.3.3" in text
    assert str(ceylon / "ceylon-home" / "repo") in text
