"""Property tests: extract_symbols never raises, and every range it reports is sound."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.syntax.symbols import Symbol, SymbolKind, extract_symbols, identifier_value

SEED = """\
import ballerina/http;

# Docs.
# + a - the a
# + return - result
@display {label: "x"}
public isolated function f(int a, string... rest) returns int|error {
    string s = "} { \\" ";
    string t = string `x ${ {a: 1}.toString() } ${ `in ${a}` } y`;
    // public function fake() {}
    return a;
}
public function ext() returns string = @java:Method {'class: "x"} external;
public type R record {| string name; int age?; |};
public isolated client class C {
    remote isolated function get() returns string => "";
}
public const string V = "1.0";
public enum Color { RED, GREEN = "g", @deprecated BLUE }
public final string name = "x";
configurable int port = ?;
public listener http:Listener ep = new (9090);
public annotation map<string> Cfg on function, type;
public type S service object { public function foo(); };
service /hi on ep { resource function get a() returns string { return "}"; } }
function expr() returns int => 1;
"""

# Pieces that steer generated text into the scanner's interesting states.
FRAGMENTS = [
    "public ", "function ", "isolated ", "type ", "class ", "const ", "enum ", "listener ",
    "annotation ", "configurable ", "final ", "service ", "client ", "import ", "xmlns ",
    "record ", "object ", "returns ", "external", " on ", "=>", "=", ";", ",", ":", "@",
    "{", "}", "{|", "|}", "(", ")", "[", "]", "<", ">", '"', "\\", "`", "${", "#", "# + ",
    "//", "'", "\n", "\r\n", "\r", " ", "\t", "\x00", "\ufeff", "é", "☃", "\U0001f600",
    "x", "name", "\\u{41}", "\\u{110000}", "\\u{D800}",
]  # fmt: skip

ballerinaish = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)


def assert_sound(text: str, found: tuple[Symbol, ...]) -> None:
    previous_end = 0
    enum_span = None
    for symbol in found:
        assert 0 <= symbol.span.start <= symbol.span.end <= len(text)
        assert symbol.span.start <= symbol.name_span.start < symbol.name_span.end
        assert symbol.name_span.end <= symbol.span.end
        assert symbol.name == identifier_value(symbol.name_span.slice(text))
        if symbol.kind is SymbolKind.ENUM_MEMBER:
            assert enum_span is not None
            assert enum_span.start < symbol.span.start and symbol.span.end <= enum_span.end
            continue
        # Module-level declarations come in order and never overlap.
        assert symbol.span.start >= previous_end
        previous_end = symbol.span.end
        enum_span = symbol.span if symbol.kind is SymbolKind.ENUM else None


@settings(max_examples=400)
@given(st.text())
def test_any_text(text: str) -> None:
    assert_sound(text, extract_symbols(text))


@settings(max_examples=400)
@given(ballerinaish)
def test_ballerina_like_fragments(text: str) -> None:
    assert_sound(text, extract_symbols(text))


@settings(max_examples=300)
@given(st.data())
def test_edits_of_a_real_module(data: st.DataObject) -> None:
    text = SEED
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(st.sampled_from(FRAGMENTS)) + text[at:]
        else:
            end = data.draw(st.integers(at, min(len(text), at + 20)))
            text = text[:at] + text[end:]
    assert_sound(text, extract_symbols(text))


@given(st.integers(0, len(SEED)))
def test_every_prefix_of_a_real_module(cut: int) -> None:
    text = SEED[:cut]
    assert_sound(text, extract_symbols(text))


@given(ballerinaish, ballerinaish)
def test_declarations_after_a_closed_declaration_do_not_depend_on_what_follows(
    tail_a: str, tail_b: str
) -> None:
    # Whatever comes after a complete declaration cannot change that declaration.
    head = 'public function f(int a) returns string {\n    return "}";\n}\n'
    first_a = extract_symbols(head + tail_a)[0]
    first_b = extract_symbols(head + tail_b)[0]
    assert first_a == first_b
    assert first_a.span.slice(head) == head.rstrip("\n")


def test_seed_is_fully_understood() -> None:
    found = extract_symbols(SEED)
    assert [s.name for s in found] == [
        "f", "ext", "R", "C", "V", "Color", "RED", "GREEN", "BLUE", "name", "port", "ep",
        "Cfg", "S", "expr",
    ]  # fmt: skip
    assert_sound(SEED, found)
