"""A smoke test in a real editor: headless Neovim driving `balmod serve` on the example."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim is not installed on this machine")
def test_neovim_shows_diagnostics_hover_completion_definition_and_fixes(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    env = {
        **os.environ,
        "BALMOD_EXAMPLES": str(EXAMPLES),
        "BALMOD_PYTHON": sys.executable,
        "BALMOD_SMOKE_OUT": str(out),
    }
    script = Path(__file__).with_name("smoke.lua")
    subprocess.run(
        ["nvim", "--headless", "--clean", "-u", str(script)],
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=True,
        capture_output=True,
    )
    assert out.read_text().splitlines() == [
        "diagnostic 6:8 BCE2003",
        "diagnostic 10:1 BCE2002",
        "diagnostic 28:8 BCE2011",
        "diagnostic 58:16 BCE2000",
        "hover **ballerina/http** `2.15.0`, module `http`",
        "completion println",
        "definition io.bal",
        "action Change to 'http'",
    ]
