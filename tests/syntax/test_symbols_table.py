"""`scan_symbols`: the symbols `extract_symbols` finds, each made when first asked for."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.syntax import symbol_model, symbol_patterns
from balmod.syntax.symbols import Symbol, SymbolKind, SymbolTable, extract_symbols, scan_symbols

MODULE = """\
// acme/colours

# A colour.
public enum Colour { RED, GREEN }

# Mixes.
# + a - one
# + return - the mix
public isolated function mix(Colour a, Colour b) returns Colour {
    return a;
}

const int LIMIT = 3;
"""

# Every shortcut, and what makes one give way.
LIBRARY = (
    MODULE
    + """\
public type Point record {|
    int x;
    int y = 0;
|};

public const string NAME = "colours";

import ballerina/io;

public isolated client class Client {
    remote function get(string path) returns string {
        if path == "" {
            return "}";
        }
        return `${path}`;
    }
}

public function print(any... values) = external;

function (int) returns int square = x => x * x;

@deprecated
public function old() {}

public enum Level { LOW = "low", HIGH }
"""
)

FRAGMENTS = [
    "public ", "isolated ", "function ", "f", "(int a)", " returns int", " {", "}", "\n",
    "\n    ", "return 1;", "const ", "X", " = ", "1", ";", "type ", "T ", "record {| ", "|}",
    "class ", "enum ", "E { A, B }", "# doc\n", "// c\n", '"}"', "`${x}`", "{", "\r\n",
    "import ", "a/b", "é", "@a ", "'q", "=>",
]  # fmt: skip


def values(found: tuple[Symbol, ...]) -> list[tuple[object, ...]]:
    return [
        (s.name, s.kind, s.public, s.span, s.name_span, s.signature, s.detail, s.doc) for s in found
    ]


def test_a_table_holds_what_extract_symbols_finds() -> None:
    table = scan_symbols(MODULE)
    assert isinstance(table, SymbolTable)
    assert values(tuple(table)) == values(extract_symbols(MODULE))
    assert table.names() == ["Colour", "RED", "GREEN", "mix", "LIMIT"]
    assert len(table) == 5
    assert table[-1].name == "LIMIT" and table[-5].name == "Colour"
    assert [s.name for s in table[1:3]] == ["RED", "GREEN"]
    assert [s.name for s in table[::-2]] == ["LIMIT", "GREEN", "Colour"]
    with pytest.raises(IndexError):
        table[5]
    with pytest.raises(IndexError):
        table[-6]
    red = table[1]
    assert (red.kind, red.public, red.detail) == (SymbolKind.ENUM_MEMBER, True, "Colour")
    mix = table[3]
    assert mix.signature == "public isolated function mix(Colour a, Colour b) returns Colour"
    assert mix.detail == "Colour"
    assert mix.doc is not None and mix.doc.params == (("a", "one"),)
    assert table[4].detail == "int" and not table[4].public


def test_symbols_are_made_when_first_asked_for_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = []

    class Counting(symbol_model._ScannedSymbol):
        __slots__ = ()

        def __init__(self, text: str, found: symbol_model._Found, index: int) -> None:
            made.append(index)
            super().__init__(text, found, index)

    monkeypatch.setattr(symbol_model, "_ScannedSymbol", Counting)
    table = scan_symbols(MODULE)
    assert table.names() and len(table) == 5
    assert made == []
    first = table[3]
    assert table[3] is first and table[-2] is first
    assert made == [3]
    assert [s.name for s in table] == table.names()
    assert sorted(made) == [0, 1, 2, 3, 4]


def test_names_is_a_copy() -> None:
    table = scan_symbols(MODULE)
    names = table.names()
    names.clear()
    assert table.names() == ["Colour", "RED", "GREEN", "mix", "LIMIT"]


def test_an_empty_table() -> None:
    table = scan_symbols("// nothing here\n")
    assert len(table) == 0 and list(table) == [] and table.names() == []
    assert repr(table) == "SymbolTable([])"


def atomic_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build every shortcut regex with atomic groups instead of possessive repetitions, as
    Python before 3.11.5 gets them."""
    monkeypatch.setattr(symbol_patterns, "_POSSESSIVE", False)
    monkeypatch.setattr(symbol_patterns, "_SKIPS", {})
    monkeypatch.setattr(symbol_patterns, "_ITEMS", {})


def test_the_atomic_groups_pythons_before_3_11_5_get_read_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [LIBRARY, LIBRARY.replace("\n", "\r\n"), LIBRARY + "// é\n", MODULE]
    expected = [values(extract_symbols(text)) for text in texts]
    with monkeypatch.context() as patch:
        atomic_variants(patch)
        assert "*+" not in symbol_patterns._items(False, True, True).pattern
        assert "*+" not in symbol_patterns._fast_skip_regex(True, True).pattern
        assert [values(extract_symbols(text)) for text in texts] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_atomic_and_possessive_shortcuts_agree_on_generated_texts(text: str) -> None:
    expected = values(extract_symbols(text))
    with pytest.MonkeyPatch.context() as patch:
        atomic_variants(patch)
        assert values(extract_symbols(text)) == expected


def test_symbols_from_a_table_compare_like_any() -> None:
    table = scan_symbols(MODULE)
    colour = table[0]
    assert isinstance(colour, Symbol)
    assert colour == extract_symbols(MODULE)[0]
    assert hash(colour) == hash(extract_symbols(MODULE)[0])


def test_comments_before_an_item_are_no_documentation() -> None:
    text = (
        "// see #5\n# The doc.\npublic function f() {}\n"
        "// and #6\nfunction g() {}\n"
        "# Old.\n// a comment\n# New.\nconst X = 1;\n"
    )
    f, g, x = scan_symbols(text)
    assert f.doc is not None and f.doc.description == "The doc."
    assert g.doc is None
    assert x.doc is not None and x.doc.description == "New."
