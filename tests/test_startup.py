"""Start-up: `balmod serve` answers `initialize` before loading any module system.

Importing a module system (the engine, manifests, 1.x projects, Ceylon, the lark grammars)
is most of balmod's start-up, and answering `initialize` needs none of it. These tests look
at ``sys.modules`` of a fresh interpreter, so what an earlier test imported cannot hide an
eager import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from balmod.languages import Homes
from balmod.lsp.server import create_server
from balmod.lsp.settings import Settings

# What answering `initialize` must not import: every module system and what only they use.
MODULE_SYSTEMS = (
    "balmod.analysis",
    "balmod.ceylon",
    "balmod.checking",
    "balmod.deps",
    "balmod.legacy",
    "balmod.manifest",
    "balmod.project",
    "balmod.symbols",
    "balmod.syntax",
    "lark",
    "tomlkit",
)

# Runs in a fresh interpreter: answers `initialize` through the server's own protocol
# object, noting what is imported when the answer is written and once the loop has run.
SERVE_SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from balmod.cli import build_parser
from balmod.languages import Homes
from balmod.lsp.server import create_server

PREFIXES = tuple(sys.argv[1].split(","))
ROOT = sys.argv[2]

def loaded():
    return sorted(
        name for name in sys.modules
        if any(name == p or name.startswith(p + ".") for p in PREFIXES)
    )

async def main():
    build_parser().parse_args(["serve"])
    after_import = loaded()
    homes = Homes(*(Path(ROOT, name) for name in ("bal", "user", "ceylon", "ceylon-user")))
    server = create_server(homes)
    answers = []

    class Writer:
        def write(self, data):
            body = json.loads(data.split(b"\\r\\n\\r\\n", 1)[1])
            if body.get("id") == 1:
                answers.append({"answer": body, "loaded": loaded()})

        def close(self):
            pass

    server.protocol.set_writer(Writer())
    request = {
        "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": None, "rootUri": None, "capabilities": {}},
    }
    protocol = server.protocol
    protocol.handle_message(json.loads(json.dumps(request), object_hook=protocol.structure_message))
    for _ in range(5):
        await asyncio.sleep(0)
    print(json.dumps({"after_import": after_import, **answers[0], "after_loop": loaded()}))

asyncio.run(main())
"""


def serve(tmp_path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SERVE_SCRIPT, ",".join(MODULE_SYSTEMS), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_initialize_is_answered_before_any_module_system_is_imported(tmp_path: Path) -> None:
    result = serve(tmp_path)
    assert result["after_import"] == []
    assert result["loaded"] == []
    capabilities = result["answer"]["result"]["capabilities"]
    completion = capabilities["completionProvider"]
    assert set(completion["triggerCharacters"]) >= {"/", ":", "."}
    assert completion["resolveProvider"] is True
    assert capabilities["hoverProvider"] and capabilities["definitionProvider"]
    kinds = capabilities["codeActionProvider"]["codeActionKinds"]
    assert {"quickfix", "source.organizeImports", "refactor.rewrite"} <= set(kinds)


def test_module_systems_load_right_after_the_answer(tmp_path: Path) -> None:
    loaded = serve(tmp_path)["after_loop"]
    for needed in (
        "balmod.analysis.engine",
        "balmod.analysis.completion",
        "balmod.ceylon",
        "balmod.legacy",
        "balmod.manifest",
        "lark",
    ):
        assert needed in loaded


def test_codes_lists_the_codes_module_systems_register(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "balmod", "codes"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    codes = {line.split()[0] for line in done.stdout.splitlines()}
    # Registered by balmod.analysis.manifests when it is imported, not by balmod.findings.
    assert {"BCE5205", "BMD1008", "BCE2003", "CYL0001"} <= codes


def test_answer_types_are_imported_when_first_asked_for() -> None:
    script = (
        "import sys, balmod.service as s\n"
        "before = 'balmod.analysis.completion' in sys.modules\n"
        "from balmod.service import Candidate, InlayHint\n"
        "from balmod.analysis.completion import Candidate as C\n"
        "from balmod.analysis.manifests.inlay import Hint\n"
        "print(before, Candidate is C, InlayHint is Hint, hasattr(s, 'Nothing'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True", "False"]


def test_services_are_made_on_first_use_and_again_when_the_homes_change(
    tmp_path: Path,
) -> None:
    server = create_server(Homes(tmp_path / "a", tmp_path / "user"))
    written: list[bytes] = []

    class Writer:
        def write(self, data: bytes) -> None:
            written.append(data)

        def close(self) -> None:
            pass

    server.protocol.set_writer(Writer())
    request = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
    protocol = server.protocol
    protocol.handle_message(json.loads(json.dumps(request), object_hook=protocol.structure_message))
    assert b'"id": 1' in written[-1] or b'"id":1' in written[-1]

    first = server.services
    assert server.services is first
    assert server.engine is server.ballerina.engine
    assert server.engine.roots.ballerina_home == tmp_path / "a"

    server.apply_settings(Settings(ballerina_home=tmp_path / "b"))
    assert server.services is not first
    assert server.engine.roots.ballerina_home == tmp_path / "b"
    assert server.engine.roots.user_home == tmp_path / "user"

    again = server.services
    server.apply_settings(Settings(ballerina_home=tmp_path / "b", inlay_hints=False))
    assert server.services is again
