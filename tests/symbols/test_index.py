"""SymbolIndex over module directories on disk: contents, lookups, caching and bad files."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import pytest

from balmod.symbols.index import FirstDeclarations, ModuleSymbols, SymbolIndex, read_source
from balmod.syntax.symbols import SymbolKind, extract_symbols
from balmod.text import Span
from builders import make_bala, make_dirs, write_files

CLIENT_BAL = """\
import ballerina/jballerina.java;

# An HTTP client.
public isolated client class Client {
    remote isolated function get(string path) returns string {
        return path;
    }
}

# Prints values.
# + values - what to print
public isolated function println(any|error... values) = @java:Method {
    'class: "io.ballerina.stdlib.io.nativeimpl.PrintUtils"
} external;

public isolated function print(any|error... values) = external;

function helper() {}
"""

TYPES_BAL = """\
public type ClientConfiguration record {|
    decimal timeout = 60;
|};

public enum Method { GET, POST }

public const DEFAULT_PORT = 9090;

const INTERNAL = 1;
"""


def bump_mtime(path: Path) -> None:
    """Give ``path`` a new st_mtime_ns even on filesystems with coarse timestamps."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def io_module(tmp_path: Path) -> Path:
    dirs = make_dirs(tmp_path)
    bala = make_bala(
        dirs.distribution,
        "ballerina",
        "io",
        "1.6.0",
        modules={
            "io": {
                "client.bal": CLIENT_BAL,
                "types.bal": TYPES_BAL,
                "README.md": "public function notBallerina() {}\n",
                "tests/test.bal": "public function testOnly() {}\n",
                "resources/data.bal/keep.txt": "a directory named like a source file\n",
            }
        },
    )
    return bala / "modules" / "io"


def test_reads_every_bal_file_directly_in_the_module(io_module: Path) -> None:
    module = SymbolIndex().module(io_module)
    assert set(module.symbols) == {
        "Client", "println", "print", "helper", "ClientConfiguration", "Method", "GET",
        "POST", "DEFAULT_PORT", "INTERNAL",
    }  # fmt: skip
    assert module.module_dir == io_module
    assert module.skipped == ()
    client = module.get("Client")
    assert client is not None
    assert client.path == io_module / "client.bal"
    assert client.symbol.kind is SymbolKind.CLASS
    assert client.symbol.name_span.slice(CLIENT_BAL) == "Client"
    println = module.get("println")
    assert println is not None
    assert println.symbol.doc is not None
    assert println.symbol.doc.params == (("values", "what to print"),)
    assert module.get("testOnly") is None
    assert module.get("notBallerina") is None


def test_public_is_sorted_and_non_public_symbols_are_known(io_module: Path) -> None:
    module = SymbolIndex().module(io_module)
    assert [s.symbol.name for s in module.public()] == [
        "Client", "ClientConfiguration", "DEFAULT_PORT", "GET", "Method", "POST", "print",
        "println",
    ]  # fmt: skip
    helper = module.get("helper")
    assert helper is not None and not helper.symbol.public
    internal = module.get("INTERNAL")
    assert internal is not None and not internal.symbol.public


def test_closest_public(io_module: Path) -> None:
    module = SymbolIndex().module(io_module)
    assert module.closest_public("printn") == ["println", "print"]
    assert module.closest_public("PrintLn") == ["println", "print"]
    assert module.closest_public("printl", limit=1) == ["println"]
    assert module.closest_public("Clent") == ["Client"]
    # Non-public names are never suggested; neither is the name itself.
    assert "helper" not in module.closest_public("helpr")
    assert "println" not in module.closest_public("println")
    assert module.closest_public("zzzzzzzz") == []
    assert module.closest_public("") == []
    assert module.closest_public("print", limit=0) == []


def test_first_declaration_of_a_name_wins(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"a.bal": "public const X = 1;\n", "b.bal": "public function X() {}\nfunction Y() {}\n"},
    )
    module = SymbolIndex().module(tmp_path)
    x = module.get("X")
    assert x is not None and x.path == tmp_path / "a.bal"
    assert x.symbol.kind is SymbolKind.CONSTANT
    assert [(d.symbol.name, d.path.name) for d in module.declarations] == [
        ("X", "a.bal"),
        ("X", "b.bal"),
        ("Y", "b.bal"),
    ]


def test_names_map_to_first_declarations_made_once(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.bal": "const Z = 0;\npublic const X = 1;\n",
            "b.bal": "public function X() {}\nfunction Y() {}\nfunction Z() {}\n",
        },
    )
    module = SymbolIndex().module(tmp_path)
    # In the order the names are first declared; each name once.
    assert list(module.symbols) == ["Z", "X", "Y"]
    assert len(module.symbols) == 3
    assert "Y" in module.symbols and "W" not in module.symbols
    assert module.symbols.get("W") is None
    with pytest.raises(KeyError):
        module.symbols["W"]
    z = module.symbols["Z"]
    assert (z.symbol.kind, z.path.name, z.symbol.public) == (SymbolKind.CONSTANT, "a.bal", False)
    assert module.get("Z") is z  # made on the first lookup, then kept
    assert [path.name for path, _ in module.files] == ["a.bal", "b.bal"]
    assert dict(module.symbols) == {name: module.symbols[name] for name in ["Z", "X", "Y"]}


def test_names_that_never_repeat_keep_their_order_too(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {"a.bal": "const Z = 0;\npublic const X = 1;\n", "b.bal": "enum E { B, A }\n"},
    )
    module = SymbolIndex().module(tmp_path)
    assert list(module.symbols) == ["Z", "X", "E", "B", "A"]
    assert [module.symbols[name].symbol.name for name in module.symbols] == list(module.symbols)
    a = module.symbols["A"].symbol
    assert (a.kind, a.detail, a.name_span.slice("enum E { B, A }\n")) == (
        SymbolKind.ENUM_MEMBER,
        "E",
        "A",
    )


def test_public_names_are_those_whose_first_declaration_is_public(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "a.bal": "const Z = 0;\npublic const X = 1;\npublic type 'Quoted int;\n",
            "b.bal": "public function Z() {}\nfunction X() {}\npublic enum E { A, B }\n",
            "c.bal": "public class W {}\nfunction V() {}\n",
        },
    )
    module = SymbolIndex().module(tmp_path)
    expected = {name for name, item in module.symbols.items() if item.symbol.public}
    assert module.public_names == expected == {"X", "Quoted", "E", "A", "B", "W"}
    # The same from plain symbol sequences (a module's overlay-free copy made elsewhere).
    plain = ModuleSymbols(tmp_path, dict(module.symbols))
    assert plain.public_names == expected
    # And from files read as tuples of symbols (a 1.x balo's sources).
    tuples = FirstDeclarations(
        tuple((path, extract_symbols(path.read_text())) for path, _ in module.files)
    )
    assert tuples.public_names() == expected


def test_symbols_read_from_a_module_document_themselves_on_demand(tmp_path: Path) -> None:
    source = (
        "# Adds.\n#\n# + a - one\n# + return - the sum\n"
        "public function add(int a, int b) returns int {\n    return a + b;\n}\n"
    )
    write_files(tmp_path, {"math.bal": source})
    add = SymbolIndex().module(tmp_path).get("add")
    assert add is not None
    assert add.symbol.signature == "public function add(int a, int b) returns int"
    assert add.symbol.detail == "int"
    assert add.symbol.doc is not None
    assert (add.symbol.doc.description, add.symbol.doc.params, add.symbol.doc.returns) == (
        "Adds.",
        (("a", "one"),),
        "the sum",
    )
    assert add.symbol.span.slice(source).startswith("public function add(")
    assert add.symbol.name_span.slice(source) == "add"


def test_cached_until_a_file_changes(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.bal": "public const A = 1;\n", "b.bal": "public const B = 2;\n"})
    index = SymbolIndex()
    first = index.module(tmp_path)
    assert index.module(tmp_path) is first

    (tmp_path / "a.bal").write_text("public const A2 = 1;\n", encoding="utf-8")
    bump_mtime(tmp_path / "a.bal")
    second = index.module(tmp_path)
    assert second is not first
    assert set(second.symbols) == {"A2", "B"}
    # The unchanged file was not read again.
    b_first, b_second = first.get("B"), second.get("B")
    assert b_first is not None and b_second is not None
    assert b_second.symbol is b_first.symbol


def test_rebuilt_when_files_come_and_go(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.bal": "public const A = 1;\n"})
    index = SymbolIndex()
    assert set(index.module(tmp_path).symbols) == {"A"}
    write_files(tmp_path, {"b.bal": "public const B = 1;\n"})
    assert set(index.module(tmp_path).symbols) == {"A", "B"}
    (tmp_path / "a.bal").unlink()
    assert set(index.module(tmp_path).symbols) == {"B"}


def test_same_size_rewrite_is_seen_through_mtime(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.bal": "public const A = 1;\n"})
    index = SymbolIndex()
    assert set(index.module(tmp_path).symbols) == {"A"}
    (tmp_path / "a.bal").write_text("public const B = 1;\n", encoding="utf-8")
    bump_mtime(tmp_path / "a.bal")
    assert set(index.module(tmp_path).symbols) == {"B"}


def test_invalidate(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.bal": "public const A = 1;\n"})
    index = SymbolIndex()
    first = index.module(tmp_path)
    index.invalidate(tmp_path)
    second = index.module(tmp_path)
    assert second is not first and set(second.symbols) == {"A"}
    index.invalidate()
    assert index.module(tmp_path) is not second


def test_missing_directory_is_an_empty_module(tmp_path: Path) -> None:
    module = SymbolIndex().module(tmp_path / "nowhere")
    assert isinstance(module, ModuleSymbols)
    assert dict(module.symbols) == {} and module.public() == []
    assert module.closest_public("x") == []


def test_a_file_where_the_module_directory_should_be(tmp_path: Path) -> None:
    (tmp_path / "mod").write_text("not a directory", encoding="utf-8")
    assert dict(SymbolIndex().module(tmp_path / "mod").symbols) == {}


def test_non_utf8_file_is_read_with_replacements(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_files(tmp_path, {"latin.bal": b"// caf\xe9\npublic const A = 1;\n"})
    with caplog.at_level(logging.WARNING, logger="balmod.symbols.index"):
        module = SymbolIndex().module(tmp_path)
    a = module.get("A")
    assert a is not None
    assert a.symbol.span == Span(8, 27)  # "// caf\ufffd\n" is 8 code points
    assert "latin.bal" in caplog.text and "UTF-8" in caplog.text


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    write_files(tmp_path, {"bom.bal": "\ufeffpublic const A = 1;\n".encode()})
    assert read_source(tmp_path / "bom.bal") == "public const A = 1;\n"
    a = SymbolIndex().module(tmp_path).get("A")
    assert a is not None and a.symbol.span == Span(0, 19)


def test_oversized_files_are_skipped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    big = "public const A = 1;\n" + "// padding\n" * 20
    write_files(tmp_path, {"big.bal": big, "small.bal": "public const B = 2;\n"})
    index = SymbolIndex(max_file_bytes=100)
    with caplog.at_level(logging.WARNING, logger="balmod.symbols.index"):
        module = index.module(tmp_path)
    assert set(module.symbols) == {"B"}
    assert module.skipped == (tmp_path / "big.bal",)
    assert "big.bal" in caplog.text
    assert read_source(tmp_path / "big.bal", max_bytes=100) is None
    assert read_source(tmp_path / "big.bal") == big


def test_unreadable_entries_are_skipped(tmp_path: Path) -> None:
    write_files(tmp_path, {"ok.bal": "public const A = 1;\n"})
    (tmp_path / "dangling.bal").symlink_to(tmp_path / "missing-target.bal")
    (tmp_path / "dir.bal").mkdir()
    module = SymbolIndex().module(tmp_path)
    assert set(module.symbols) == {"A"}
    assert read_source(tmp_path / "dangling.bal") is None
    assert read_source(tmp_path / "dir.bal") is None


def test_overlays_replace_and_add_files(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.bal": "public const A = 1;\n", "b.bal": "public const B = 1;\n"})
    index = SymbolIndex()
    overlays = {
        tmp_path / "a.bal": "public const EDITED = 1;\n",
        tmp_path / "new.bal": "public function unsaved() {}\n",
        tmp_path / "sub" / "c.bal": "public const ELSEWHERE = 1;\n",
        tmp_path / "notes.txt": "public const NOT_BAL = 1;\n",
    }
    module = index.module(tmp_path, overlays)
    assert set(module.symbols) == {"EDITED", "B", "unsaved"}
    unsaved = module.get("unsaved")
    assert unsaved is not None and unsaved.path == tmp_path / "new.bal"
    assert index.module(tmp_path, dict(overlays)) is module
    # Closing the editor buffers brings back what is on disk.
    assert set(index.module(tmp_path).symbols) == {"A", "B"}


def test_relative_and_absolute_paths_share_a_cache_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"mod/a.bal": "public const A = 1;\n"})
    monkeypatch.chdir(tmp_path)
    index = SymbolIndex()
    relative = index.module(Path("mod"))
    assert index.module(tmp_path / "mod") is relative
    assert relative.module_dir == tmp_path / "mod"


def test_concurrent_first_use(tmp_path: Path) -> None:
    files = {f"f{i}.bal": f"public function fn{i}() {{}}\n" for i in range(20)}
    write_files(tmp_path, files)
    index = SymbolIndex()
    results: list[ModuleSymbols] = []
    lock = threading.Lock()

    def worker() -> None:
        module = index.module(tmp_path)
        with lock:
            results.append(module)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(set(r.symbols) == {f"fn{i}" for i in range(20)} for r in results)
    assert index.module(tmp_path) in results


LANG_INT_BAL = """\
import ballerina/jballerina.java;

# Built-in subtype that allows signed integers that can be represented in 32 bits.
@builtinSubtype
public type Signed32 int;

# Maximum value of type `int`.
public const int MAX_VALUE = 9223372036854775807;

# Returns the absolute value of an int value.
#
# + n - int value to be operated on
# + return - absolute value of parameter `n`
public isolated function abs(int n) returns int = @java:Method {
    'class: "org.ballerinalang.langlib.integer.Abs",
    name: "abs"
} external;

@typeParam
type AnyType any;
"""


def test_langlib_module_in_the_distribution(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    bala = make_bala(
        dirs.distribution,
        "ballerina",
        "lang.int",
        "0.0.0",
        modules={"lang.int": {"int.bal": LANG_INT_BAL}},
    )
    module = SymbolIndex().module(bala / "modules" / "lang.int")
    assert [s.symbol.name for s in module.public()] == ["MAX_VALUE", "Signed32", "abs"]
    abs_ = module.get("abs")
    assert abs_ is not None
    assert abs_.symbol.signature == "public isolated function abs(int n) returns int"
    assert abs_.symbol.detail == "int"
    assert abs_.symbol.doc is not None
    assert abs_.symbol.doc.returns == "absolute value of parameter `n`"
    any_type = module.get("AnyType")
    assert any_type is not None and not any_type.symbol.public
    assert module.closest_public("ab") == ["abs"]
