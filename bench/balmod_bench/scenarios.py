"""What is measured: a plan of LSP steps, run against balmod and then against the floor.

The plan is built once from the world, with every frame encoded in advance, so both servers
receive the same bytes. balmod runs first; its answers become the floor's canned answers.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balmod_bench.rpc import Connection, HarnessError, Message, notification, request
from balmod_bench.world import World

CAPABILITIES: dict[str, Any] = {
    "general": {"positionEncodings": ["utf-16"]},
    "workspace": {
        "configuration": True,
        "didChangeConfiguration": {"dynamicRegistration": True},
        "didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True},
        "workspaceFolders": True,
    },
    "textDocument": {
        "synchronization": {"dynamicRegistration": True, "didSave": True},
        "completion": {
            "completionItem": {
                "snippetSupport": True,
                "documentationFormat": ["markdown", "plaintext"],
                "resolveSupport": {"properties": ["documentation", "detail"]},
            },
            "contextSupport": True,
            # As vscode-languageclient 9 (what vscode-client/ is built on) announces it.
            "completionList": {
                "itemDefaults": [
                    "commitCharacters",
                    "editRange",
                    "insertTextFormat",
                    "insertTextMode",
                    "data",
                ]
            },
        },
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "definition": {"linkSupport": False},
        "publishDiagnostics": {
            "relatedInformation": True,
            "versionSupport": True,
            "tagSupport": {"valueSet": [1, 2]},
            "codeDescriptionSupport": True,
            "dataSupport": True,
        },
        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
    },
    "window": {"workDoneProgress": True},
}

# Long enough for a slow server on a busy machine: only a server that never answers breaks the
# harness, a slow one is measured.
TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class Repetitions:
    fresh_starts: int
    edits: int
    requests: int
    toml_opens: int
    toml_edits: int
    check_runs: int


FULL_REPS = Repetitions(
    fresh_starts=10, edits=300, requests=100, toml_opens=10, toml_edits=100, check_runs=3
)
QUICK_REPS = Repetitions(
    fresh_starts=3, edits=40, requests=20, toml_opens=3, toml_edits=20, check_runs=1
)


# --- steps ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Open:
    uri: str
    version: int
    frame: bytes
    metric: str | None


@dataclass(frozen=True, slots=True)
class Change:
    uri: str
    version: int
    frame: bytes
    metric: str | None


@dataclass(frozen=True, slots=True)
class Close:
    uri: str
    frame: bytes


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    method: str
    key: str  # for the floor's canned answers: method|uri|line|character
    frame: bytes
    metric: str


@dataclass(frozen=True, slots=True)
class Install:
    """A locked package version appears on disk; the refresh of ``uri`` is timed."""

    index: int
    uri: str
    package: str  # org/name, whose BMD0004 must disappear
    metric: str


Step = Open | Change | Close | Request | Install


@dataclass(slots=True)
class Plan:
    steps: list[Step] = field(default_factory=list)
    big_uri: str = ""
    toml_uri: str = ""
    # What each scenario is, in words, for the report.
    notes: dict[str, str] = field(default_factory=dict)


class _Builder:
    def __init__(self) -> None:
        self.plan = Plan()
        self.versions: dict[str, int] = {}
        self.ids = 1000

    def open(self, uri: str, text: str, language: str, metric: str | None) -> None:
        self.versions[uri] = 1
        params = {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}
        self.plan.steps.append(Open(uri, 1, notification("textDocument/didOpen", params), metric))

    def change(
        self,
        uri: str,
        start: tuple[int, int],
        end: tuple[int, int],
        text: str,
        metric: str | None,
    ) -> None:
        self.versions[uri] += 1
        version = self.versions[uri]
        change = {
            "range": {
                "start": {"line": start[0], "character": start[1]},
                "end": {"line": end[0], "character": end[1]},
            },
            "text": text,
        }
        params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        self.plan.steps.append(
            Change(uri, version, notification("textDocument/didChange", params), metric)
        )

    def close(self, uri: str) -> None:
        params = {"textDocument": {"uri": uri}}
        self.plan.steps.append(Close(uri, notification("textDocument/didClose", params)))

    def request(self, method: str, uri: str, line: int, character: int, metric: str) -> None:
        self.ids += 1
        params: dict[str, Any] = {
            "textDocument": {"uri": uri},
            "position": {"line": line, "character": character},
        }
        if method == "textDocument/completion":
            params["context"] = {"triggerKind": 1}
        key = f"{method}|{uri}|{line}|{character}"
        self.plan.steps.append(
            Request(self.ids, method, key, request(self.ids, method, params), metric)
        )


def _body_edit_points(
    lines: list[str], first_body_line: int, rng: random.Random, count: int
) -> Iterator[tuple[int, int]]:
    candidates = [i for i in range(first_body_line, len(lines)) if lines[i].strip()]
    for _ in range(count):
        line = rng.choice(candidates)
        yield line, rng.randint(0, len(lines[line]))


def build_plan(world: World, reps: Repetitions, seed: int = 11) -> Plan:
    rng = random.Random(seed)
    b = _Builder()
    big = world.big_files[0]
    text = big.read_text()
    lines = text.split("\n")
    uri = big.as_uri()
    b.plan.big_uri = uri
    last_import = max(i for i, line in enumerate(lines) if line.startswith("import "))
    body_start = last_import + 2

    b.open(uri, text, "ballerina", "first_diagnostics")

    # One-character edits, the way people type: at a random place in the body, a word typed
    # one character at a time, then deleted again with backspace.
    typed_so_far = 0
    for line, column in _body_edit_points(lines, body_start, rng, reps.edits):
        if typed_so_far >= reps.edits:
            break
        word = "".join(rng.choice("etaoinsrhl_") for _ in range(rng.randint(2, 6)))
        for index, char in enumerate(word):
            b.change(uri, (line, column + index), (line, column + index), char, "edit")
        for index in reversed(range(len(word))):
            b.change(uri, (line, column + index), (line, column + index + 1), "", "edit")
        typed_so_far += 2 * len(word)

    # Hover on an import of a Central package, and definition of a `prefix:name`.
    central = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("import ") and not line.startswith(("import ballerina/", "import app"))
    )
    for _ in range(reps.requests):
        b.request("textDocument/hover", uri, central, len("import ") + 3, "hover_import")
    prefix = world.big_module_prefix
    use = re.compile(rf"\b{re.escape(prefix)}:(\w+)\(")
    target_line, target_column = next(
        (i, m.start(1) + 2)
        for i, line in enumerate(lines)
        if i > body_start and (m := use.search(line)) is not None
    )
    for _ in range(reps.requests):
        b.request("textDocument/definition", uri, target_line, target_column, "definition")

    # Completion after `import `, after `import org/`, and after `prefix:` (the biggest module).
    org = central_org = lines[central].split()[1].split("/")[0]
    for typed, metric in (("import ", "completion_import"), (f"import {org}/", "completion_org")):
        at = last_import + 1
        b.change(uri, (at, 0), (at, 0), typed + "\n", None)
        for _ in range(reps.requests):
            b.request("textDocument/completion", uri, at, len(typed), metric)
        b.change(uri, (at, 0), (at + 1, 0), "", None)
    function_line = next(
        i for i in range(body_start, len(lines)) if lines[i].startswith("function ")
    )
    typed = f"    {prefix}:"
    at = function_line + 1
    b.change(uri, (at, 0), (at, 0), typed + "\n", None)
    for _ in range(reps.requests):
        b.request("textDocument/completion", uri, at, len(typed), "completion_member")
    b.change(uri, (at, 0), (at + 1, 0), "", None)

    # Dependencies.toml: open it (and close it again), then edit it.
    toml = world.dependencies_toml
    toml_text = toml.read_text()
    toml_uri = toml.as_uri()
    b.plan.toml_uri = toml_uri
    # Each opening's text ends in a different comment, so none is an earlier one's text.
    for index in range(reps.toml_opens):
        if index:
            b.close(toml_uri)
        b.open(toml_uri, f"{toml_text}# opened {index}\n", "toml", "toml_open")
    toml_lines = f"{toml_text}# opened {reps.toml_opens - 1}\n".split("\n")
    version_lines = [i for i, line in enumerate(toml_lines) if line.startswith("version = ")]
    for _ in range(reps.toml_edits):
        line = rng.choice(version_lines)
        b.change(toml_uri, (line, 7), (line, 7), " ", "toml_edit")

    # A locked version appears on disk: the open .bal file must lose its BMD0004.
    for index, (org_, name, _version) in enumerate(world.missing_locks):
        b.plan.steps.append(Install(index, uri, f"{org_}/{name}", "refresh"))

    b.plan.notes = {
        "edit": "words of 2 to 6 letters typed at random places in the body, a letter at a "
        "time, then deleted with backspace",
        "toml_edit": "a space typed before the `=` of a random `version = ...` line",
        "hover_import": f"hover on `{lines[central].strip()}`",
        "definition": f"definition of `{prefix}:...` on line {target_line + 1}",
        "completion_org": f"after `import {central_org}/`",
        "completion_member": f"after `{prefix}:` ({world.big_module_symbols} public symbols)",
    }
    return b.plan


# --- running a plan ------------------------------------------------------------------------


@dataclass(slots=True)
class SessionResult:
    samples: dict[str, list[float]] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    peak_rss_kib: int | None = None

    def add(self, metric: str | None, seconds: float) -> None:
        if metric is not None:
            self.samples.setdefault(metric, []).append(seconds)


def settings(world: World) -> dict[str, str]:
    return {"ballerinaHome": str(world.ballerina_home), "userHome": str(world.user_home)}


def initialize_params(world: World) -> dict[str, Any]:
    root = world.app.as_uri()
    return {
        "processId": None,
        "clientInfo": {"name": "balmod-bench", "version": "1"},
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": world.app.name}],
        "initializationOptions": settings(world),
        "capabilities": CAPABILITIES,
    }


def start(
    argv: list[str], world: World, stderr: Path, pulls_configuration: bool
) -> tuple[Connection, float]:
    """A fresh server, initialized and quiet; returns it and its start-up time."""
    conn = Connection(argv, stderr, configuration=settings(world))
    conn.send(request(1, "initialize", initialize_params(world)))
    arrived, _ = conn.response(1, TIMEOUT, "answer to initialize")
    startup = arrived - conn.started
    conn.send(notification("initialized", {}))
    if pulls_configuration:
        conn.wait_for(
            lambda m: m.get("method") == "workspace/configuration",
            TIMEOUT,
            "workspace/configuration request",
        )
    # A round trip to be sure the server has acted on the settings before anything is timed.
    nowhere = {"uri": "file:///nowhere.bal"}
    for _ in range(2):
        conn.call(
            "textDocument/hover",
            {"textDocument": nowhere, "position": {"line": 0, "character": 0}},
        )
    return conn, startup


def _codes(params: Message) -> dict[str, int]:
    counts: dict[str, int] = {}
    for diagnostic in params.get("diagnostics", []):
        code = str(diagnostic.get("code"))
        counts[code] = counts.get(code, 0) + 1
    return counts


def run_plan(conn: Connection, plan: Plan, world: World | None) -> SessionResult:
    """Run every step; ``world`` None (the floor) skips the steps that change the disk."""
    result = SessionResult()
    for step in plan.steps:
        if isinstance(step, Open | Change):
            sent = conn.send(step.frame)
            arrived, params = conn.diagnostics_for(step.uri, step.version, TIMEOUT)
            result.add(step.metric, arrived - sent)
            if isinstance(step, Open) and step.uri == plan.big_uri:
                result.counts.setdefault("first_diagnostics_codes", _codes(params))
        elif isinstance(step, Close):
            conn.send(step.frame)
            conn.diagnostics_for(step.uri, None, TIMEOUT)
        elif isinstance(step, Request):
            sent = conn.send(step.frame)
            arrived, answer = conn.response(step.id, TIMEOUT, f"answer to {step.method}")
            result.add(step.metric, arrived - sent)
            result.answers[step.key] = answer
            if step.method == "textDocument/completion":
                items = answer.get("items", []) if isinstance(answer, dict) else answer or []
                result.counts[f"{step.metric}_items"] = len(items)
            elif answer is None:
                raise HarnessError(f"{step.method} at {step.key} answered nothing")
        elif world is not None:
            result.add(step.metric, _install(conn, world, step))
    return result


# How long a refresh may take before it counts as never happening (a miss, not a failure
# of the harness).
REFRESH_TIMEOUT = 30.0


def _install(conn: Connection, world: World, step: Install) -> float:
    """Seconds from the new version's arrival to the refreshed diagnostics (the timeout if
    they never come)."""
    # The refresh after the previous package may still be publishing other documents.
    conn.settle(quiet=0.5, limit=TIMEOUT)
    before = _codes(conn.diagnostics.get(step.uri, {})).get("BMD0004", 0)
    if not before:
        raise HarnessError(f"{step.uri} has no BMD0004 to lose before {step.package} is added")
    world.install_locked(step.index)
    changed = time.perf_counter()

    def refreshed(message: Message) -> bool:
        if message.get("method") != "textDocument/publishDiagnostics":
            return False
        params = message["params"]
        return bool(params["uri"] == step.uri and _codes(params).get("BMD0004", 0) == before - 1)

    try:
        arrived, _ = conn.wait_for(
            refreshed, REFRESH_TIMEOUT, f"refreshed diagnostics after adding {step.package}"
        )
    except HarnessError as exc:
        if conn.process.poll() is not None:
            raise
        print(f"balmod bench: {exc}; counted as a miss", file=sys.stderr)
        return REFRESH_TIMEOUT
    return arrived - changed


def canned(result: SessionResult, conn: Connection) -> dict[str, Any]:
    """balmod's answers and last diagnostics, for the floor to give back."""
    diagnostics = {uri: params.get("diagnostics", []) for uri, params in conn.diagnostics.items()}
    return {"answers": result.answers, "diagnostics": diagnostics}


def write_canned(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data))
