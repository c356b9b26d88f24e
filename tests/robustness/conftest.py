"""End-to-end fixtures for the robustness tests: the lsp suite's world and client.

Every test that takes ``client`` runs once per client capability set (VS Code, Neovim)
against `balmod serve` over stdio, as tests/lsp does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from lsp.harness import CLIENTS, World, build_world, make_client

SERVER_COMMAND = [sys.executable, "-m", "balmod", "serve"]


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER_COMMAND, client_factory=make_client),
    params=CLIENTS,
)
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
