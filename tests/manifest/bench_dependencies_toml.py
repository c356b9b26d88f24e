"""Benchmark: checking a 300-package Dependencies.toml (not a test; run it by hand).

    .venv/bin/python tests/manifest/bench_dependencies_toml.py

Prints milliseconds (median and best of several runs) for: tomllib alone; a cold check
(every cache emptied); a check after a one-value edit (the keystroke case); the same with
a finding to place; and building the model with every span.
"""

from __future__ import annotations

import gc
import random
import re
import statistics
import time
import tomllib
from collections.abc import Callable

from balmod.manifest import (
    check_dependencies_toml,
    dependencies_toml,
    document,
    locator,
    parse_dependencies_toml,
    stages,
)

RUNS = 21


def generate(count: int = 300, seed: int = 7) -> str:
    """A file shaped like a real build's: dependencies and modules arrays for each package."""
    rnd = random.Random(seed)
    names = [f"pkg{i}" if i % 3 else f"data.pkg{i}" for i in range(count)]
    out = [
        "# AUTO-GENERATED FILE. DO NOT MODIFY.\n\n",
        '[ballerina]\ndependencies-toml-version = "2"\ndistribution-version = "2201.13.0"\n\n',
    ]
    for i, name in enumerate(names):
        version = f"{rnd.randint(0, 5)}.{rnd.randint(0, 20)}.{rnd.randint(0, 9)}"
        out.append(f'[[package]]\norg = "ballerina"\nname = "{name}"\nversion = "{version}"\n')
        if i % 7 == 0:
            out.append('scope = "testOnly"\n')
        dependencies = rnd.sample(names, k=rnd.randint(0, 6))
        if dependencies:
            entries = ",\n".join(f'\t{{org = "ballerina", name = "{d}"}}' for d in dependencies)
            out.append(f"dependencies = [\n{entries}\n]\n")
        module = f'\t{{org = "ballerina", packageName = "{name}", moduleName = "{name}"}}'
        out.append(f"modules = [\n{module}\n]\n\n")
    return "".join(out)


def clear_caches() -> None:
    for cached in (
        document.parse_toml,
        document._parse_header,
        stages._first_stages,
        dependencies_toml.parse_dependencies_toml,
        locator.locate,
        locator.locate_window,
    ):
        cached.cache_clear()
    document._bodies.clear()
    gc.collect()


def measure(work: Callable[[], object], before: Callable[[], None] | None = None) -> str:
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return f"median {statistics.median(times):6.1f} ms   best {min(times):6.1f} ms"


def main() -> None:
    text = generate()
    assert check_dependencies_toml(text) == []
    versions = list(re.finditer(r'version = "(\d+)', text))
    edits = iter(
        [
            text[: m.start(1)] + str(int(m.group(1)) + 1) + text[m.end(1) :]
            for m in versions[1 : 1 + RUNS]
        ]
    )
    broken = iter(
        [
            text[: m.end()] + '.0"\nbogus = 1\nx = "' + text[m.end() :]
            for m in versions[1 : 1 + RUNS]
        ]
    )
    print(f"{len(text)} characters, {text.count('[[package]]')} packages")
    print("tomllib.loads             ", measure(lambda: tomllib.loads(text)))
    print(
        "check, cold               ", measure(lambda: check_dependencies_toml(text), clear_caches)
    )
    clear_caches()
    check_dependencies_toml(text)
    print("check after an edit       ", measure(lambda: check_dependencies_toml(next(edits))))
    print("  ... with findings       ", measure(lambda: check_dependencies_toml(next(broken))))
    print(
        "model with spans, cold    ", measure(lambda: parse_dependencies_toml(text), clear_caches)
    )


if __name__ == "__main__":
    main()
