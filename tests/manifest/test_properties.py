"""Properties over generated text: nothing raises, spans stay in the text, and for valid
documents every located value reads back as tomllib's and tomlkit's value at its path."""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from typing import Any

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balmod.manifest import (
    check_ballerina_toml,
    check_dependencies_toml,
    locate,
    parse_ballerina_toml,
    parse_dependencies_toml,
)
from balmod.manifest.document import parse_toml
from balmod.manifest.keypath import KeyPath
from balmod.manifest.locator import NodeKind, locate_window

from .helpers import toml_value

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- arbitrary and almost-TOML text -------------------------------------------------------

FRAGMENTS = [
    "[",
    "]",
    "[[",
    "]]",
    "[package]",
    "[[package]]",
    "[[dependency]]",
    "[ballerina]",
    'dependencies-toml-version = "2"',
    "org",
    "name",
    "version",
    " = ",
    "=",
    ".",
    ",",
    '"',
    "'",
    '"""',
    "'''",
    "{",
    "}",
    "#",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "\\",
    "1",
    "1.0.0",
    '"ballerina"',
    '"1.2.3"',
    "true",
    "1979-05-27",
    "07:32:00",
    "dependencies = [",
    '{org = "a", name = "b"}',
    "modules",
    "é",
    "😀",
    "\x00",
    "\ufeff",
]

almost_toml = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=200), almost_toml)


def inside(span_start: int, span_end: int, text: str) -> bool:
    return 0 <= span_start <= span_end <= len(text)


@SETTINGS
@given(any_text)
def test_the_locator_never_raises_and_stays_in_the_text(text: str) -> None:
    found = locate(text)
    for node in found:
        for span in (node.key, node.value):
            if span is not None:
                assert inside(span.start, span.end, text)
    for statement in found.statements:
        assert inside(statement.span.start, statement.span.end, text)
    if found.error is not None:
        assert 0 <= found.error.offset <= len(text)


@SETTINGS
@given(any_text)
def test_checks_and_models_never_raise_and_stay_in_the_text(text: str) -> None:
    for check in (check_ballerina_toml, check_dependencies_toml):
        findings = check(text)
        for finding in findings:
            assert inside(finding.span.start, finding.span.end, text)
        if findings and findings[0].data.get("stage") == "syntax":
            assert len(findings) == 1
    parse_ballerina_toml(text)
    parse_dependencies_toml(text)


@SETTINGS
@given(any_text)
def test_chunked_parsing_agrees_with_tomllib(text: str) -> None:
    parsed = parse_toml(text)
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert parsed.data is None and parsed.error is not None
        assert 0 <= parsed.error.offset <= len(text)
        return
    assert parsed.error is None and parsed.data == expected


# --- valid documents, written in many ways ------------------------------------------------

key_names = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True),
    st.text(
        st.characters(codec="utf-8", exclude_categories=["Cc"]), min_size=0, max_size=6
    ),  # quoted keys: dots, spaces, unicode, empty
)
plain_text = st.text(st.characters(codec="utf-8"), max_size=12)
scalars = st.one_of(
    plain_text,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(datetime.UTC)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(key_names, inner, max_size=3),
    ),
    max_leaves=6,
)
documents = st.recursive(
    st.dictionaries(key_names, values, max_size=4),
    lambda inner: st.dictionaries(
        key_names, st.one_of(values, inner, st.lists(inner, min_size=1, max_size=2)), max_size=4
    ),
    max_leaves=12,
)
BARE = re.compile(r"[A-Za-z0-9_-]+")


class Writer:
    """Writes a document as TOML, choosing among the forms TOML allows at each step."""

    def __init__(self, choices: st.DataObject) -> None:
        self.draw = choices.draw
        self.lines: list[str] = []

    def pick(self, *options: str) -> str:
        return self.draw(st.sampled_from(options))

    def key(self, name: str) -> str:
        if BARE.fullmatch(name) and self.pick("bare", "bare", "quoted") == "bare":
            return name
        if "'" not in name and self.pick("basic", "literal") == "literal":
            return f"'{name}'"
        return _basic(name)

    def string(self, value: str) -> str:
        kind = self.pick("basic", "literal", "multi-basic", "multi-literal")
        printable = not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", value)
        if kind == "literal" and printable and "'" not in value:
            return f"'{value}'"
        multi_literal_safe = not re.search(r"[\x00-\x08\x0b-\x1f\x7f']", value)
        if kind == "multi-literal" and multi_literal_safe and not value.startswith("\n"):
            return f"'''{value}'''"
        if kind == "multi-basic":
            body = _basic(value)[1:-1].replace("\\n", "\n")
            if body.startswith("\n"):
                body = "\\n" + body[1:]
            return f'"""{body}"""'
        return _basic(value)

    def value(self, value: Any, depth: int = 0) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return self.pick(str(value), f"{value:_}") if value >= 0 else str(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                return {float("inf"): "inf", float("-inf"): "-inf"}.get(value, "nan")
            return repr(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, datetime.datetime):
            return value.isoformat().replace("+00:00", self.pick("Z", "+00:00"))
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, list):
            if not value:
                return "[]"
            if self.pick("flat", "lines") == "flat":
                return "[" + ", ".join(self.value(v, depth + 1) for v in value) + "]"
            indent = "  " * (depth + 1)
            items = [f"{indent}{self.value(v, depth + 1)},  # item" for v in value]
            return "[\n" + "\n".join(items) + "\n" + "  " * depth + "]"
        assert isinstance(value, dict)
        inner = ", ".join(f"{self.key(k)} = {self.value(v, depth)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"

    def table(self, header: list[str], table: dict[str, Any]) -> None:
        later: list[tuple[list[str], Any, bool]] = []
        for name, value in table.items():
            key = self.key(name)
            if isinstance(value, dict) and self.pick("header", "dotted", "inline") != "inline":
                if self.pick("header", "dotted") == "header" or not value:
                    later.append(([*header, key], value, False))
                    continue
                self.dotted([key], value)
            elif (
                isinstance(value, list)
                and value
                and all(isinstance(v, dict) for v in value)
                and self.pick("array-of-tables", "inline") == "array-of-tables"
            ):
                later.append(([*header, key], value, True))
            else:
                space = self.pick(" = ", "=", "  =\t")
                self.lines.append(f"{key}{space}{self.value(value)}" + self.pick("", " # note"))
        for path, value, is_array in later:
            if is_array:
                for element in value:
                    self.lines.append(self.pick("", "# next") + "")
                    self.lines.append("[[" + ".".join(path) + "]]")
                    self.table(path, element)
            else:
                self.lines.append(
                    "[" + self.pick(".", " . ").join(path) + "]" + self.pick("", " # t")
                )
                self.table(path, value)

    def dotted(self, prefix: list[str], table: dict[str, Any]) -> None:
        for name, value in table.items():
            key = [*prefix, self.key(name)]
            if isinstance(value, dict) and value and self.pick("dotted", "inline") == "dotted":
                self.dotted(key, value)
            else:
                self.lines.append(self.pick(".", " . ").join(key) + " = " + self.value(value))


def _basic(value: str) -> str:
    escaped = json.dumps(value, ensure_ascii=False)
    return escaped.replace("\x7f", "\\u007f")


def _at(data: Any, path: KeyPath) -> Any:
    for segment in path:
        data = data[segment]
    return data


def _leaves(data: Any, path: KeyPath = ()) -> list[KeyPath]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(data, list) and data:
        return [leaf for i, v in enumerate(data) for leaf in _leaves(v, (*path, i))]
    return [path]


@SETTINGS
@given(documents, st.data(), st.sampled_from(["\n", "\r\n"]))
def test_every_located_value_reads_back_as_tomllibs_value(
    document: dict[str, Any], choices: st.DataObject, newline: str
) -> None:
    writer = Writer(choices)
    writer.table([], document)
    text = newline.join(writer.lines) + newline
    expected = tomllib.loads(text)  # the writer only writes valid TOML
    by_tomlkit = tomlkit.parse(text).unwrap()

    found = locate(text)
    assert found.error is None
    for node in found:
        if node.kind in (NodeKind.VALUE, NodeKind.MEMBER, NodeKind.ITEM):
            assert node.value is not None
            written = text[node.value.start : node.value.end]
            assert toml_value(written) == _at(expected, node.path), (node.path, written)
            assert toml_value(written) == _at(by_tomlkit, node.path), (node.path, written)
    for leaf in _leaves(expected):
        if leaf:
            assert found.nearest(leaf) is not None
            assert found.get(leaf) is not None or _at(expected, leaf) in ({}, []), leaf

    parsed = parse_toml(text)
    assert parsed.data == expected
    for chunk in parsed.chunks:
        # Locating one chunk on its own gives what the whole scan gives for it.
        for node in locate_window(text, chunk.start, chunk.end, chunk.path):
            if node.kind not in (NodeKind.IMPLICIT, NodeKind.ARRAY_OF_TABLES):
                assert found.get(node.path) == node, node.path
    for check in (check_ballerina_toml, check_dependencies_toml):
        for finding in check(text):
            assert finding.data.get("stage") != "syntax"
            assert inside(finding.span.start, finding.span.end, text)


manifest_names = st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z][a-z0-9_]{0,5})?", fullmatch=True)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            manifest_names,
            st.from_regex(r"(0|[1-9][0-9]?)\.(0|[1-9])\.(0|[1-9])", fullmatch=True),
            st.lists(manifest_names, max_size=3),
        ),
        max_size=8,
        unique_by=lambda package: package[0],
    ),
)
def test_generated_dependencies_files_model_and_check_consistently(
    packages: list[tuple[str, str, list[str]]],
) -> None:
    names = {name for name, _, _ in packages}
    blocks = ['[ballerina]\ndependencies-toml-version = "2"\n']
    for name, version, deps in packages:
        block = f'[[package]]\norg = "o"\nname = "{name}"\nversion = "{version}"\n'
        if deps:
            block += (
                "dependencies = [\n"
                + ",\n".join(f'\t{{org = "o", name = "{d}"}}' for d in deps)
                + "\n]\n"
            )
        block += f'modules = [\n\t{{org = "o", packageName = "{name}", moduleName = "{name}"}}\n]\n'
        blocks.append(block)
    text = "\n".join(blocks)
    manifest = parse_dependencies_toml(text)
    assert [p.key for p in manifest.packages] == [("o", name) for name, _, _ in packages]
    for package, (name, version, deps) in zip(manifest.packages, packages, strict=True):
        assert (
            package.name is not None
            and text[package.name.span.start : package.name.span.end] == f'"{name}"'
        )
        assert package.version is not None and package.version.value == version
        assert [d.name.value for d in package.dependencies if d.name] == deps
    unlisted = sorted(d for _, _, deps in packages for d in deps if d not in names)
    findings = check_dependencies_toml(text)
    assert all(f.code == "BMD1003" for f in findings)
    assert sorted(re.findall(r"'o/([^']+)' of", " ".join(f.message for f in findings))) == unlisted
