"""Settings from the client, watched manifests, and the repository watcher."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from balmod.lsp.settings import SECTION, parse_settings

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer

log = logging.getLogger(__name__)

WATCHED_GLOBS = ("**/Ballerina.toml", "**/Dependencies.toml", "**/*.bal")


def _supports_configuration(ls: BalmodServer) -> bool:
    workspace = ls.client_capabilities.workspace
    return bool(workspace and workspace.configuration)


def _supports_watch_registration(ls: BalmodServer) -> bool:
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    return bool(watched and watched.dynamic_registration)


async def _pull_settings(ls: BalmodServer) -> None:
    if not _supports_configuration(ls):
        return
    try:
        result = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception as exc:
        log.warning("the client did not answer workspace/configuration (%s)", exc)
        return
    if result and result[0] is not None:
        ls.apply_settings(parse_settings(result[0]))


async def _watch_manifests(ls: BalmodServer) -> None:
    watchers = [types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS]
    registration = types.Registration(
        id="balmod-watched-files",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
    )
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(registrations=[registration])
        )
    except Exception as exc:
        log.warning("the client did not register file watching (%s); relying on didSave", exc)


def register(server: BalmodServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: BalmodServer, params: types.InitializeParams) -> None:
        ls.apply_settings(parse_settings(params.initialization_options))

    @server.feature(types.INITIALIZED)
    async def initialized(ls: BalmodServer, params: types.InitializedParams) -> None:
        if _supports_watch_registration(ls):
            await _watch_manifests(ls)
        await _pull_settings(ls)
        ls.repository_watcher = asyncio.ensure_future(ls.watch_repositories())

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: BalmodServer, params: types.DidChangeConfigurationParams
    ) -> None:
        if _supports_configuration(ls):
            await _pull_settings(ls)
        else:
            ls.apply_settings(parse_settings(params.settings))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(
        ls: BalmodServer, params: types.DidChangeWatchedFilesParams
    ) -> None:
        ls.refresh_all()
