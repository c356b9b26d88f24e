"""parse_imports on text being typed or broken: it recovers, keeps what it can, and reports
every error with a precise span."""

from __future__ import annotations

from balmod.syntax.imports import ImportDecl, ImportSyntaxError, Name, parse_imports
from balmod.text import Span


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def after(text: str, needle: str, nth: int = 0) -> Span:
    """The zero-width span just after the ``nth`` occurrence of ``needle``."""
    end = at(text, needle, nth).end
    return Span(end, end)


def only(text: str) -> ImportDecl:
    section = parse_imports(text)
    assert len(section.imports) == 1, section
    assert section.errors == section.imports[0].errors
    return section.imports[0]


def messages(decl: ImportDecl) -> list[tuple[str, Span]]:
    return [(e.message, e.span) for e in decl.errors]


def test_bare_import_keyword() -> None:
    text = "import"
    decl = only(text)
    assert decl.span == Span(0, 6)
    assert decl.org is None
    assert decl.module == ()
    assert not decl.has_semicolon
    assert messages(decl) == [("missing module name", Span(6, 6)), ("missing ';'", Span(6, 6))]
    assert decl.module_name == ""
    assert decl.name_span is None
    assert decl.module_span is None
    assert decl.effective_prefix is None
    assert decl.prefix_span is None
    assert not decl.is_complete


def test_import_with_only_a_semicolon() -> None:
    text = "import ;"
    decl = only(text)
    assert decl.span == Span(0, 8)
    assert decl.has_semicolon
    assert decl.module == ()
    assert messages(decl) == [("missing module name", Span(6, 6))]


def test_org_and_slash_typed() -> None:
    text = "import ballerina/"
    decl = only(text)
    assert decl.org == Name("ballerina", Span(7, 16))
    assert decl.slash == Span(16, 17)
    assert decl.module == ()
    assert decl.name_span == Span(7, 17)
    assert decl.full_name == "ballerina/"
    assert decl.effective_prefix is None
    assert messages(decl) == [("missing module name", Span(17, 17)), ("missing ';'", Span(17, 17))]


def test_module_being_typed_comes_back_for_completion() -> None:
    text = "import ballerina/ht"
    decl = only(text)
    assert decl.org == Name("ballerina", Span(7, 16))
    assert decl.module == (Name("ht", Span(17, 19)),)
    assert not decl.has_semicolon
    assert decl.span == Span(0, 19)
    assert decl.name_span == Span(7, 19)
    assert decl.effective_prefix == "ht"
    assert messages(decl) == [("missing ';'", Span(19, 19))]


def test_as_without_prefix() -> None:
    text = "import ballerina/http as"
    decl = only(text)
    assert decl.has_as
    assert decl.prefix is None
    assert decl.effective_prefix == "http"
    assert decl.prefix_span == at(text, "http")
    assert messages(decl) == [
        ("missing prefix after 'as'", Span(24, 24)),
        ("missing ';'", Span(24, 24)),
    ]


def test_as_without_prefix_before_semicolon() -> None:
    text = "import ballerina/http as ;"
    decl = only(text)
    assert decl.has_semicolon
    assert decl.has_as
    assert messages(decl) == [("missing prefix after 'as'", after(text, "as"))]


def test_trailing_dot() -> None:
    text = "import ballerina/lang."
    decl = only(text)
    assert decl.module == (Name("lang", at(text, "lang")),)
    assert messages(decl) == [
        ("missing identifier after '.'", Span(22, 22)),
        ("missing ';'", Span(22, 22)),
    ]


def test_missing_semicolon_before_next_import() -> None:
    text = "import ballerina/http\nimport ballerina/io;\n"
    section = parse_imports(text)
    first, second = section.imports
    assert first.span == at(text, "import ballerina/http")
    assert messages(first) == [("missing ';'", after(text, "http"))]
    assert second.span == at(text, "import ballerina/io;")
    assert second.is_complete
    assert section.errors == first.errors
    assert section.end == len(text)


def test_missing_semicolon_before_a_declaration() -> None:
    text = "import ballerina/http\n\npublic function main() {\n}\n"
    section = parse_imports(text)
    (decl,) = section.imports
    assert decl.span == at(text, "import ballerina/http")
    assert messages(decl) == [("missing ';'", after(text, "http"))]
    assert section.end == at(text, "public").start


def test_half_typed_import_before_a_declaration() -> None:
    text = "import ballerina/\npublic function main() {}\n"
    section = parse_imports(text)
    (decl,) = section.imports
    assert decl.span == Span(0, 17)
    assert decl.module == ()
    assert section.end == at(text, "public").start


def test_half_typed_import_before_a_module_variable() -> None:
    text = "import ballerina/\nint count = 0;\n"
    section = parse_imports(text)
    assert section.imports[0].span == Span(0, 17)
    assert section.end == at(text, "int").start


def test_name_on_the_next_line_continues_the_import() -> None:
    text = "import ballerina/\n    http;\n"
    decl = only(text)
    assert decl.module == (Name("http", at(text, "http")),)
    assert decl.is_complete


def test_identifier_after_a_complete_name_on_a_new_line_ends_the_import() -> None:
    text = 'import ballerina/http\nhttp:Client c = check new ("x");\n'
    section = parse_imports(text)
    (decl,) = section.imports
    assert decl.span == at(text, "import ballerina/http")
    assert section.end == at(text, "http:Client").start


def test_predeclared_prefix_on_the_next_line() -> None:
    text = "import foo/bar as\n    int;"
    decl = only(text)
    assert decl.prefix == Name("int", at(text, "int"))
    assert decl.is_complete


def test_double_dot() -> None:
    text = "import a..b;"
    decl = only(text)
    assert decl.module == (Name("a", Span(7, 8)), Name("b", Span(10, 11)))
    assert messages(decl) == [("unexpected token '.'", Span(9, 10))]
    assert decl.has_semicolon
    assert not decl.is_complete


def test_garbage_tokens_become_one_error() -> None:
    text = "import foo/bar baz qux;"
    decl = only(text)
    assert decl.full_name == "foo/bar"
    assert messages(decl) == [("unexpected text 'baz qux'", at(text, "baz qux"))]


def test_garbage_between_org_and_slash() -> None:
    text = "import foo bar/baz;"
    decl = only(text)
    assert decl.org == Name("foo", at(text, "foo"))
    assert decl.module == (Name("baz", at(text, "baz")),)
    assert messages(decl) == [("unexpected token 'bar'", at(text, "bar"))]


def test_keyword_where_a_name_belongs() -> None:
    text = "import as;"
    decl = only(text)
    assert messages(decl) == [
        ("missing module name", Span(6, 6)),
        ("unexpected token 'as'", at(text, "as")),
    ]


def test_lone_quote() -> None:
    text = "import ballerina/lang.';"
    decl = only(text)
    assert decl.module == (Name("lang", at(text, "lang")),)
    assert messages(decl) == [
        ("missing identifier after '.'", after(text, ".")),
        ('unexpected character "\'"', at(text, "'")),
    ]


def test_closing_quote_is_not_part_of_a_quoted_identifier() -> None:
    text = "import ballerina/lang.'int';"
    decl = only(text)
    assert decl.module[-1] == Name("int", at(text, "'int"))
    assert messages(decl) == [('unexpected character "\'"', at(text, "'", 1))]


def test_module_name_written_as_a_string() -> None:
    text = 'import "ballerina/http";'
    decl = only(text)
    assert decl.full_name == "ballerina/http"
    assert messages(decl) == [
        ("unexpected character '\"'", Span(7, 8)),
        ("unexpected character '\"'", Span(22, 23)),
    ]


def test_nul_byte() -> None:
    text = "import a/b\x00;"
    decl = only(text)
    assert decl.full_name == "a/b"
    assert messages(decl) == [("unexpected character '\\x00'", Span(10, 11))]


def test_run_of_bad_characters_is_one_error() -> None:
    text = "import a/b $$ $;"
    decl = only(text)
    assert messages(decl) == [("unexpected text '$$ $'", at(text, "$$ $"))]


def test_long_garbage_is_shortened_in_the_message() -> None:
    garbage = " ".join(f"word{i}" for i in range(30))
    text = f"import a/b {garbage};"
    (error,) = only(text).errors
    assert error.span == at(text, garbage)
    assert error.message.endswith("...'")
    assert len(error.message) < 70


def test_missing_version_number() -> None:
    text = "import a/b version;"
    decl = only(text)
    assert decl.version is None
    assert decl.version_clause == at(text, "version")
    assert messages(decl) == [("missing version number", after(text, "version"))]


def test_version_without_semicolon() -> None:
    text = "import a/b version 1.2.3"
    decl = only(text)
    assert decl.version == Name("1.2.3", at(text, "1.2.3"))
    assert messages(decl) == [("missing ';'", Span(len(text), len(text)))]


def test_crlf_in_a_broken_section() -> None:
    text = "import a/b\r\nimport c/\r\nimport 'e;\r\n"
    section = parse_imports(text)
    assert [d.span for d in section.imports] == [
        at(text, "import a/b"),
        at(text, "import c/"),
        at(text, "import 'e;"),
    ]
    assert section.errors == (
        ImportSyntaxError("missing ';'", after(text, "a/b")),
        ImportSyntaxError("missing module name", after(text, "c/")),
        ImportSyntaxError("missing ';'", after(text, "c/")),
    )
    assert section.imports[2].module == (Name("e", at(text, "'e")),)


def test_errors_of_late_imports_stay_on_them() -> None:
    text = "function f() {}\nimport a/\n"
    section = parse_imports(text)
    assert section.errors == ()
    (late,) = section.late_imports
    assert late.span == at(text, "import a/")
    assert messages(late) == [
        ("missing module name", after(text, "a/")),
        ("missing ';'", after(text, "a/")),
    ]


def test_same_declaration_text_at_different_offsets() -> None:
    # Declarations are cached by their text; the spans must still be each one's own.
    text = "import a/b\nimport a/b\n"
    first, second = parse_imports(text).imports
    assert first.org == Name("a", Span(7, 8))
    assert second.org == Name("a", Span(18, 19))
    assert second.errors == (ImportSyntaxError("missing ';'", Span(21, 21)),)


def test_a_huge_line_is_not_all_one_declaration() -> None:
    # A long pasted line after `import` is cut off, so the parser never sees all of it.
    text = "import " + "word " * 2000 + ";\nimport a/b;\n"
    section = parse_imports(text)
    first = section.imports[0]
    assert first.span.start == 0
    assert first.span.end < 2000
    assert first.errors
    assert section.end == first.span.end + 1
    assert section.late_imports[0].span == at(text, "import a/b;")
