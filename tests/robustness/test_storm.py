"""The edit storm of bench/storm.py, at a CI-sized count.

bench/storm.py runs the same storm as long as one likes (``--count``, ``--seed``); here it
runs 1,500 edits in the encoding nearly every client uses (UTF-16) and 500 in each other
one. See the script for what it checks.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "storm.py"


def load_storm() -> ModuleType:
    if not SCRIPT.is_file():
        pytest.skip(f"{SCRIPT} is not in this source tree")
    spec = importlib.util.spec_from_file_location("balmod_storm", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = sys.modules.get(spec.name)
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look themselves up there
        spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("encoding", "count", "seed"),
    [("utf-16", 1500, 20260), ("utf-8", 500, 20261), ("utf-32", 500, 20262)],
)
async def test_storm(tmp_path: Path, encoding: str, count: int, seed: int) -> None:
    storm = load_storm()
    outcome = await storm.run(seed=seed, count=count, encoding=encoding, base=tmp_path)
    assert outcome.ok, outcome.summary()
    assert sum(outcome.answered.values()) > count // 10  # requests were really interleaved
    assert outcome.answered.get("result", 0) > 0
