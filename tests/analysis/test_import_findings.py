"""Import findings on real files: the engine over repositories built in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.analysis.engine import Engine
from balmod.findings import Finding, Severity, Tag
from builders import make_bala, make_dirs, make_langlibs, make_package


@pytest.fixture
def engine_and_package(tmp_path: Path) -> tuple[Engine, Path]:
    dirs = make_dirs(tmp_path)
    make_langlibs(dirs.distribution)
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    make_bala(dirs.distribution, "ballerina", "log", "2.17.0")
    make_bala(
        dirs.central, "tyler", "net.http", "1.2.0", modules={"net.http.exception": {"e.bal": ""}}
    )
    package = make_package(tmp_path / "app", "acme", "app", modules={"": {}, "util": {"u.bal": ""}})
    return Engine(dirs.roots()), package


def check(engine_and_package: tuple[Engine, Path], text: str) -> list[Finding]:
    engine, package = engine_and_package
    return list(engine.analyze(text, package / "main.bal").findings)


def summary(findings: list[Finding], text: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.message, f.span.slice(text)) for f in findings]


def test_clean_file_has_no_findings(engine_and_package: tuple[Engine, Path]) -> None:
    text = "import ballerina/io;\nimport app.util as _;\nimport tyler/net.http.exception as ex;\n\nfunction f() { io:hello(); ex:x(); }\n"
    assert check(engine_and_package, text) == []


def test_unresolved_import_names_its_module_and_where_it_looked(
    engine_and_package: tuple[Engine, Path],
) -> None:
    text = "import ballerina/nope;\n"
    (found,) = check(engine_and_package, text)
    assert (found.code, found.message, found.span.slice(text)) == (
        "BCE2003",
        "cannot resolve module 'ballerina/nope'",
        "ballerina/nope",
    )
    assert found.severity is Severity.ERROR
    assert [r.message.split(":")[0] for r in found.related] == [
        "looked in distribution",
        "looked in Central cache",
    ]


def test_unused_prefix_covers_the_declaration_and_is_unnecessary(
    engine_and_package: tuple[Engine, Path],
) -> None:
    text = "import ballerina/log;\nimport ballerina/io as _;\n"
    (found,) = check(engine_and_package, text)
    assert summary([found], text) == [
        ("BCE2002", "unused module prefix 'log'", "import ballerina/log;")
    ]
    assert found.tags == (Tag.UNNECESSARY,)


def test_uncertain_uses_keep_an_import_alive_but_never_report_undefined(
    engine_and_package: tuple[Engine, Path],
) -> None:
    text = (
        "import ballerina/log;\n\nfunction f(boolean c) { var m = {log:1}; var x = c?log:nope; }\n"
    )
    assert check(engine_and_package, text) == []


def test_undefined_prefix_but_not_predeclared_xmlns_or_comments(
    engine_and_package: tuple[Engine, Path],
) -> None:
    text = (
        'xmlns "urn:x" as ns;\n'
        "function f() {\n"
        "    _ = int:hello(1); // foo:bar\n"
        '    string s = "a:b";\n'
        "    _ = ns:x;\n"
        "    _ = missing:thing();\n"
        "}\n"
    )
    assert summary(check(engine_and_package, text), text) == [
        ("BCE2000", "undefined module 'missing'", "missing")
    ]


def test_redeclared_module_and_prefix(engine_and_package: tuple[Engine, Path]) -> None:
    text = (
        "import ballerina/io;\nimport ballerina/io;\nimport ballerina/log as io;\n"
        "function f() { io:hello(); }\n"
    )
    assert summary(check(engine_and_package, text), text) == [
        ("BCE2004", "redeclared import module 'ballerina/io'", "ballerina/io"),
        ("BCE2008", "redeclared symbol 'io'", "io"),
    ]


def test_own_module_with_and_without_org_is_one_module(
    engine_and_package: tuple[Engine, Path],
) -> None:
    text = "import app.util as _;\nimport acme/app.util as _;\n"
    assert [f.code for f in check(engine_and_package, text)] == ["BCE2004"]


def test_version_clause_and_late_import_are_reported(
    engine_and_package: tuple[Engine, Path],
) -> None:
    text = (
        "import ballerina/io version 1.2.3 as _;\n\nfunction f() {}\n\nimport ballerina/log as _;\n"
    )
    assert summary(check(engine_and_package, text), text) == [
        ("BMD0002", "versions in import declarations are no longer supported", "1.2.3"),
        (
            "BMD0003",
            "import declarations must come before all other declarations",
            "import ballerina/log as _;",
        ),
    ]


def test_half_typed_import_is_a_syntax_error_only(engine_and_package: tuple[Engine, Path]) -> None:
    text = "import ballerina/\n\nfunction f() {}\n"
    found = check(engine_and_package, text)
    assert [(f.code, f.message, f.span.start) for f in found] == [
        ("BMD0001", "missing module name", 17),
        ("BMD0001", "missing ';'", 17),
    ]


def test_no_distribution_means_no_false_errors_for_langlib_orgs(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    engine = Engine(dirs.roots(with_distribution=False))
    text = "import ballerina/io;\nfunction f() { io:println(); }\n"
    assert list(engine.analyze(text, None).findings) == []


def test_edits_below_the_imports_update_the_unused_prefixes(
    engine_and_package: tuple[Engine, Path],
) -> None:
    # The findings about the declarations are kept while the section is unchanged; what the
    # body uses must still decide which prefixes are unused.
    engine, package = engine_and_package
    path = package / "main.bal"
    used = "import ballerina/io;\nimport ballerina/log;\n\nfunction f() { io:hello(); log:x(); }\n"
    unused = used.replace(" log:x();", "")
    for text, expected in ((used, []), (unused, ["log"]), (used, []), (unused, ["log"])):
        found = [f for f in engine.analyze(text, path).findings if f.code == "BCE2002"]
        assert [f.message.rsplit(" ", 1)[1].strip("'") for f in found] == expected
