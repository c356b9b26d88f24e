"""The guarantees of SECURITY.md, each tested.

- Symbolic links that lead out of a repository's bala root, or out of a package, are not
  followed for reading (and links inside them are).
- Every file read from disk is capped at ``maxFileBytes``: sources, symbol files,
  ``package.json``, manifests; the setting is parsed and validated.
- Under audit hooks (PEP 578, tests/robustness/audit/sitecustomize.py), a `balmod check`
  run and a whole `balmod serve` session over a workspace full of hostile content (code in
  strings, links pointing outside, a canary everywhere) open no network connection, start
  no process, compile or execute nothing from the workspace or the repositories, write
  nothing, and read nothing outside the Python installation, balmod itself, the workspace
  and the configured repositories.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

import balmod
from balmod.analysis.engine import Engine
from balmod.analysis.hover import hover
from balmod.lsp.features.archives import ARCHIVE_SOURCE
from balmod.lsp.settings import parse_settings
from balmod.repository import RepositoryIndex
from balmod.symbols.index import SymbolIndex
from balmod.workspace import DEFAULT_MAX_FILE_BYTES, UnreadableFile, escapes, read_bytes
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package
from lsp.harness import Editor, make_client, wait_until

AUDIT_DIR = Path(__file__).resolve().parent / "audit"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CANARY = "balmodCanary7f3a"
# What hostile content would try: code in strings, in names, in JSON.
PAYLOAD = f"__import__('os').system('touch /tmp/{CANARY}') # {CANARY}"

# --- symbolic links --------------------------------------------------------------------------


@dataclass
class Escapes:
    dirs: BallerinaDirs
    package: Path
    outside: Path


SECRET_SOURCE = '# Secret.\npublic const string SECRET = "from outside";\n'


def build_escapes(base: Path) -> Escapes:
    """A repository and a package, each with links leading outside (and one inside)."""
    outside = base / "outside"
    (outside / "moddir").mkdir(parents=True)
    (outside / "secret.bal").write_text(SECRET_SOURCE)
    (outside / "moddir" / "secret.bal").write_text(SECRET_SOURCE)
    stray = make_bala(outside / "bala", "foo", "escape", "1.0.0")
    (outside / "package.json").write_text(
        json.dumps({"organization": "foo", "name": "linkedjson", "version": "1.0.0"})
    )
    dirs = make_dirs(base / "repos")
    make_langlibs(dirs.distribution)
    good = make_bala(
        dirs.central,
        "foo",
        "good",
        "1.0.0",
        modules={"good": {"good.bal": '# Good.\npublic const string GOOD = "g";\n'}},
    )
    os.symlink(outside / "secret.bal", good / "modules/good/leak.bal")  # a file out
    (dirs.central / "foo/escape").mkdir()
    os.symlink(stray.parent, dirs.central / "foo/escape/1.0.0")  # a version out
    linked = make_bala(dirs.central, "foo", "linkedjson", "1.0.0")
    (linked / "package.json").unlink()
    os.symlink(outside / "package.json", linked / "package.json")  # package.json out
    # A link that stays inside the repository is followed: 1.1.0 is 1.0.0 again.
    os.symlink("1.0.0", dirs.central / "foo/good/1.1.0")
    package = make_package(
        base / "app",
        "acme",
        "app",
        modules={
            "": {"main.bal": ""},
            "util": {"util.bal": 'public const string UTIL = "u";\n'},
        },
    )
    os.symlink(outside / "moddir", package / "modules" / "linked")  # a module out
    os.symlink(outside / "secret.bal", package / "stolen.bal")  # a source out
    os.symlink(package / "modules" / "util", package / "modules" / "alias")  # a module in
    return Escapes(dirs, package, outside)


@pytest.fixture
def escaping(tmp_path: Path) -> Escapes:
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links")
    return build_escapes(tmp_path)


def test_escapes_follows_only_links_that_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "root" / "in").mkdir(parents=True)
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path / "out", tmp_path / "root" / "away")
    os.symlink("in", tmp_path / "root" / "near")
    os.symlink(tmp_path / "root", tmp_path / "alias")  # the root itself through a link
    assert escapes(tmp_path / "root/away/x.bal", tmp_path / "root")
    assert not escapes(tmp_path / "root/near/x.bal", tmp_path / "root")
    assert not escapes(tmp_path / "root/in/x.bal", tmp_path / "root")
    assert not escapes(tmp_path / "alias/in/x.bal", tmp_path / "alias")
    assert escapes(tmp_path / "alias/away", tmp_path / "alias")


def test_repository_links_leading_outside_are_not_followed(
    escaping: Escapes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    index = RepositoryIndex(escaping.dirs.roots())
    assert index.versions("foo", "escape") == []
    assert index.versions("foo", "linkedjson") == []
    assert [p.version for p in index.versions("foo", "good")] == ["1.1.0", "1.0.0"]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert f"{escaping.dirs.central / 'foo/escape/1.0.0'}: symbolic link leads outside" in messages
    assert "linkedjson/1.0.0/any/package.json: symbolic link leads outside" in messages


def test_sources_behind_links_leading_outside_are_not_read(
    escaping: Escapes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    engine = Engine(escaping.dirs.roots())
    text = (
        "import foo/good;\nimport app.linked;\nimport app.alias;\n"
        "public function main() {\n    _ = good:GOOD + good:SECRET + linked:SECRET + alias:UTIL;\n}\n"
    )
    analysis = engine.analyze(text, escaping.package / "main.bal")
    good = analysis.import_for_prefix("good")
    assert good is not None and good.resolution is not None
    symbols = engine.module_symbols(good.resolution)
    assert symbols is not None
    assert set(symbols.symbols) == {"GOOD"}
    assert [p.name for p in symbols.skipped] == ["leak.bal"]  # callers can tell it is partial
    linked = analysis.import_for_prefix("linked")
    assert linked is not None and linked.resolution is not None
    linked_symbols = engine.module_symbols(linked.resolution)
    assert linked_symbols is not None and dict(linked_symbols.symbols) == {}
    alias = analysis.import_for_prefix("alias")
    assert alias is not None and alias.resolution is not None
    alias_symbols = engine.module_symbols(alias.resolution)
    assert alias_symbols is not None and set(alias_symbols.symbols) == {"UTIL"}
    # The package's own default module: its linked-in file is not part of it.
    own = SymbolIndex().module(escaping.package)
    assert "SECRET" not in own.symbols
    assert hover(engine, analysis, text.index("good:SECRET") + 6) is None
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "leak.bal: symbolic link leads outside" in messages
    assert "modules/linked: symbolic link leads outside" in messages
    # Logged once, however often the module is asked for.
    engine.analyze(text, escaping.package / "main.bal")
    assert messages.count("leak.bal: symbolic link leads outside") == 1


def test_a_name_from_a_file_that_was_not_read_is_not_called_undefined(escaping: Escapes) -> None:
    engine = Engine(escaping.dirs.roots())
    text = "import foo/good;\npublic function main() {\n    _ = good:SECRET;\n}\n"
    analysis = engine.analyze(text, escaping.package / "main.bal")
    assert [f.code for f in analysis.findings] == []


def test_check_skips_sources_linked_from_outside(escaping: Escapes) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "balmod", "check", str(escaping.package)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "stolen.bal: symbolic link leads outside" in result.stderr
    assert "stolen.bal" not in result.stdout
    assert "Traceback" not in result.stderr


# --- the size limit ------------------------------------------------------------------------


def test_read_bytes_refuses_what_is_not_a_small_regular_file(tmp_path: Path) -> None:
    (tmp_path / "ok.bal").write_bytes(b"x" * 100)
    assert read_bytes(tmp_path / "ok.bal", 100) == b"x" * 100
    with pytest.raises(UnreadableFile, match="more than the 99-byte limit"):
        read_bytes(tmp_path / "ok.bal", 99)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_bytes(tmp_path, 100)
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_bytes("/dev/zero" if os.path.exists("/dev/zero") else tmp_path, 100)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.bal")
        with pytest.raises(UnreadableFile, match="not a regular file"):
            read_bytes(tmp_path / "pipe.bal", 100)  # refused, not waited on
    with pytest.raises(UnreadableFile, match="invalid path"):
        read_bytes(str(tmp_path / "nul\0.bal"), 100)
    with pytest.raises(UnreadableFile):
        read_bytes(tmp_path / "missing.bal", 100)


def test_every_reader_honours_the_limit(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    bala = make_bala(
        dirs.central,
        "foo",
        "big",
        "1.0.0",
        modules={
            "big": {"a.bal": "public const A = 1;\n", "b.bal": "public const B = 2;\n" + "//" * 500}
        },
        package_json={"padding": "x" * 600},
    )
    small = RepositoryIndex(dirs.roots(), max_file_bytes=500)
    assert small.versions("foo", "big") == []  # package.json is over the limit
    large = RepositoryIndex(dirs.roots(), max_file_bytes=5000)
    assert [p.version for p in large.versions("foo", "big")] == ["1.0.0"]
    large.max_file_bytes = 500  # changing the limit forgets what was read
    assert large.versions("foo", "big") == []
    module = SymbolIndex(max_file_bytes=500).module(bala / "modules/big")
    assert set(module.symbols) == {"A"} and [p.name for p in module.skipped] == ["b.bal"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, DEFAULT_MAX_FILE_BYTES),
        ({}, DEFAULT_MAX_FILE_BYTES),
        ({"maxFileBytes": 1024}, 1024),
        ({"balmod": {"maxFileBytes": 2048}}, 2048),
        ({"maxFileBytes": 1e6}, 1_000_000),
        ({"maxFileBytes": 0}, DEFAULT_MAX_FILE_BYTES),
        ({"maxFileBytes": -5}, DEFAULT_MAX_FILE_BYTES),
        ({"maxFileBytes": 1.5}, DEFAULT_MAX_FILE_BYTES),
        ({"maxFileBytes": True}, DEFAULT_MAX_FILE_BYTES),
        ({"maxFileBytes": "1024"}, DEFAULT_MAX_FILE_BYTES),
        ({"maxFileBytes": None}, DEFAULT_MAX_FILE_BYTES),
    ],
)
def test_the_max_file_bytes_setting(raw: object, expected: int) -> None:
    assert parse_settings(raw).max_file_bytes == expected


def test_paths_in_settings_never_raise() -> None:
    settings = parse_settings({"ballerinaHome": "~nosuchuser8c1e/dist", "userHome": "a\0b"})
    assert settings.ballerina_home == Path("~nosuchuser8c1e/dist")
    assert settings.user_home is None


# --- audited runs ----------------------------------------------------------------------------


@dataclass
class Audit:
    """One audited run: where its log is, and what the log says."""

    log: Path

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(AUDIT_DIR), env.get("PYTHONPATH")]))
        env["BALMOD_AUDIT_LOG"] = str(self.log)
        env["BALMOD_AUDIT_CANARY"] = CANARY
        # Python's own bytecode cache is the interpreter writing, not balmod: switch it off
        # so that the log shows balmod's writes only.
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return env

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()]


def _under(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


@dataclass
class Problems:
    """What an audited run did that SECURITY.md says balmod never does, by guarantee."""

    reads: list[str]
    writes: list[str]
    other: list[str]  # network, processes, code from the workspace


def problems(audit: Audit, roots: tuple[Path, ...], cwd: Path) -> Problems:
    """``roots``: the workspace and the configured repositories, all balmod may read."""
    data = [os.path.realpath(p) for p in roots]
    program = [os.path.realpath(p) for p in python_roots()]
    # The import system lists the directories on sys.path, the working directory included.
    importing = [
        *program,
        os.path.realpath(cwd),
        os.path.realpath(Path(balmod.__file__).parents[1]),
    ]
    found = Problems([], [], [])
    for event in audit.events():
        kind = event["event"]
        path = event.get("path")
        if kind == "open" and event["write"]:
            found.writes.append(f"opened for writing: {path}")
        elif kind in ("open", "os.scandir", "os.listdir"):
            if not isinstance(path, str):
                continue  # a descriptor already open
            real = os.path.realpath(path)
            allowed = [*data, *(importing if kind == "os.listdir" else program)]
            if not _under(real, allowed):
                found.reads.append(f"{kind} {path} (really {real})")
        elif kind == "compile":
            name = event["filename"] or ""
            from_data = bool(name) and _under(os.path.realpath(name), data)
            if event["canary"] or from_data:
                found.other.append(f"compiled workspace content: {event}")
        elif kind == "exec":
            name = event["filename"] or ""
            if name.startswith(os.sep) and _under(os.path.realpath(name), data):
                found.other.append(f"executed workspace content: {event}")
        elif kind in ("os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.truncate", "os.chmod",
                      "os.chown", "os.link", "os.symlink", "os.utime", "shutil.copyfile",
                      "shutil.copymode", "shutil.copystat", "shutil.move", "shutil.rmtree",
                      "tempfile.mkstemp", "tempfile.mkdtemp"):  # fmt: skip
            found.writes.append(f"{kind}: {event.get('args')}")
        else:
            found.other.append(f"{kind}: {event.get('args')}")
    return found


def python_roots() -> tuple[Path, ...]:
    package = Path(balmod.__file__).resolve().parent
    return (
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.exec_prefix),
        package,
        package.parents[1] / "grammar",
        AUDIT_DIR,
    )


def hostile_world(base: Path) -> Escapes:
    """The escapes world, with code and a canary written everywhere content goes."""
    world = build_escapes(base)
    make_bala(
        world.dirs.central,
        "foo",
        "payload",
        "1.0.0",
        modules={"payload": {"p.bal": f'# {PAYLOAD}\npublic const string P = "{PAYLOAD}";\n'}},
        package_json={"description": PAYLOAD, "export": ["payload", PAYLOAD]},
    )
    manifest = world.package / "Ballerina.toml"
    manifest.write_text(
        manifest.read_text()
        + f'\n[[dependency]]\norg = "foo"\nname = "payload"\nversion = "1.0.0"\npath = "{PAYLOAD}"\n'
        + f'\n[tool.{CANARY}]\ncommand = "{PAYLOAD}"\n'
    )
    (world.package / "main.bal").write_text(
        f"import foo/payload;\nimport foo/good;\nimport app.linked;\n// {PAYLOAD}\n"
        f'public function main() {{\n    string s = "{PAYLOAD}";\n'
        "    _ = payload:P + good:GOOD + linked:SECRET;\n}\n"
    )
    return world


@dataclass
class Run:
    audit: Audit
    roots: tuple[Path, ...]  # the workspace and the configured repositories
    cwd: Path

    @property
    def problems(self) -> Problems:
        return problems(self.audit, self.roots, self.cwd)


def world_roots(world: Escapes) -> tuple[Path, ...]:
    return (world.package, world.dirs.ballerina_home, world.dirs.user_home)


def check_run(base: Path) -> Run:
    world = hostile_world(base / "world")
    audit = Audit(base / "check.log")
    cwd = base / "cwd"
    cwd.mkdir()
    result = subprocess.run(
        [
            *(sys.executable, "-m", "balmod", "check", str(world.package)),
            *("--ballerina-home", str(world.dirs.ballerina_home)),
            *("--user-home", str(world.dirs.user_home)),
        ],
        capture_output=True,
        text=True,
        env=audit.env(),
        cwd=cwd,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "main.bal" in result.stdout and "Traceback" not in result.stderr
    return Run(audit, world_roots(world), cwd)


async def audited_session(world: Escapes, audit: Audit) -> None:
    """A whole editing session against `balmod serve` under audit: every request balmod
    answers, at every third column of a file full of hostile content, a change, a watched
    file notification and a configuration change, then shutdown."""
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "balmod", "serve"],
        client_factory=make_client,
        server_env=audit.env(),
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    options = {
        "ballerinaHome": str(world.dirs.ballerina_home),
        "userHome": str(world.dirs.user_home),
    }
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options=options,
            workspace_folders=[types.WorkspaceFolder(uri=world.package.as_uri(), name="app")],
        )
    )
    client.position_encoding = "utf-16"  # type: ignore[attr-defined]
    main = Editor(client, world.package / "main.bal", (world.package / "main.bal").read_text())
    manifest = world.package / "Ballerina.toml"
    Editor(client, manifest, manifest.read_text())
    await wait_until(client, lambda: main.uri in client.diagnostics)
    lines = main.text.splitlines()
    for line_number, line in enumerate(lines):
        for column in range(0, len(line) + 1, 3):
            position = types.Position(line=line_number, character=column)
            document = types.TextDocumentIdentifier(uri=main.uri)
            await client.text_document_hover_async(
                types.HoverParams(text_document=document, position=position)
            )
            await client.text_document_definition_async(
                types.DefinitionParams(text_document=document, position=position)
            )
            await client.text_document_completion_async(
                types.CompletionParams(text_document=document, position=position)
            )
    whole = types.Range(
        start=types.Position(line=0, character=0), end=types.Position(line=len(lines), character=0)
    )
    await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=main.uri),
            range=whole,
            context=types.CodeActionContext(diagnostics=client.diagnostics[main.uri]),
        )
    )
    main.replace("main()", f"main() // {PAYLOAD}\n")
    await wait_until(client, lambda: client.published_versions.get(main.uri) == 2)  # type: ignore[attr-defined]
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[]))
    await client.shutdown_session()


def serve_run(base: Path) -> Run:
    world = hostile_world(base / "world")
    audit = Audit(base / "serve.log")
    asyncio.run(audited_session(world, audit))
    return Run(audit, world_roots(world), Path.cwd())  # the server starts where pytest runs


async def archive_request(client: LanguageClient, params: object) -> str:
    """The text ``balmod/archiveSource`` answers with (it raises on an error answer)."""
    result = await client.protocol.send_request_async(ARCHIVE_SOURCE, params)  # type: ignore[no-untyped-call]
    text = result["text"] if isinstance(result, dict) else getattr(result, "text", None)
    assert isinstance(text, str)
    return text


async def archive_session(legacy: Path, ceylon: Path, audit: Audit) -> None:
    """Go-to-definition into a 1.x balo, a 0.990 zip and a Ceylon ``.src``, each target's
    text through ``balmod/archiveSource``, and requests it must refuse, under audit."""
    config = ClientServerConfig(
        server_command=[sys.executable, "-m", "balmod", "serve"],
        client_factory=make_client,
        server_env=audit.env(),
    )
    client = await config.start()
    assert isinstance(client, LanguageClient)
    options = {
        "ballerinaHome": str(legacy / "ballerina-home"),
        "userHome": str(legacy / "user-home"),
        "ceylonHome": str(ceylon / "ceylon-home"),
        "ceylonUserDir": str(ceylon / "user-home"),
    }
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim"), initialization_options=options
        )
    )
    client.position_encoding = "utf-16"  # type: ignore[attr-defined]
    greetings = legacy / "greeter/greetings/greetings.bal"
    descriptor = ceylon / "hello/source/com/example/hello/module.ceylon"
    bal = Editor(client, greetings, greetings.read_text())
    ceylon_doc = Editor(client, descriptor, descriptor.read_text())
    await wait_until(client, lambda: {bal.uri, ceylon_doc.uri} <= set(client.diagnostics))
    expected = {
        (bal, "mathutils:add", 11): "public function add(",
        (bal, "tw:shorten", 4): "public function shorten(",
        (bal, "natasha/mathutils", 9): "public function max(",
        (ceylon_doc, "ceylon.file", 3): "module ceylon.file",
    }
    uris: list[str] = []
    for (doc, needle, delta), content in expected.items():
        found = await client.text_document_definition_async(
            types.DefinitionParams(
                text_document=types.TextDocumentIdentifier(uri=doc.uri),
                position=doc.position(needle, delta),
            )
        )
        assert isinstance(found, list) and found, needle
        texts = []
        for location in found:
            assert isinstance(location, types.Location)
            assert location.uri.startswith("balmod-archive:"), location.uri
            uris.append(location.uri)
            texts.append(await archive_request(client, {"uri": location.uri}))
        assert any(content in text for text in texts), (needle, texts)
    missing = uris[0].rsplit("/", 1)[0] + "/missing.bal"
    for params, code in [
        ({"uri": missing}, types.LSPErrorCodes.RequestFailed),
        ({"uri": uris[0].rsplit("/", 1)[0] + "/../../x.bal"}, types.ErrorCodes.InvalidParams),
        ({"uri": greetings.as_uri()}, types.ErrorCodes.InvalidParams),
        ({"path": uris[0]}, types.ErrorCodes.InvalidParams),
    ]:
        with pytest.raises(JsonRpcException) as refused:
            await archive_request(client, params)
        assert refused.value.code == int(code), params
    await client.shutdown_session()


def archive_run(base: Path) -> Run:
    legacy = Path(shutil.copytree(EXAMPLES / "legacy", base / "legacy"))
    ceylon = Path(shutil.copytree(EXAMPLES / "ceylon", base / "ceylon"))
    audit = Audit(base / "archives.log")
    asyncio.run(archive_session(legacy, ceylon, audit))
    return Run(audit, (legacy, ceylon), Path.cwd())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """`balmod check` and a `balmod serve` session, each over its own hostile world; and a
    session opening sources inside archives (1.x balos, Ceylon ``.src``)."""
    return {
        "check": check_run(tmp_path_factory.mktemp("check")),
        "serve": serve_run(tmp_path_factory.mktemp("serve")),
        "archives": archive_run(tmp_path_factory.mktemp("archives")),
    }


RUNS = ["check", "serve", "archives"]


@pytest.mark.parametrize("name", RUNS)
def test_the_audit_saw_the_run(runs: dict[str, Run], name: str) -> None:
    events = runs[name].audit.events()
    assert any(e["event"] == "os.scandir" for e in events)
    assert any(e["event"] == "open" and not e["write"] for e in events)


@pytest.mark.parametrize("name", RUNS)
def test_no_network_no_processes_no_code_from_the_workspace(
    runs: dict[str, Run], name: str
) -> None:
    assert runs[name].problems.other == []
    assert not os.path.exists(f"/tmp/{CANARY}")


@pytest.mark.parametrize("name", RUNS)
def test_nothing_is_read_outside_the_workspace_and_repositories(
    runs: dict[str, Run], name: str
) -> None:
    assert runs[name].problems.reads == []


@pytest.mark.parametrize("name", RUNS)
def test_nothing_is_written(runs: dict[str, Run], name: str) -> None:
    assert runs[name].problems.writes == []


@pytest.mark.parametrize("name", RUNS)
def test_not_even_a_temporary_file_is_written(runs: dict[str, Run], name: str) -> None:
    """Making an engine used to probe the temp directory (``tempfile.gettempdir``), and
    definition into an archive extracted its sources there; now archives are read in
    memory. The "archives" run goes to definition in each kind of archive."""
    temp = tempfile.gettempdir()
    near_temp = [
        e
        for e in runs[name].audit.events()
        if isinstance(e.get("path") or e.get("args"), str)
        # A listing writes nothing; the import system lists the directories on sys.path,
        # the server's working directory among them, which may lie in the temp directory.
        and e.get("event") not in ("os.listdir", "os.scandir")
        and (
            os.path.dirname(str(e.get("path") or "")) == temp
            or "balmod-balo-" in str(e.get("path") or e.get("args"))
            or "balmod-ceylon-" in str(e.get("path") or e.get("args"))
        )
    ]
    assert near_temp == []
    assert runs[name].problems.writes == []


def test_definition_lists_no_module_directory_behind_an_escaping_link(runs: dict[str, Run]) -> None:
    """The session asks for definition on `import app.linked;`, whose module directory is a
    link leading out of the package: it is never listed (guarantee 4)."""
    linked = f"{os.sep}modules{os.sep}linked"
    listed = [
        e["path"]
        for e in runs["serve"].audit.events()
        if e["event"] in ("os.scandir", "os.listdir")
        and str(e["path"]).rstrip(os.sep).endswith(linked)
    ]
    assert listed == []
    assert runs["serve"].problems.reads == []
