"""End-to-end fixtures: `balmod serve` as a subprocess, driven over stdio by pytest-lsp.

Every test runs once per client capability set (VS Code and Neovim). Tests wait on
notifications, never on sleeps.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from lsp.harness import CLIENTS, World, build_world, make_client


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path)


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
)


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, world: World):
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            initialization_options=world.options(),
            workspace_folders=[types.WorkspaceFolder(uri=world.package.as_uri(), name="app")],
        )
    )
    lsp_client.position_encoding = str(result.capabilities.position_encoding or "utf-16")  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()
