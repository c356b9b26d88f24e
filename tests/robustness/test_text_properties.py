"""Every text-facing core function on hostile text, and manifest models read back.

tests/syntax and tests/manifest already fuzz each function with short generated text. This
file adds what they do not: huge lines and huge files of one pathological character
sequence each (unbalanced braces and quotes, NUL, lone CRs, Unicode line separators,
hundreds of thousands of imports), the dotted keys that made TOML readers take minutes,
and, for generated valid manifests, every field of the model read back from its span.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balmod.manifest import (
    check_ballerina_toml,
    check_dependencies_toml,
    locate,
    parse_ballerina_toml,
    parse_dependencies_toml,
    set_value,
)
from balmod.manifest.document import parse_toml
from balmod.manifest.edit import ManifestEditError
from balmod.manifest.locator import MAX_KEY_PARTS, OVERLONG_KEY
from balmod.manifest.model import Field
from balmod.syntax.imports import parse_imports
from balmod.syntax.qualified import scan_body
from balmod.syntax.symbols import extract_symbols
from balmod.text import Span

N = 200_000  # characters: big enough that anything quadratic shows, small enough for CI

PATHOLOGICAL = {
    "one long identifier after import": "import " + "a" * N,
    "an import of a thousand dotted parts": "import a/" + ".b" * 1000 + ";",
    "twenty thousand imports": "import a/b;\n" * 20_000 + "public function main() {}\n",
    "CRLF imports without a last line break": "import a/b;\r\n" * 10_000 + "x",
    "lone CRs": "import a/b;\r" * 10_000,
    "open braces": "{" * N,
    "close braces": "}" * N,
    "double quotes": '"' * N,
    "open templates": "`${" * (N // 3),
    "colons": "a:" * (N // 2),
    "NULs": "\x00" * N,
    "line and paragraph separators": "import a/b;\u2028x:y\u2029\x85\x0c" * (N // 20),
    "a byte-order mark in every line": "\ufeffimport a/b;\n" * 10_000,
    "comment markers": "#//" * (N // 3),
    "conditionals": "a ? b : c " * (N // 10),
    "open brackets": "[" * N,
    "open declarations": "public function f() {\n" * 10_000,
    "a long line of an unterminated string": 'x = "' + "y" * N,
    "emoji and CJK": "😀漢字é:" * (N // 5),
}


def assert_within(text: str, *spans: Span | None) -> None:
    for span in spans:
        if span is not None:
            assert 0 <= span.start <= span.end <= len(text)


def check_imports(text: str) -> None:
    section = parse_imports(text)
    assert 0 <= section.end <= len(text)
    for decl in section.imports + section.late_imports:
        assert text.startswith("import", decl.span.start)
        assert_within(text, decl.span, *(e.span for e in decl.errors))
        for name in (decl.org, decl.prefix, *decl.module):
            if name is not None:
                assert decl.span.start <= name.span.start <= name.span.end <= decl.span.end


def check_symbols(text: str) -> None:
    for symbol in extract_symbols(text):
        assert_within(text, symbol.span, symbol.name_span)
        assert symbol.span.start <= symbol.name_span.start <= symbol.name_span.end


def check_body(text: str) -> None:
    for ref in scan_body(text).refs:
        assert_within(text, ref.prefix_span, ref.name_span)
        assert text[ref.prefix_span.end] == ":"


def check_toml(text: str) -> None:
    found = locate(text)
    for node in found:
        assert_within(text, node.key, node.value)
    if found.error is not None:
        assert 0 <= found.error.offset <= len(text)
    for finding in check_ballerina_toml(text) + check_dependencies_toml(text):
        assert_within(text, finding.span)
    parse_ballerina_toml(text)
    parse_dependencies_toml(text)


CHECKS: dict[str, Callable[[str], None]] = {
    "imports": check_imports,
    "symbols": check_symbols,
    "qualified": check_body,
    "toml": check_toml,
}


@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_never_raises_and_spans_stay_inside(
    text: str, check: Callable[[str], None]
) -> None:
    check(text)


@pytest.mark.parametrize(
    "text",
    [
        "a" + ".a" * 100_000 + " = 1\n",
        "[" + "t." * 100_000 + "t]\nx = 1\n",
        "[package]\nx = {" + "a." * 100_000 + "a = 1}\n",
        '[package]\norg = "acme"\n\n[[dependency]]\n' + "k" + ".k" * 50_000 + ' = "v"\n',
    ],
    ids=["top level", "header", "inline table", "late in the file"],
)
def test_a_key_of_a_hundred_thousand_parts_is_an_error_not_a_hang(text: str) -> None:
    # tomllib alone takes minutes here (its time grows with the square of the parts).
    parsed = parse_toml(text)
    assert parsed.data is None and parsed.error is not None
    assert parsed.error.message == OVERLONG_KEY
    assert text[parsed.error.offset] in "akt"
    assert locate(text).error is not None and locate(text).error.message == OVERLONG_KEY
    for check in (check_ballerina_toml, check_dependencies_toml):
        (finding,) = check(text)
        assert OVERLONG_KEY in finding.message
    with pytest.raises(ManifestEditError, match="dotted parts"):
        set_value(text, "package.org", "x")


def test_long_dotted_runs_in_strings_and_short_keys_are_still_read() -> None:
    dotted = ".".join(["w"] * (MAX_KEY_PARTS * 2))
    key = ".".join(["k"] * MAX_KEY_PARTS)  # exactly the limit
    text = f'description = "{dotted}"\n# {dotted}\n{key} = 1\n'
    assert parse_toml(text).data == tomllib.loads(text)
    assert locate(text).error is None


# --- generated valid manifests: every model field reads back from its span -----------------

plain = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
any_string = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=10)


def toml_string(draw: st.DrawFn, value: str) -> str:
    """``value`` written as one of TOML's string forms that can hold it."""
    forms = ["basic"]
    if "'" not in value and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        forms.append("literal")
    form = draw(st.sampled_from(forms))
    if form == "literal":
        return f"'{value}'"
    # JSON escapes control characters as \u00XX, which TOML reads the same way.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def key_value(draw: st.DrawFn, key: str, value: str | bool, newline: str) -> str:
    written = (
        ("true" if value else "false") if isinstance(value, bool) else toml_string(draw, value)
    )
    space = draw(st.sampled_from([" = ", "=", "  =\t"]))
    comment = draw(st.sampled_from(["", "  # note"]))
    return f"{key}{space}{written}{comment}{newline}"


@st.composite
def ballerina_tomls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [f"# a manifest{newline}", "[package]" + newline]
    package: dict[str, Any] = {}
    for key in ("org", "name", "version", "distribution", "repository"):
        if draw(st.booleans()):
            package[key] = draw(st.one_of(plain, any_string))
            lines.append(key_value(draw, key, package[key], newline))
    modules = []
    for _ in range(draw(st.integers(0, 2))):
        module: dict[str, Any] = {}
        lines.append(f"{newline}[[package.modules]]{newline}")
        for key in ("name", "readme", "description"):
            if draw(st.booleans()):
                module[key] = draw(any_string)
                lines.append(key_value(draw, key, module[key], newline))
        if draw(st.booleans()):
            module["export"] = draw(st.booleans())
            lines.append(key_value(draw, "export", module["export"], newline))
        modules.append(module)
    if modules:
        package["modules"] = modules
    dependencies = []
    for _ in range(draw(st.integers(0, 3))):
        entry = {key: draw(any_string) for key in ("org", "name", "version") if draw(st.booleans())}
        for key in ("repository", "path"):
            if draw(st.booleans()):
                entry[key] = draw(any_string)
        lines.append(f"{newline}[[dependency]]{newline}")
        lines.extend(key_value(draw, k, v, newline) for k, v in entry.items())
        dependencies.append(entry)
    data: dict[str, Any] = {"package": package}
    if dependencies:
        data["dependency"] = dependencies
    return "".join(lines), data


def read_back(text: str, field: Field[Any] | None, expected: Any) -> None:
    if expected is None:
        assert field is None
        return
    assert field is not None
    assert tomllib.loads("v = " + field.span.slice(text))["v"] == expected == field.value
    if field.key_span is not None:
        assert field.key_span.end <= field.span.start


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(ballerina_tomls())
def test_every_ballerina_toml_field_reads_back_from_its_span(
    generated: tuple[str, dict[str, Any]],
) -> None:
    text, data = generated
    assert tomllib.loads(text) == data  # the generator writes what it means
    manifest = parse_ballerina_toml(text)
    assert manifest.syntax_error is None
    package = data["package"]
    assert manifest.package is not None
    for key in ("org", "name", "version", "distribution", "repository"):
        read_back(text, getattr(manifest.package, key), package.get(key))
    assert len(manifest.modules) == len(package.get("modules", []))
    for entry, module in zip(manifest.modules, package.get("modules", []), strict=True):
        for key in ("name", "readme", "description", "export"):
            read_back(text, getattr(entry, key), module.get(key))
    assert len(manifest.dependencies) == len(data.get("dependency", []))
    for dependency, written in zip(manifest.dependencies, data.get("dependency", []), strict=True):
        for key in ("org", "name", "version", "repository", "path"):
            read_back(text, getattr(dependency, key), written.get(key))
        assert text[dependency.header.start : dependency.header.end] == "dependency"


@st.composite
def dependencies_tomls(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    lines = [f'[ballerina]{newline}dependencies-toml-version = "2"{newline}']
    packages = []
    for _ in range(draw(st.integers(0, 4))):
        package: dict[str, Any] = {
            key: draw(st.one_of(plain, any_string)) for key in ("org", "name", "version")
        }
        lines.append(f"{newline}[[package]]{newline}")
        lines.extend(key_value(draw, k, v, newline) for k, v in package.items())
        if draw(st.booleans()):
            package["dependencies"] = [
                {"org": draw(any_string), "name": draw(any_string)}
                for _ in range(draw(st.integers(0, 3)))
            ]
            items = [
                "{org = "
                + toml_string(draw, d["org"])
                + ", name = "
                + toml_string(draw, d["name"])
                + "}"
                for d in package["dependencies"]
            ]
            separator = draw(st.sampled_from([", ", f",{newline}\t"]))
            lines.append(f"dependencies = [{separator.join(items)}]{newline}")
        packages.append(package)
    return "".join(lines), packages


@SETTINGS
@given(dependencies_tomls())
def test_every_dependencies_toml_field_reads_back_from_its_span(
    generated: tuple[str, list[dict[str, Any]]],
) -> None:
    text, packages = generated
    assert tomllib.loads(text).get("package", []) == packages
    manifest = parse_dependencies_toml(text)
    assert manifest.syntax_error is None
    assert len(manifest.packages) == len(packages)
    for entry, package in zip(manifest.packages, packages, strict=True):
        for key in ("org", "name", "version"):
            read_back(text, getattr(entry, key), package[key])
        refs = package.get("dependencies", [])
        assert len(entry.dependencies) == len(refs)
        for ref, written in zip(entry.dependencies, refs, strict=True):
            read_back(text, ref.org, written["org"])
            read_back(text, ref.name, written["name"])
            assert ref.org is not None and ref.span.start <= ref.org.span.start
            assert ref.org.span.end <= ref.span.end
