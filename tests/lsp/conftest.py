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
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp.harness import CLIENTS, World, build_world, make_client, start_session


@pytest.fixture
def world(tmp_path: Path) -> World:
    return build_world(tmp_path)


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "balmod", "serve"], client_factory=make_client
)


@pytest_lsp.fixture(config=SERVER, params=CLIENTS)
async def client(lsp_client: LanguageClient, request: pytest.FixtureRequest, world: World):
    folders = [types.WorkspaceFolder(uri=world.package.as_uri(), name="app")]
    await start_session(lsp_client, request.param, world.options(), folders)
    yield
    await lsp_client.shutdown_session()
