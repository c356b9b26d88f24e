"""Faults on disk, with real files: hostile repositories, manifests and workspaces.

tests/repository covers each repository fault against the index alone. Here they all sit
in one repository next to good packages, and the whole engine runs over it: every bad entry
is skipped and reported once, with a message naming it, and everything else still
resolves, whatever is asked and however often. Then the faults only this suite covers:
FIFOs and devices where files belong, JSON nested past the recursion limit, files over
the size limit, thousands of empty version directories, a package removed between two
analyses, manifests that are empty, binary or enormous, and a workspace without
permissions (simulated where root ignores them).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from balmod.analysis.engine import Engine
from balmod.analysis.hover import hover
from balmod.workspace import DEFAULT_MAX_FILE_BYTES
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

ROOT = Path(__file__).resolve().parents[2]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")

GOOD_IMPORTS = ["ballerina/io", "ballerina/http", "ballerinax/mysql", "foo/good"]
BAD_IMPORTS = [
    "foo/brokenjson",
    "foo/nojson",
    "foo/deepjson",
    "foo/bigjson",
    "foo/loop",
    "foo/fileinstead",
    "foo/fifojson",
    "foo/emptyversions",
]


def warnings_naming(caplog: pytest.LogCaptureFixture, path: Path) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.WARNING and str(path) in r.getMessage()
    ]


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[BallerinaDirs, Path, dict[str, Path]]:
    """Good packages, and next to them one of each kind of broken one."""
    dirs = make_dirs(tmp_path / "repos")
    make_langlibs(dirs.distribution)
    io = make_bala(
        dirs.distribution,
        "ballerina",
        "io",
        "1.8.0",
        modules={
            "io": {
                "io.bal": "# Prints.\npublic function println(any... v) {\n}\n",
                "latin1.bal": b'// caf\xe9\npublic const string CAFE = "caf\xe9";\n',
                "huge.bal": "// padding\n" * (DEFAULT_MAX_FILE_BYTES // 11 + 1),
            }
        },
    )
    make_bala(dirs.distribution, "ballerina", "http", "2.16.4")
    make_bala(dirs.central, "ballerinax", "mysql", "1.13.0")
    make_bala(dirs.central, "foo", "good", "1.0.0")
    bad: dict[str, Path] = {
        "huge": io / "modules/io/huge.bal",
        "latin1": io / "modules/io/latin1.bal",
    }
    bad["brokenjson"] = make_bala(
        dirs.central, "foo", "brokenjson", "1.0.0", package_json_text='{"organization": "foo",'
    )
    bad["nojson"] = make_bala(dirs.central, "foo", "nojson", "1.0.0")
    (bad["nojson"] / "package.json").unlink()
    bad["deepjson"] = make_bala(
        dirs.central, "foo", "deepjson", "1.0.0", package_json_text="[" * 100_000 + "]" * 100_000
    )
    bad["bigjson"] = make_bala(
        dirs.central,
        "foo",
        "bigjson",
        "1.0.0",
        package_json_text='{"padding": "' + "x" * (DEFAULT_MAX_FILE_BYTES + 1) + '"}',
    )
    loop = dirs.central / "foo" / "loop"
    loop.mkdir()
    os.symlink("1.0.0", loop / "1.0.0")  # a version directory that is a link to itself
    bad["loop"] = loop / "1.0.0"
    bad["fileinstead"] = dirs.central / "foo" / "fileinstead" / "1.0.0"
    bad["fileinstead"].parent.mkdir()
    bad["fileinstead"].write_text("a file where a version directory belongs")
    empty = dirs.central / "foo" / "emptyversions"
    for i in range(2000):
        (empty / f"1.0.{i}").mkdir(parents=True)
    bad["emptyversions"] = empty
    if hasattr(os, "mkfifo"):
        fifo_bala = make_bala(dirs.central, "foo", "fifojson", "1.0.0")
        (fifo_bala / "package.json").unlink()
        os.mkfifo(fifo_bala / "package.json")
        bad["fifojson"] = fifo_bala / "package.json"
        os.mkfifo(io / "modules/io/pipe.bal")
        bad["pipe"] = io / "modules/io/pipe.bal"
    imports = "".join(f"import {name} as _;\n" for name in GOOD_IMPORTS + BAD_IMPORTS)
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={
            "": {"main.bal": imports + "public function main() {\n    io:println(io:CAFE);\n}\n"}
        },
    )
    # `as _` binds nothing: import io once more with its prefix for the body.
    main = package / "main.bal"
    main.write_text("import ballerina/io;\n" + main.read_text())
    return dirs, main, bad


def unresolved(findings: object) -> set[str]:
    return {
        f.message.split("'")[1]
        for f in findings  # type: ignore[attr-defined]
        if f.code == "BCE2003"
    }


def test_a_hostile_repository_never_stops_the_engine(
    hostile: tuple[BallerinaDirs, Path, dict[str, Path]], caplog: pytest.LogCaptureFixture
) -> None:
    dirs, main, bad = hostile
    caplog.set_level(logging.WARNING)
    engine = Engine(dirs.roots())
    text = main.read_text()
    for _ in range(3):  # and again, from the caches
        analysis = engine.analyze(text, main)
        assert unresolved(analysis.findings) == set(BAD_IMPORTS) - (
            set() if hasattr(os, "mkfifo") else {"foo/fifojson"}
        )
        # A latin-1 file and a FIFO in the same module: the rest of the module still counts.
        assert [f.code for f in analysis.findings if f.code.startswith("BCE201")] == []
    offset = text.index("io:CAFE") + len("io:C")
    info = hover(engine, analysis, offset)
    assert info is not None and "CAFE" in info.markdown
    for name, path in bad.items():
        if name in ("latin1", "emptyversions", "pipe"):  # a FIFO named .bal is no source
            continue
        messages = warnings_naming(caplog, path)
        assert len(messages) == 1, (name, messages)
    # Each empty version directory once, however often the package was looked up.
    empty = warnings_naming(caplog, bad["emptyversions"])
    assert len(empty) == len(set(empty)) == 2000
    if "fifojson" in bad:
        assert "not a regular file" in warnings_naming(caplog, bad["fifojson"])[0]
    assert "invalid JSON" in warnings_naming(caplog, bad["brokenjson"] / "package.json")[0]
    assert "invalid JSON" in warnings_naming(caplog, bad["deepjson"] / "package.json")[0]
    assert "byte limit" in warnings_naming(caplog, bad["bigjson"] / "package.json")[0]
    assert "byte limit" in warnings_naming(caplog, bad["huge"])[0]
    assert "symbolic link loop" in warnings_naming(caplog, bad["loop"])[0]
    assert "a file where a directory belongs" in warnings_naming(caplog, bad["fileinstead"])[0]
    assert "no package.json" in warnings_naming(caplog, bad["nojson"])[0]
    assert "no platform directory" in warnings_naming(caplog, bad["emptyversions"] / "1.0.0")[0]


def test_balmod_check_over_a_hostile_repository(
    hostile: tuple[BallerinaDirs, Path, dict[str, Path]],
) -> None:
    dirs, main, _ = hostile
    result = subprocess.run(
        [
            *(sys.executable, "-m", "balmod", "check", str(main.parent)),
            *("--ballerina-home", str(dirs.ballerina_home), "--user-home", str(dirs.user_home)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    reported = [line for line in result.stdout.splitlines() if "BCE2003" in line]
    assert len(reported) == len(BAD_IMPORTS) - (0 if hasattr(os, "mkfifo") else 1)
    assert not [line for line in reported if any(f"'{name}'" in line for name in GOOD_IMPORTS)]


def test_a_package_removed_between_analyses(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    make_langlibs(dirs.distribution)
    make_bala(dirs.central, "foo", "gone", "1.0.0")
    make_bala(dirs.central, "foo", "gone", "1.1.0")
    engine = Engine(dirs.roots())
    text = "import foo/gone;\npublic function main() {\n    gone:hello();\n}\n"
    first = engine.analyze(text, None)
    assert first.imports[0].resolution is not None
    assert first.imports[0].resolution.package is not None
    assert first.imports[0].resolution.package.version == "1.1.0"
    shutil.rmtree(dirs.central / "foo/gone/1.1.0")
    assert engine.repositories_changed()
    second = engine.analyze(text, None)
    assert second.imports[0].resolution is not None
    assert second.imports[0].resolution.package is not None
    assert second.imports[0].resolution.package.version == "1.0.0"
    # Removed between the listing and the read: a module directory that vanished.
    shutil.rmtree(dirs.central / "foo/gone/1.0.0/any/modules")
    assert engine.repositories_changed()
    third = engine.analyze(text, None)
    assert [f.code for f in third.findings if f.code != "BCE2003"] == []
    shutil.rmtree(dirs.central / "foo")
    assert engine.repositories_changed()
    assert unresolved(engine.analyze(text, None).findings) == {"foo/gone"}


# --- manifests -------------------------------------------------------------------------------

MANIFESTS = {
    "empty": b"",
    "only whitespace": b"\n\r\n\t \n",
    "binary": bytes(range(256)) * 16,
    "NULs": b"\x00" * 4096,
    "not UTF-8": b'[package]\norg = "caf\xe9"\nname = "app"\n',
    "a UTF-16 file": '[package]\norg = "acme"\n'.encode("utf-16"),
}
RECURSION = pytest.param(b"a = " + b"[" * 50_000 + b"]" * 50_000, id="deeply nested")


@pytest.mark.parametrize("name", ["Ballerina.toml", "Dependencies.toml"])
@pytest.mark.parametrize("content", [*MANIFESTS.values(), RECURSION], ids=[*MANIFESTS, "nested"])
def test_broken_manifests_never_stop_analysis(tmp_path: Path, name: str, content: bytes) -> None:
    dirs = make_dirs(tmp_path / "repos")
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    package = make_package(tmp_path / "app", "acme", "app")
    (package / name).write_bytes(content)
    main = package / "main.bal"
    text = "import ballerina/io;\npublic function main() {\n    io:hello();\n}\n"
    engine = Engine(dirs.roots())
    analysis = engine.analyze(text, main)
    assert [f.code for f in analysis.findings] == []
    manifest_text = content.decode("utf-8", errors="replace")
    for finding in engine.check_manifest(manifest_text, package / name):
        assert 0 <= finding.span.start <= finding.span.end <= len(manifest_text)


def test_an_enormous_manifest_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "repos")
    package = make_package(tmp_path / "app", "acme", "app")
    lock = package / "Dependencies.toml"
    with lock.open("w") as handle:
        handle.write('[[package]]\norg = "o"\nname = "p"\nversion = "1.0.0"\n')
        handle.write(("# " + "x" * 1000 + "\n") * (DEFAULT_MAX_FILE_BYTES // 1000))
    assert lock.stat().st_size > DEFAULT_MAX_FILE_BYTES
    engine = Engine(dirs.roots())
    project = engine.project_for(package / "main.bal")
    assert project is not None and project.name == "app"
    assert not project.locked
    assert any("limit" in error for error in project.manifest_errors)


MANY_PARTS = """\
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from balmod.analysis.engine import Engine
from balmod.repository.roots import RepositoryRoots
engine = Engine(RepositoryRoots(None, Path(sys.argv[1])))
main = Path(sys.argv[2])
print([f.code for f in engine.check_manifest(main.with_name("Ballerina.toml").read_text(), main.with_name("Ballerina.toml"))])
print(engine.analyze("", main).project is not None)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the memory limit is set with setrlimit")
def test_a_manifest_key_of_many_parts_on_disk(tmp_path: Path) -> None:
    # tomllib needs memory that grows with the square of a dotted key's parts: 40,000
    # parts (80 kB) want gigabytes. Under a 1 GB limit, in a process of its own.
    dirs = make_dirs(tmp_path / "repos")
    package = make_package(tmp_path / "app", "acme", "app")
    manifest = package / "Ballerina.toml"
    manifest.write_text(manifest.read_text() + "\n[tool]\n" + "a" + ".a" * 40_000 + " = 1\n")
    result = subprocess.run(
        [sys.executable, "-c", MANY_PARTS, str(dirs.user_home), str(package / "main.bal")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    findings, found_project = result.stdout.splitlines()
    assert findings != "[]" and found_project == "True"


@needs_fifo
def test_a_fifo_where_dependencies_toml_belongs(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "repos")
    package = make_package(tmp_path / "app", "acme", "app")
    os.mkfifo(package / "Dependencies.toml")
    code = (
        "import sys\nfrom pathlib import Path\nfrom balmod.analysis.engine import Engine\n"
        "from balmod.repository.roots import RepositoryRoots\n"
        "engine = Engine(RepositoryRoots(None, Path(sys.argv[1])))\n"
        "print(engine.analyze('', Path(sys.argv[2])).project is not None)\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, str(dirs.user_home), str(package / "main.bal")],
            capture_output=True,
            text=True,
            timeout=6,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO where Dependencies.toml belongs blocked")
    assert result.stdout.strip() == "True", result.stderr


# --- a workspace without permissions -----------------------------------------------------


@pytest.mark.skipif(IS_ROOT or not hasattr(os, "geteuid"), reason="root ignores permissions")
def test_a_workspace_without_read_permission(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "repos")
    package = make_package(
        tmp_path / "app", "acme", "app", modules={"": {"main.bal": ""}, "util": {"u.bal": ""}}
    )
    locked = [package / "Ballerina.toml", package / "modules" / "util"]
    for path in locked:
        path.chmod(0)
    try:
        engine = Engine(dirs.roots())
        analysis = engine.analyze("import app.util;\n", package / "main.bal")
        assert analysis.project is not None
        assert any(
            "permission" in e or "cannot read" in e for e in analysis.project.manifest_errors
        )
    finally:
        for path in locked:
            path.chmod(0o755)


def test_a_workspace_without_permissions_simulated(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "repos")
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    package = make_package(
        tmp_path / "app", "acme", "app", modules={"": {"main.bal": ""}, "util": {"u.bal": ""}}
    )
    engine = Engine(dirs.roots())
    text = "import ballerina/io;\nimport app.util;\npublic function main() {\n    io:hello();\n}\n"
    mp = pytest.MonkeyPatch()
    try:
        prefix = str(package)

        def guard(function):  # type: ignore[no-untyped-def]
            def denied(path, *args, **kwargs):  # type: ignore[no-untyped-def]
                if isinstance(path, str | os.PathLike) and os.fspath(path).startswith(prefix):
                    raise PermissionError(13, "Permission denied", os.fspath(path))
                return function(path, *args, **kwargs)

            return denied

        import io

        mp.setattr(os, "open", guard(os.open))
        mp.setattr(os, "scandir", guard(os.scandir))
        mp.setattr(io, "open", guard(io.open))
        analysis = engine.analyze(text, package / "main.bal")
    finally:
        mp.undo()
    assert analysis.project is not None
    assert any("permission" in error.lower() for error in analysis.project.manifest_errors)
    # The repositories are outside the workspace: ballerina/io still resolves and is used.
    assert "ballerina/io" not in unresolved(analysis.findings)
    assert [f.code for f in analysis.findings if f.code not in ("BCE2003",)] == []
