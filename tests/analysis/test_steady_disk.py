"""`Engine.steady_disk`: one `balmod check` run takes the disk as it was when it began.

Inside the scope a file's project and a workspace module's symbols are looked up once per
directory; outside it every analysis checks the disk again, as the server needs.
"""

from __future__ import annotations

from pathlib import Path

from balmod.analysis.engine import Engine
from builders import (
    BallerinaDirs,
    make_bala,
    make_dirs,
    make_langlibs,
    make_package,
    render_dependencies_toml,
)

MAIN = "import app.util;\n\npublic function main() {\n    util:greet();\n}\n"


def _codes(engine: Engine, path: Path) -> list[tuple[str, str]]:
    found = engine.analyze(path.read_text(encoding="utf-8"), path).findings
    return [(f.code, f.message) for f in found]


def _package(tmp_path: Path) -> tuple[Engine, Path]:
    dirs = make_dirs(tmp_path / "homes")
    make_langlibs(dirs.distribution)
    root = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={
            "": {"main.bal": MAIN, "other.bal": MAIN},
            "util": {"util.bal": "public function greet() {\n}\n"},
        },
    )
    return Engine(dirs.roots()), root


def test_findings_are_the_same_inside_the_scope(tmp_path: Path) -> None:
    engine, root = _package(tmp_path)
    broken = root / "broken.bal"
    broken.write_text("import app.util;\nimport app.nope;\n\nfunction f() { util:gone(); }\n")
    outside = {p.name: _codes(engine, p) for p in sorted(root.glob("*.bal"))}
    fresh, _ = _package(tmp_path / "again")
    (tmp_path / "again" / "app" / "broken.bal").write_text(broken.read_text())
    with fresh.steady_disk():
        inside = {
            p.name: _codes(fresh, p) for p in sorted((tmp_path / "again" / "app").glob("*.bal"))
        }
    assert inside == outside
    assert [code for code, _ in outside["broken.bal"]] == ["BCE2003", "BCE2011"]
    assert outside["main.bal"] == []


def test_a_workspace_module_is_read_once_inside_the_scope_and_again_after(tmp_path: Path) -> None:
    engine, root = _package(tmp_path)
    main = root / "main.bal"
    util = root / "modules" / "util" / "util.bal"
    with engine.steady_disk():
        assert _codes(engine, main) == []
        util.write_text("public function welcome() {\n}\n")  # not seen until the scope ends
        assert _codes(engine, root / "other.bal") == []
    codes = _codes(engine, root / "other.bal")
    assert [code for code, _ in codes] == ["BCE2011"]
    assert "greet" in codes[0][1]


def test_a_files_project_is_looked_up_once_per_directory_inside_the_scope(tmp_path: Path) -> None:
    engine, root = _package(tmp_path)
    main = root / "main.bal"
    with engine.steady_disk():
        project = engine.project_for(main)
        (root / "Ballerina.toml").write_text('[package]\norg = "acme"\nname = "renamed"\n')
        assert engine.project_for(root / "other.bal") is project
        with engine.steady_disk():  # nested: the outer scope's answers stand
            assert engine.project_for(main) is project
    after = engine.project_for(main)
    assert after is not None and after.name == "renamed"


def test_a_keystroke_below_the_imports_sees_a_new_version_after_the_repositories_change(
    tmp_path: Path,
) -> None:
    # What a file's prefixes lead to is kept from one analysis to the next while its
    # imports stay the same; a change in the repositories must still reach it.
    dirs = make_dirs(tmp_path / "homes")
    make_langlibs(dirs.distribution)
    make_bala(dirs.central, "tyler", "net", "1.0.0", modules={"net": {"n.bal": OLD_NET}})
    root = make_package(tmp_path / "app", "acme", "app", modules={"": {}})
    engine = Engine(dirs.roots())
    text = "import tyler/net;\n\nfunction f() {\n    net:connect();\n}\n"
    main = root / "main.bal"
    assert [f.code for f in engine.analyze(text, main).findings] == ["BCE2011"]
    make_bala(dirs.central, "tyler", "net", "2.0.0", modules={"net": {"n.bal": NEW_NET}})
    assert engine.repositories_changed()
    typed = text.replace("connect();", "connect(); ")
    assert engine.analyze(typed, main).findings == ()
    assert [f.code for f in engine.analyze(text.replace("connect", "dial"), main).findings] == [
        "BCE2011"
    ]


OLD_NET = "public function dial() {\n}\n"
NEW_NET = "public function connect() {\n}\n"


def _net_package(tmp_path: Path) -> tuple[Engine, Path, BallerinaDirs]:
    dirs = make_dirs(tmp_path / "homes")
    make_langlibs(dirs.distribution)
    make_bala(dirs.central, "tyler", "net", "1.0.0", modules={"net": {"n.bal": OLD_NET}})
    root = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={"": {"main.bal": "import tyler/net;\n\nfunction f() {\n    net:dial();\n}\n"}},
    )
    return Engine(dirs.roots()), root, dirs


def _net_version(engine: Engine, main: Path) -> str | None:
    resolution = engine.analyze(main.read_text(), main).imports[0].resolution
    package = resolution.package if resolution is not None else None
    return package.version if package is not None else None


def test_the_repositories_are_read_once_inside_the_scope_and_again_after(
    tmp_path: Path,
) -> None:
    engine, root, dirs = _net_package(tmp_path)
    main = root / "main.bal"
    with engine.steady_disk():
        assert _net_version(engine, main) == "1.0.0"
        make_bala(dirs.central, "tyler", "net", "1.1.0", modules={"net": {"n.bal": OLD_NET}})
        assert engine.index.version_dirs("tyler", "net")[0].version == "1.0.0"
        assert _net_version(engine, main) == "1.0.0"
    # What was resolved within is forgotten with the scope (no poller watches what it read).
    assert _net_version(engine, main) == "1.1.0"
    # And the server path notices a change in what it read from then on.
    assert not engine.repositories_changed()
    make_bala(dirs.central, "tyler", "net", "1.2.0", modules={"net": {"n.bal": OLD_NET}})
    assert engine.repositories_changed()
    assert _net_version(engine, main) == "1.2.0"


def test_a_manifest_checked_inside_the_scope_is_checked_again_after(tmp_path: Path) -> None:
    engine, root, dirs = _net_package(tmp_path)
    text = render_dependencies_toml(
        [
            {"org": "tyler", "name": "net", "version": "1.1.0"},
            {"org": "acme", "name": "app", "version": "0.1.0"},
        ]
    )
    path = root / "Dependencies.toml"
    path.write_text(text)
    with engine.steady_disk():
        assert [f.code for f in engine.check_manifest(text, path)] == ["BMD0004"]
        make_bala(dirs.central, "tyler", "net", "1.1.0", modules={"net": {"n.bal": OLD_NET}})
        assert [f.code for f in engine.check_manifest(text, path)] == ["BMD0004"]
    assert engine.check_manifest(text, path) == []
