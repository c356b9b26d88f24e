"""scan_body: qualified identifiers with exact spans, and every place a colon is not one."""

from __future__ import annotations

import copy
import pickle
from dataclasses import FrozenInstanceError

import pytest

from balmod.syntax.qualified import BodyScan, QualifiedRef, scan_body
from balmod.text import Span


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def ref(text: str, written: str, certain: bool = True, nth: int = 0) -> QualifiedRef:
    """The reference ``prefix:name`` written at the ``nth`` occurrence of ``written``."""
    span = at(text, written, nth)
    colon = text.index(":", span.start)
    prefix, name = written.split(":", 1)
    return QualifiedRef(
        prefix=prefix.removeprefix("'"),
        name=name.removeprefix("'"),
        prefix_span=Span(span.start, colon),
        name_span=Span(colon + 1, span.end),
        certain=certain,
    )


def found(text: str) -> list[tuple[str, bool]]:
    """The references as written, with their certainty, in order."""
    return [(r.span.slice(text), r.certain) for r in scan_body(text).refs]


def test_a_call_with_every_span() -> None:
    text = 'io:println("hello");'
    scan = scan_body(text)
    assert scan == BodyScan(
        refs=(QualifiedRef("io", "println", Span(0, 2), Span(3, 10), True),),
        xmlns_prefixes=frozenset(),
    )
    assert scan.refs[0].span == Span(0, 10)
    assert scan.used_prefixes == frozenset({"io"})


def test_a_reference_is_a_value() -> None:
    # Spans are kept as offsets and made when read: from the outside, a frozen record.
    made = QualifiedRef(
        prefix="io", name="println", prefix_span=Span(4, 6), name_span=Span(7, 14), certain=True
    )
    scanned = scan_body("    io:println();").refs[0]
    assert scanned == made
    assert hash(scanned) == hash(made)
    assert {scanned, made} == {made}
    assert (made.prefix_span, made.name_span, made.span) == (Span(4, 6), Span(7, 14), Span(4, 14))
    assert repr(made) == (
        "QualifiedRef(prefix='io', name='println', prefix_span=Span(start=4, end=6), "
        "name_span=Span(start=7, end=14), certain=True)"
    )
    others = [
        QualifiedRef("ix", "println", Span(4, 6), Span(7, 14), True),
        QualifiedRef("io", "printl", Span(4, 6), Span(7, 13), True),
        QualifiedRef("io", "println", Span(3, 6), Span(7, 14), True),
        QualifiedRef("io", "println", Span(4, 6), Span(8, 14), True),
        QualifiedRef("io", "println", Span(4, 6), Span(7, 14), False),
    ]
    assert all(other != made for other in others)
    assert made != ("io", "println", Span(4, 6), Span(7, 14), True)
    match made:
        case QualifiedRef(prefix, name, prefix_span, name_span, certain):
            assert (prefix, name, prefix_span, name_span, certain) == (
                "io", "println", Span(4, 6), Span(7, 14), True,
            )  # fmt: skip


def test_a_reference_is_immutable() -> None:
    (made,) = scan_body("io:x();").refs
    for field in ("prefix", "name", "prefix_span", "name_span", "certain"):
        with pytest.raises(FrozenInstanceError):
            setattr(made, field, None)
        with pytest.raises(FrozenInstanceError):
            delattr(made, field)
    for other in ("span", "_at", "other"):
        with pytest.raises(AttributeError):
            setattr(made, other, None)
    assert made == QualifiedRef("io", "x", Span(0, 2), Span(3, 4), True)


def test_a_reference_survives_pickling_and_copying() -> None:
    text = "function f() {\n    http:Client c = check new (url);\n    io:\n}\n"
    refs = scan_body(text).refs
    assert len(refs) == 2
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(refs, protocol)) == refs
    assert copy.copy(refs[0]) == refs[0]
    assert copy.deepcopy(refs) == refs
    restored = pickle.loads(pickle.dumps(refs[1]))
    assert (restored.name, restored.name_span, restored.certain) == (
        "",
        Span(text.index("io:") + 3, text.index("io:") + 3),
        False,
    )


def test_types_calls_and_annotations() -> None:
    text = (
        '@http:ServiceConfig {cors: {allowOrigins: ["*"]}}\n'
        "service / on new http:Listener(9090) {\n"
        "    resource function get greeting(http:Caller caller) returns http:Response|error {\n"
        "        http:Response res = new;\n"
        "        check caller->respond(res);\n"
        "        return <http:Response>res;\n"
        "    }\n"
        "}\n"
    )
    assert scan_body(text).refs == (
        ref(text, "http:ServiceConfig"),
        ref(text, "http:Listener"),
        ref(text, "http:Caller"),
        ref(text, "http:Response"),
        ref(text, "http:Response", nth=1),
        ref(text, "http:Response", nth=2),
    )


def test_start_offset_skips_what_comes_before() -> None:
    text = "import ballerina/io;\nio:println(x);\n"
    start = text.index("\n") + 1
    assert scan_body(text, start).refs == (ref(text, "io:println"),)
    assert scan_body(text, len(text)).refs == ()
    # Out-of-range starts are clamped rather than rejected.
    assert scan_body(text, -5).refs == scan_body(text).refs
    assert scan_body(text, 10_000).refs == ()


def test_strings_hide_colons() -> None:
    text = 'string s = "a:b" + "esc\\"aped:c" + "http://x:80/y";\nio:x();'
    assert found(text) == [("io:x", True)]


def test_comments_hide_colons() -> None:
    text = '// io:println(1);\n# + p:q - doc\nint x = 1; // a:b\nlog:printInfo("");'
    assert found(text) == [("log:printInfo", True)]


def test_string_template_text_is_skipped_but_interpolations_are_scanned() -> None:
    text = 'string s = string `a:b ${io:sprintf("%s", x)} c:d ${y}`;\nhttp:Client c;'
    assert scan_body(text).refs == (ref(text, "io:sprintf"), ref(text, "http:Client"))


def test_nested_templates_in_interpolations() -> None:
    text = 'string s = `outer ${f(`inner ${a:b} x:y`)} z:w ${ {k: c:d}["k"] }`; e:f();'
    assert found(text) == [("a:b", True), ("c:d", True), ("e:f", True)]


def test_xml_and_raw_templates_are_skipped() -> None:
    text = (
        'xml x = xml `<ns:a xmlns:ns="u">${v:w}</ns:a>`;\n'
        "var r = re `[a-z]:[0-9]`;\n"
        "var s = `plain:text`;\n"
        "t:u();\n"
    )
    assert found(text) == [("v:w", True), ("t:u", True)]


def test_quoted_identifiers() -> None:
    text = "int 'from = 1;\nio:println('from);\n'int:max(1, 'from);\nfoo:'type x;"
    assert scan_body(text).refs == (
        ref(text, "io:println"),
        ref(text, "'int:max"),
        ref(text, "foo:'type"),
    )
    assert [r.prefix for r in scan_body(text).refs] == ["io", "int", "foo"]
    assert scan_body(text).refs[2].name == "type"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("map<int> m = {a:b};", [("a:b", False)]),
        ("var m = {name: value};", []),
        ("var m = {x: 1, y:z};", [("y:z", False)]),
        ("var m = { a: io:println() };", [("io:println", True)]),
        ("foo({a:b}, [{c:d}]);", [("a:b", False), ("c:d", False)]),
        ('foo("http://x", {a:b});', [("a:b", False)]),
        ("return {a:b};", [("a:b", False)]),
        ("var m = {\n    // a comment\n    a:b\n};", [("a:b", False)]),
        ("var m = {\n    a:b, # doc\n    c:d\n};", [("a:b", False), ("c:d", False)]),
        ("var m = {a: {b:c}};", [("b:c", False)]),
        ("var m = {a:b(1)};", [("a:b", False)]),
        ("var m = {...rest, a:b};", [("a:b", False)]),
    ],
)
def test_mapping_constructor_fields_are_never_certain(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Person {name:n, age:a} = p;", [("name:n", False), ("age:a", False)]),
        ("var {a:b} = x;", [("a:b", False)]),
        (
            "foreach var {a:x} in xs {\n    io:println(x);\n}",
            [("a:x", False), ("io:println", True)],
        ),
        ("match v {\n    {a:x} => {\n    }\n}", [("a:x", False)]),
    ],
)
def test_binding_pattern_fields_are_never_certain(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "function main() {io:println(1);}",
        "function main() {\n    io:println(1);\n}",
        "function f() returns error? {\n    io:println(1);\n}",
        "function f() returns http:Response|error {\n    io:println(1);\n}",
        "if ok {\n    io:println(1);\n} else {\n    io:println(1);\n}",
        "class C {\n    io:Client c;\n}",
        "type R record {\n    io:Client c;\n};",
        "type R record {|\n    io:Client c;\n|};",
    ],
)
def test_statements_and_members_at_the_start_of_a_block_are_certain(text: str) -> None:
    assert found(text) and all(
        certain for written, certain in found(text) if written.startswith("io:")
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("int v = c ? a : b;", []),
        ("int v = c?a:b;", [("a:b", False)]),
        ("int v = c ?a:b;", [("a:b", False)]),
        ("int v = c? a:b;", [("a:b", False)]),
        ("var v = c ? io:f() : io:g();", [("io:f", False), ("io:g", True)]),
        ("var v = c ? x : io:g();", [("io:g", True)]),
        ("var v = c ? (d ? 1 : 2) : e:f;", [("e:f", True)]),
        ("var v = c ? 1 : 2; io:x();", [("io:x", True)]),
        ("var v = c?1:2; io:x();", [("io:x", True)]),
        ("var v = x?.y; a:b();", [("a:b", True)]),
        ("var v = x ?: io:y();", [("io:y", True)]),
        ("int? v = w; io:x();", [("io:x", True)]),
        ("http:Client? c = ();", [("http:Client", True)]),
        ("function f(int? a, string?[] b) returns error? {\n    io:x();\n}", [("io:x", True)]),
        ("map<int?> m = {}; io:x();", [("io:x", True)]),
    ],
)
def test_conditional_expressions(text: str, expected: list[tuple[str, bool]]) -> None:
    assert found(text) == expected


def test_xmlns_prefixes_are_not_module_references() -> None:
    text = 'xmlns "http://example.com/ns" as ns;\nxml x = xml `<ns:a/>`;\nns:qname q = ns:b;\nio:println(x);'
    scan = scan_body(text)
    assert scan.xmlns_prefixes == frozenset({"ns"})
    assert scan.refs == (
        ref(text, "ns:qname", certain=False),
        ref(text, "ns:b", certain=False),
        ref(text, "io:println"),
    )


def test_xmlns_declared_after_its_use_and_inside_a_function() -> None:
    text = 'function f() {\n    x = ns:a;\n    xmlns "u" as ns;\n}\n'
    scan = scan_body(text)
    assert scan.xmlns_prefixes == frozenset({"ns"})
    assert found(text) == [("ns:a", False)]


def test_default_xmlns_binds_no_prefix() -> None:
    assert scan_body('xmlns "http://example.com";\nio:x();').xmlns_prefixes == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xml y = x.<ns:tag>;", [("ns:tag", False)]),
        ("xml y = x/<ns:a|ns:b>;", [("ns:a", False), ("ns:b", False)]),
        ("xml y = x/**/<ns:c>;", [("ns:c", False)]),
        ("xml y = x/<*>; io:x();", [("io:x", True)]),
        ("xml y = x.<ns:tag>; io:x();", [("ns:tag", False), ("io:x", True)]),
    ],
)
def test_xml_step_names(text: str, expected: list[tuple[str, bool]]) -> None:
    assert found(text) == expected


def test_name_being_typed() -> None:
    text = "function main() {\n    http:"
    (typed,) = scan_body(text).refs
    assert typed == QualifiedRef("http", "", at(text, "http"), Span(len(text), len(text)), False)
    text = "foo(http:);\nbar(io:\n);"
    assert [(r.prefix, r.name, r.name_span) for r in scan_body(text).refs] == [
        ("http", "", Span(at(text, "http:").end, at(text, "http:").end)),
        ("io", "", Span(at(text, "io:").end, at(text, "io:").end)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("var v = a:b:c;", [("a:b", False), ("b:c", False)]),
        ("var v = x.a:b;", []),
        ("var v = 1:2;", []),
        ("var v = t :a;", []),
        ('var m = {"a":1, "b": c:d};', [("c:d", True)]),
        ("var v = a: b;", []),
    ],
)
def test_colons_that_are_not_qualified_identifiers(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    assert found(text) == expected


def test_code_point_offsets_and_crlf() -> None:
    text = 'string s = "héllo 🎉";\r\nio:println(s);\r\nmap<int> m = {é:ü};\r\n'
    scan = scan_body(text)
    assert scan.refs == (ref(text, "io:println"), ref(text, "é:ü", certain=False))


def test_unicode_identifiers() -> None:
    text = "mödule:nåme();"
    assert scan_body(text).refs == (ref(text, "mödule:nåme"),)


@pytest.mark.parametrize(
    "text",
    [
        "}}}} io:x();",
        "{{{{ io:x();",
        "string s = `never closed ${io:x()",
        'string s = "never closed io:x();',
        "string s = `${`${`${",
        "a ? ? ? b : : :",
        "x.<ns:unterminated",
        "\x00io:\x00x",
    ],
)
def test_unbalanced_and_unterminated_text_never_raises(text: str) -> None:
    scan = scan_body(text)
    for r in scan.refs:
        assert 0 <= r.prefix_span.start <= r.name_span.end <= len(text)


def test_unterminated_string_ends_at_the_line_end() -> None:
    text = 'string s = "never closed\nio:x();'
    assert found(text) == [("io:x", True)]


def test_a_large_body_in_one_pass() -> None:
    block = (
        "# Doc.\n"
        "function f(int x) returns string|error {\n"
        '    map<json> m = {a: 1, b: "x:y", c: io:sprintf("%s", x)};\n'
        '    string s = string `v ${p:fmt(x)} ${x > 1 ? "a" : "b"}`;\n'
        "    int y = x > 0 ? x : -x;\n"
        "    io:println(s, m, y);\n"
        "    return s;\n"
        "}\n"
    )
    text = block * 500
    scan = scan_body(text)
    assert len(scan.refs) == 1500
    assert all(r.certain for r in scan.refs)
    assert {(r.prefix, r.name) for r in scan.refs} == {
        ("io", "sprintf"),
        ("p", "fmt"),
        ("io", "println"),
    }


def test_empty_comment_before_a_field() -> None:
    text = "var m = {\n    x: 1, //\n    a:b\n};"
    assert found(text) == [("a:b", False)]
