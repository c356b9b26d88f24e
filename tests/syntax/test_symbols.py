"""extract_symbols on real-looking module sources: every declaration form, exact ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from balmod.syntax import symbol_patterns
from balmod.syntax import symbols as symbols_module
from balmod.syntax.symbols import (
    IDENTIFIER,
    Documentation,
    Symbol,
    SymbolKind,
    extract_symbols,
    identifier_value,
)
from balmod.text import Span

K = SymbolKind

CLIENT_BAL = """\
// Copyright (c) 2024 WSO2 LLC. (http://www.wso2.com).
//
// Licensed under the Apache License, Version 2.0

import ballerina/jballerina.java;
import ballerina/log as _;

# Default port of the client.
public const int DEFAULT_PORT = 9090;

public const VERSION = "1.0";

# Represents the client configuration.
#
# + timeout - Timeout in seconds
# + retries - How many times to retry
public type ClientConfiguration record {|
    decimal timeout = 60;
    int retries = 0;
    map<string> headers = {"x": "}"};
|};

public type Id int|string;

type Internal record {
    string name;
};

public type Error distinct error<Detail>;

# An HTTP client.
public isolated client class Client {
    private final string url;

    public isolated function init(string url, *ClientConfiguration config) returns Error? {
        self.url = url;
    }

    # Sends a GET request.
    remote isolated function get(string path) returns string|Error {
        string body = string `{"path": "${path}", "n": ${ {a: 1}.length() }}`;
        return body;
    }
}

public distinct class MyErr {
}

public readonly class Point {
    public final int x = 0;
}

public isolated function println(any|error... values) = @java:Method {
    'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"
} external;

# Sends a GET request.
#
# + path - Resource path
# + headers - The entity headers
# + return - The response or an `http:ClientError`
#
# # Deprecated
# Use `get2` instead.
@display {label: "Get"}
@deprecated
public isolated function get(string path, map<string|string[]>? headers = ()) returns string|error {
    string s = "}{ public function fake() {";
    // public function commented() {}
    # public function documented() {}
    var f = function () returns int {
        return 1;
    };
    return s;
}

function privateOne() {}

isolated function twice(int x) returns int => x * 2;

public function apply(function (int) returns int f, int v = (2)) returns record {| int value; |} {
    return {value: f(v)};
}

# Colours.
public enum Color {
    # The colour red.
    RED,
    GREEN = "g",
    @deprecated
    BLUE
}

enum Level { LOW, HIGH }

public final string name = "x";

public configurable int port = 9090;

configurable string host = ?;

int counter = 0;

public listener Listener ep = new (9090);

listener Listener ep2 = new Listener(9091, {timeout: 10});

public annotation ServiceConfig on service;

public annotation map<string> Cfg on function, type;

public type Service service object {
    public function foo();
    remote function bar() returns int;
};

service /hello on ep {
    resource function get greeting(string name) returns string {
        return string `Hello, ${name}! {`;
    }
}

public function 'start() {}
"""


@dataclass(frozen=True)
class Expected:
    name: str
    kind: SymbolKind
    public: bool
    decl: str  # the exact text of the declaration's span (unique in the source)
    before_name: str  # the text of `decl` just before the name
    signature: str
    detail: str = ""


def check(text: str, symbol: Symbol, expected: Expected) -> None:
    assert text.count(expected.decl) == 1, "expectation must name a unique declaration"
    start = text.index(expected.decl)
    name_start = start + expected.decl.index(expected.before_name) + len(expected.before_name)
    raw_name = re.compile(IDENTIFIER).match(text, name_start)
    assert raw_name is not None
    assert (symbol.name, symbol.kind, symbol.public) == (
        expected.name,
        expected.kind,
        expected.public,
    )
    assert symbol.span == Span(start, start + len(expected.decl))
    assert symbol.name_span == Span(name_start, raw_name.end())
    assert identifier_value(symbol.name_span.slice(text)) == expected.name
    assert symbol.signature == expected.signature
    assert symbol.detail == expected.detail


CLIENT_EXPECTED = [
    Expected(
        "DEFAULT_PORT",
        K.CONSTANT,
        True,
        "public const int DEFAULT_PORT = 9090;",
        "public const int ",
        "public const int DEFAULT_PORT = 9090",
        "int",
    ),
    Expected(
        "VERSION",
        K.CONSTANT,
        True,
        'public const VERSION = "1.0";',
        "public const ",
        'public const VERSION = "1.0"',
    ),
    Expected(
        "ClientConfiguration",
        K.TYPE,
        True,
        "public type ClientConfiguration record {|\n"
        "    decimal timeout = 60;\n"
        "    int retries = 0;\n"
        '    map<string> headers = {"x": "}"};\n'
        "|};",
        "public type ",
        "public type ClientConfiguration record {| decimal timeout = 60; int retries = 0;"
        ' map<string> headers = {"x": "}"}; |}',
    ),
    Expected(
        "Id", K.TYPE, True, "public type Id int|string;", "type ", "public type Id int|string"
    ),
    Expected(
        "Internal",
        K.TYPE,
        False,
        "type Internal record {\n    string name;\n};",
        "type ",
        "type Internal record { string name; }",
    ),
    Expected(
        "Error",
        K.TYPE,
        True,
        "public type Error distinct error<Detail>;",
        "type ",
        "public type Error distinct error<Detail>",
    ),
    Expected(
        "Client",
        K.CLASS,
        True,
        CLIENT_BAL[
            CLIENT_BAL.index("public isolated client class") : CLIENT_BAL.index(
                "\n\npublic distinct class"
            )
        ],
        "client class ",
        "public isolated client class Client",
    ),
    Expected(
        "MyErr",
        K.CLASS,
        True,
        "public distinct class MyErr {\n}",
        "class ",
        "public distinct class MyErr",
    ),
    Expected(
        "Point",
        K.CLASS,
        True,
        "public readonly class Point {\n    public final int x = 0;\n}",
        "class ",
        "public readonly class Point",
    ),
    Expected(
        "println",
        K.FUNCTION,
        True,
        "public isolated function println(any|error... values) = @java:Method {\n"
        '    \'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"\n'
        "} external;",
        "function ",
        "public isolated function println(any|error... values)",
    ),
    Expected(
        "get",
        K.FUNCTION,
        True,
        CLIENT_BAL[
            CLIENT_BAL.index('@display {label: "Get"}') : CLIENT_BAL.index(
                "\n\nfunction privateOne"
            )
        ],
        "public isolated function ",
        "public isolated function get(string path, map<string|string[]>? headers = ())"
        " returns string|error",
        "string|error",
    ),
    Expected(
        "privateOne",
        K.FUNCTION,
        False,
        "function privateOne() {}",
        "function ",
        "function privateOne()",
    ),
    Expected(
        "twice",
        K.FUNCTION,
        False,
        "isolated function twice(int x) returns int => x * 2;",
        "function ",
        "isolated function twice(int x) returns int",
        "int",
    ),
    Expected(
        "apply",
        K.FUNCTION,
        True,
        "public function apply(function (int) returns int f, int v = (2))"
        " returns record {| int value; |} {\n    return {value: f(v)};\n}",
        "public function ",
        "public function apply(function (int) returns int f, int v = (2))"
        " returns record {| int value; |}",
        "record {| int value; |}",
    ),
    Expected(
        "Color",
        K.ENUM,
        True,
        "public enum Color {\n"
        "    # The colour red.\n"
        "    RED,\n"
        '    GREEN = "g",\n'
        "    @deprecated\n"
        "    BLUE\n"
        "}",
        "enum ",
        "public enum Color",
    ),
    Expected("RED", K.ENUM_MEMBER, True, "RED", "", "RED", "Color"),
    Expected("GREEN", K.ENUM_MEMBER, True, 'GREEN = "g"', "", 'GREEN = "g"', "Color"),
    Expected(
        "BLUE", K.ENUM_MEMBER, True, "@deprecated\n    BLUE", "@deprecated\n    ", "BLUE", "Color"
    ),
    Expected("Level", K.ENUM, False, "enum Level { LOW, HIGH }", "enum ", "enum Level"),
    Expected("LOW", K.ENUM_MEMBER, False, "LOW", "", "LOW", "Level"),
    Expected("HIGH", K.ENUM_MEMBER, False, "HIGH", "", "HIGH", "Level"),
    Expected(
        "name",
        K.VARIABLE,
        True,
        'public final string name = "x";',
        "string ",
        'public final string name = "x"',
        "string",
    ),
    Expected(
        "port",
        K.VARIABLE,
        True,
        "public configurable int port = 9090;",
        "int ",
        "public configurable int port = 9090",
        "int",
    ),
    Expected(
        "host",
        K.VARIABLE,
        False,
        "configurable string host = ?;",
        "string ",
        "configurable string host = ?",
        "string",
    ),
    Expected("counter", K.VARIABLE, False, "int counter = 0;", "int ", "int counter = 0", "int"),
    Expected(
        "ep",
        K.LISTENER,
        True,
        "public listener Listener ep = new (9090);",
        "Listener ",
        "public listener Listener ep = new (9090)",
        "Listener",
    ),
    Expected(
        "ep2",
        K.LISTENER,
        False,
        "listener Listener ep2 = new Listener(9091, {timeout: 10});",
        "Listener ",
        "listener Listener ep2 = new Listener(9091, {timeout: 10})",
        "Listener",
    ),
    Expected(
        "ServiceConfig",
        K.ANNOTATION,
        True,
        "public annotation ServiceConfig on service;",
        "annotation ",
        "public annotation ServiceConfig on service",
    ),
    Expected(
        "Cfg",
        K.ANNOTATION,
        True,
        "public annotation map<string> Cfg on function, type;",
        "map<string> ",
        "public annotation map<string> Cfg on function, type",
        "map<string>",
    ),
    Expected(
        "Service",
        K.TYPE,
        True,
        "public type Service service object {\n"
        "    public function foo();\n"
        "    remote function bar() returns int;\n"
        "};",
        "public type ",
        "public type Service service object { public function foo();"
        " remote function bar() returns int; }",
    ),
    Expected(
        "start",
        K.FUNCTION,
        True,
        "public function 'start() {}",
        "public function ",
        "public function 'start()",
    ),
]


def test_client_module_every_form_with_exact_ranges() -> None:
    found = extract_symbols(CLIENT_BAL)
    assert [s.name for s in found] == [e.name for e in CLIENT_EXPECTED]
    for symbol, expected in zip(found, CLIENT_EXPECTED, strict=True):
        check(CLIENT_BAL, symbol, expected)


def test_methods_fields_services_and_fakes_are_not_module_symbols() -> None:
    names = {s.name for s in extract_symbols(CLIENT_BAL)}
    # Class methods and fields, object type members, resource functions, local variables,
    # and declarations inside strings, comments and doc lines inside bodies.
    for inner in ("init", "url", "foo", "bar", "greeting", "x", "f", "s", "body"):
        assert inner not in names
    for fake in ("fake", "commented", "documented"):
        assert fake not in names


def test_client_module_documentation() -> None:
    by_name = {s.name: s for s in extract_symbols(CLIENT_BAL)}
    assert by_name["get"].doc == Documentation(
        description="Sends a GET request.",
        params=(("path", "Resource path"), ("headers", "The entity headers")),
        returns="The response or an `http:ClientError`",
        deprecated="Use `get2` instead.",
    )
    assert by_name["ClientConfiguration"].doc == Documentation(
        description="Represents the client configuration.",
        params=(("timeout", "Timeout in seconds"), ("retries", "How many times to retry")),
        returns=None,
        deprecated=None,
    )
    assert by_name["DEFAULT_PORT"].doc == Documentation(
        "Default port of the client.", (), None, None
    )
    assert by_name["Client"].doc is not None
    assert by_name["Client"].doc.description == "An HTTP client."
    assert by_name["RED"].doc == Documentation("The colour red.", (), None, None)
    # `@deprecated` alone marks a symbol deprecated with no text.
    assert by_name["BLUE"].doc == Documentation("", (), None, "")
    for undocumented in ("VERSION", "Id", "Internal", "privateOne", "GREEN", "start", "ep"):
        assert by_name[undocumented].doc is None


def test_fast_and_token_header_paths_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        CLIENT_BAL,
        "public function a(int x, string... rest) returns int|error {\n}\n"
        "function b() returns map<string> => {};\n"
        "isolated function c(string[] names)\n    returns string[] {\n    return names;\n}\n"
        "public function d() returns int = external;\n"
        "function e(int a,\n           int b) {}\n",
    ]
    fast = [extract_symbols(t) for t in texts]
    monkeypatch.setattr(symbol_patterns, "_FAST_HEADERS", False)
    assert [extract_symbols(t) for t in texts] == fast


def names_and_kinds(text: str) -> list[tuple[str, SymbolKind]]:
    return [(s.name, s.kind) for s in extract_symbols(text)]


def test_function_forms() -> None:
    text = (
        "public isolated function foo(int a, string... rest) returns int|error {\n"
        "    return a;\n"
        "}\n"
        'public function bar() returns string = @java:Method {\'class: "x"} external;\n'
        "transactional function tx() {}\n"
        "public function (int) returns int fnValue = function (int x) returns int => x;\n"
        "isolated function (string) returns string? lookup = key => ();\n"
        "function main() returns error? {\n}\n"
    )
    found = extract_symbols(text)
    assert [(s.name, s.kind, s.public) for s in found] == [
        ("foo", K.FUNCTION, True),
        ("bar", K.FUNCTION, True),
        ("tx", K.FUNCTION, False),
        ("fnValue", K.VARIABLE, True),
        ("lookup", K.VARIABLE, False),
        ("main", K.FUNCTION, False),
    ]
    assert (
        found[0].signature
        == "public isolated function foo(int a, string... rest) returns int|error"
    )
    assert found[0].detail == "int|error"
    assert found[1].signature == "public function bar() returns string"
    assert found[1].span.slice(text).endswith("external;")
    assert found[3].detail == "function (int) returns int"
    # `isolated` there qualifies the variable (as the compiler reads it), not its type.
    assert found[4].detail == "function (string) returns string?"
    assert found[4].signature == "isolated function (string) returns string? lookup = key => ()"
    assert found[5].detail == "error?"


def test_multiline_header_is_normalised() -> None:
    text = (
        "public function post(\n"
        "        string path,   // the path\n"
        "        json payload,\n"
        "        map<string>? headers = ()\n"
        "    ) returns json|error {\n"
        "}\n"
    )
    (symbol,) = extract_symbols(text)
    assert symbol.signature == (
        "public function post(string path, json payload, map<string>? headers = ())"
        " returns json|error"
    )
    assert symbol.span == Span(0, len(text) - 1)


def test_return_type_annotations_with_values_are_not_bodies() -> None:
    text = (
        'public function get() returns @http:Payload {mediaType: "text/plain"} string {\n'
        '    return "}";\n'
        "}\n"
        "public function after() {}\n"
    )
    found = extract_symbols(text)
    assert [s.name for s in found] == ["get", "after"]
    assert found[0].detail == '@http:Payload {mediaType: "text/plain"} string'
    assert found[0].span.slice(text).endswith('return "}";\n}')


def test_return_types_with_records_and_objects() -> None:
    text = (
        "function a() returns record {| int x; |} {\n    return {x: 1};\n}\n"
        "function b() returns object { function f(); } {\n    return object {\n"
        "        function f() {}\n    };\n}\n"
        'function c() returns readonly & record { string n; } => {n: ""};\n'
        "function d() returns stream<record {int a;}, error?> {\n}\n"
        "function e() {}\n"
    )
    found = extract_symbols(text)
    assert [s.name for s in found] == ["a", "b", "c", "d", "e"]
    assert [s.detail for s in found] == [
        "record {| int x; |}",
        "object { function f(); }",
        "readonly & record { string n; }",
        "stream<record {int a;}, error?>",
        "",
    ]
    for symbol in found:
        decl = symbol.span.slice(text)
        assert decl.endswith(("}", ";")), decl


def test_strings_templates_and_comments_in_bodies() -> None:
    text = (
        "function tricky() {\n"
        '    string a = "}}} { \\" }";\n'
        '    string b = string `}${ {x: 1}.toString() }{ ${ `nested ${ "}" } }` } `;\n'
        "    xml c = xml `<a>{</a>`;\n"
        "    string d = re `[{}]`.toString();\n"
        "    // } public function fake() {\n"
        "    # } public type Fake int;\n"
        "    map<int> m = {a: 1, b: {c: 2}.length()};\n"
        "}\n"
        "public function real() {}\n"
    )
    found = extract_symbols(text)
    assert [s.name for s in found] == ["tricky", "real"]
    assert found[0].span == Span(0, text.index("\npublic function real"))


def test_nested_anonymous_functions_and_object_constructors() -> None:
    text = (
        "function outer() {\n"
        "    var f = function () returns int {\n"
        "        var g = isolated function () => 1;\n"
        "        return g();\n"
        "    };\n"
        "    var o = object {\n"
        "        public function method() {}\n"
        "    };\n"
        "    worker w {\n"
        "    }\n"
        "}\n"
        "public const A = 1;\n"
    )
    assert names_and_kinds(text) == [("outer", K.FUNCTION), ("A", K.CONSTANT)]


def test_class_variants() -> None:
    text = (
        "public isolated client class Client {\n"
        "    remote isolated function get(string path) returns string {\n"
        '        return "}";\n'
        "    }\n"
        "}\n"
        "public distinct class MyErr {}\n"
        "public readonly class Frozen {}\n"
        "public service class Svc {\n"
        '    resource function get .() returns string => "";\n'
        "}\n"
        "public isolated service class IsoSvc {}\n"
        "class Hidden {}\n"
        "public client class Plain {}\n"
    )
    found = extract_symbols(text)
    assert [(s.name, s.kind, s.public, s.signature) for s in found] == [
        ("Client", K.CLASS, True, "public isolated client class Client"),
        ("MyErr", K.CLASS, True, "public distinct class MyErr"),
        ("Frozen", K.CLASS, True, "public readonly class Frozen"),
        ("Svc", K.CLASS, True, "public service class Svc"),
        ("IsoSvc", K.CLASS, True, "public isolated service class IsoSvc"),
        ("Hidden", K.CLASS, False, "class Hidden"),
        ("Plain", K.CLASS, True, "public client class Plain"),
    ]


def test_type_forms() -> None:
    text = (
        "public type Person record {| string name; int age?; |};\n"
        "public type Id int|string;\n"
        "public type Error distinct error<Detail>;\n"
        "public type Service service object {\n"
        "    public function foo();\n"
        "    resource function get greeting() returns string;\n"
        "};\n"
        "public type Frozen readonly & record {| int x; |};\n"
        "public type Fn isolated function (int) returns int;\n"
        "public type Strings string[];\n"
        "@typeParam\n"
        "type Type1 any|error;\n"
        'public type Method "GET"|"POST";\n'
    )
    found = extract_symbols(text)
    assert [s.name for s in found] == [
        "Person", "Id", "Error", "Service", "Frozen", "Fn", "Strings", "Type1", "Method",
    ]  # fmt: skip
    assert all(s.kind is K.TYPE for s in found)
    assert found[0].signature == "public type Person record {| string name; int age?; |}"
    assert found[7].public is False
    assert found[7].span.slice(text) == "@typeParam\ntype Type1 any|error;"
    assert found[8].signature == 'public type Method "GET"|"POST"'


def test_constants_variables_listeners_annotations() -> None:
    text = (
        'public const string VERSION = "1.0";\n'
        "public const MAX = 10;\n"
        'const map<string> HEADERS = {a: "b;"};\n'
        'public final string name = "x";\n'
        "public configurable int port = 9090;\n"
        "configurable string host = ?;\n"
        "final var inferred = 3;\n"
        "isolated int[] shared = [];\n"
        "http:Client? cached = ();\n"
        "public listener http:Listener ep = new (9090);\n"
        "listener untyped = new http:Listener(8080);\n"
        "public annotation ServiceConfig on service;\n"
        "public annotation map<string> Cfg on function, type;\n"
        "annotation record {| string v; |} Info on source var, class;\n"
        "annotation Marker;\n"
    )
    found = extract_symbols(text)
    assert [(s.name, s.kind, s.public, s.detail) for s in found] == [
        ("VERSION", K.CONSTANT, True, "string"),
        ("MAX", K.CONSTANT, True, ""),
        ("HEADERS", K.CONSTANT, False, "map<string>"),
        ("name", K.VARIABLE, True, "string"),
        ("port", K.VARIABLE, True, "int"),
        ("host", K.VARIABLE, False, "string"),
        ("inferred", K.VARIABLE, False, "var"),
        ("shared", K.VARIABLE, False, "int[]"),
        ("cached", K.VARIABLE, False, "http:Client?"),
        ("ep", K.LISTENER, True, "http:Listener"),
        ("untyped", K.LISTENER, False, ""),
        ("ServiceConfig", K.ANNOTATION, True, ""),
        ("Cfg", K.ANNOTATION, True, "map<string>"),
        ("Info", K.ANNOTATION, False, "record {| string v; |}"),
        ("Marker", K.ANNOTATION, False, ""),
    ]
    assert found[0].signature == 'public const string VERSION = "1.0"'
    assert found[1].signature == "public const MAX = 10"
    assert found[2].span.slice(text) == 'const map<string> HEADERS = {a: "b;"};'


def test_enum_members_follow_their_enum() -> None:
    text = 'public enum Color { RED, GREEN = "g", BLUE }\nenum E {\n    A = 1 + 2,\n    B,\n}\n'
    found = extract_symbols(text)
    assert [(s.name, s.kind, s.public, s.detail, s.span.slice(text)) for s in found] == [
        ("Color", K.ENUM, True, "", 'public enum Color { RED, GREEN = "g", BLUE }'),
        ("RED", K.ENUM_MEMBER, True, "Color", "RED"),
        ("GREEN", K.ENUM_MEMBER, True, "Color", 'GREEN = "g"'),
        ("BLUE", K.ENUM_MEMBER, True, "Color", "BLUE"),
        ("E", K.ENUM, False, "", "enum E {\n    A = 1 + 2,\n    B,\n}"),
        ("A", K.ENUM_MEMBER, False, "E", "A = 1 + 2"),
        ("B", K.ENUM_MEMBER, False, "E", "B"),
    ]


def test_services_and_module_statements_declare_nothing() -> None:
    text = (
        "import ballerina/http;\n"
        'xmlns "http://example.com" as ex;\n'
        '@http:ServiceConfig {cors: {allowOrigins: ["*"]}}\n'
        "service /hello on new http:Listener(9090) {\n"
        "    public function notModuleLevel() {}\n"
        "    resource function get greeting() returns string {\n"
        '        return "{";\n'
        "    }\n"
        "}\n"
        'isolated service "/x" on ep, ep2 {\n'
        "}\n"
        "service http:Service / on ep {\n"
        "};\n"
        "public function after() {}\n"
    )
    found = extract_symbols(text)
    assert [s.name for s in found] == ["after"]
    assert found[0].span.start == text.index("public function after")


def test_quoted_and_escaped_identifiers() -> None:
    text = "public function 'start() {}\npublic const 'int = 1;\npublic type first\\-name int;\n"
    found = extract_symbols(text)
    assert [s.name for s in found] == ["start", "int", "first-name"]
    assert [s.name_span.slice(text) for s in found] == ["'start", "'int", "first\\-name"]


def test_non_ascii_names_and_offsets_in_code_points() -> None:
    text = "// naïve ☃ comment\npublic function grüße() {}\n"
    (symbol,) = extract_symbols(text)
    assert symbol.name == "grüße"
    assert symbol.name_span == Span(text.index("grüße"), text.index("grüße") + 5)


def test_crlf_sources() -> None:
    lf = CLIENT_BAL
    crlf = lf.replace("\n", "\r\n")
    a, b = extract_symbols(lf), extract_symbols(crlf)
    assert [(s.name, s.kind, s.signature, s.doc) for s in a] == [
        (s.name, s.kind, s.signature, s.doc) for s in b
    ]
    for x, y in zip(a, b, strict=True):
        assert y.span.slice(crlf).replace("\r\n", "\n") == x.span.slice(lf)


def test_byte_order_mark_and_empty_text() -> None:
    assert extract_symbols("") == ()
    assert extract_symbols("   \n// only a comment\n# only a doc line\n") == ()
    (symbol,) = extract_symbols("\ufeffpublic const A = 1;")
    assert symbol.span == Span(1, 20)


def test_long_signatures_are_cut() -> None:
    fields = "".join(f"    string field{i};\n" for i in range(100))
    text = f"public type Big record {{|\n{fields}|}};\n"
    (symbol,) = extract_symbols(text)
    assert symbol.signature.startswith("public type Big record {| string field0; string field1;")
    assert symbol.signature.endswith(" …")
    assert len(symbol.signature) <= symbols_module.SIGNATURE_LIMIT + 2
    assert symbol.span == Span(0, len(text) - 1)


def test_const_annotation_is_an_annotation() -> None:
    # How ballerina/jballerina.java declares `@java:Method`.
    text = (
        "# Binds to a Java method.\npublic const annotation MethodData Method on source external;\n"
    )
    (symbol,) = extract_symbols(text)
    assert (symbol.name, symbol.kind, symbol.public) == ("Method", SymbolKind.ANNOTATION, True)
    assert symbol.signature == "public const annotation MethodData Method on source external"
    assert symbol.name_span == Span(
        text.index("Method on"), text.index("Method on") + len("Method")
    )
    assert symbol.doc is not None and symbol.doc.description == "Binds to a Java method."
