"""Checks of the 1.x Ballerina.toml and Ballerina.lock, and their resolution stages."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.findings import CODES, Finding, Severity
from balmod.legacy import LegacyEngine
from balmod.legacy.manifest import (
    check_legacy_ballerina_toml,
    check_legacy_lock,
    importer_module,
    parse_legacy_manifest,
    parse_lock_entries,
)
from legacy.builders import make_legacy_dirs, make_legacy_project, write_balo

GOOD = """[project]
org-name = "acme"
version = "1.0.0"
license = "Apache-2.0"
authors = ["Acme"]
keywords = ["k"]
repository = "https://example.com"
templates = ["t"]

[dependencies]
"natasha/mathutils" = "1.2.0"
"wso2/github" = { path = "libs/github.balo", version = "0.9.21" }
"any/version" = "*"

[dependencies."wso2/twitter"]
version = "0.10.0"

[platform]
target = "java8"

  [[platform.libraries]]
  path = "libs/x.jar"
  modules = ["greetings"]
"""


def spans(text: str, findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, text[f.span.start : f.span.end]) for f in findings]


def test_a_good_manifest_is_clean() -> None:
    assert check_legacy_ballerina_toml(GOOD) == []


def test_the_model_has_both_dependency_forms_with_spans() -> None:
    manifest = parse_legacy_manifest(GOOD)
    assert manifest.org is not None and manifest.org.value == "acme"
    by_name = {d.written: d for d in manifest.dependencies}
    inline = by_name["natasha/mathutils"]
    assert inline.module == ("natasha", "mathutils") and not inline.table
    assert (
        inline.version is not None
        and GOOD[inline.version.span.start : inline.version.span.end] == '"1.2.0"'
    )
    assert GOOD[inline.key_span.start : inline.key_span.end] == '"natasha/mathutils"'
    github = by_name["wso2/github"]
    assert github.path is not None and github.path.value == "libs/github.balo" and not github.table
    table = by_name["wso2/twitter"]
    assert table.table and table.version is not None and table.version.value == "0.10.0"
    offset = GOOD.index("0.10.0")
    assert manifest.dependency_at(offset) is table
    assert manifest.dependency("natasha", "mathutils") is inline


def test_missing_project_table() -> None:
    text = '[dependencies]\n"a/b" = "1.0.0"\n'
    found = check_legacy_ballerina_toml(text)
    assert [(f.code, f.message) for f in found] == [
        ("BMD2006", "invalid Ballerina.toml file: cannot find [project]")
    ]
    assert text[found[0].span.start : found[0].span.end] == "dependencies"


def test_missing_org_name_and_version_in_the_compilers_words() -> None:
    found = check_legacy_ballerina_toml('[project]\nauthors = ["a"]\n')
    assert sorted(f.message for f in found) == [
        "invalid Ballerina.toml file: cannot find 'org-name' under [project]",
        "invalid Ballerina.toml file: cannot find 'version' under [project]",
    ]
    assert {f.code for f in found} == {"TVE0006"}


def test_org_name_and_version_patterns() -> None:
    text = '[project]\norg-name = "Acme"\nversion = "1.0"\n'
    found = check_legacy_ballerina_toml(text)
    assert spans(text, found) == [("TVE0003", '"Acme"'), ("TVE0003", '"1.0"')]
    assert (
        found[1].message == "invalid Ballerina.toml file: 'version' under [project] is not semver"
    )


def test_unknown_keys_are_warnings_because_the_compiler_ignores_them() -> None:
    text = '[project]\norg-name = "a"\nversion = "1.0.0"\nname = "x"\n\n[package]\nx = 1\n'
    found = check_legacy_ballerina_toml(text)
    assert [(f.code, f.severity) for f in found] == [
        ("TVE0001", Severity.WARNING),
        ("TVE0001", Severity.WARNING),
    ]


def test_dependency_problems() -> None:
    text = """[project]
org-name = "a"
version = "1.0.0"

[dependencies]
"notapair" = "1.0.0"
"Bad/mod" = "1.0.0"
"org/bad-mod" = "1.0.0"
"org/m1" = 3
"org/m2" = "1.x"
"org/m3" = { version = "2.0.0", mirror = "x" }
"""
    found = check_legacy_ballerina_toml(text)
    # Structure first (a value of the wrong kind), then the schema stage in text order.
    assert spans(text, found) == [
        ("BMD2006", "3"),
        ("BMD2006", '"notapair"'),
        ("BMD2001", '"Bad/mod"'),
        ("BMD2002", '"org/bad-mod"'),
        ("BMD2005", '"1.x"'),
        ("TVE0001", "mirror"),
    ]
    assert (
        found[0].message
        == "invalid Ballerina.toml file: invalid metadata found for dependency [org/m1]"
    )


def test_not_toml_is_one_syntax_finding() -> None:
    found = check_legacy_ballerina_toml('[project\norg-name = "a"\n')
    assert [f.code for f in found] == ["BMD1001"]


LOCK = """org_name = "acme"
version = "1.0.0"
lockfile_version = "1.0.0"
ballerina_version = "1.2.0"

[[imports."acme/greetings:1.0.0"]]
org_name = "natasha"
name = "mathutils"
version = "1.2.0"

[[imports."acme/greetings:1.0.0"]]
org_name = "wso2"
name = "twitter"
"""


def test_lock_file_checks() -> None:
    found = check_legacy_lock(LOCK)
    assert [(f.code, f.severity) for f in found] == [("BMD2008", Severity.WARNING)]
    assert (
        found[0].message
        == "incomplete Ballerina.lock entry: 'version' is missing, so the compiler ignores this entry"
    )
    bad = check_legacy_lock(
        'org_name = 1\nextra = "x"\n[[imports."a/b:1.0.0"]]\norg_name = "a"\nname = "b"\nversion = "one"\n'
    )
    assert sorted(f.code for f in bad) == ["BMD2005", "TVE0001", "TVE0002"]
    assert [f.code for f in check_legacy_lock("[[imports\n")] == ["BMD1001"]


def test_lock_schema_checks_use_the_validators_codes_and_words() -> None:
    text = (
        'org_name = 1\nextra = "x"\nimports = { "a/b:1.0.0" = "oops" }\n'
        '[[package]]\nname = "m"\nversion = "1.0.0"\nimports = ["x"]\n'
    )
    found = check_legacy_lock(text)
    by_code = {(f.code, f.message, f.severity, text[f.span.start : f.span.end]) for f in found}
    assert by_code == {
        (
            "TVE0002",
            "incompatible type for key 'org_name': expected 'STRING', found 'NUMBER'",
            Severity.ERROR,
            "1",
        ),
        (
            "TVE0001",
            "key 'extra' not supported in schema 'Ballerina.lock'",
            Severity.WARNING,
            "extra",
        ),
        (
            "TVE0002",
            "incompatible type for key 'a/b:1.0.0': expected 'ARRAY', found 'STRING'",
            Severity.ERROR,
            '"oops"',
        ),
        (
            "TVE0002",
            "incompatible type for key 'imports': expected 'OBJECT', found 'STRING'",
            Severity.ERROR,
            '"x"',
        ),
    }
    # Ballerina.toml words a value of the wrong type the same way, in [project] (through the
    # validator) and in a dependency's table.
    manifest = check_legacy_ballerina_toml(
        '[project]\norg-name = 1\nversion = "1.0.0"\n[dependencies."a/b"]\nversion = true\n'
    )
    assert [f.message for f in manifest] == [
        "incompatible type for key 'org-name': expected 'STRING', found 'NUMBER'",
        "incompatible type for key 'version': expected 'STRING', found 'BOOLEAN'",
    ]


def test_lock_entries_are_checked_like_ballerina_toml_dependencies() -> None:
    text = (
        '[[imports."acme/g:1.0.0"]]\norg_name = "Natasha"\nname = "math-utils"\n'
        'version = "1.2"\nextra = true\n'
    )
    found = check_legacy_lock(text)
    assert spans(text, found) == [
        ("BMD2001", '"Natasha"'),
        ("BMD2002", '"math-utils"'),
        ("BMD2005", '"1.2"'),
        ("TVE0001", "extra"),
    ]
    assert [f.message for f in found] == [
        "invalid organization name 'Natasha' in Ballerina.lock: organization names are lowercase",
        "invalid module name 'math-utils' in Ballerina.lock: module names may contain only "
        "letters, digits, '_' and '.'",
        "invalid version '1.2' for 'Natasha/math-utils' in Ballerina.lock: expected "
        "MAJOR.MINOR.PATCH",
        "key 'extra' not supported in schema 'imports'",
    ]
    assert found[3].severity is Severity.WARNING
    # A value of the wrong type is the schema's finding alone, not also a missing key.
    typed = check_legacy_lock(
        '[[imports."acme/g:1.0.0"]]\norg_name = "a"\nname = "b"\nversion = 1\n'
    )
    assert [f.code for f in typed] == ["TVE0002"]
    # Every code the lock file's checks use is one `balmod codes` documents.
    assert {f.code for f in found + typed} <= set(CODES)


def test_lock_entries_with_their_spans() -> None:
    entries = parse_lock_entries(LOCK)
    (entry,) = entries  # the second entry has no version
    assert (entry.org, entry.module, entry.version.value) == ("natasha", "mathutils", "1.2.0")
    assert entry.importer == "acme/greetings:1.0.0" and entry.importer_module == "greetings"
    assert entry.path == ("imports", "acme/greetings:1.0.0", 0)
    assert LOCK[entry.span.start : entry.span.end].startswith('[[imports."acme/greetings:1.0.0"]]')
    assert LOCK[entry.span.start : entry.span.end].endswith('version = "1.2.0"')
    old = '[[package]]\nname = "g"\nversion = "1.0.0"\nimports = [{org = "a", name = "b", version = "2.0.0"}]\n'
    (entry,) = parse_lock_entries(old)
    assert (entry.org, entry.importer_module, entry.path) == (
        "a",
        "g",
        ("package", 0, "imports", 0),
    )
    assert old[entry.span.start : entry.span.end] == '{org = "a", name = "b", version = "2.0.0"}'
    assert importer_module("acme/greetings:1.0.0") == "greetings"
    assert importer_module("greetings") is None
    assert parse_lock_entries("[[imports\n") == []


def test_the_0990_lock_form() -> None:
    text = '[project]\nname = "acme"\nversion = "1.0.0"\n\n[[package]]\nname = "greetings"\nversion = "1.0.0"\nimports = [{name = "mathutils", version = "1.2.0"}]\n'
    found = check_legacy_lock(text)
    assert [f.message for f in found] == [
        "incomplete Ballerina.lock entry: 'org' is missing, so the compiler ignores this entry"
    ]


def test_resolution_stages_through_the_engine(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.2.0")
    write_balo(dirs.balo_cache, "wso2", "twitter", "0.10.0")
    root = make_legacy_project(
        tmp_path / "p",
        dependencies='[dependencies]\n"natasha/mathutils" = "1.5.0"\n"wso2/twitter" = "0.10.0"\n"wso2/github" = { path = "libs/none.balo" }\n"x/y" = "*"\n',
        lock=LOCK.replace('name = "twitter"\n', 'name = "twitter"\nversion = "0.9.0"\n'),
    )
    engine = LegacyEngine(dirs.roots())
    manifest = (root / "Ballerina.toml").read_text(encoding="utf-8")
    found = engine.check_manifest(manifest, root / "Ballerina.toml")
    assert found is not None
    assert spans(manifest, found) == [("BMD2007", '"1.5.0"'), ("BMD2007", '"libs/none.balo"')]
    assert found[0].message == (
        "version 1.5.0 of 'natasha/mathutils' from Ballerina.toml is not in the project, home or system repositories (versions there: 1.2.0)"
    )
    lock = (root / "Ballerina.lock").read_text(encoding="utf-8")
    found = engine.check_manifest(lock, root / "Ballerina.lock")
    assert found is not None
    assert spans(lock, found) == [("BMD2008", '"0.9.0"')]
    assert (
        found[0].message
        == "version 0.9.0 of 'wso2/twitter' locked in Ballerina.lock is in no repository"
    )


def test_the_engine_leaves_other_manifests_alone(tmp_path: Path) -> None:
    from builders import make_package

    dirs = make_legacy_dirs(tmp_path)
    engine = LegacyEngine(dirs.roots())
    package = make_package(tmp_path / "app", "acme", "app")
    text = (package / "Ballerina.toml").read_text(encoding="utf-8")
    assert engine.check_manifest(text, package / "Ballerina.toml") is None
    root = make_legacy_project(tmp_path / "p")
    assert engine.check_manifest("", root / "greetings" / "Ballerina.toml") is None
    assert engine.check_manifest("", root / "main.bal") is None


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('[]"=.{}, \nabcorg-nameversion/1.0*#')), max_size=120))
def test_checks_never_raise(text: str) -> None:
    assert isinstance(check_legacy_ballerina_toml(text), list)
    assert isinstance(check_legacy_lock(text), list)
    parse_legacy_manifest(text)


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_empty_manifests(text: str) -> None:
    found = check_legacy_ballerina_toml(text)
    assert [f.code for f in found] == ["BMD2006"]
