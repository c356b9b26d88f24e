"""An edit storm against `balmod serve`: random ranged edits with requests interleaved.

    python bench/storm.py [--seed N] [--count EDITS] [--encoding utf-8|utf-16|utf-32]
                          [--keep DIR] [--python PATH]

A world (a distribution, a Central cache, a local repository, and one package) is written
to a temporary directory. Two `.bal` files and the package's two manifests are opened and
edited COUNT times, each edit a ranged `didChange` at a random place (past the end of a
line or of the file included), with a random `version` now and then out of order, and a
request (hover, completion, definition, code action, inlay hints, a document never opened,
an unknown method) after every few edits, none of them awaited before the next edit.

It passes when:

- the server answers every request, with a result or a JSON-RPC error other than
  "internal error" (which would mean a handler crashed);
- the server never dies, logs no traceback, and exits cleanly on shutdown;
- after the storm, every document's last diagnostics equal those a fresh server publishes
  for the same final texts opened from scratch.

The same seed gives the same storm. Exit status: 0 when it passes, 1 when it does not.
The test suite runs it at a smaller count (tests/robustness/test_storm.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Message = dict[str, Any]

WAIT_SECONDS = 60.0
REQUEST_EVERY = 6  # edits between requests, on average
RESET_EVERY = 250  # edits between resets of a document to its first text, on average
INTERNAL_ERROR = -32603

# --- the world on disk ------------------------------------------------------------------

HTTP_SOURCE = """\
# An HTTP client.
public isolated client class Client {
    remote isolated function get(string path) returns string {
        return path;
    }
}

public class Listener {
}
"""
IO_SOURCE = "# Prints.\npublic isolated function println(any... values) {\n}\n"
LOG_SOURCE = "public function printInfo(string msg) {\n}\n"

MAIN_BAL = """\
import ballerina/http;
import ballerina/io;
import app.util;

// The entry point.
public function main() returns error? {
    http:Client c = check new ("http://localhost:9090");
    io:println(util:shout("hello"), {a: 1}, true ? 1 : 2);
}
"""
UTIL_BAL = """\
import ballerina/log;

# Shouts.
public function shout(string s) returns string {
    log:printInfo(s);
    return s;
}
"""
BALLERINA_TOML = """\
[package]
org = "acme"
name = "app"
version = "0.1.0"
distribution = "2201.13.0"

[[dependency]]
org = "mycompany"
name = "geo"
version = "0.3.0"
repository = "local"
"""
DEPENDENCIES_TOML = """\
[ballerina]
dependencies-toml-version = "2"
distribution-version = "2201.13.0"

[[package]]
org = "ballerina"
name = "http"
version = "2.15.0"

[[package]]
org = "acme"
name = "app"
version = "0.1.0"
"""


def _bala(root: Path, org: str, name: str, version: str, modules: Mapping[str, str]) -> None:
    bala = root / org / name / version / "any"
    meta = {"organization": org, "name": name, "version": version, "export": list(modules)}
    bala.mkdir(parents=True, exist_ok=True)
    (bala / "package.json").write_text(json.dumps(meta), encoding="utf-8")
    for module, source in modules.items():
        directory = bala / "modules" / module
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{module.rsplit('.', 1)[-1]}.bal").write_text(source, encoding="utf-8")


@dataclass(frozen=True)
class World:
    ballerina_home: Path
    user_home: Path
    package: Path

    def options(self) -> dict[str, Any]:
        return {"ballerinaHome": str(self.ballerina_home), "userHome": str(self.user_home)}


def build_world(base: Path) -> World:
    home, user = base / "ballerina-home", base / "user-home"
    distribution = home / "repo" / "bala"
    for langlib in ("lang.string", "lang.int", "lang.value", "lang.array", "lang.map"):
        _bala(distribution, "ballerina", langlib, "0.0.0", {langlib: ""})
    for version in ("2.15.0", "2.16.4"):
        _bala(distribution, "ballerina", "http", version, {"http": HTTP_SOURCE})
    _bala(distribution, "ballerina", "io", "1.8.0", {"io": IO_SOURCE})
    _bala(distribution, "ballerina", "log", "2.17.0", {"log": LOG_SOURCE})
    repositories = user / "repositories"
    _bala(
        repositories / "central.ballerina.io" / "bala",
        "ballerinax",
        "mysql",
        "1.13.0",
        {"mysql": ""},
    )
    _bala(repositories / "local" / "bala", "mycompany", "geo", "0.3.0", {"geo": ""})
    package = base / "app"
    (package / "modules" / "util").mkdir(parents=True, exist_ok=True)
    for relative, text in DOCUMENTS.items():
        (package / relative).write_text(text, encoding="utf-8")
    return World(home, user, package)


DOCUMENTS = {
    "main.bal": MAIN_BAL,
    "modules/util/util.bal": UTIL_BAL,
    "Ballerina.toml": BALLERINA_TOML,
    "Dependencies.toml": DEPENDENCIES_TOML,
}
WEIGHTS = {"main.bal": 4, "modules/util/util.bal": 3, "Ballerina.toml": 2, "Dependencies.toml": 2}

# What edits insert: pieces of real code and of everything that breaks it.
COMMON = [
    "\n", "\r\n", "\r", " ", "\t", "\"", "'", "`", "{", "}", "[", "]", "(", ")", ";", ",", ".",
    "#", "//", "=", ":", "é", "😀", "\u2028", "\x0c", "\x85", "\x00", "\ufeff", "漢字",
]  # fmt: skip
BAL_PIECES = [
    "import ballerina/io;\n", "import ballerina/http;\n", "import ballerinax/mysql;\n",
    "import ballerina/htpp;\n", "import app.util;\n", "import mycompany/geo;\n",
    "import ballerina/lang.'int as ints;\n", "import ballerina/io as _;\n", "import ", "as ",
    "ballerina/", "io:println(\"x\");\n", "http:Client", "util:shout(", "util:whisper()",
    "log:printInfo(", "strings:trim(", "int:abs(1)", "{a: b}", "x ? a : b", "xmlns \"u\" as ns;",
    "ns:tag", "string `${", "public function f() {\n}\n", "function ", "public const X = 1;\n",
    "\"a:b\"", "// io:println\n", "# doc\n",
]  # fmt: skip
TOML_PIECES = [
    "[package]\n", "[[dependency]]\n", "[[package]]\n", "[ballerina]\n", "org = \"ballerina\"\n",
    "name = \"io\"\n", "version = \"1.8.0\"\n", "version = \"9.9.9\"\n", "repository = \"local\"\n",
    "scope = \"testOnly\"\n", "dependencies = [{org = \"ballerina\", name = \"io\"}]\n",
    "modules = [\n", "distribution = \"2201.13.0\"\n", "= ", "\"\"\"", "'''", "true", "1979-05-27",
    "a.b.c = 1\n", "x = [1, 2\n",
]  # fmt: skip


# --- the client's own model of a document (LSP positions, independent of balmod) ---------


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\r":
            i += 2 if i + 1 < n and text[i + 1] == "\n" else 1
            starts.append(i)
        elif char == "\n":
            i += 1
            starts.append(i)
        else:
            i += 1
    return starts


def _units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8", "surrogatepass"))
    if encoding == "utf-16":
        return 2 if ord(char) > 0xFFFF else 1
    return 1


def _line_text(text: str, starts: list[int], line: int) -> str:
    end = starts[line + 1] if line + 1 < len(starts) else len(text)
    return text[starts[line] : end].rstrip("\r\n")


def to_offset(text: str, position: Mapping[str, int], encoding: str) -> int:
    """LSP: a line past the last is the end; a character past its line is the line's end."""
    starts = _line_starts(text)
    line = position["line"]
    if line >= len(starts):
        return len(text)
    content = _line_text(text, starts, line)
    units = 0
    for index, char in enumerate(content):
        if units >= position["character"]:
            return starts[line] + index
        units += _units(char, encoding)
    return starts[line] + len(content)


def random_position(rng: random.Random, text: str, encoding: str) -> dict[str, int]:
    """A position at a character boundary, now and then past a line's or the text's end."""
    starts = _line_starts(text)
    line = rng.randrange(len(starts) + (1 if rng.random() < 0.05 else 0))
    if line >= len(starts):
        return {"line": line + rng.randrange(3), "character": rng.randrange(5)}
    content = _line_text(text, starts, line)
    index = rng.randrange(len(content) + 1)
    character = sum(_units(c, encoding) for c in content[:index])
    if rng.random() < 0.05:
        character += 1 + rng.randrange(20)
    return {"line": line, "character": character}


# --- a JSON-RPC connection -----------------------------------------------------------------


class Connection:
    """`balmod serve` as a subprocess, framed by hand: nothing in between to hide a fault."""

    def __init__(self, process: asyncio.subprocess.Process, on_message: Callable[[Message], None]):
        self.process = process
        self.on_message = on_message
        self.pending: dict[int | str, asyncio.Future[Message]] = {}
        self.next_id = 0
        self.stderr = bytearray()
        self._tasks = [
            asyncio.ensure_future(self._read()),
            asyncio.ensure_future(self._drain_stderr()),
        ]

    @classmethod
    async def start(cls, argv: list[str], on_message: Callable[[Message], None]) -> Connection:
        process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        return cls(process, on_message)

    def send(self, message: Message) -> None:
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def notify(self, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params: Any) -> asyncio.Future[Message]:
        self.next_id += 1
        future: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
        self.pending[self.next_id] = future
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return future

    async def call(self, method: str, params: Any) -> Any:
        response = await asyncio.wait_for(self.request(method, params), WAIT_SECONDS)
        if "error" in response:
            raise RuntimeError(f"{method} failed: {response['error']}")
        return response.get("result")

    async def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while True:
            length = None
            while True:
                line = await stdout.readline()
                if not line:
                    self._fail_pending("the server closed its output")
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(await stdout.readexactly(length))
            if "method" in message and "id" in message:
                # A request from the server (configuration, registration...): accept it.
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" not in message:
                future = self.pending.pop(message.get("id"), None)
                if future is not None and not future.done():
                    future.set_result(message)
            else:
                self.on_message(message)

    async def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        while chunk := await self.process.stderr.read(65536):
            self.stderr += chunk

    def _fail_pending(self, reason: str) -> None:
        for future in self.pending.values():
            if not future.done():
                future.set_exception(ConnectionError(reason))
        self.pending.clear()

    async def close(self) -> int | None:
        """shutdown and exit; the exit status, or None when the server had to be killed."""
        try:
            await self.call("shutdown", None)
            self.notify("exit", None)
            assert self.process.stdin is not None
            self.process.stdin.close()
            return await asyncio.wait_for(self.process.wait(), WAIT_SECONDS)
        except (TimeoutError, ConnectionError, RuntimeError):
            self.process.kill()
            await self.process.wait()
            return None
        finally:
            await asyncio.gather(*self._tasks, return_exceptions=True)


# --- a session ---------------------------------------------------------------------------


@dataclass
class Session:
    """One server: its documents as the client sees them, and what it published."""

    connection: Connection
    encoding: str
    texts: dict[str, str] = field(default_factory=dict)
    versions: dict[str, int] = field(default_factory=dict)
    # uri -> (publication number, version, diagnostics) of the last publication.
    published: dict[str, tuple[int, int | None, list[Any]]] = field(default_factory=dict)
    publications: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def on_message(self, message: Message) -> None:
        if message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            self.publications += 1
            self.published[params["uri"]] = (
                self.publications,
                params.get("version"),
                params["diagnostics"],
            )
            self.changed.set()

    async def wait_for(self, done: Callable[[], bool]) -> None:
        async def loop() -> None:
            while not done():
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(loop(), WAIT_SECONDS)

    def open(self, uri: str, text: str) -> None:
        self.texts[uri], self.versions[uri] = text, 1
        language = "ballerina" if uri.endswith(".bal") else "toml"
        self.connection.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
        )

    def close(self, uri: str) -> None:
        self.connection.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def change(self, uri: str, version: int, change: dict[str, Any]) -> None:
        text = self.texts[uri]
        if "range" in change:
            start = to_offset(text, change["range"]["start"], self.encoding)
            end = to_offset(text, change["range"]["end"], self.encoding)
            text = text[:start] + change["text"] + text[end:]
        else:
            text = change["text"]
        self.texts[uri], self.versions[uri] = text, version
        self.connection.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )


def server_argv(python: str) -> list[str]:
    return [python, "-m", "balmod", "serve", "--log-level", "WARNING"]


async def start_session(python: str, world: World, encoding: str) -> Session:
    holder: list[Session] = []
    connection = await Connection.start(server_argv(python), lambda m: holder[0].on_message(m))
    session = Session(connection, encoding)
    holder.append(session)
    result = await connection.call(
        "initialize",
        {
            "processId": None,
            "rootUri": world.package.as_uri(),
            "capabilities": {"general": {"positionEncodings": [encoding]}},
            "initializationOptions": world.options(),
        },
    )
    negotiated = result["capabilities"].get("positionEncoding", "utf-16")
    if negotiated != encoding:
        raise RuntimeError(f"asked for {encoding}, the server chose {negotiated}")
    connection.notify("initialized", {})
    return session


# --- the storm ---------------------------------------------------------------------------


@dataclass
class Outcome:
    seed: int
    count: int
    encoding: str
    answered: dict[str, int] = field(default_factory=dict)  # "result" or "error <code>"
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        answers = ", ".join(f"{n} {kind}" for kind, n in sorted(self.answered.items()))
        head = f"storm seed={self.seed} count={self.count} encoding={self.encoding}: "
        head += "passed" if self.ok else f"{len(self.problems)} problem(s)"
        return "\n".join([head, f"requests: {answers or 'none'}", *self.problems])


def _request(
    rng: random.Random, session: Session, uris: list[str], never_opened: str
) -> tuple[str, asyncio.Future[Message]]:
    kind = rng.choice(
        ["hover", "completion", "definition", "codeAction", "inlayHint", "unopened", "unknown"]
    )
    uri = rng.choice(uris)
    text = session.texts[uri]
    position = random_position(rng, text, session.encoding)
    document = {"uri": uri}
    connection = session.connection
    if kind == "unknown":
        return kind, connection.request("balmod/noSuchMethod", {"textDocument": document})
    if kind == "unopened":
        params = {"textDocument": {"uri": never_opened}, "position": position}
        return kind, connection.request("textDocument/hover", params)
    if kind in ("hover", "definition"):
        params = {"textDocument": document, "position": position}
        return kind, connection.request(f"textDocument/{kind}", params)
    if kind == "completion":
        params = {"textDocument": document, "position": position, "context": {"triggerKind": 1}}
        return kind, connection.request("textDocument/completion", params)
    end = random_position(rng, text, session.encoding)
    span = {"start": position, "end": end}
    if to_offset(text, end, session.encoding) < to_offset(text, position, session.encoding):
        span = {"start": end, "end": position}
    if kind == "inlayHint":
        return kind, connection.request(
            "textDocument/inlayHint", {"textDocument": document, "range": span}
        )
    params = {"textDocument": document, "range": span, "context": {"diagnostics": []}}
    return kind, connection.request("textDocument/codeAction", params)


def _edit(rng: random.Random, uri: str, text: str, encoding: str) -> dict[str, Any]:
    pieces = BAL_PIECES if uri.endswith(".bal") else TOML_PIECES
    start = random_position(rng, text, encoding)
    roll = rng.random()
    if roll < 0.5:  # insert
        end = start
    else:  # delete or replace a stretch after the start
        begin = to_offset(text, start, encoding)
        stop = min(len(text), begin + rng.randrange(1, 24))
        end = _position_of(text, stop, encoding)
    new = "" if 0.5 <= roll < 0.75 else rng.choice(pieces if rng.random() < 0.7 else COMMON)
    return {"range": {"start": start, "end": end}, "text": new}


def _position_of(text: str, offset: int, encoding: str) -> dict[str, int]:
    starts = _line_starts(text)
    line = max(i for i, s in enumerate(starts) if s <= offset)
    prefix = text[starts[line] : offset]
    if "\r" in prefix or "\n" in prefix:  # inside a line break: the end of the line
        prefix = prefix.rstrip("\r\n")
    return {"line": line, "character": sum(_units(c, encoding) for c in prefix)}


def _package_uris(world: World) -> dict[str, str]:
    return {relative: (world.package / relative).as_uri() for relative in DOCUMENTS}


async def fresh_diagnostics(
    python: str, world: World, encoding: str, texts: Mapping[str, str]
) -> tuple[dict[str, list[Any]], Session]:
    """What a new server publishes for ``texts``, each document opened once all are open."""
    session = await start_session(python, world, encoding)
    for uri, text in texts.items():
        session.open(uri, text)
    await session.wait_for(lambda: all(uri in session.published for uri in texts))
    # A document opened first was checked before the others' buffers were there: open each
    # again now that every buffer is, and take what it publishes then.
    for uri, text in texts.items():
        mark = session.publications
        session.close(uri)
        session.open(uri, text)
        await session.wait_for(_republished(session, uri, mark))
    return {uri: session.published[uri][2] for uri in texts}, session


def _republished(session: Session, uri: str, mark: int) -> Callable[[], bool]:
    """Whether ``uri`` was published again, for its first version, after publication ``mark``."""

    def done() -> bool:
        entry = session.published.get(uri)
        return entry is not None and entry[0] > mark and entry[1] == 1

    return done


async def run(
    seed: int = 0,
    count: int = 10_000,
    encoding: str | None = None,
    base: Path | None = None,
    python: str = sys.executable,
) -> Outcome:
    """Run one storm in ``base`` (a temporary directory by default)."""
    rng = random.Random(seed)
    encoding = encoding or rng.choice(["utf-8", "utf-16", "utf-32"])
    outcome = Outcome(seed, count, encoding)
    owned = base is None
    base = Path(tempfile.mkdtemp(prefix="balmod-storm-")) if base is None else base
    try:
        world = build_world(base)
        await _storm(rng, python, world, outcome)
    finally:
        if owned:
            shutil.rmtree(base, ignore_errors=True)
    return outcome


async def _storm(rng: random.Random, python: str, world: World, outcome: Outcome) -> None:
    encoding = outcome.encoding
    by_name = _package_uris(world)
    uris = list(by_name.values())
    weights = [WEIGHTS[name] for name in by_name]
    never_opened = (world.package / "modules" / "util" / "never_opened.bal").as_uri()
    session = await start_session(python, world, encoding)
    connection = session.connection
    for name, uri in by_name.items():
        session.open(uri, DOCUMENTS[name])
    requests: list[tuple[str, asyncio.Future[Message]]] = []
    last_uri = uris[0]
    for step in range(outcome.count):
        uri = last_uri = rng.choices(uris, weights)[0]
        version = session.versions[uri] + 1
        if rng.random() < 0.02:
            version = max(0, version - rng.randrange(2, 6))  # out of order
        if rng.random() < 1 / RESET_EVERY:
            name = next(n for n, u in by_name.items() if u == uri)
            session.change(uri, version, {"text": DOCUMENTS[name]})
        else:
            session.change(uri, version, _edit(rng, uri, session.texts[uri], encoding))
        if rng.random() < 1 / REQUEST_EVERY:
            requests.append(_request(rng, session, uris, never_opened))
        if step % 50 == 0:
            assert connection.process.stdin is not None
            await connection.process.stdin.drain()
    mark = session.publications
    await _settle(session, last_uri, uris, mark, outcome)
    for kind, future in requests:
        try:
            response = await asyncio.wait_for(future, WAIT_SECONDS)
        except (TimeoutError, ConnectionError) as exc:
            outcome.problems.append(f"{kind}: no answer ({type(exc).__name__})")
            continue
        error = response.get("error")
        answer = "result" if error is None else f"error {error.get('code')}"
        outcome.answered[answer] = outcome.answered.get(answer, 0) + 1
        if error is not None and (error.get("code") == INTERNAL_ERROR or kind != "unknown"):
            outcome.problems.append(f"{kind}: {error.get('message')}")
        elif error is None and kind == "unknown":
            outcome.problems.append("an unknown method got a result")
    if connection.process.returncode is not None:
        outcome.problems.append(f"the server died (exit status {connection.process.returncode})")
        return
    final = {uri: session.published[uri][2] for uri in uris}
    status = await connection.close()
    if status != 0:
        outcome.problems.append(f"the server did not exit cleanly after the storm: {status}")
    _check_log(connection, "storm", outcome)
    fresh, other = await fresh_diagnostics(python, world, encoding, dict(session.texts))
    status = await other.connection.close()
    if status != 0:
        outcome.problems.append(f"the fresh server did not exit cleanly: {status}")
    _check_log(other.connection, "fresh", outcome)
    for uri in uris:
        if _canonical(final[uri]) != _canonical(fresh[uri]):
            outcome.problems.append(
                f"{uri}: diagnostics after the storm differ from a fresh open\n"
                f"  text: {session.texts[uri]!r}\n"
                f"  after the storm: {_brief(final[uri])}\n"
                f"  fresh: {_brief(fresh[uri])}"
            )


async def _settle(
    session: Session, last: str, uris: list[str], mark: int, outcome: Outcome
) -> None:
    """Wait until every document's diagnostics are for its last text.

    The last change re-checks its document and, for a source, the package's other open
    sources: each publishes once more. Every other document last changed earlier, and its
    last publication came after its last change.
    """
    again = [last] + (
        [u for u in uris if u.endswith(".bal") and u != last] if last.endswith(".bal") else []
    )

    def settled() -> bool:
        for uri in uris:
            entry = session.published.get(uri)
            if entry is None or entry[1] != session.versions[uri]:
                return False
            if uri in again and entry[0] <= mark:
                return False
        return True

    try:
        await session.wait_for(settled)
    except TimeoutError:
        versions = {u: (session.published.get(u, (0, None))[1], session.versions[u]) for u in uris}
        outcome.problems.append(f"diagnostics never caught up (published, sent): {versions}")


def _check_log(connection: Connection, which: str, outcome: Outcome) -> None:
    log = connection.stderr.decode("utf-8", "replace")
    if "Traceback" in log:
        start = log.index("Traceback")
        outcome.problems.append(
            f"the {which} server logged a traceback:\n{log[start : start + 3000]}"
        )


def _canonical(diagnostics: list[Any]) -> list[str]:
    return sorted(json.dumps(d, sort_keys=True) for d in diagnostics)


def _brief(diagnostics: list[Any]) -> list[tuple[Any, ...]]:
    return sorted(
        (d.get("code"), d["range"]["start"]["line"], d["range"]["start"]["character"], d["message"])
        for d in diagnostics
    )


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=10_000, help="edits (default 10000)")
    parser.add_argument("--encoding", choices=("utf-8", "utf-16", "utf-32"))
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the world in DIR, keep it")
    parser.add_argument("--python", default=sys.executable, help="the Python running balmod")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    outcome = asyncio.run(run(args.seed, args.count, args.encoding, args.keep, args.python))
    print(outcome.summary())
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
