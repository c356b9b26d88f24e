"""quick_loads answers exactly as tomllib does, or not at all."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from balmod.manifest import quick_toml
from balmod.manifest.document import HEADER_LINE
from balmod.manifest.quick_toml import quick_loads, quick_loads_many
from builders import render_dependencies_toml

ROOT = Path(__file__).resolve().parents[2]


def tomllib_says(text: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def agrees(text: str) -> None:
    quick = quick_loads(text)
    if quick is not None:
        assert quick == tomllib_says(text), text


def bodies(text: str) -> list[str]:
    """The table bodies of a manifest, as the chunked reading cuts them."""
    starts = [m.start() for m in HEADER_LINE.finditer(text)]
    bounds = [*starts, len(text)]
    found = [text[: bounds[0]]]
    for start, end in zip(starts, bounds[1:], strict=True):
        line_end = text.find("\n", start, end)
        found.append("" if line_end < 0 else text[line_end + 1 : end])
    return found


def test_real_manifest_tables_are_plain() -> None:
    texts = [
        (ROOT / "examples" / "hello_world" / "Dependencies.toml").read_text(),
        render_dependencies_toml(
            [
                {
                    "org": "ballerina",
                    "name": "http",
                    "version": "2.16.4",
                    "scope": "testOnly",
                    "transitive": False,
                    "dependencies": [{"org": "ballerina", "name": "io"}],
                    "modules": [{"org": "ballerina", "packageName": "http", "moduleName": "http"}],
                }
            ]
        ),
    ]
    for text in texts:
        for body in [*bodies(text), *bodies(text.replace("\n", "\r\n"))]:
            assert quick_loads(body) == tomllib.loads(body), body


def test_what_is_plain() -> None:
    body = (
        "# leading comment\n"
        'org = "acme"  # trailing\n'
        "\ttransitive = true\n"
        "dependencies = [\n"
        '\t{org = "a", name = "b"},  # one\n'
        "\t# between\n"
        '\t{ org = "c" , name = "d" },\n'
        "]\n"
        'empty = []\nmixed = [true, "x", {}]\n'
        'spaced = "a b:c/d+é\t"\n'
        "true = false\n"
    )
    assert quick_loads(body) == tomllib.loads(body)
    assert quick_loads("") == {}
    assert quick_loads("# only a comment\n\n") == {}


def test_what_is_left_to_tomllib() -> None:
    for body in [
        'a = "x"\na = "y"\n',  # duplicate key
        'a = [{b = "x", b = "y"}]\n',  # duplicate key in an inline table
        "a = 1\n",  # number
        'a = "x\\ty"\n',  # escape
        "a = 'literal'\n",  # literal string
        'a = """x"""\n',  # multi-line string
        'a.b = "x"\n',  # dotted key
        '"a" = "x"\n',  # quoted key
        'a = {b = "x"}\n',  # inline table as a table's value
        'a = [{b = "x",}]\n',  # trailing comma in an inline table (invalid)
        'a = "x" b = "y"\n',  # two pairs on a line (invalid)
        'a = "x, y"\n',  # a comma in a string
        'a = "x#y"\n',  # a hash in a string
        'a = "x"\rb = "y"\n',  # a lone carriage return (invalid)
        "a = truex\n",  # invalid
        "a = [\n",  # unterminated
        'a = {b = "x",\n c = "y"}\n',  # an inline table over two lines (invalid)
        "# bad \x01 comment\n",  # a control character in a comment (invalid)
        "[table]\n",  # a header
    ]:
        assert quick_loads(body) is None, body


KEYS = ["a", "b", "org", "name", "true", "x-y_z", "9"]
STRINGS = ['""', '"x"', '"acme"', '"1.2.3-beta+b7"', '"a b"', '"é"', '"x\ty"']
GAPS = ["", " ", "\t", "\n", " \n\t", "# c\n", "\n# c\n "]


@st.composite
def plain_bodies(draw: st.DrawFn) -> str:
    """Bodies in (and, mutated, around) the plain grammar, with duplicates now and then."""

    def ws() -> str:
        return draw(st.sampled_from(["", " ", "\t", "  "]))

    def scalar() -> str:
        return draw(st.sampled_from([*STRINGS, "true", "false"]))

    def pair() -> str:
        return f"{draw(st.sampled_from(KEYS))}{ws()}={ws()}{scalar()}"

    def inline() -> str:
        pairs = [pair() for _ in range(draw(st.integers(0, 3)))]
        return "{" + ws() + f"{ws()},{ws()}".join(pairs) + ws() + "}"

    def array() -> str:
        items = [
            draw(st.one_of(st.just(scalar()), st.just(inline())))
            for _ in range(draw(st.integers(0, 3)))
        ]
        gap = draw(st.sampled_from(GAPS))
        inner = f"{gap},{draw(st.sampled_from(GAPS))}".join(items)
        trailing = draw(st.sampled_from(["", ",", f",{gap}"])) if items else ""
        return f"[{draw(st.sampled_from(GAPS))}{inner}{trailing}{gap}]"

    lines = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["pair", "array", "blank", "comment"]))
        if kind == "blank":
            lines.append(ws())
        elif kind == "comment":
            lines.append(f"{ws()}# note = [x]")
        else:
            value = scalar() if kind == "pair" else array()
            comment = draw(st.sampled_from(["", " # c", "#c"]))
            lines.append(f"{ws()}{draw(st.sampled_from(KEYS))}{ws()}={ws()}{value}{comment}")
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + draw(st.sampled_from(["", newline]))
    # Now and then, break it: a character in, out or changed.
    for _ in range(draw(st.integers(0, 2))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from(list("\"'=,[]{}#.\\\r\n \t1ax\x01")))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert":
            text = text[:at] + junk + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + junk + text[at + 1 :]
    return text


@settings(max_examples=1500, deadline=None)
@given(plain_bodies())
@example('a = [\n\t{org = "x", name = "y"},\n]\nb = true\n')
def test_generated_bodies_agree_with_tomllib(text: str) -> None:
    agrees(text)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([*KEYS, *STRINGS, *GAPS, *"=,[]{}#'.\\\r\x7f\x00"])).map("".join))
def test_random_token_soup_agrees_with_tomllib(text: str) -> None:
    agrees(text)


@settings(max_examples=600, deadline=None)
@given(st.lists(plain_bodies(), max_size=6))
@example(['a = "x"\n', 'a = "x"\na = "y"\n', "", "b = [\n", 'c = [{d = "e"}]'])
def test_many_bodies_read_together_as_one_by_one(texts: list[str]) -> None:
    together = quick_loads_many(texts)
    assert together == [quick_loads(text) for text in texts]
    for text, data in zip(texts, together, strict=True):
        if data is not None:
            assert data == tomllib_says(text), text


def test_many_bodies_with_the_usual_and_odd_spacing() -> None:
    usual = ['org = "a"\nname = "b"\ndependencies = [\n\t{org = "c", name = "d"}\n]\n'] * 3
    odd = 'org  =  "a"\nx\t= true\n'
    texts = [*usual, odd, 'org = "a"\norg = "b"\n', "k = 1\n"]
    found = quick_loads_many(texts)
    assert found[:4] == [tomllib.loads(text) for text in texts[:4]]
    assert found[4:] == [None, None]  # a duplicate key, and a number: tomllib's to read
    assert found[0] is not found[1]  # each body gets its own objects


def test_generated_bodies_are_often_plain() -> None:
    # The generator above must exercise the fast reading, not only its refusals.
    seen = {"plain": 0, "left": 0}

    @settings(max_examples=300, deadline=None)
    @given(plain_bodies())
    def count(text: str) -> None:
        seen["plain" if quick_loads(text) is not None else "left"] += 1

    count()
    assert seen["plain"] >= 60 and seen["left"] >= 30, seen


def test_a_batch_json_refuses_is_read_one_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # No plain body is known to make JSON fail; should one, the others are still read.
    real = quick_toml._JSON

    class Picky(json.JSONDecoder):
        def decode(self, s: str, *args: Any, **kwargs: Any) -> Any:
            if '"bad"' in s:
                raise ValueError("refused")
            return real.decode(s)

    monkeypatch.setattr(quick_toml, "_JSON", Picky())
    texts = ['a = "ok"\n', 'a = "bad"\n', "b = true\n"]
    assert quick_loads_many(texts) == [{"a": "ok"}, None, {"b": True}]
