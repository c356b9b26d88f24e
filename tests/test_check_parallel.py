"""`balmod check` in several processes reports exactly what one process reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from balmod import checking
from balmod.checking import CheckResult, check_paths
from balmod.languages import Homes, language_services
from builders import BallerinaDirs, make_bala, make_dirs, make_package

SYMBOLS = "public function hello() {\n}\n\npublic const LIMIT = 3;\n"


def _world(tmp_path: Path, files: int) -> tuple[BallerinaDirs, Path]:
    dirs = make_dirs(tmp_path / "repos")
    for name in ("io", "log", "http"):
        make_bala(dirs.distribution, "ballerina", name, "1.0.0", modules={name: {"a.bal": SYMBOLS}})
    sources: dict[str, str | bytes] = {}
    for index in range(files):
        kind = index % 5
        if kind == 0:
            text = "import ballerina/io;\n\nfunction f() { io:hello(); }\n"
        elif kind == 1:
            text = "import ballerina/log;\nimport ballerina/nope;\n\nfunction f() { log:gone(); }\n"
        elif kind == 2:
            text = "import ballerina/http;\n\nfunction f() { other:thing(); }\n"
        elif kind == 3:
            text = "import ballerina/io\n"  # half-typed
        else:
            text = "import ballerina/io;\n\nfunction f() { io:LIMIT; }\n"
        sources[f"f{index:03}.bal"] = text
    sources["latin1.bal"] = b"import ballerina/io;\n// caf\xe9\nfunction f() { io:hello(); }\n"
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={"": sources, "util": {"u.bal": "import ballerina/io;\n"}},
        dependencies_toml="[[package]]\norg = 'ballerina'\nname = \n",
    )
    return dirs, package


def _as_records(result: CheckResult) -> list[tuple[str, list[tuple[str, int, int, str]]]]:
    return [
        (
            report.path.name,
            [(f.finding.code, f.line, f.column, f.finding.message) for f in report.findings],
        )
        for report in result.reports
    ]


def test_several_processes_report_what_one_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs, package = _world(tmp_path, 40)
    homes = Homes(dirs.ballerina_home, dirs.user_home)
    one = check_paths(language_services(homes), [package], jobs=1)
    monkeypatch.setattr(checking, "PARALLEL_FROM_FILES", 2)
    several = check_paths(language_services(homes), [package], jobs=3)
    assert _as_records(several) == _as_records(one)
    assert several.unreadable == one.unreadable == []
    codes = {f.finding.code for r in one.reports for f in r.findings}
    assert {"BCE2003", "BCE2011", "BCE2000", "BCE2002", "BMD0001", "BMD0005"} <= codes
    assert len(one.reports) == 44  # 41 sources, the module's file, both manifests


def test_the_command_checks_in_processes_with_the_same_output(tmp_path: Path) -> None:
    dirs, package = _world(tmp_path, 220)  # above the size where processes pay
    roots = ["--ballerina-home", str(dirs.ballerina_home), "--user-home", str(dirs.user_home)]
    outputs = []
    for jobs in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "balmod", "check", "-j", jobs, "--format", "json", *roots],
            cwd=package,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 220


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "balmod", "check", "-j", value, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "expected a whole number of 1 or more" in result.stderr
