"""A Ballerina 1.x project served end to end: imports, manifest, balo sources."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from balmod.extracted import read_member, uri_path
from lsp.harness import CLIENTS, Editor, codes, make_client, start_session, wait_until
from lsp.test_code_actions import actions, edits_of
from lsp.test_completion import by_label, complete
from lsp.test_navigation import definition_at, hover_at

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy"
SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE, tmp_path / "legacy"))


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, legacy: Path):
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


async def test_imports_are_checked_by_the_1x_rules(client: LanguageClient, legacy: Path) -> None:
    path = legacy / "greeter/greetings/greetings.bal"
    doc = Editor(client, path, path.read_text())
    # `version 0.10.0` in an import is valid in 1.x: no BMD0002.
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002", "BCE2003"])
    hover = await hover_at(client, doc, doc.position("natasha/mathutils", 9))
    assert "1.2.0" in hover and "home" in hover
    items = by_label(await complete(client, doc, doc.position("mathutils:add", 10)))
    assert {"add", "max"} <= set(items)
    (target,) = await definition_at(client, doc, doc.position("mathutils:add", 11))
    # A member of the module's zip, read in place (tests/lsp/test_archives.py), not extracted.
    assert target.uri.startswith("balmod-archive:")
    assert target.uri.endswith("/mathutils/1.2.0/mathutils.zip/src/math.bal")
    member = uri_path(target.uri)
    assert member is not None and read_member(member).count("function add") == 1


async def test_the_1x_manifest_has_completion_and_hover(
    client: LanguageClient, legacy: Path
) -> None:
    path = legacy / "greeter/Ballerina.toml"
    doc = Editor(client, path, path.read_text())
    await wait_until(client, lambda: doc.uri in client.diagnostics)
    assert codes(client, doc.uri) == []
    text = await hover_at(client, doc, doc.position('"natasha/mathutils"', 3))
    assert "natasha/mathutils" in text and "1.2.0" in text
    result = await complete(client, doc, doc.position('= "1.2.0"', 3))
    assert "1.2.0" in {item.label for item in result.items}


async def test_an_import_version_differing_from_the_manifest_is_fixed(
    client: LanguageClient, legacy: Path
) -> None:
    path = legacy / "greeter/greetings/greetings.bal"
    text = path.read_text().replace(
        "import natasha/mathutils;", "import natasha/mathutils version 1.0.0;"
    )
    doc = Editor(client, path, text)
    await wait_until(client, lambda: "BMD2004" in codes(client, doc.uri))
    found = await actions(client, doc, doc.position("1.0.0", 1))
    doc.apply(edits_of(found["Use 1.2.0 from Ballerina.toml"], doc.uri))
    assert "import natasha/mathutils version 1.2.0;" in doc.text
    await wait_until(client, lambda: codes(client, doc.uri) == ["BCE2002", "BCE2003"])
    hover = await hover_at(client, doc, doc.position("natasha/mathutils", 9))
    assert "compatible" not in hover
