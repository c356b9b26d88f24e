"""`python bench/run.py [--quick] [--out DIR]`: generate the world, measure, report.

Exit status 0 whatever the timings; 1 only when the harness itself breaks (a request fails,
a server dies, diagnostics never arrive, `balmod check` cannot run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from balmod_bench import scenarios
from balmod_bench.report import Summary, Target, latency_row, markdown_table
from balmod_bench.rpc import Connection, HarnessError
from balmod_bench.world import FULL, QUICK, World, generate

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "results"
FLOOR_SERVER = Path(__file__).resolve().parent / "floor_server.py"

CHECK_FILES_PER_SECOND = 1000
PEAK_RSS_MB = 120


def targets(world: World) -> list[Target]:
    s = world.sizes
    return [
        Target("startup", "process start to `initialize` answered", floor_ratio=1.25),
        Target(
            "first_diagnostics",
            f"open a {s.file_lines:,}-line file with {s.file_imports} imports "
            f"({world.counts['package_versions']:,} versions on disk), fresh server, "
            "to diagnostics",
            p50_ms=150,
        ),
        Target("edit", "one-character edit to diagnostics (that file)", p50_ms=5, p99_ms=20),
        Target("completion_import", "completion after `import `", p50_ms=5, p99_ms=15),
        Target("completion_org", "completion after `import org/`", p50_ms=5, p99_ms=15),
        Target(
            "completion_member",
            f"completion after `prefix:` ({world.big_module_symbols}-symbol module)",
            p50_ms=5,
            p99_ms=15,
        ),
        Target("hover_import", "hover on an import", p50_ms=3),
        Target("definition", "definition of `prefix:name`", p50_ms=3),
        Target(
            "toml_open",
            f"open a {s.lock_packages}-package Dependencies.toml to diagnostics "
            "(the first opening is the slowest)",
            max_ms=100,
        ),
        Target("toml_edit", "one-character edit in it to diagnostics", p50_ms=60),
        Target(
            "refresh",
            "a package version added on disk to refreshed diagnostics",
            max_ms=2000,
        ),
    ]


def server_command() -> list[str]:
    """`balmod serve` from the interpreter's environment (what an editor runs)."""
    script = Path(sys.executable).parent / "balmod"
    if script.exists():
        return [str(script), "serve"]
    return [sys.executable, "-m", "balmod", "serve"]


def check_command() -> list[str]:
    return [*server_command()[:-1], "check"]


def timed_run(argv: list[str]) -> tuple[float, int, int]:
    """Wall time, exit status and peak RSS (KiB) of a command; its output is discarded."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        code = process.returncode = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            raise HarnessError(f"{' '.join(argv)} exited with {code}: {text}")
    return elapsed, code, usage.ru_maxrss


def measure_check(world: World, runs: int) -> dict[str, Any]:
    roots = ["--ballerina-home", str(world.ballerina_home), "--user-home", str(world.user_home)]
    empty = world.root / "empty"
    empty.mkdir(exist_ok=True)
    startup = [timed_run([*check_command(), str(empty), *roots])[0] for _ in range(runs)]
    wall: list[float] = []
    rss = 0
    for _ in range(runs):
        elapsed, _code, peak = timed_run([*check_command(), str(world.fleet), *roots])
        wall.append(elapsed)
        rss = max(rss, peak)
    files = sum(1 for _ in world.fleet.rglob("*.bal"))
    best = statistics.median(wall)
    base = statistics.median(startup)
    return {
        "files": files,
        "runs": runs,
        "wall_s": [round(w, 3) for w in wall],
        "startup_s": round(base, 3),
        "files_per_s": round(files / best, 1),
        "files_per_s_after_startup": round(files / max(best - base, 1e-9), 1),
        "peak_rss_mb": round(rss / 1024, 1),
    }


def compiled_modules(cache: Path) -> None:
    """Have every process measured load compiled modules, as after `pip install`: an
    environment with PYTHONDONTWRITEBYTECODE (or an editable checkout) would otherwise make
    balmod and the floor compile their sources on every start, while pygls and lsprotocol
    load theirs compiled. The cache is a directory of the run's own."""
    import balmod

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(cache)
    sources = [str(Path(balmod.__file__).parent), str(FLOOR_SERVER)]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *sources],
        check=False,
        stdout=subprocess.DEVNULL,
    )


def run(args: argparse.Namespace) -> int:
    quick = bool(args.quick)
    sizes = QUICK if quick else FULL
    reps = scenarios.QUICK_REPS if quick else scenarios.FULL_REPS
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="balmod-bench-"))
    began = time.perf_counter()
    load_before = os.getloadavg()
    try:
        compiled_modules(workdir / "pycache")
        print(f"generating the world in {workdir} ...", file=sys.stderr)
        world = generate(workdir / "world", sizes, seed=args.seed)
        generated = time.perf_counter() - began
        print(f"  {world.counts} in {generated:.1f} s", file=sys.stderr)
        plan = scenarios.build_plan(world, reps, seed=args.seed)
        results = measure(world, plan, reps, out)
    except HarnessError as exc:
        print(f"balmod bench: the harness broke: {exc}", file=sys.stderr)
        return 1
    finally:
        Connection.kill_all()
        if args.keep:
            print(f"kept the world in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    results["meta"].update(
        {
            "mode": "quick" if quick else "full",
            "generation_s": round(generated, 1),
            "total_s": round(time.perf_counter() - began, 1),
            # Other work on the machine makes every number worse; the floor's less so.
            "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
            "sizes": _fields(sizes),
            "repetitions": _fields(reps),
        }
    )
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    table = results.pop("markdown")
    (out / "results.md").write_text(table + "\n")
    print(table)
    print(f"\nwritten to {out}/results.json and {out}/results.md", file=sys.stderr)
    return 0


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def measure(
    world: World, plan: scenarios.Plan, reps: scenarios.Repetitions, out: Path
) -> dict[str, Any]:
    balmod = server_command()
    canned_path = out / "floor-canned.json"
    floor = [sys.executable, str(FLOOR_SERVER), str(canned_path)]
    balmod_log, floor_log = out / "balmod-stderr.log", out / "floor-stderr.log"
    for log in (balmod_log, floor_log):
        log.write_text("")

    print("balmod: the main session ...", file=sys.stderr)
    conn, startup = scenarios.start(balmod, world, balmod_log, pulls_configuration=True)
    mine = scenarios.run_plan(conn, plan, world)
    mine.add("startup", startup)
    conn.close()
    mine.peak_rss_kib = conn.peak_rss_kib
    scenarios.write_canned(canned_path, scenarios.canned(mine, conn))

    print("floor: the main session ...", file=sys.stderr)
    fconn, fstartup = scenarios.start(floor, world, floor_log, pulls_configuration=False)
    theirs = scenarios.run_plan(fconn, plan, None)
    theirs.add("startup", fstartup)
    fconn.close()
    theirs.peak_rss_kib = fconn.peak_rss_kib

    print(f"fresh starts ({reps.fresh_starts} of each) ...", file=sys.stderr)
    opening = next(s for s in plan.steps if isinstance(s, scenarios.Open))
    fresh_rss = 0
    for _ in range(reps.fresh_starts):
        for argv, log, result, pulls in (
            (balmod, balmod_log, mine, True),
            (floor, floor_log, theirs, False),
        ):
            c, seconds = scenarios.start(argv, world, log, pulls_configuration=pulls)
            result.add("startup", seconds)
            sent = c.send(opening.frame)
            arrived, _ = c.diagnostics_for(opening.uri, opening.version, scenarios.TIMEOUT)
            result.add("first_diagnostics", arrived - sent)
            c.close()
            if argv is balmod and c.peak_rss_kib:
                fresh_rss = max(fresh_rss, c.peak_rss_kib)

    print(f"balmod check ({reps.check_runs} runs) ...", file=sys.stderr)
    check = measure_check(world, reps.check_runs)

    rows: list[list[str]] = []
    records: list[dict[str, Any]] = []
    for target in targets(world):
        values = mine.samples.get(target.metric)
        floor_values = theirs.samples.get(target.metric)
        row, record = latency_row(
            target,
            Summary.of(values) if values else None,
            Summary.of(floor_values) if floor_values else None,
        )
        if target.metric in plan.notes:
            record["what"] = plan.notes[target.metric]
        rows.append(row)
        records.append(record)
    check_met = check["files_per_s"] >= CHECK_FILES_PER_SECOND
    rows.append(
        [
            f"`balmod check` on {check['files']:,} files (whole command)",
            f"≥ {CHECK_FILES_PER_SECOND:,} files/s",
            f"{check['files_per_s']:,.0f} files/s",
            "—",
            "—",
            "—",
            str(check["runs"]),
            "yes" if check_met else "**no**",
        ]
    )
    records.append({"metric": "check", **check, "met": check_met})
    rss_mb = (mine.peak_rss_kib or 0) / 1024
    floor_mb = (theirs.peak_rss_kib or 0) / 1024
    rss_met = 0 < rss_mb <= PEAK_RSS_MB
    rows.append(
        [
            "server peak RSS over the main session",
            f"≤ {PEAK_RSS_MB} MB",
            f"{rss_mb:.0f} MB",
            "—",
            f"{floor_mb:.0f} MB",
            f"{rss_mb / floor_mb:.2f}" if floor_mb else "—",
            "1",
            "yes" if rss_met else "**no**",
        ]
    )
    records.append(
        {
            "metric": "peak_rss",
            "balmod_mb": round(rss_mb, 1),
            "floor_mb": round(floor_mb, 1),
            "fresh_start_max_mb": round(fresh_rss / 1024, 1),
            "met": rss_met,
        }
    )
    return {
        "meta": {
            "python": sys.version.split()[0],
            "machine": platform.machine(),
            "system": platform.platform(),
            "cpus": os.cpu_count(),
            "world": world.counts,
            "diagnostics_on_open": mine.counts.get("first_diagnostics_codes", {}),
            "completion_items": {
                k.removesuffix("_items"): v for k, v in mine.counts.items() if k.endswith("_items")
            },
            "published": conn.published,
            "server": balmod,
            "floor": floor[:2],
        },
        "results": records,
        "markdown": markdown_table(rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small world, for CI")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where results go")
    parser.add_argument("--seed", type=int, default=7, help="the world's random seed")
    parser.add_argument("--keep", action="store_true", help="keep the generated world")
    return run(parser.parse_args(argv))
