"""The scanner's regex shortcuts give exactly the token-by-token reading's symbols."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.syntax import symbol_patterns, symbol_scanner
from balmod.syntax.symbols import Symbol, extract_symbols, scan_symbols

# What libraries look like: every shortcut taken, and every reason to leave one.
LIBRARY = """\
// acme/billing: a module as Central ships it.

import ballerina/http;

# The default page size.
public const int PAGE_SIZE = 50;

public const string PREFIX = "inv-";

const map<string> HEADERS = {"accept": "json"};

# An invoice.
#
# + id - the identifier
# + lines - what was bought
public type Invoice record {|
    string id;
    Line[] lines = [];
    map<string> labels = {};
|};

public type Line record {
    string sku;
    decimal amount;
};

public type Id string|int;

# Statuses.
public enum Status {
    # Still open.
    OPEN,
    PAID = "paid",
    @deprecated
    VOID
}

# A client of the billing service.
public isolated client class Client {
    private final string url;

    # Makes a client.
    # + url - where the service is
    public isolated function init(string url) returns error? {
        self.url = url;
    }

    remote isolated function get(string path) returns json|error {
        return {url: self.url, path: path};
    }
}

# Finds an invoice.
#
# + id - the identifier
# + return - the invoice, or an error
public isolated function find(string id) returns Invoice|error {
    if id == "" {
        return error("empty id");
    }
    string key = string `${PREFIX}${id}`;
    string note = string `a } { ${ {a: 1}.toString() } in a template`;
    // a comment with a brace {
    # and a doc-like line in a body }
    foreach int i in 0 ..< 3 {
        if i > 1 {
            while false {
                if true {
                    key = key + "}";
                }
            }
        }
    }
    return {id: key, lines: []};
}

public function total(Invoice invoice) returns decimal => 0d;

public isolated function ext(int a) = @java:Method {
    'class: "io.acme.Billing"
} external;

@display {label: "Sum"}
public function sum(int... values) returns int {
    return 0;
}

function helper(int a,
        int b) returns record {| int x; |} {
    return {x: a + b};
}

public function 'type() {}

public function broken() {
    if x {
public function after() {}

public configurable int port = 9090;

public final string name = "billing";

public listener http:Listener ep = new (9090);

public annotation map<string> Tag on function, type;

service /billing on ep {
    resource function get invoices() returns string {
        return "}";
    }
}

public const X =
    1 +
    2;

public type Unfinished record {|
    string a;
"""


@contextmanager
def token_by_token() -> Iterator[None]:
    symbol_patterns._FAST_PATHS = False
    try:
        yield
    finally:
        symbol_patterns._FAST_PATHS = True


def values(found: tuple[Symbol, ...]) -> list[tuple[object, ...]]:
    """Every field, the lazy ones worked out, so a difference anywhere shows."""
    return [
        (s.name, s.kind, s.public, s.span, s.name_span, s.signature, s.detail, s.doc) for s in found
    ]


def assert_same_as_token_by_token(text: str) -> None:
    fast = values(extract_symbols(text))
    with token_by_token():
        slow = values(extract_symbols(text))
    assert fast == slow


def test_a_library_module() -> None:
    found = extract_symbols(LIBRARY)
    names = [s.name for s in found]
    assert names[:6] == ["PAGE_SIZE", "PREFIX", "HEADERS", "Invoice", "Line", "Id"]
    assert {"find", "total", "ext", "sum", "helper", "type", "broken", "after"} <= set(names)
    assert_same_as_token_by_token(LIBRARY)


def test_a_library_module_with_crlf_and_cr_line_breaks() -> None:
    assert_same_as_token_by_token(LIBRARY.replace("\n", "\r\n"))
    assert_same_as_token_by_token(LIBRARY.replace("\n", "\r"))


def test_a_library_module_that_is_not_all_ascii() -> None:
    # Text with a character above 127 is read with other character classes.
    assert_same_as_token_by_token("// café\n" + LIBRARY)
    assert_same_as_token_by_token(LIBRARY.replace('"inv-"', '"facturé"'))
    assert_same_as_token_by_token(LIBRARY.replace("# An invoice.", "# Une facture ☃."))


def test_the_switch_really_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    # The comparison means something only if the shortcuts are taken at all.
    calls = 0
    key = (False, True, True)  # text without `\r`, `_FAST_HEADERS`, all ASCII
    items = symbol_patterns._items(*key)

    class Counting:
        def match(self, text: str, pos: int) -> object:
            nonlocal calls
            calls += 1
            return items.match(text, pos)

    monkeypatch.setitem(symbol_patterns._ITEMS, key, Counting())
    extract_symbols(LIBRARY)
    taken = calls
    with token_by_token():
        extract_symbols(LIBRARY)
    assert taken > 10 and calls == taken


def test_one_liners_at_the_edges_of_the_shortcuts() -> None:
    for text in [
        "const annotation = 1;",  # an annotation declaration, not a constant
        "public const annotation map<string> A on function;",
        "const public =>;",  # `=>` is one token, not `=`
        "const X == 1;",
        "type\nT\nint;",
        "function f() {}",
        "function f()\n{\n}",
        "function f() returns record {| int a; |} {}",
        "function f() returns record {|\nint a; |} {}",  # a body the regex cannot skip
        "function f() returns int {\nint a; }",
        "isolated function f() { `${ {a: 1} }`; }",
        "function f() {\nreturn;\n}\npublic function g() {}",
        "# a\n\n# b\n// c\n# d\npublic const A = 1;",
        "public\n# doc among qualifiers\nfunction f() {}",
        'public function f() { string s = "}"; }',
        # Comments before an item, and among its documentation.
        "// header\n\n# doc\npublic function f() {}\n// between\npublic const int A = 1;\n",
        "// see #5\n# The doc.\npublic function f() {}\n// and #6\nfunction g() {}\n",
        "# a\n// c\n# b\npublic type T int;\n# trailing doc\n// trailing comment",
        "# doc\n\n\n# doc2\n  # indented\npublic type T int;\n",
        # Imports, and a qualifier before one.
        "import a/b;\npublic import c/d;\nservice import x;\nimport e/f\npublic function f() {}",
        # Enums whose members are bare names, or not.
        "public enum E { A, B, }\nenum F {}\nenum G { A B }\nenum H { A, type, B }\n",
        "enum E {\nA,\npublic function f() {}\n",
        # Classes, and braces that are no class body.
        "public class C {| }\nclass D {\n    function f() {}\n}\nclass E{}\n",
        "public const annotation A on function;\nconst annotationX = 1;\n",
        # Qualifiers in an order the shortcut does not take.
        "isolated public function f() {}\npublic isolated function g() {}\n",
        # Line breaks in a header, and before a declaration keyword in one.
        "public function f(int a,\n    int b) returns int {\n    return a;\n}\n",
        "function f(int a,\npublic int b) {}\nfunction g(int a,\nfunction h() {}\n",
        "function f() returns record {| int a; |}|error {\n}\n",
        # Nothing after the qualifiers.
        "public function f() {}\npublic ",
        # A header that starts like a simple one but has no body: read in linear time.
        "public function total(public Invoice invoice, string name, int count) => 0d;",
        "public enum E { A, B C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T }",
    ]:
        assert_same_as_token_by_token(text)
    # Read as a broken annotation declaration, as `_const` reads it: no constant.
    assert extract_symbols("const annotation = 1;") == ()


def test_module_variables_at_the_edges_of_the_shortcut() -> None:
    for text in [
        'configurable string endpoint = "http://localhost:9001";',
        'final http:Client client = check new ("url", {timeout: 10});',
        "# The port.\npublic configurable int port = 9090;\nint x = 1;\n",
        "isolated int x = 1;\ntransactional int y = 2;\nreadonly int z = 3;\n",
        "configurable int port = ?;\nfinal int[] a = [];\nfinal map<int> m = {};\n",
        # Words `_item` reads as something else than a variable's type.
        "final public string x = 1;\nfinal function f = 1;\nfinal const int x = 1;\n",
        "public:T x = 1;\nfinal:T x = 1;\nfunctionality x = 1;\ntypeX x = 1;\n",
        "service int x = 1;\nisolated service T x = 1;\nservice on x = 1;\n",
        # Operators and initialisers that end the shortcut, or not.
        "int x == 1;\nint x => 1;\nint x =1;\nint x\t= 1;\nint x = 1",
        'int x =\n1;\nint x = {\nfoo: 1};\nint x = `a ${b}`;\nint x = f("}");\n',
        "int x = 1; // comment\nint y = 2;",
        # Types and names that are no plain words.
        "http: Client c = 1;\na:b:c x = 1;\nstringé x = 1;\nstring xé = 1;\n",
        "string x\\u{41} = 1;\nstring 'x = 1;\n'string x = 1;\nstring\nx = 1;\n",
        # `xmlns` declarations, which declare no name.
        'xmlns "http://a" as ns;\npublic xmlns "a" as b;\nxmlns\n"a" as c;\nint x = 1;',
    ]:
        assert_same_as_token_by_token(text)
    names = [s.name for s in extract_symbols("configurable int port = 1;\nfinal p:C c = new;")]
    assert names == ["port", "c"]


SERVICE = """\
@http:ServiceConfig {
    cors: {allowOrigins: ["https://a.example.com"]}
}
service /shifts on new http:Listener(8060) {

    # Handles `GET /shifts/{id}`.
    resource function get shift/[string id]() returns json|error {
        string text = string `refund ${id}`;
        if id == "" {
            return {};
        }
        return {id: id};
    }
}

public function after() {}
"""


def test_services_at_the_edges_of_the_shortcut() -> None:
    assert [s.name for s in extract_symbols(SERVICE)] == ["after"]
    for text in [
        SERVICE,
        SERVICE.replace("\n", "\r\n"),
        SERVICE.replace("string `refund", "string `remboursé"),
        "service on ep {}\nfunction f() {}",
        "isolated service /x on ep {};\nfunction f() {}",
        "service /x on ep {} // c\n;\n# doc\nfunction f() {}",
        "service /x/y.z on ep {}\nservice on new L(8080, 2) {}\nservice on ep {}}",
        # Annotations the shortcut takes, or leaves to `_item`.
        "@a service on ep {}\n@a:b {x: 1} service on ep {}\n@a\nservice on ep {}",
        "@function service /x on ep {}\n@int {} service on ep {}\n@a @b service on ep {}",
        "@a:b:c service on ep {}\n@aservice on ep {}\n@a {| |} service on ep {}",
        "@a // c\nservice on ep {}\n@a # d\nservice on ep {}\n@'a service on ep {}",
        # Headers the shortcut leaves to `_scan`.
        "service /x on ep record {}\nservice /x on object {}\nservice /x on ep {| |}",
        "service on new L(8080, {a: 1}) {}\nservice on new L((1)) {}\nservice on ep[0] {}",
        'service //x on ep {}\nservice "/x" on ep {}\nservice\non ep {}\nservice on ep;',
        "service /x on ep {\npublic function f() {}\n}\nservice on\nep {}\n",
        "service /x on @a ep {}\nservice on a|b {}\nservice on ep `t` {}\nservice on ep",
        # Other declarations with `service` among their qualifiers.
        "public service on ep {}\nservice class C {}\nservice import x;\nservice function f() {}",
        "service on ep {\n    function f() {\n        if x {\n    }\n}\nfunction g() {}\n",
    ]:
        assert_same_as_token_by_token(text)


def test_plain_services_variables_and_xmlns_take_no_token_by_token_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The comparisons above mean something only if these shortcuts are taken at all.
    calls: list[int] = []
    item = symbol_scanner._Parser._item

    def counting(self: symbol_scanner._Parser, pos: int) -> int:
        calls.append(pos)
        return item(self, pos)

    monkeypatch.setattr(symbol_scanner._Parser, "_item", counting)
    text = (
        SERVICE
        + 'xmlns "http://a" as ns;\nconfigurable string url = "http://a";\n'
        + "final http:Client client = check new (url);\nisolated service on ep {}\n"
    )
    assert [s.name for s in extract_symbols(text)] == ["after", "url", "client"]
    assert calls == []


def test_symbols_made_after_the_header_switch_changes_read_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A table keeps where each declaration read whole starts, and reads the rest again from
    # there when a symbol is made: that must not depend on the switches at that time.
    expected = values(extract_symbols(LIBRARY))
    monkeypatch.setattr(symbol_patterns, "_FAST_HEADERS", False)
    table = scan_symbols(LIBRARY)
    monkeypatch.setattr(symbol_patterns, "_FAST_HEADERS", True)
    assert values(tuple(table)) == expected
    table = scan_symbols(LIBRARY)
    monkeypatch.setattr(symbol_patterns, "_FAST_HEADERS", False)
    monkeypatch.setattr(symbol_patterns, "_FAST_PATHS", False)
    assert values(tuple(table)) == expected


FRAGMENTS = [
    "public ", "isolated ", "function ", "f", "g(", "(int a)", ")", " returns int", " {",
    "}", "\n}", "\n    ", "return 1;", ";", "const ", "int ", "X", " = ", "1", "type ",
    "T ", "record {| ", "|}", "class ", "enum ", "E { A, B }", "# doc\n", "#", "// c\n",
    "//", '"', '"}"', "`", "`${x}`", "${", "{", "\n", "\r\n", "\r", "\t", "\f", "\ufeff",
    "@a ", "'q", "\\u{41}", "=>", "=", "service ", "listener ", "annotation ", "annotation",
    "é", "configurable ", "final ", "p:T ", "x ", "xmlns ", "/p ", "on ", "ep ", "@a:b ",
    "new L(1) ", "(", "record ",
]  # fmt: skip

texts = st.lists(st.sampled_from(FRAGMENTS), max_size=50).map("".join)


@settings(max_examples=500)
@given(texts)
def test_generated_texts(text: str) -> None:
    assert_same_as_token_by_token(text)


@settings(max_examples=300)
@given(st.data())
def test_edits_of_the_library_module(data: st.DataObject) -> None:
    text = LIBRARY
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(st.sampled_from(FRAGMENTS)) + text[at:]
        else:
            text = text[:at] + text[at + data.draw(st.integers(0, 30)) :]
    assert_same_as_token_by_token(text)
