"""Where one keystroke's time goes inside the server, stage by stage, in process.

It replays the benchmark's typing on the big file through the same objects `balmod serve`
uses (pygls's workspace, `Engine.analyze`, `PositionMapper`, `diagnostic`, pygls's
converter and `json.dumps`), timing each stage by wrapping the functions the engine calls.
A profiling aid that knows balmod's internals: the benchmark itself does not use it.

    python bench/breakdown.py [--world DIR] [--quick] [--edits N]
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from balmod_bench.world import FULL, QUICK, generate

clock = time.perf_counter


class Stages:
    """Time spent per stage in the current keystroke (nested stages are subtracted)."""

    def __init__(self) -> None:
        self.current: dict[str, float] = {}
        self.samples: dict[str, list[float]] = {}
        self._stack: list[list[float]] = []

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._stack.append([0.0])
            began = clock()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = clock() - began
                inner = self._stack.pop()[0]
                self.current[name] = self.current.get(name, 0.0) + elapsed - inner
                if self._stack:
                    self._stack[-1][0] += elapsed
                self.current[f"{name} (calls)"] = self.current.get(f"{name} (calls)", 0) + 1

        return timed

    def add(self, name: str, seconds: float) -> None:
        self.current[name] = self.current.get(name, 0.0) + seconds

    def keystroke_done(self) -> None:
        for name, value in self.current.items():
            self.samples.setdefault(name, []).append(value)
        self.current = {}


def _consumed(generator: Callable[..., Iterator[Any]]) -> Callable[..., list[Any]]:
    """``generator``'s items as a list: its work happens as it is consumed, so consume it
    inside the timing."""
    return lambda *args, **kwargs: list(generator(*args, **kwargs))


def _typing(
    lines: list[str], first: int, rng: random.Random, count: int
) -> Iterator[tuple[int, int, int, str]]:
    """(line, start column, end column, new text): words typed and deleted, as the benchmark."""
    candidates = [i for i in range(first, len(lines)) if lines[i].strip()]
    done = 0
    while done < count:
        line = rng.choice(candidates)
        column = rng.randint(0, len(lines[line]))
        word = "".join(rng.choice("etaoinsrhl_") for _ in range(rng.randint(2, 6)))
        for index, char in enumerate(word):
            yield line, column + index, column + index, char
        for index in reversed(range(len(word))):
            yield line, column + index, column + index + 1, ""
        done += 2 * len(word)


def measure(
    world_root: Path, file: Path, edits: int, freeze: bool = False
) -> dict[str, list[float]]:
    from lsprotocol import types
    from pygls.protocol import default_converter
    from pygls.workspace import Workspace

    import balmod.analysis.engine as engine_module
    from balmod.analysis.engine import Engine
    from balmod.lsp.convert import PositionMapper, diagnostic
    from balmod.repository.roots import RepositoryRoots
    from balmod.symbols.index import ModuleSymbols

    stages = Stages()
    for name in ("parse_imports", "scan_body", "import_findings", "symbol_findings"):
        function = getattr(engine_module, name)
        if name == "symbol_findings":
            function = _consumed(function)
        setattr(engine_module, name, stages.wrap(name, function))
    Engine.project_for = stages.wrap("project_for", Engine.project_for)  # type: ignore[method-assign]
    Engine.resolve = stages.wrap("resolve (per import)", Engine.resolve)  # type: ignore[method-assign]
    Engine.module_symbols = stages.wrap(  # type: ignore[method-assign]
        "symbol index lookups (SymbolIndex.module)", Engine.module_symbols
    )
    ModuleSymbols.closest_public = stages.wrap(  # type: ignore[method-assign]
        "did-you-mean (closest_public)", ModuleSymbols.closest_public
    )
    engine = Engine(RepositoryRoots(world_root / "ballerina-home", world_root / "user-home"))
    converter = default_converter()  # type: ignore[no-untyped-call]
    workspace = Workspace(None, sync_kind=types.TextDocumentSyncKind.Incremental)
    text = file.read_text()
    uri = file.as_uri()
    workspace.put_text_document(
        types.TextDocumentItem(uri=uri, language_id="ballerina", version=1, text=text)
    )
    engine.analyze(text, file)
    mapper = PositionMapper(text, "utf-16")
    if freeze:
        gc.freeze()
    stages.current = {}
    lines = text.split("\n")
    first = max(i for i, line in enumerate(lines) if line.startswith("import ")) + 2
    rng = random.Random(11)
    for version, (line, start, end, new) in enumerate(_typing(lines, first, rng, edits), 2):
        incoming = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [
                        {
                            "range": {
                                "start": {"line": line, "character": start},
                                "end": {"line": line, "character": end},
                            },
                            "text": new,
                        }
                    ],
                },
            }
        )
        began = clock()
        params = converter.structure(
            json.loads(incoming)["params"], types.DidChangeTextDocumentParams
        )
        stages.add("read the message (json.loads, cattrs)", clock() - began)
        began = clock()
        for change in params.content_changes:
            mapper = mapper.apply(change)
        source = mapper.text
        workspace.get_text_document(uri).apply_change(
            types.TextDocumentContentChangeWholeDocument(text=source)
        )
        stages.add("apply the change (text and line index)", clock() - began)
        began = clock()
        analysis = engine.analyze(source, file, {})
        stages.add("Engine.analyze (total)", clock() - began)
        began = clock()
        diagnostics = [diagnostic(f, mapper, uri) for f in analysis.findings]
        stages.add("findings to diagnostics", clock() - began)
        began = clock()
        published = types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics
        )
        json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/publishDiagnostics",
                "params": converter.unstructure(published),
            }
        )
        stages.add("write the message (cattrs, json.dumps)", clock() - began)
        stages.keystroke_done()
    return stages.samples


ORDER = [
    "read the message (json.loads, cattrs)",
    "apply the change (text and line index)",
    "Engine.analyze (total)",
    "project_for",
    "parse_imports",
    "scan_body",
    "resolve (per import)",
    "import_findings",
    "symbol_findings",
    "symbol index lookups (SymbolIndex.module)",
    "did-you-mean (closest_public)",
    "findings to diagnostics",
    "write the message (cattrs, json.dumps)",
]


def report(samples: dict[str, list[float]], edits: int) -> str:
    rows = ["| stage | p50 ms | p90 ms | mean ms | calls per keystroke |", "|---|---|---|---|---|"]
    total = 0.0
    for name in ORDER:
        values = samples.get(name)
        if not values:
            continue
        padded = values + [0.0] * (edits - len(values))  # keystrokes without the stage
        calls = samples.get(f"{name} (calls)")
        per = f"{statistics.fmean(calls + [0] * (edits - len(calls))):.0f}" if calls else "1"
        inner = name not in ORDER[:4] and name not in ORDER[-2:]
        label = f"  ↳ {name}" if inner else name
        if not inner:
            total += statistics.fmean(padded)
        rows.append(
            f"| {label} | {statistics.median(padded) * 1000:.3f} | "
            f"{sorted(padded)[int(0.9 * (len(padded) - 1))] * 1000:.3f} | "
            f"{statistics.fmean(padded) * 1000:.3f} | {per} |"
        )
    rows.append(f"| total (sum of the top-level means) | | | {total * 1000:.3f} | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/breakdown.py", description=__doc__)
    parser.add_argument("--world", type=Path, help="a world kept by `run.py --keep`")
    parser.add_argument("--quick", action="store_true", help="generate the small world")
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the file's first analysis, as a server could after start-up",
    )
    args = parser.parse_args(argv)
    if args.world is not None:
        root = args.world
    else:
        root = Path(tempfile.mkdtemp(prefix="balmod-breakdown-")) / "world"
        print(f"generating the world in {root} ...", file=sys.stderr)
        generate(root, QUICK if args.quick else FULL)
    file = root / "workspace" / "app" / "service01.bal"
    samples = measure(root, file, args.edits, args.gc_freeze)
    lines = file.read_text().count("\n")
    fixes = ", gc.freeze() after the first analysis" if args.gc_freeze else ""
    print(f"{args.edits} keystrokes on {file.name} ({lines:,} lines){fixes}\n")
    print(report(samples, args.edits))
    return 0
