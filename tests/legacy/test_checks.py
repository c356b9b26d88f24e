"""Findings for the imports of .bal files in 1.x projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.findings import Finding
from balmod.legacy import LegacyEngine
from legacy.builders import LegacyDirs, make_legacy_dirs, make_legacy_project, write_balo


@pytest.fixture
def dirs(tmp_path: Path) -> LegacyDirs:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(
        dirs.balo_cache,
        "natasha",
        "mathutils",
        "1.2.0",
        {"m.bal": "public function add(int a, int b) returns int => a + b;\n"},
    )
    write_balo(
        dirs.balo_cache,
        "natasha",
        "mathutils",
        "1.3.0",
        {"m.bal": "public function add(int a, int b) returns int => a + b;\n"},
    )
    write_balo(
        dirs.system,
        "ballerina",
        "io",
        "0.5.1",
        {"io.bal": "public function println(any... v) {}\n"},
        file_name="io.balo",
    )
    return dirs


def analyze(engine: LegacyEngine, path: Path, text: str) -> list[Finding]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return list(engine.analyze(text, path).findings)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def test_the_version_clause_is_valid(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p")
    engine = dirs.engine()
    text = "import natasha/mathutils version 1.2.0 as m;\n\npublic function f() returns int => m:add(1, 2);\n"
    found = analyze(engine, root / "greetings" / "g.bal", text)
    assert found == []
    analysis = engine.analyze(text, root / "greetings" / "g.bal")
    resolution = analysis.imports[0].resolution
    assert resolution is not None and resolution.package is not None
    assert resolution.package.version == "1.2.0"


def test_name_rules(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p")
    engine = dirs.engine()
    long_module = "m" * 257
    text = f"import Natasha/mathutils;\nimport natasha/{long_module};\n"
    found = analyze(engine, root / "greetings" / "g.bal", text)
    assert codes(found) == ["BMD2001", "BMD2002"]
    assert (
        found[0].message == "invalid organization name 'Natasha': organization names are lowercase"
    )
    assert text[found[0].span.start : found[0].span.end] == "Natasha"
    assert found[1].message.startswith(
        f"invalid module name '{long_module}': it is 257 characters long"
    )
    # An import with an invalid name is not resolved, so it is neither unresolved nor unused.
    analysis = engine.analyze(text, root / "greetings" / "g.bal")
    assert [item.resolution for item in analysis.imports] == [None, None]


def test_a_version_for_a_module_of_the_same_project(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(
        tmp_path / "p",
        modules={"greetings": {}, "formatting": {"f.bal": "public function f() {}\n"}},
    )
    engine = dirs.engine()
    text = "import formatting version 1.0.0;\nimport acme/formatting version 1.0.0 as f2;\n\npublic function g() { formatting:f(); f2:f(); }\n"
    found = analyze(engine, root / "greetings" / "g.bal", text)
    assert codes(found) == ["BMD2003", "BCE2004", "BMD2003"]
    assert text[found[0].span.start : found[0].span.end] == "version 1.0.0"
    assert "a module of the same project" in found[0].message


def test_a_version_that_differs_from_ballerina_toml(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(
        tmp_path / "p", dependencies='[dependencies]\n"natasha/mathutils" = "1.3.0"\n'
    )
    engine = dirs.engine()
    text = "import natasha/mathutils version 1.2.0;\n\npublic function f() returns int => mathutils:add(1, 2);\n"
    found = analyze(engine, root / "greetings" / "g.bal", text)
    assert codes(found) == ["BMD2004"]
    assert found[0].message == (
        "dependency version in Ballerina.toml mismatches with the version in the source for "
        "module 'natasha/mathutils' (1.3.0 there, 1.2.0 here)"
    )
    assert text[found[0].span.start : found[0].span.end] == "1.2.0"
    assert found[0].related[0].path == root / "Ballerina.toml"
    assert found[0].data["manifest_version"] == "1.3.0"


def test_an_invalid_version_in_the_clause(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p")
    engine = dirs.engine()
    text = "import natasha/mathutils version 1.2;\n\npublic function f() returns int => mathutils:add(1, 2);\n"
    found = analyze(engine, root / "greetings" / "g.bal", text)
    assert "BMD2005" in codes(found)
    assert "BMD0002" not in codes(found)


def test_a_file_in_a_directory_with_an_invalid_name(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p", modules={"date-utils": {}})
    engine = dirs.engine()
    found = analyze(engine, root / "date-utils" / "d.bal", "public function today() {}\n")
    assert codes(found) == ["BMD2002"]
    assert found[0].span.start == 0 and found[0].span.end == 0
    assert "'date-utils'" in found[0].message and "not a module" in found[0].message


def test_the_swan_lake_checks_still_apply(dirs: LegacyDirs, tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p")
    engine = dirs.engine()
    text = (
        "import ballerina/io;\n"
        "import natasha/mathutils;\n"
        "import natasha/nothere;\n"
        "import nosuchmodule;\n"
        "\n"
        "public function f() {\n"
        "    io:println(undefinedprefix:x());\n"
        "    int n = mathutils:subtract(1, 2);\n"
        "}\n"
    )
    found = analyze(engine, root / "greetings" / "g.bal", text)
    assert codes(found) == ["BCE2003", "BCE2003", "BCE2000", "BCE2011"]
    assert "undefined function 'subtract' in module 'natasha/mathutils'" in found[3].message


def test_without_a_distribution_ballerina_imports_are_not_errors(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    root = make_legacy_project(tmp_path / "p")
    engine = dirs.engine(with_distribution=False)
    found = analyze(
        engine,
        root / "greetings" / "g.bal",
        "import ballerina/io;\n\npublic function f() { io:println(1); }\n",
    )
    assert found == []


def test_a_loose_file_gets_import_checks_without_a_project(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    engine = dirs.engine()
    analysis = engine.analyze("import foo;\n", tmp_path / "loose.bal")
    assert analysis.project is None
    assert codes(list(analysis.findings)) == ["BCE2003"]
