"""parse_descriptor on text being typed or broken: it recovers, keeps what it can, and
reports every error with a precise span."""

from __future__ import annotations

from ceylon_support import after, at

from balmod.ceylon.model import ModuleDescriptor, ParsedDescriptor
from balmod.ceylon.parser import parse_descriptor
from balmod.text import Span


def errors(parsed: ParsedDescriptor) -> list[tuple[str, Span]]:
    return [(e.message, e.span) for e in parsed.errors]


def descriptor_of(parsed: ParsedDescriptor) -> ModuleDescriptor:
    assert parsed.descriptor is not None
    return parsed.descriptor


def test_empty_text_misses_the_descriptor() -> None:
    for text in ("", "   \n", "// only a comment\n", "/* block */"):
        parsed = parse_descriptor(text)
        assert parsed.descriptor is None
        assert errors(parsed) == [("missing module descriptor", Span(0, 0))]


def test_bare_module_keyword() -> None:
    text = "module"
    parsed = parse_descriptor(text)
    end = Span(6, 6)
    assert errors(parsed) == [
        ("missing module name", end),
        ("missing '{'", end),
        ("missing '}'", end),
    ]
    descriptor = descriptor_of(parsed)
    assert descriptor.keyword == Span(0, 6)
    assert descriptor.name == ()
    assert descriptor.lbrace is None and descriptor.rbrace is None


def test_open_import_list() -> None:
    text = 'module com.example "1.0" {'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing '}'", after(text, "{"))]
    descriptor = descriptor_of(parsed)
    assert descriptor.module_name == "com.example"
    assert descriptor.version is not None and descriptor.version.value == "1.0"
    assert descriptor.lbrace == at(text, "{")
    assert descriptor.rbrace is None


def test_import_keyword_alone() -> None:
    text = 'module a "1" {\n    import '
    parsed = parse_descriptor(text)
    end = after(text, "import")
    assert errors(parsed) == [
        ("missing module name", end),
        ("missing ';'", end),
        ("missing '}'", end),
    ]
    (item,) = descriptor_of(parsed).imports
    assert item.keyword == at(text, "import")
    assert not item.module.written
    assert item.span == at(text, "import")


def test_half_typed_module_name() -> None:
    text = 'module a "1" {\n    import com.ex'
    parsed = parse_descriptor(text)
    end = after(text, "com.ex")
    assert errors(parsed) == [("missing ';'", end), ("missing '}'", end)]
    (item,) = descriptor_of(parsed).imports
    assert item.module.name == "com.ex"
    assert item.module.name_span == at(text, "com.ex")
    assert item.version is None
    assert not item.has_semicolon


def test_half_typed_name_before_the_closing_brace() -> None:
    text = 'module a "1" {\n    import com.ex\n}\n'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing ';'", after(text, "com.ex"))]
    descriptor = descriptor_of(parsed)
    assert descriptor.rbrace == at(text, "}")
    assert descriptor.imports[0].module.name == "com.ex"


def test_missing_semicolon_between_imports() -> None:
    text = 'module a "1" {\n    import x "1"\n    import y "2";\n}'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing ';'", after(text, '"1"', 1))]
    first, second = descriptor_of(parsed).imports
    assert first.module.name == "x" and not first.has_semicolon
    assert first.span == Span(at(text, "import").start, at(text, '"1"', 1).end)
    assert second.module.name == "y" and second.has_semicolon


def test_missing_closing_brace_with_imports() -> None:
    text = 'module a "1" {\n    import x "1";\n'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing '}'", after(text, ";"))]
    assert [i.module.name for i in descriptor_of(parsed).imports] == ["x"]


def test_missing_opening_brace() -> None:
    text = 'module a "1"\n    import x "1";\n}'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing '{'", after(text, '"1"'))]
    assert [i.module.name for i in descriptor_of(parsed).imports] == ["x"]


def test_missing_module_name() -> None:
    text = 'module "1.0" {}'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing module name", after(text, "module"))]
    descriptor = descriptor_of(parsed)
    assert descriptor.name == ()
    assert descriptor.version is not None and descriptor.version.value == "1.0"


def test_missing_identifier_after_a_dot() -> None:
    text = 'module a "1" { import com. "1"; }'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing identifier after '.'", after(text, "com."))]
    (item,) = descriptor_of(parsed).imports
    assert item.module.name == "com"
    assert item.version is not None and item.version.value == "1"


def test_garbage_is_skipped_as_one_error_per_run() -> None:
    text = '@@@ module a "1" { import x "1" junk more; ## }'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [
        ("unexpected text '@@@'", at(text, "@@@")),
        ("unexpected text 'junk more'", at(text, "junk more")),
        ("unexpected text '##'", at(text, "##")),
    ]
    descriptor = descriptor_of(parsed)
    assert descriptor.module_name == "a"
    (item,) = descriptor.imports
    assert item.module.name == "x" and item.has_semicolon
    assert descriptor.rbrace == at(text, "}")


def test_single_unexpected_token_and_character() -> None:
    text = 'module a "1" { import x "1" 42; }'
    assert errors(parse_descriptor(text)) == [("unexpected token '42'", at(text, "42"))]
    text = 'module a "1" { import x "1"; ? }'
    assert errors(parse_descriptor(text)) == [("unexpected character '?'", at(text, "?"))]


def test_text_after_the_descriptor() -> None:
    text = 'module a "1" {}\nshared void run() {}'
    parsed = parse_descriptor(text)
    trailing = "shared void run() {}"
    assert errors(parsed) == [(f"unexpected text '{trailing}'", at(text, trailing))]
    assert descriptor_of(parsed).module_name == "a"


def test_unterminated_version_string_ends_at_the_line() -> None:
    text = 'module a "1" {\n    import x "1.\n}'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [
        ("unterminated string literal", at(text, '"1.')),
        ("missing ';'", after(text, '"1.')),
    ]
    descriptor = descriptor_of(parsed)
    (item,) = descriptor.imports
    assert item.version is not None
    assert not item.version.closed
    assert item.version.value == "1."
    assert item.version.content_span == Span(at(text, "1.").start, after(text, '"1.').start)
    assert descriptor.rbrace == at(text, "}")


def test_unterminated_comment() -> None:
    text = 'module a "1" {} /* never closed'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("unterminated comment", at(text, "/*"))]
    assert descriptor_of(parsed).module_name == "a"


def test_annotation_without_a_declaration() -> None:
    text = 'module a "1" { shared'
    parsed = parse_descriptor(text)
    end = after(text, "shared")
    assert errors(parsed) == [
        ("missing 'import'", end),
        ("missing module name", end),
        ("missing ';'", end),
        ("missing '}'", end),
    ]
    (item,) = descriptor_of(parsed).imports
    assert item.shared
    assert not item.module.written


def test_unclosed_annotation_arguments() -> None:
    text = 'doc("x" module a "1" {}'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing ')'", after(text, '"x"'))]
    descriptor = descriptor_of(parsed)
    assert descriptor.annotations.strings("doc") == ("x",)
    assert descriptor.module_name == "a"


def test_constant_missing_its_value() -> None:
    text = 'module a "1" { value v = ; import x v; }'
    parsed = parse_descriptor(text)
    assert errors(parsed) == [("missing version", after(text, "="))]
    descriptor = descriptor_of(parsed)
    (constant,) = descriptor.constants
    assert constant.value is None
    assert descriptor.imports[0].version_constant is not None


def test_recovery_is_cached_by_text() -> None:
    text = 'module a "1" { import '
    assert parse_descriptor(text) is parse_descriptor(text)
