"""scan_body scans top-level declarations one by one and remembers them; the result must be
exactly what one pass over the whole text gives, whatever the text and its history."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balmod.syntax import body_chunks
from balmod.syntax.body_chunks import cut_body
from balmod.syntax.qualified import QualifiedRef, _scan_whole, scan_body
from balmod.text import Span


@pytest.fixture(autouse=True)
def forget(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with nothing remembered, and short texts are cut into chunks too."""
    monkeypatch.setattr(body_chunks, "CHUNKED_FROM", 0)
    body_chunks._cache.clear()
    body_chunks._recent.clear()
    yield
    body_chunks._cache.clear()
    body_chunks._recent.clear()


def same_as_one_pass(text: str, start: int = 0) -> None:
    assert scan_body(text, start) == _scan_whole(text, start)


REALISTIC = """\
// Orders service.

import ballerina/http;
import ballerina/io;
import ballerina/log;
import acme/payments as pay;

xmlns "http://example.com/orders" as ord;

configurable int port = 9090;

final http:Client backend = check new ("http://localhost:8080", {timeout: 10});

# An order.
#
# + id - the identifier
public type Order record {|
    string id;
    pay:Amount amount;
    map<string> tags = {};
|};

# Looks an order up.
#
# + id - the identifier
# + return - the order, or an error
function findOrder(string id) returns Order|error {
    io:println("finding ", id);
    json payload = check backend->get(string `/orders/${id}?full=${true}`);
    Order result = check payload.cloneWithType();
    string label = result.amount.value > 10d ? "large" : "small";
    string short = id.length() > 3?id:label;
    map<json> summary = {id: result.id, label: label, "kind":pay:KIND, nested: {a:b}};
    log:printInfo("found", id = id, summary = summary);
    return result;
}

@http:ServiceConfig {cors: {allowOrigins: ["*"]}}
service /orders on new http:Listener(port) {

    resource function get [string id]() returns Order|http:NotFound {
        Order|error found = findOrder(id);
        if found is error {
            return http:NOT_FOUND;
        }
        xml note = xml `<ord:note>${found.id}</ord:note>`;
        string text = string `Order ${id}:
function inside:template ${pay:format(found.amount)}

type notCode:either`;
        return found;
    }
}

// A comment with a:b in it.
function total(Order[] orders) returns decimal {
    decimal sum = 0;
    foreach Order o in orders {
        sum += pay:value(o.amount);
    }
    return sum;
}
"""

SNIPPETS = [
    "e", "x", "io:", "pay:value", ":", "?", " ? ", "{", "}", "`", "${", '"', "'", "//", "#",
    "\n", "\n\n", "\r\n", "\n\nfunction f() {\n", "\n\n// c\n{a:b}\n", "\n\n@a:b\n",
    "\n\ntype T record {| x:Y y; |};\n", "xmlns \"u\" as io;", "{a:b, c:d}", "c?a:b",
    "int? x = ()", "\n\npublic ", "x.<ns:tag>", "\t", "é",
]  # fmt: skip

DECLARATIONS = [
    'function main() {\n    io:println("a:b");\n    x = {k: v, a:b};\n}',
    "# Doc with a:b.\npublic function f(int? x) returns error? {\n    check pay:run(x?a:b);\n}",
    "// comment a:b\n{a:b}",
    "// only comments\n// more",
    "@http:ServiceConfig {cors: {a:b}}\nservice / on new http:Listener(9) {\n    resource function get x() {}\n}",
    "type T record {|\n    pay:Amount a;\n|};",
    "string s = `template\n\nfunction in:template ${io:x(`inner\n\ntype a:b`)}\n`;",
    "const C = c ? a",
    ": b;",
    'xmlns "urn:x" as ns;',
    "x = ns:tag;",
    "function broken() {\n    if x {\n        io:println(",
    "}",
    "int? y = c?\n",
    "public type E enum { A, B }",
    "final map<int> m = {\n    // c\n    a:b\n};",
    "string t = `unterminated",
    "function g() returns int {\n    return c?a:b;\n}",
]

SEPARATORS = ["\n\n", "\n", "\n\n\n", "\r\n\r\n", "\r\r", "\n\n  ", ""]


@st.composite
def ballerina_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(DECLARATIONS), min_size=1, max_size=12))
    out = ""
    for part in parts:
        out += part + draw(st.sampled_from(SEPARATORS))
    return out


@settings(max_examples=400, deadline=None)
@given(ballerina_like(), st.integers(min_value=-2, max_value=200))
@example("// c\n\n// d\n{a:b}\n\nfunction f() {}\n", 0)
@example("x = c ?\n\nfunction a:b() {}\n", 0)
@example("string s = `\n\nfunction a:b`;\n\nfunction c:d() {}\n", 0)
@example("{\n\nfunction a:b() {}\n}\n\nfunction c:d() {}\n", 0)
def test_generated_texts_scan_as_in_one_pass(text: str, start: int) -> None:
    same_as_one_pass(text, start)
    same_as_one_pass(text, start)  # and again, from what was remembered


@st.composite
def edits(draw: st.DrawFn) -> list[tuple[float, int, str]]:
    return draw(
        st.lists(
            st.tuples(
                st.floats(min_value=0, max_value=1),
                st.integers(min_value=0, max_value=4),
                st.sampled_from(SNIPPETS),
            ),
            min_size=1,
            max_size=25,
        )
    )


def apply(text: str, edit: tuple[float, int, str]) -> str:
    where, deleted, inserted = edit
    at = int(where * len(text))
    return text[:at] + inserted + text[at + deleted :]


@settings(max_examples=150, deadline=None)
@given(edits(), st.sampled_from([0, 10, REALISTIC.index("xmlns")]))
def test_random_edits_of_a_realistic_file_scan_as_in_one_pass(
    changes: list[tuple[float, int, str]], start: int
) -> None:
    text = REALISTIC
    same_as_one_pass(text, start)
    for change in changes:
        text = apply(text, change)
        same_as_one_pass(text, start)


@settings(max_examples=60, deadline=None)
@given(edits())
def test_edits_undone_step_by_step_scan_as_in_one_pass(
    changes: list[tuple[float, int, str]],
) -> None:
    versions = [REALISTIC]
    for change in changes:
        versions.append(apply(versions[-1], change))
    for text in [*versions, *reversed(versions)]:
        same_as_one_pass(text)


def test_two_documents_edited_in_turn() -> None:
    other = REALISTIC.replace("acme/payments as pay", "acme/billing as pay")
    texts = [REALISTIC, other]
    for step in range(40):
        index = step % 2
        at = 400 + 37 * step % (len(texts[index]) - 400)
        texts[index] = texts[index][:at] + "q" + texts[index][at:]
        same_as_one_pass(texts[index], 10)


def test_a_realistic_file_is_cut_at_its_declarations() -> None:
    start = REALISTIC.index("xmlns")  # the imports are not part of the body
    cut = cut_body(REALISTIC, start)
    begins = [REALISTIC[c.begin : c.begin + 12] for c in cut.chunks]
    assert begins == [
        "// Orders se",
        "configurable",
        "final http:C",
        "# An order.\n",
        "# Looks an o",
        "@http:Servic",
        "// A comment",
    ]
    assert all(c._placed.clean for c in cut.chunks)


def test_a_template_across_declarations_makes_one_chunk() -> None:
    text = "string s = `a\n\nfunction x:y() {}\n\n`;\n\nfunction f() { io:println(); }\n"
    cut = cut_body(text, 0)
    assert [(c.begin, c.end) for c in cut.chunks] == [
        (0, text.index("function f")),
        (
            text.index("function f"),
            len(text),
        ),
    ]
    same_as_one_pass(text)


def test_a_brace_after_comments_is_scanned_with_the_declaration_before() -> None:
    # Whether `{` opens a mapping depends on what precedes it, behind the comment.
    text = "x = 1;\n\n// c\n{a:b}\n"
    assert scan_body(text) == _scan_whole(text)
    assert len(cut_body(text, 0).chunks) == 1


def test_an_edit_reuses_what_it_did_not_touch() -> None:
    first = cut_body(REALISTIC, 0)
    at = REALISTIC.index("sum += ")
    edited = REALISTIC[:at] + "e" + REALISTIC[at:]
    second = cut_body(edited, 0)
    assert second.chunks[:-1] == first.chunks[:-1]
    assert second.chunks[-1]._placed is not first.chunks[-1]._placed
    # What later stages keep with an untouched piece is there for the edited text too.
    first.chunks[0].memo["stage"] = "kept"
    assert second.chunks[0].memo == {"stage": "kept"}
    assert second.chunks[-1].memo == {}
    same_as_one_pass(edited)


def test_an_edit_moves_the_references_after_it() -> None:
    scan_body(REALISTIC)
    original = _scan_whole(REALISTIC).refs
    # Forward, back (from where the chunks were last found), and forward again.
    for added in ("xy", "x", "xyz"):
        n = len(added)
        moved = scan_body(added + REALISTIC).refs
        assert moved == tuple(
            QualifiedRef(
                r.prefix,
                r.name,
                Span(r.prefix_span.start + n, r.prefix_span.end + n),
                Span(r.name_span.start + n, r.name_span.end + n),
                r.certain,
            )
            for r in original
        )
        assert [r.span.slice(added + REALISTIC) for r in moved] == [
            r.span.slice(REALISTIC) for r in original
        ]


def test_crlf_and_cr_line_breaks() -> None:
    for line_break in ("\r\n", "\r"):
        text = REALISTIC.replace("\n", line_break)
        same_as_one_pass(text)
        same_as_one_pass(text[:500] + "e" + text[500:])
    assert len(cut_body(REALISTIC.replace("\n", "\r\n"), 0).chunks) > 1


def test_many_chunks_are_remembered_up_to_a_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_chunks, "MAX_CACHED_CHUNKS", 5)
    for index in range(20):
        same_as_one_pass(REALISTIC.replace("Orders", f"Orders{index}"))
    assert len(body_chunks._cache) == 5
    assert len(body_chunks._recent) <= body_chunks.MAX_RECENT_TEXTS


@given(st.text(alphabet="ab\n", max_size=3000), st.text(alphabet="ab\n", max_size=3000))
@example("a" * 2000 + "b", "a" * 2000 + "c")
def test_common_prefix_and_suffix(a: str, b: str) -> None:
    prefix = body_chunks._common_prefix(a, b)
    assert a[:prefix] == b[:prefix]
    assert prefix == min(len(a), len(b)) or a[prefix] != b[prefix]
    limit = min(len(a), len(b)) - prefix
    suffix = body_chunks._common_suffix(a, b, limit)
    assert suffix <= limit
    assert a[len(a) - suffix :] == b[len(b) - suffix :]
    assert suffix == limit or a[len(a) - suffix - 1] != b[len(b) - suffix - 1]


def test_a_short_text_is_cut_only_once_it_is_edited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(body_chunks, "CHUNKED_FROM", len(REALISTIC) + 100)
    assert len(cut_body(REALISTIC, 0).chunks) == 1
    assert body_chunks._cache == {}
    edited = REALISTIC.replace("sum += ", "sum -= ")
    assert len(cut_body(edited, 0).chunks) > 1
    same_as_one_pass(edited)
    same_as_one_pass(REALISTIC + "\n\nfunction f() { io:println(); }\n")


def test_an_undone_edit_gives_back_the_same_scan() -> None:
    first = scan_body(REALISTIC)
    scan_body(REALISTIC.replace("sum += ", "sum -= "))
    again = scan_body(REALISTIC)
    assert again == first
    assert all(a is b for a, b in zip(again.refs, first.refs, strict=True))


def test_threads_scanning_at_once_get_the_one_pass_result() -> None:
    texts = [REALISTIC.replace("sum += ", f"sum += {i} + ") for i in range(6)]
    expected = [_scan_whole(text) for text in texts]
    failures: list[int] = []

    def work(index: int) -> None:
        for round_ in range(30):
            text = texts[(index + round_) % len(texts)]
            if scan_body(text) != expected[(index + round_) % len(texts)]:
                failures.append(index)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
