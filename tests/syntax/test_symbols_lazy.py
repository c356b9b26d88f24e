"""Symbols keep their signature, detail and documentation as source ranges until asked."""

from __future__ import annotations

import pickle

import pytest

from balmod.syntax import symbol_model
from balmod.syntax.symbols import (
    Documentation,
    Symbol,
    SymbolKind,
    extract_symbols,
    parse_documentation,
)
from balmod.text import Span

MODULE = """\
// A module as a library ships it.

# The default port.
public const int DEFAULT_PORT = 9090;

# Not this run: a blank line ends it.

# Sends a request.
#
# + path - the resource path
# + return - the payload
public isolated function get(string path) returns json|error {
    return {path: path, "status": "ok"};
}

# Old docs, before a comment.
// a comment between the docs and the declaration
# The docs that count.
public type Config record {|
    int timeout = 60;
|};

@deprecated
public function old() {}

# A colour.
public enum Colour {
    # Red.
    RED,
    GREEN
}
"""


def by_name(text: str) -> dict[str, Symbol]:
    return {s.name: s for s in extract_symbols(text)}


def test_reading_a_module_parses_no_documentation_and_normalises_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: object) -> object:
        raise AssertionError("worked out eagerly")

    monkeypatch.setattr(symbol_model, "parse_doc_text", forbidden)
    monkeypatch.setattr(symbol_model, "_normalise", forbidden)
    found = extract_symbols(MODULE)
    assert [(s.name, s.kind, s.public) for s in found] == [
        ("DEFAULT_PORT", SymbolKind.CONSTANT, True),
        ("get", SymbolKind.FUNCTION, True),
        ("Config", SymbolKind.TYPE, True),
        ("old", SymbolKind.FUNCTION, True),
        ("Colour", SymbolKind.ENUM, True),
        ("RED", SymbolKind.ENUM_MEMBER, True),
        ("GREEN", SymbolKind.ENUM_MEMBER, True),
    ]
    for symbol in found:
        assert symbol.name_span.slice(MODULE) == symbol.name
    get = found[1]
    assert get.span.slice(MODULE).startswith("public isolated function get(")
    assert get.span.slice(MODULE).endswith('"status": "ok"};\n}')


def test_documentation_parsed_on_first_use_is_the_last_run_before_the_declaration() -> None:
    symbols = by_name(MODULE)
    assert symbols["DEFAULT_PORT"].doc == Documentation("The default port.", (), None, None)
    assert symbols["get"].doc == parse_documentation(
        ["# Sends a request.", "#", "# + path - the resource path", "# + return - the payload"]
    )
    assert symbols["Config"].doc == Documentation("The docs that count.", (), None, None)
    assert symbols["old"].doc == Documentation("", (), None, "")
    assert symbols["RED"].doc == Documentation("Red.", (), None, None)
    assert symbols["GREEN"].doc is None


def test_signature_and_detail_worked_out_on_first_use() -> None:
    symbols = by_name(MODULE)
    assert (
        symbols["get"].signature == "public isolated function get(string path) returns json|error"
    )
    assert symbols["get"].detail == "json|error"
    assert symbols["DEFAULT_PORT"].signature == "public const int DEFAULT_PORT = 9090"
    assert symbols["DEFAULT_PORT"].detail == "int"
    assert symbols["Config"].signature == "public type Config record {| int timeout = 60; |}"
    assert symbols["Colour"].signature == "public enum Colour"
    assert symbols["RED"].detail == "Colour"


def test_lazy_values_are_worked_out_once() -> None:
    get = by_name(MODULE)["get"]
    assert get.doc is get.doc
    assert get.signature is get.signature


def test_crlf_documentation_and_ranges() -> None:
    text = MODULE.replace("\n", "\r\n")
    lf, crlf = by_name(MODULE), by_name(text)
    assert list(crlf) == list(lf)
    for name, symbol in crlf.items():
        assert symbol.doc == lf[name].doc
        assert symbol.signature == lf[name].signature
        assert symbol.name_span.slice(text) == name


def test_a_symbol_from_finished_values_equals_the_scanned_one() -> None:
    text = "# Doubles.\npublic function twice(int x) returns int {\n    return x * 2;\n}\n"
    (scanned,) = extract_symbols(text)
    built = Symbol(
        name="twice",
        kind=SymbolKind.FUNCTION,
        public=True,
        signature="public function twice(int x) returns int",
        doc=Documentation("Doubles.", (), None, None),
        span=Span(11, len(text) - 1),
        name_span=Span(27, 32),
        detail="int",
    )
    assert scanned == built and built == scanned
    assert hash(scanned) == hash(built)
    assert repr(scanned) == repr(built)
    assert "signature='public function twice(int x) returns int'" in repr(built)
    other = Symbol("twice", SymbolKind.FUNCTION, False, "", None, Span(0, 1), Span(0, 1))
    assert scanned != other
    assert scanned != "twice"


def test_symbols_are_immutable_and_pickle_by_value() -> None:
    (symbol,) = extract_symbols("/// x\npublic const A = 1;\n")
    with pytest.raises(AttributeError):
        symbol.name = "B"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        symbol.signature = "changed"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(symbol))
    assert copy == symbol
    assert copy.signature == "public const A = 1"
