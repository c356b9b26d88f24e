"""parse_imports on valid import sections: every form, with exact code-point spans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from balmod.syntax import import_parser
from balmod.syntax.imports import ImportDecl, Name, parse_imports
from balmod.text import Span


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def only(text: str) -> ImportDecl:
    section = parse_imports(text)
    assert len(section.imports) == 1, section
    return section.imports[0]


def values(names: tuple[Name, ...]) -> tuple[str, ...]:
    return tuple(name.value for name in names)


def test_org_and_module_with_every_span() -> None:
    text = "import ballerina/http;"
    decl = only(text)
    assert decl == ImportDecl(
        span=Span(0, 22),
        org=Name("ballerina", Span(7, 16)),
        module=(Name("http", Span(17, 21)),),
        prefix=None,
        version=None,
        has_semicolon=True,
        slash=Span(16, 17),
        has_as=False,
        errors=(),
    )
    assert decl.module_name == "http"
    assert decl.full_name == "ballerina/http"
    assert decl.name_span == Span(7, 21)
    assert decl.module_span == Span(17, 21)
    assert decl.effective_prefix == "http"
    assert decl.prefix_span == Span(17, 21)
    assert decl.is_complete
    assert parse_imports(text).end == len(text)


def test_dotted_module_takes_its_last_part_as_prefix() -> None:
    text = "import tyler/net.http.exception;"
    decl = only(text)
    assert values(decl.module) == ("net", "http", "exception")
    assert [p.span for p in decl.module] == [
        at(text, "net"),
        at(text, "http"),
        at(text, "exception"),
    ]
    assert decl.module_name == "net.http.exception"
    assert decl.full_name == "tyler/net.http.exception"
    assert decl.effective_prefix == "exception"
    assert decl.module_span == Span(at(text, "net").start, at(text, "exception").end)


def test_quoted_part_value_has_no_quote_but_span_has() -> None:
    text = "import ballerina/lang.'int;"
    decl = only(text)
    last = decl.module[-1]
    assert last.value == "int"
    assert last.span == at(text, "'int")
    assert last.quoted
    assert not decl.module[0].quoted
    assert decl.module_name == "lang.int"
    assert decl.effective_prefix == "int"
    assert decl.prefix_span == at(text, "'int")


def test_every_part_quoted() -> None:
    text = "import foo/'service.'client;"
    decl = only(text)
    assert decl.org == Name("foo", at(text, "foo"))
    assert decl.module == (
        Name("service", at(text, "'service")),
        Name("client", at(text, "'client")),
    )
    assert decl.full_name == "foo/service.client"
    assert decl.is_complete


def test_explicit_prefix() -> None:
    text = "import ballerinax/net.http.exception as ex;"
    decl = only(text)
    assert decl.prefix == Name("ex", Span(at(text, " ex;").start + 1, at(text, ";").start))
    assert decl.has_as
    assert decl.effective_prefix == "ex"
    assert decl.prefix_span == decl.prefix.span
    assert decl.name_span == Span(at(text, "ballerinax").start, at(text, "exception").end)


def test_underscore_prefix_binds_nothing() -> None:
    text = "import ballerina/log as _;"
    decl = only(text)
    assert decl.prefix == Name("_", at(text, "_"))
    assert decl.effective_prefix is None
    assert decl.prefix_span == at(text, "_")
    assert decl.is_complete


def test_predeclared_prefix_as_alias() -> None:
    text = "import foo/bar as int;"
    decl = only(text)
    assert decl.prefix == Name("int", at(text, "int"))
    assert decl.effective_prefix == "int"
    assert not decl.errors


def test_module_of_current_package_has_no_org() -> None:
    text = "import hello_world.util;"
    decl = only(text)
    assert decl.org is None
    assert decl.slash is None
    assert values(decl.module) == ("hello_world", "util")
    assert decl.full_name == "hello_world.util"
    assert decl.name_span == Span(7, at(text, "util").end)
    assert decl.effective_prefix == "util"


def test_comments_and_line_breaks_between_every_token() -> None:
    text = (
        "import // the keyword\n"
        "  ballerina   // the org\n"
        "  /\n"
        "# a documentation line\n"
        "  http . /* not a comment in Ballerina */\n"
    )
    # `/* */` is not a comment in Ballerina: the parser must report it.
    section = parse_imports(text)
    assert section.imports[0].errors
    text = (
        "import // the keyword\n"
        "  ballerina   // the org\n"
        "  /\n"
        "# a documentation line\n"
        "  lang . 'int\n"
        "  as\t\tintegers // trailing\n"
        "  ;\n"
        "public function main() {}\n"
    )
    decl = only(text)
    assert decl.org == Name("ballerina", at(text, "ballerina"))
    assert decl.slash == Span(at(text, "/\n").start, at(text, "/\n").start + 1)
    assert decl.module == (Name("lang", at(text, "lang")), Name("int", at(text, "'int")))
    assert decl.prefix == Name("integers", at(text, "integers"))
    assert decl.span == Span(0, at(text, ";").end)
    assert decl.is_complete
    assert parse_imports(text).end == at(text, "public").start


def test_version_clause_is_parsed_and_recorded() -> None:
    text = "import a/b version 1.2.3 as c;"
    decl = only(text)
    assert decl.version == Name("1.2.3", at(text, "1.2.3"))
    assert decl.version_clause == Span(at(text, "version").start, at(text, "1.2.3").end)
    assert decl.prefix == Name("c", Span(at(text, "c;").start, at(text, ";").start))
    assert decl.is_complete


def test_version_clause_with_prerelease_and_no_prefix() -> None:
    text = "import natasha/foo version 1.0.0-beta.1;"
    decl = only(text)
    assert decl.version == Name("1.0.0-beta.1", at(text, "1.0.0-beta.1"))
    assert decl.effective_prefix == "foo"
    assert not decl.errors


def test_version_may_still_name_a_module() -> None:
    decl = only("import foo/version;")
    assert values(decl.module) == ("version",)
    assert decl.version is None
    assert not decl.errors


def test_several_imports_and_where_the_section_ends() -> None:
    text = (
        "// Copyright header\n"
        "\n"
        "import ballerina/http;\n"
        "import ballerina/io as _;\n"
        "import foo/bar.baz as b;\n"
        "\n"
        "// a comment after the imports\n"
        "# Doc of main.\n"
        "public function main() {\n"
        "}\n"
    )
    section = parse_imports(text)
    assert [d.full_name for d in section.imports] == [
        "ballerina/http",
        "ballerina/io",
        "foo/bar.baz",
    ]
    assert [d.span for d in section.imports] == [
        at(text, "import ballerina/http;"),
        at(text, "import ballerina/io as _;"),
        at(text, "import foo/bar.baz as b;"),
    ]
    assert [d.effective_prefix for d in section.imports] == ["http", None, "b"]
    assert section.errors == ()
    assert section.late_imports == ()
    assert section.end == at(text, "public").start


def test_crlf_line_breaks() -> None:
    text = "import a/b;\r\nimport c/d as e;\r\n\r\nfunction f() {}\r\n"
    section = parse_imports(text)
    assert [d.span for d in section.imports] == [Span(0, 11), Span(13, 29)]
    assert section.imports[1].prefix == Name("e", Span(27, 28))
    assert section.end == at(text, "function").start


def test_offsets_are_code_points() -> None:
    text = "// 🎉 ünïcödé\nimport a/b as préfixe;\n"
    decl = only(text)
    assert decl.span == at(text, "import a/b as préfixe;")
    assert decl.prefix == Name("préfixe", at(text, "préfixe"))
    assert decl.effective_prefix == "préfixe"


def test_byte_order_mark_before_the_first_import() -> None:
    text = "\ufeffimport a/b;"
    assert only(text).span == Span(1, len(text))


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("", 0),
        ("   \n\n", 5),
        ("// only a comment\n# and a doc line", 34),
        ("public function main() {}", 0),
        ("\n\n  function main() {}", 4),
        ("// c\nimportant = 1;", 5),
    ],
)
def test_no_imports(text: str, end: int) -> None:
    section = parse_imports(text)
    assert section.imports == ()
    assert section.errors == ()
    assert section.end == end


def test_doubled_semicolon_ends_the_section() -> None:
    text = "import a/b;;\nimport c/d;"
    section = parse_imports(text)
    assert [d.full_name for d in section.imports] == ["a/b"]
    assert section.end == at(text, ";", 1).start
    # The import after the stray `;` is after other text: a late import.
    assert [d.full_name for d in section.late_imports] == ["c/d"]


def test_late_imports_are_found_after_other_declarations() -> None:
    text = "import a/b;\nfunction f() {\n    import c/d;\n}\nimport e/f as g;\n"
    section = parse_imports(text)
    assert [d.full_name for d in section.imports] == ["a/b"]
    assert [d.span for d in section.late_imports] == [
        at(text, "import c/d;"),
        at(text, "import e/f as g;"),
    ]
    assert section.late_imports[1].prefix == Name("g", Span(at(text, "g;").start, len(text) - 2))
    assert section.errors == ()


def test_import_words_in_comments_strings_and_templates_are_not_late_imports() -> None:
    text = (
        "import a/b;\n"
        "// import c/d;\n"
        "# import e/f;\n"
        'string s = "import g/h;";\n'
        "string t = string `\n"
        "import i/j;\n"
        "${ f(`\n"
        "import k/l;\n"
        "`) }\n"
        "`;\n"
        "int important = 1;\n"
        "int x = imported;\n"
    )
    section = parse_imports(text)
    assert section.late_imports == ()


def test_late_import_after_a_template_closes() -> None:
    text = "function f() {\n    string s = `a\nb ${c} d`;\n}\nimport x/y;\n"
    section = parse_imports(text)
    assert section.imports == ()
    assert [d.span for d in section.late_imports] == [at(text, "import x/y;")]


@pytest.fixture
def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every text handed to the lark parser while the test runs."""
    seen: list[str] = []
    real = import_parser._parser()

    class Spy:
        def parse(self, text: str, on_error: Any) -> Any:
            seen.append(text)
            return real.parse(text, on_error=on_error)

    monkeypatch.setattr(import_parser, "_parser", lambda: Spy())
    import_parser._parse_source.cache_clear()
    yield seen
    import_parser._parse_source.cache_clear()


def test_only_the_imports_reach_the_parser(parsed_texts: list[str]) -> None:
    body = "public function f() {\n    int x = 1; // import\n}\n" * 500
    text = "import a/b;\nimport c/d\n\n" + body + "import e/'f;\nimport g/h;\n"
    section = parse_imports(text)
    # Plain complete declarations are read without the grammar; each other one reaches it
    # alone, and nothing else does.
    assert parsed_texts == ["import c/d", "import e/'f;"]
    assert [d.full_name for d in section.imports] == ["a/b", "c/d"]
    assert [d.full_name for d in section.late_imports] == ["e/f", "g/h"]
