"""Import edits: minimal, byte-preserving, and correct for every line-break style."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.analysis.engine import Engine
from balmod.analysis.fixes import organize, remove_all_unused
from balmod.analysis.import_edits import add_import, choose_prefix, import_line
from balmod.edits import TextEdit, apply_edits, deletion
from balmod.text import Span
from builders import make_bala, make_dirs


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    dirs = make_dirs(tmp_path)
    for name in ("io", "log", "http"):
        make_bala(dirs.distribution, "ballerina", name, "1.0.0")
    return Engine(dirs.roots())


def test_import_line_quotes_keyword_parts_and_prefixes() -> None:
    assert import_line("ballerina", "lang.int") == "import ballerina/lang.'int;"
    assert import_line(None, "app.util", "u") == "import app.util as u;"
    assert (
        import_line("foo", "service.client", "string") == "import foo/'service.'client as 'string;"
    )


def test_choose_prefix_only_when_taken() -> None:
    assert choose_prefix("ballerina.http", set()) is None
    assert choose_prefix("http", {"http"}) == "http2"
    assert choose_prefix("http", {"http", "http2"}) == "http3"


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_deletion_removes_whole_lines_and_keeps_the_rest(eol: str) -> None:
    text = f"a;{eol}import x;{eol}b;{eol}"
    start = text.index("import")
    edit = deletion(text, Span(start, start + len("import x;")))
    assert apply_edits(text, [edit]) == f"a;{eol}b;{eol}"


def test_deletion_of_a_declaration_sharing_its_line() -> None:
    text = "import a; import b;\n"
    edit = deletion(text, Span(0, 9))
    assert apply_edits(text, [edit]) == "import b;\n"


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits("abcdef", [TextEdit(Span(0, 3), ""), TextEdit(Span(2, 4), "")])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "import ballerina/io;\n"),
        ("function f() {}\n", "import ballerina/io;\n\nfunction f() {}\n"),
        (
            "import ballerina/log;\nfunction f() {}\n",
            "import ballerina/log;\nimport ballerina/io;\nfunction f() {}\n",
        ),
        ("import ballerina/log;", "import ballerina/log;\nimport ballerina/io;"),
        (
            "import ballerina/log;\r\n\r\nfunction f() {}\r\n",
            "import ballerina/log;\r\nimport ballerina/io;\r\n\r\nfunction f() {}\r\n",
        ),
    ],
)
def test_add_import_goes_after_the_last_import_or_at_the_top(
    engine: Engine, text: str, expected: str
) -> None:
    analysis = engine.analyze(text, None)
    assert apply_edits(text, [add_import(analysis, "ballerina", "io", None)]) == expected


def test_organize_keeps_everything_outside_the_import_block(engine: Engine) -> None:
    text = "// header\r\n\r\nimport ballerina/log;\r\nimport ballerina/io;\r\n\r\nfunction f() { io:hello(); log:hello(); }\r\n"
    fix = organize(engine.analyze(text, None))
    assert fix is not None
    (edit,) = fix.edits
    after = apply_edits(text, fix.edits)
    assert after == text.replace(
        "import ballerina/log;\r\nimport ballerina/io;",
        "import ballerina/io;\r\nimport ballerina/log;",
    )
    assert edit.span.slice(text).startswith("import ballerina/log;")
    assert organize(engine.analyze(after, None)) is None


def test_organize_refuses_when_code_sits_between_imports(engine: Engine) -> None:
    text = "import ballerina/log;\nint x = 1;\nimport ballerina/io;\nfunction f() { io:hello(); log:hello(); }\n"
    assert organize(engine.analyze(text, None)) is None


def test_remove_all_unused_keeps_used_and_underscore_imports(engine: Engine) -> None:
    text = "import ballerina/log;\nimport ballerina/io as _;\nimport ballerina/http;\n\nfunction f() {}\n"
    fix = remove_all_unused(engine.analyze(text, None))
    assert fix is not None
    assert apply_edits(text, fix.edits) == "import ballerina/io as _;\n\nfunction f() {}\n"
