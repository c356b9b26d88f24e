"""Every edit balmod proposes changes only its target, and leaves a file that still parses.

For generated `.bal` files (imports resolvable, misspelled, duplicated, unused, with code
sharing their lines; bodies using bound, unbound and predeclared prefixes; every line-break
style): every quick fix (`fixes_for`), "remove all unused", "organize imports", and the
import line that completion of a not-yet-imported module brings along. For generated
manifests: `set_value`, `remove_array_item` and `append_table`, the edits the manifest
code actions are built from.

"Changes only its target": an import edit touches only the import section, and the body
after it is byte for byte what it was (so are its `prefix:name` uses); a "did you mean"
touches only the misspelled name; a manifest edit changes only the value, item or table
it names (the data read back is the old data with that change, and the text around the
minimal edit is unchanged). "Still parses": no import syntax error appears, and a manifest
stays valid TOML.
"""

from __future__ import annotations

import re
import tomllib
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from balmod.analysis.completion import CandidateKind, complete
from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.analysis.fixes import Fix, fixes_for, organize, remove_all_unused
from balmod.edits import TextEdit, apply_edits
from balmod.manifest import append_table, locate, remove_array_item, set_value, text_edit
from balmod.syntax.imports import parse_imports
from balmod.syntax.qualified import scan_body
from balmod.text import Span
from builders import make_bala, make_dirs, make_langlibs, make_package

SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

IMPORTS = [
    "import ballerina/io;",
    "import ballerina/http;",
    "import ballerina/log as logger;",
    "import ballerina/io as _;",
    "import ballerinax/mysql;",
    "import ballerina/htpp;",  # misspelled module
    "import ballerin/io;",  # misspelled org
    "import app.util;",  # a module of the package
    "import app.utl;",  # misspelled module of the package
    "import ballerina/lang.'int as ints;",
    "import ballerina/io;",  # a duplicate when drawn twice
    "import foo/bar as io;",  # binds a prefix another import may bind
    "import ballerina/http version 1.2.3;",  # the 1.x clause
]
BODY_LINES = [
    'io:println("hi");',
    "http:Client c = check new (url);",
    "logger:printInfo(x);",
    "util:shout(s);",
    "mysql:Client db;",
    "strings:trim(s);",  # an undefined prefix
    "utl:shout(s);",
    "int:abs(-1);",  # a predeclared prefix
    "ints:abs(1);",
    "return {a: b, c:d};",
    "// io:println in a comment",
    'string s = "http:Client";',
]
SEPARATORS = ["\n", "\r\n", "\n\n", "\n// a comment\n", "\n# doc\n"]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Path]:
    base = tmp_path_factory.mktemp("edits")
    dirs = make_dirs(base)
    make_langlibs(dirs.distribution)
    for name in ("io", "http", "log"):
        make_bala(dirs.distribution, "ballerina", name, "1.0.0")
    make_bala(dirs.central, "ballerinax", "mysql", "1.13.0")
    package = make_package(
        base / "app",
        "acme",
        "app",
        modules={
            "": {"main.bal": ""},
            "util": {"util.bal": "public function shout(string s) returns string => s;\n"},
        },
    )
    return Engine(dirs.roots()), package / "main.bal"


@st.composite
def sources(draw: st.DrawFn) -> str:
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    head = draw(st.sampled_from(["", "// header" + eol, "# Module docs." + eol]))
    imports = draw(st.lists(st.sampled_from(IMPORTS), max_size=6))
    parts = [head]
    for item in imports:
        parts.append(item)
        parts.append(draw(st.sampled_from(SEPARATORS)).replace("\n", eol))
    if imports and draw(st.integers(0, 9)) == 0:
        parts.append("public const X = 1; ")  # code on the same line as nothing else
    body = draw(st.lists(st.sampled_from(BODY_LINES), max_size=6))
    parts.append(f"public function main() returns error? {{{eol}")
    parts.extend(f"    {line}{eol}" for line in body)
    parts.append("}" + eol * draw(st.integers(0, 1)))
    return "".join(parts)


def body_refs(text: str, start: int) -> list[tuple[str, str, str]]:
    """The `prefix:name` uses after ``start``, with what follows each (positions aside)."""
    return [(r.prefix, r.name, text[r.name_span.end :]) for r in scan_body(text, start).refs]


def check_import_edit(analysis: DocumentAnalysis, edits: tuple[TextEdit, ...]) -> str:
    """Apply ``edits`` (import-section edits) and check they kept to the section."""
    text = analysis.text
    section = analysis.section
    result = apply_edits(text, edits)
    for edit in edits:
        assert edit.span.end <= section.end or not text[section.end : edit.span.end].strip(), edit
    tail = text[section.end :]
    assert result.endswith(tail)  # the body, byte for byte
    new_section = parse_imports(result)
    if not section.errors:
        assert new_section.errors == ()
    assert body_refs(result, new_section.end) == body_refs(text, section.end)
    # Whatever sits on the lines before the first import (a header comment) is untouched.
    if section.imports:
        first = section.imports[0].span.start
        line_start = max(text.rfind("\n", 0, first), text.rfind("\r", 0, first)) + 1
        assert result[:line_start] == text[:line_start]
    return result


def check_fix(engine: Engine, path: Path, analysis: DocumentAnalysis, fix: Fix) -> None:
    text = analysis.text
    finding = fix.finding
    if fix.title.startswith("Change to"):
        (edit,) = fix.edits
        decl = next(i.decl for i in analysis.imports if i.decl.span.contains(edit.span.start))
        assert edit.span in (decl.module_span, decl.org.span if decl.org else None)
        result = apply_edits(text, fix.edits)
        assert result[: edit.span.start] == text[: edit.span.start]
        assert result[edit.span.start + len(edit.new_text) :] == text[edit.span.end :]
        assert parse_imports(result).errors == analysis.section.errors
        return
    result = check_import_edit(analysis, fix.edits)
    after = engine.analyze(result, path)
    if finding is not None and finding.code == "BCE2000":
        prefix = finding.data["prefix"]
        assert not [
            f for f in after.findings if f.code == "BCE2000" and f.data.get("prefix") == prefix
        ]
    if finding is not None and finding.code in ("BCE2002", "BCE2004", "BCE2008"):
        assert len(after.section.imports) == len(analysis.section.imports) - 1


@SETTINGS
@given(sources())
def test_every_import_fix_changes_only_the_import_section(
    engine: tuple[Engine, Path], text: str
) -> None:
    core, path = engine
    analysis = core.analyze(text, path)
    for finding in analysis.findings:
        for fix in fixes_for(core, analysis, finding):
            check_fix(core, path, analysis, fix)
    everything = remove_all_unused(analysis)
    if everything is not None:
        result = check_import_edit(analysis, everything.edits)
        assert not [f for f in core.analyze(result, path).findings if f.code == "BCE2002"]
    organized = organize(analysis)
    if organized is not None:
        result = check_import_edit(analysis, organized.edits)
        again = core.analyze(result, path)
        if len(set(re.findall(r"\r\n|\r|\n", text))) <= 1:
            # Organizing twice changes nothing more (with mixed line breaks the block takes
            # the file's first kind, which organizing may change).
            assert organize(again) is None
        written = [(i.decl.full_name, i.decl.effective_prefix) for i in again.imports]
        assert len(written) == len(set(written))  # no declaration twice


@SETTINGS
@given(sources(), st.data())
def test_completion_brings_only_its_import_line(
    engine: tuple[Engine, Path], text: str, data: st.DataObject
) -> None:
    core, path = engine
    # Type the start of a module's prefix on a fresh line of the body.
    typed = data.draw(st.sampled_from(["i", "h", "l", "m", "u", "j"]))
    at = text.rindex("}")
    text = text[:at] + typed + text[at:]
    offset = at + len(typed)
    analysis = core.analyze(text, path)
    found = complete(core, analysis, offset).items
    importing = [c for c in found if c.kind is CandidateKind.MODULE and c.additional_edits]
    assume(importing)
    for candidate in importing:
        main = TextEdit(candidate.replace, candidate.insert)
        assert candidate.replace.end <= len(text)
        (extra,) = candidate.additional_edits
        assert extra.span.end <= candidate.replace.start  # they never overlap
        check_import_edit(analysis, (extra,))
        combined = apply_edits(text, [extra, main])
        after = core.analyze(combined, path)
        added = [i.decl for i in after.imports if i.decl.span.start == extra.span.start]
        assert added and added[0].effective_prefix == candidate.insert
        assert not [
            f
            for f in after.findings
            if f.code == "BCE2000" and f.data.get("prefix") == candidate.insert
        ]


# --- manifests ---------------------------------------------------------------------------

packages = st.lists(
    st.fixed_dictionaries(
        {
            "org": st.sampled_from(["ballerina", "ballerinax", "acme"]),
            "name": st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True),
            "version": st.from_regex(r"[0-9]\.[0-9]\.[0-9]", fullmatch=True),
        }
    ),
    min_size=1,
    max_size=4,
)


@st.composite
def dependencies_tomls(draw: st.DrawFn) -> str:
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    lines = ["# AUTO-GENERATED", "", "[ballerina]", 'dependencies-toml-version = "2"']
    for package in draw(packages):
        lines.append(draw(st.sampled_from(["", "# a package"])))
        lines.append("[[package]]")
        lines.extend(f'{key} = "{value}"' for key, value in package.items())
        if draw(st.booleans()):
            lines.append(
                'dependencies = [{org = "ballerina", name = "io"}, {org = "x", name = "y"}]'
            )
    return eol.join(lines) + eol * draw(st.integers(0, 1))


def assert_local(before: str, after: str, span: Span | None) -> None:
    """The minimal edit lies within ``span`` (or only inserts, when span is None)."""
    tomllib.loads(after)
    if before == after:
        return
    edit = text_edit(before, after)
    if span is None:
        assert edit.span.start == edit.span.end
    else:
        assert span.start <= edit.span.start <= edit.span.end <= span.end, (edit, span)


@SETTINGS
@given(dependencies_tomls(), st.data())
def test_manifest_edits_change_only_their_target(text: str, data: st.DataObject) -> None:
    before = tomllib.loads(text)
    count = len(before["package"])
    index = data.draw(st.integers(0, count - 1))
    locations = locate(text)

    # set an existing value: only that value's text changes
    value = data.draw(st.from_regex(r"[0-9]{1,2}\.[0-9]\.[0-9]", fullmatch=True))
    after = set_value(text, ("package", index, "version"), value)
    expected = deepcopy(before)
    expected["package"][index]["version"] = value
    assert tomllib.loads(after) == expected
    node = locations.get(("package", index, "version"))
    assert node is not None
    assert_local(text, after, node.value)

    # add a key: only an insertion, after that table's header and before the next one
    after = set_value(text, ("package", index, "scope"), "testOnly")
    expected = deepcopy(before)
    expected["package"][index]["scope"] = "testOnly"
    assert tomllib.loads(after) == expected
    table = locations.get(("package", index))
    assert table is not None and table.value is not None
    edit = text_edit(text, after)
    assert edit.span.start == edit.span.end
    headers = [s.span.start for s in locations.statements if text[s.span.start] == "["]
    following = min((h for h in headers if h > table.value.start), default=len(text))
    assert table.value.start < edit.span.start <= following

    # remove an array-of-tables element: only that element's lines go (with the key, when
    # it was the only one)
    after = remove_array_item(text, "package", index)
    expected = deepcopy(before)
    del expected["package"][index]
    if not expected["package"]:
        del expected["package"]
    assert tomllib.loads(after) == expected
    edit = text_edit(text, after)
    assert edit.new_text.strip() == ""
    removed = text[edit.span.start : edit.span.end]
    assert "[[package]]" in removed and removed.count("[[package]]") == 1

    # append a table: only an insertion, and everything else stays
    new: dict[str, Any] = {"org": "acme", "name": "added", "version": "1.0.0"}
    after = append_table(text, "package", new)
    expected = deepcopy(before)
    expected["package"].append(new)
    assert tomllib.loads(after) == expected
    assert_local(text, after, None)


def test_import_fix_when_a_declaration_shares_the_last_import_line(
    engine: tuple[Engine, Path],
) -> None:
    core, path = engine
    # Correct would be: "import ballerina/io;\n" before the line, or after the `;`.
    text = (
        "import ballerina/log as logger; public const Y = 2;\n"
        "public function main() {\n    io:hello();\n    logger:hello();\n}\n"
    )
    analysis = core.analyze(text, path)
    (undefined,) = [f for f in analysis.findings if f.code == "BCE2000"]
    (fix,) = fixes_for(core, analysis, undefined)
    after = core.analyze(apply_edits(text, fix.edits), path)
    assert [f.code for f in after.findings] == []


# --- manifest code actions (analysis/manifests), on generated lock files -------------------

ON_DISK = {"http": ["2.15.0", "2.16.4"], "log": ["2.17.0"], "io": ["1.8.0", "1.9.0"]}


@pytest.fixture(scope="module")
def manifest_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Engine, Path]:
    base = tmp_path_factory.mktemp("manifest-actions")
    dirs = make_dirs(base)
    make_langlibs(dirs.distribution)
    for name, versions in ON_DISK.items():
        for version in versions:
            make_bala(dirs.distribution, "ballerina", name, version)
    package = make_package(
        base / "app", "acme", "app", modules={"": {"main.bal": "import ballerina/http as _;\n"}}
    )
    return Engine(dirs.roots()), package


@st.composite
def lock_files(draw: st.DrawFn) -> str:
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    names = draw(st.lists(st.sampled_from(sorted(ON_DISK)), unique=True, max_size=3))
    blocks = ['[ballerina]\ndependencies-toml-version = "2"\n']
    own = '[[package]]\norg = "acme"\nname = "app"\nversion = "0.1.0"\n'
    if names:
        refs = ", ".join(f'{{org = "ballerina", name = "{n}"}}' for n in names)
        own += f"dependencies = [{refs}]\n"
    blocks.append(own)
    for name in names:
        version = draw(st.sampled_from([*ON_DISK[name], "1.0.0", "2.15.9"]))
        quote = draw(st.sampled_from(['"', "'"]))
        comment = draw(st.sampled_from(["", "  # pinned"]))
        blocks.append(
            f'[[package]]\norg = "ballerina"\nname = "{name}"\nversion = {quote}{version}{quote}{comment}\n'
        )
    return "\n".join(blocks).replace("\n", eol)


def leaves(data: Any, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    if isinstance(data, dict):
        return {k: v for key, value in data.items() for k, v in leaves(value, (*path, key)).items()}
    if isinstance(data, list):
        return {k: v for i, value in enumerate(data) for k, v in leaves(value, (*path, i)).items()}
    return {path: data}


@SETTINGS
@given(lock_files(), st.data())
def test_manifest_actions_change_only_what_they_say(
    manifest_world: tuple[Engine, Path], text: str, data: st.DataObject
) -> None:
    engine, package = manifest_world
    path = package / "Dependencies.toml"
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    before = tomllib.loads(text)
    for span in (Span(0, len(text)), Span(start, end)):
        for action in engine.manifests.actions(text, path, span):
            for change in action.changes:
                assert change.path == path and change.text == text
                after = apply_edits(text, change.edits)
                result = tomllib.loads(after)  # still parses
                old, new = leaves(before), leaves(result)
                if action.title.startswith(("Update", "Change", "Use")):
                    # Only version strings change; every other value stays.
                    assert old.keys() == new.keys(), action.title
                    changed = [k for k in old if old[k] != new[k]]
                    assert changed and all(k[-1] == "version" for k in changed), action.title
                else:
                    # A removal: whole entries and the references to them go, nothing else.
                    assert len(result["package"]) < len(before["package"]), action.title
                    for package_entry in result["package"]:
                        original = next(
                            p for p in before["package"] if p["name"] == package_entry["name"]
                        )
                        trimmed = {k: v for k, v in original.items() if k != "dependencies"}
                        assert {
                            k: v for k, v in package_entry.items() if k != "dependencies"
                        } == trimmed
