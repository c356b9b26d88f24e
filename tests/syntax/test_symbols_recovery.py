"""Half-typed and broken sources: one broken declaration must not hide the ones after it."""

from __future__ import annotations

from balmod.syntax.symbols import SymbolKind, extract_symbols


def spans(text: str) -> list[tuple[str, str]]:
    return [(s.name, s.span.slice(text)) for s in extract_symbols(text)]


def test_unclosed_function_body_ends_at_next_declaration() -> None:
    text = (
        "public function first() {\n"
        "    if x {\n"
        "        y();\n"
        "\n"
        "public function second() returns int {\n"
        "    return 1;\n"
        "}\n"
    )
    assert spans(text) == [
        ("first", "public function first() {\n    if x {\n        y();"),
        ("second", "public function second() returns int {\n    return 1;\n}"),
    ]


def test_every_declaration_keyword_recovers_a_function_body() -> None:
    heads = [
        "public function n() {}",
        "type T int;",
        "class C {}",
        "const K = 1;",
        "enum E { A }",
        "listener L l = new;",
        "annotation Ann;",
        "configurable int c = 1;",
        "function f() {}",
        "isolated function g() {}",
    ]
    for head in heads:
        text = f"function broken() {{\n    foo(\n{head}\n"
        names = [s.name for s in extract_symbols(text)]
        assert names[0] == "broken", head
        assert len(names) >= 2, head


def test_unclosed_parameter_list() -> None:
    text = "function half(int a,\npublic function whole() {}\n"
    assert spans(text) == [
        ("half", "function half(int a,"),
        ("whole", "public function whole() {}"),
    ]


def test_missing_semicolons() -> None:
    text = (
        "public type Id int|string\n"
        "public const A = 1\n"
        "public final int b = 2\n"
        "configurable string c\n"
        "public function d() {}\n"
    )
    assert spans(text) == [
        ("Id", "public type Id int|string"),
        ("A", "public const A = 1"),
        ("b", "public final int b = 2"),
        ("c", "configurable string c"),
        ("d", "public function d() {}"),
    ]


def test_unclosed_class_recovers_only_where_no_member_could_start() -> None:
    text = (
        "public class Open {\n    int x = 0;\npublic function method() {}\npublic type After int;\n"
    )
    found = extract_symbols(text)
    # `public function` at column 0 may be an unindented method; `public type` cannot be.
    assert [(s.name, s.kind) for s in found] == [
        ("Open", SymbolKind.CLASS),
        ("After", SymbolKind.TYPE),
    ]
    assert found[0].span.slice(text).endswith("public function method() {}")


def test_unindented_members_stay_inside_classes_and_object_types() -> None:
    text = (
        "class A {\n"
        "public function m() {}\n"
        "function n() {}\n"
        "}\n"
        "type O object {\n"
        "public function m();\n"
        "isolated function n();\n"
        "};\n"
        "public const Z = 0;\n"
    )
    assert [s.name for s in extract_symbols(text)] == ["A", "O", "Z"]


def test_unindented_statements_stay_inside_function_bodies() -> None:
    text = (
        "function f() {\n"
        'xmlns "urn:x" as x;\n'
        "final int y = 1;\n"
        "function (int) returns int g = h;\n"
        "isolated function () k = l;\n"
        "var o = object {\n"
        "    public function m() {}\n"
        "};\n"
        "}\n"
        "public const Z = 0;\n"
    )
    assert [s.name for s in extract_symbols(text)] == ["f", "Z"]


def test_unindented_object_constructor_members_are_taken_for_declarations() -> None:
    # The documented price of recovering from half-typed bodies.
    text = "function f() {\nvar o = object {\npublic function m() {}\n};\n}\n"
    assert [s.name for s in extract_symbols(text)] == ["f", "m"]


def test_unclosed_string_ends_at_line_end() -> None:
    text = 'function f() {\n    string s = "abc { ;\n}\npublic const Z = 0;\n'
    assert [s.name for s in extract_symbols(text)] == ["f", "Z"]


def test_unterminated_template_runs_to_the_end() -> None:
    # As in the compiler: everything after an unclosed backtick is template text.
    text = "function f() {\n    string s = `abc\n}\npublic const Z = 0;\n"
    found = extract_symbols(text)
    assert [s.name for s in found] == ["f"]
    assert found[0].span.end == len(text.rstrip())


def test_stray_closers_and_semicolons_between_declarations() -> None:
    text = "public const A = 1;\n}\n);\n;;\n|}\npublic const B = 2;\n"
    assert [s.name for s in extract_symbols(text)] == ["A", "B"]


def test_unclosed_enum() -> None:
    text = "public enum Color {\n    RED,\n    GREEN\npublic const Z = 0;\n"
    found = extract_symbols(text)
    assert [(s.name, s.kind) for s in found] == [
        ("Color", SymbolKind.ENUM),
        ("RED", SymbolKind.ENUM_MEMBER),
        ("GREEN", SymbolKind.ENUM_MEMBER),
        ("Z", SymbolKind.CONSTANT),
    ]
    assert found[0].span.slice(text) == "public enum Color {\n    RED,\n    GREEN"


def test_enum_member_with_unterminated_template_stays_inside_the_enum() -> None:
    text = "public enum E { A`x }\npublic const Z = 0;\n"
    enum, member = extract_symbols(text)
    assert (enum.name, member.name) == ("E", "A")
    assert enum.span.start < member.span.start and member.span.end <= enum.span.end


def test_enum_with_annotation_before_the_brace() -> None:
    text = "enum E { A, @deprecated }\npublic const Z = 0;\n"
    assert [s.name for s in extract_symbols(text)] == ["E", "A", "Z"]


def test_dangling_annotation_and_keywords() -> None:
    text = "@\npublic function f() {}\n@display {\npublic const A = 1;\nfunction\ntype\nclass\n"
    found = extract_symbols(text)
    assert found[0].name == "f"
    assert found[0].public


def test_lone_words_are_not_variables() -> None:
    text = "foo\npublic const A = 1;\nbar;\n"
    assert [s.name for s in extract_symbols(text)] == ["A"]


def test_unclosed_service_body() -> None:
    text = "service / on ep {\n    resource function get a() {}\npublic type T int;\n"
    assert [s.name for s in extract_symbols(text)] == ["T"]


def test_deeply_nested_templates_do_not_exhaust_the_stack() -> None:
    depth = 5000
    text = "function f() { x = " + "`${" * depth + "}`" * depth + "; }\npublic const Z = 0;\n"
    assert [s.name for s in extract_symbols(text)] == ["f", "Z"]
