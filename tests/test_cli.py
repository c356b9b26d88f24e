"""`balmod check` and `balmod deps` as a user runs them: output, JSON, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from builders import BallerinaDirs, make_bala, make_dirs, make_package

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "balmod", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[BallerinaDirs, Path]:
    dirs = make_dirs(tmp_path / "repos")
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    make_bala(dirs.distribution, "ballerina", "io", "1.9.0")
    package = make_package(
        tmp_path / "ws" / "app",
        "acme",
        "app",
        modules={
            "": {
                "main.bal": "import ballerina/io;\nimport ballerina/nope;\n\nfunction f() { io:hello(); }\n"
            },
            "util": {"util.bal": "import ballerina/io;\n"},
        },
        dependencies_toml=[{"org": "ballerina", "name": "io", "version": "1.8.0"}],
    )
    return dirs, package


def roots(dirs: BallerinaDirs) -> list[str]:
    return ["--ballerina-home", str(dirs.ballerina_home), "--user-home", str(dirs.user_home)]


def test_check_prints_relative_paths_and_a_summary(workspace: tuple[BallerinaDirs, Path]) -> None:
    dirs, package = workspace
    result = run("check", "app", *roots(dirs), cwd=package.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "app/main.bal:2:8: error BCE2003: cannot resolve module 'ballerina/nope'",
        "app/modules/util/util.bal:1:1: error BCE2002: unused module prefix 'io'",
        "2 errors, 0 warnings in 4 files",
    ]
    assert result.stderr == ""


def test_check_json(workspace: tuple[BallerinaDirs, Path]) -> None:
    dirs, package = workspace
    result = run("check", str(package / "main.bal"), "--format", "json", *roots(dirs), cwd=package)
    assert result.returncode == 1
    (item,) = json.loads(result.stdout)
    assert item == {
        "path": "main.bal",
        "line": 2,
        "column": 8,
        "endLine": 2,
        "endColumn": 22,
        "severity": "error",
        "code": "BCE2003",
        "message": "cannot resolve module 'ballerina/nope'",
        "source": "balmod",
        "related": [
            {
                "message": f"looked in distribution: {dirs.distribution / 'ballerina'}",
                "path": str(dirs.distribution / "ballerina"),
            },
            {
                "message": f"looked in Central cache: {dirs.central / 'ballerina'}",
                "path": str(dirs.central / "ballerina"),
            },
        ],
    }


def test_clean_package_exits_zero(workspace: tuple[BallerinaDirs, Path]) -> None:
    dirs, package = workspace
    (package / "main.bal").write_text("import ballerina/io;\nfunction f() { io:hello(); }\n")
    (package / "modules/util/util.bal").write_text("")
    result = run("check", *roots(dirs), cwd=package)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "no problems in 4 files")


def test_bad_usage_and_missing_paths_exit_two(tmp_path: Path) -> None:
    missing = run("check", "no/such/dir", cwd=tmp_path)
    assert missing.returncode == 2
    assert "no/such/dir: no such file or directory" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert run("check", "--format", "xml", cwd=tmp_path).returncode == 2
    assert run("frobnicate", cwd=tmp_path).returncode == 2


def test_binary_and_unreadable_input(tmp_path: Path) -> None:
    (tmp_path / "bin.bal").write_bytes(b"import ballerina/io\xff\xfe;\x00\n")
    result = run("check", ".", cwd=tmp_path)
    assert "bin.bal:1:1: warning BMD0005: file is not valid UTF-8" in result.stdout
    assert "Traceback" not in result.stderr
    (tmp_path / "dir.bal").mkdir()
    assert run("check", ".", cwd=tmp_path).returncode in (0, 1)
    (tmp_path / "notes.txt").write_text("not Ballerina")
    named = run("check", "notes.txt", cwd=tmp_path)
    assert named.returncode == 2
    assert "notes.txt: not a file balmod checks" in named.stderr
    assert "Traceback" not in named.stderr


def test_deps_lists_every_import_and_why(workspace: tuple[BallerinaDirs, Path]) -> None:
    dirs, package = workspace
    result = run("deps", str(package), *roots(dirs), cwd=package)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    io_dir = dirs.distribution / "ballerina/io/1.8.0/any/modules/io"
    assert (
        lines[0]
        == f"ballerina/io -> ballerina/io 1.8.0 (distribution) {io_dir}  [locked in Dependencies.toml]"
    )
    assert lines[1].startswith("ballerina/nope -> unresolved  [")
    assert run("deps", str(dirs.ballerina_home), cwd=package).returncode == 2


def test_bundled_example_reports_exactly_its_intended_findings() -> None:
    result = run(
        "check",
        "hello_world",
        "--ballerina-home",
        "ballerina-home",
        "--user-home",
        "user-home",
        cwd=ROOT / "examples",
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "hello_world/main.bal:6:8: error BCE2003: cannot resolve module 'ballerina/htpp'",
        "hello_world/main.bal:10:1: error BCE2002: unused module prefix 'mysql'",
        "hello_world/main.bal:28:8: error BCE2011: undefined function 'printn' in module 'ballerina/io'; did you mean 'println', 'print' or 'fprintln'?",
        "hello_world/main.bal:58:16: error BCE2000: undefined module 'strings'",
        "4 errors, 0 warnings in 5 files",
    ]
