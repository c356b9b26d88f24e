"""Ballerina.toml: the model with spans, and every check with its exact range and words."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.findings import Finding, Severity
from balmod.manifest import check_ballerina_toml, parse_ballerina_toml
from balmod.manifest.model import BallerinaManifest
from balmod.text import Span

from .helpers import at

GOOD = """\
[package]
org = "ballerina"
name = "http"
version = "2.16.4"
authors = ["Ballerina"]
keywords = ["http", "network"]
repository = "https://github.com/ballerina-platform/module-ballerina-http"
icon = "icon.png"
license = ["Apache-2.0"]
distribution = "2201.13.0"

[[package.modules]]
name = "http.httpscerr"
description = "Status code error types."
export = true

[build-options]
observabilityIncluded = true

[[dependency]]
org = "ballerinax"
name = "aws.s3"
version = "0.99.4"
repository = "local"

[platform.java21]
graalvmCompatible = true

[[platform.java21.dependency]]
groupId = "io.ballerina.stdlib"
artifactId = "http-native"
version = "2.16.4"
path = "../native/build/libs/http-native-2.16.4.jar"

[tool.openapi]
id = "client"
"""


def summary(text: str, findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.message, text[f.span.start : f.span.end]) for f in findings]


def test_a_real_shaped_manifest_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "Ballerina.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert check_ballerina_toml(path.read_text(encoding="utf-8")) == []


def test_the_model_carries_values_and_spans() -> None:
    manifest = parse_ballerina_toml(GOOD)
    assert manifest.syntax_error is None
    package = manifest.package
    assert package is not None
    assert package.header == at(GOOD, "package")
    assert package.org is not None and package.org.value == "ballerina"
    assert package.org.span == at(GOOD, '"ballerina"')
    assert package.org.key_span == at(GOOD, "org")
    assert package.name is not None and package.name.span == at(GOOD, '"http"')
    assert package.version is not None and package.version.value == "2.16.4"
    assert package.distribution is not None and package.distribution.value == "2201.13.0"
    (module,) = manifest.modules
    assert module.name is not None and module.name.span == at(GOOD, '"http.httpscerr"')
    assert module.export is not None and module.export.value is True
    assert module.header == at(GOOD, "modules")
    (dependency,) = manifest.dependencies
    assert dependency.org is not None and dependency.org.value == "ballerinax"
    assert dependency.repository is not None and dependency.repository.span == at(GOOD, '"local"')
    assert dependency.path is None
    assert GOOD[dependency.span.start : dependency.span.end].startswith("[[dependency]]")
    assert manifest.workspace_packages is None


def test_missing_package_table_is_a_warning_on_the_first_statement() -> None:
    text = "# my package\n\n[build-options]\noffline = true\n"
    (finding,) = check_ballerina_toml(text)
    assert finding.code == "BCE5001"
    assert finding.severity is Severity.WARNING
    assert finding.message == "missing table '[package]' in 'Ballerina.toml'"
    assert finding.span == at(text, "build-options")


def test_an_empty_file_misses_package_at_its_start() -> None:
    (finding,) = check_ballerina_toml("")
    assert (finding.code, finding.span) == ("BCE5001", Span(0, 0))


def test_missing_org_name_version_are_warnings_on_the_header() -> None:
    text = '[package]\nname = "x"\n'
    assert summary(text, check_ballerina_toml(text)) == [
        ("BCE5001", "missing key 'org' in table '[package]' in 'Ballerina.toml'", "package"),
        ("BCE5001", "missing key 'version' in table '[package]' in 'Ballerina.toml'", "package"),
    ]


def test_package_of_the_wrong_type() -> None:
    text = 'package = "x"\n'
    assert summary(text, check_ballerina_toml(text)) == [
        (
            "TVE0002",
            "incompatible type for key 'package': expected 'OBJECT', found 'STRING'",
            '"x"',
        ),
        ("BCE5001", "missing table '[package]' in 'Ballerina.toml'", "package"),
    ]


@pytest.mark.parametrize(
    ("line", "messages"),
    [
        ('org = ""', ["invalid 'org' under [package]: 'org' cannot be empty"]),
        (
            'org = "my-org"',
            ["invalid 'org' under [package]: 'org' can only contain alphanumerics and underscores"],
        ),
        (
            'org = "_a__b_"',
            [
                "invalid 'org' under [package]: 'org' cannot have initial underscore characters",
                "invalid 'org' under [package]: 'org' cannot have trailing underscore characters",
                "invalid 'org' under [package]: 'org' cannot have consecutive underscore characters",
            ],
        ),
        (
            'org = "1abc"',
            ["invalid 'org' under [package]: 'org' cannot have initial numeric characters"],
        ),
        (
            f'org = "{"a" * 257}"',
            ["invalid 'org' under [package]: maximum length of 'org' is 256 characters"],
        ),
        (
            'name = "a b"',
            [
                "invalid 'name' under [package]: 'name' can only contain alphanumerics, "
                "underscores and periods"
            ],
        ),
        ('name = "lang__x"', []),  # langlib names may double underscores
        (
            'name = "x__y"',
            [
                "invalid 'name' under [package]: 'name' cannot have consecutive underscore characters"
            ],
        ),
        (
            'version = "1.0"',
            ["invalid 'version' under [package]: 'version' should be compatible with semver"],
        ),
        ('version = "1.2.3-alpha.1+build.5"', []),
        (
            'visibility = "public"',
            ["invalid 'visibility' under [package]: 'visibility' can only have value 'private'"],
        ),
        (
            'icon = "icon.svg"',
            ["invalid 'icon' under [package]: 'icon' can only have 'png' images"],
        ),
        (
            'readme = "README.txt"',
            ["invalid 'readme' under [package]: 'readme' can only have a '.md' file"],
        ),
        (
            'template = "yes"',
            ["incompatible type for key 'template': expected 'BOOLEAN', found 'STRING'"],
        ),
        (
            'authors = "me"',
            ["incompatible type for key 'authors': expected 'ARRAY', found 'STRING'"],
        ),
        (
            "keywords = [1]",
            ["incompatible type for key 'keywords': expected 'STRING', found 'NUMBER'"],
        ),
    ],
)
def test_package_field_rules(line: str, messages: list[str]) -> None:
    fields = {"org": 'org = "o"', "name": 'name = "n"', "version": 'version = "1.0.0"'}
    fields[line.split(" ", 1)[0]] = line
    text = "[package]\n" + "\n".join(fields.values()) + "\n"
    findings = check_ballerina_toml(text)
    assert [f.message for f in findings] == messages
    value = line.split(" = ", 1)[1]
    marked = (
        at(text, value) if value != "[1]" else Span(text.index("[1]") + 1, text.index("[1]") + 2)
    )
    for f in findings:
        assert f.span == marked
        assert f.severity is Severity.ERROR


def test_modules_need_a_name_and_a_markdown_readme() -> None:
    text = (
        '[package]\norg = "o"\nname = "n"\nversion = "1.0.0"\n\n'
        '[[package.modules]]\nreadme = "x.txt"\nexport = "no"\n'
    )
    assert summary(text, check_ballerina_toml(text)) == [
        (
            "TVE0002",
            "incompatible type for key 'export': expected 'BOOLEAN', found 'STRING'",
            '"no"',
        ),
        ("TVE0006", "'name' under [[package.modules]] is missing", "modules"),
        (
            "TVE0003",
            "invalid 'readme' under [[package.modules]]: 'readme' can only have a '.md' file",
            '"x.txt"',
        ),
    ]


PACKAGE = '[package]\norg = "o"\nname = "n"\nversion = "1.0.0"\n\n'


def test_dependency_entries() -> None:
    text = PACKAGE + (
        '[[dependency]]\norg = "my-org"\nname = "a b"\nversion = "x"\nrepo = "local"\n'
        'path = "bad|path"\n\n'
        '[[dependency]]\norg = "o"\nname = "p"\n'
    )
    assert summary(text, check_ballerina_toml(text)) == [
        (
            "TVE0003",
            "invalid 'org' under [[dependency]]: 'org' can only contain alphanumerics and underscores",
            '"my-org"',
        ),
        (
            "TVE0003",
            "invalid 'name' under [[dependency]]: 'name' can only contain alphanumerics, "
            "underscores and periods",
            '"a b"',
        ),
        (
            "TVE0003",
            "invalid 'version' under [[dependency]]: 'version' should be compatible with semver",
            '"x"',
        ),
        ("TVE0001", "key 'repo' not supported in schema 'dependency'", "repo"),
        ("TVE0003", "invalid 'path' under [[dependency]]", '"bad|path"'),
        (
            "BMD1004",
            "incomplete [[dependency]]: 'version' is missing, so the compiler ignores this entry",
            "dependency",
        ),
    ]
    last = check_ballerina_toml(text)[-1]
    assert last.span == at(text, "dependency", 1)
    assert last.severity is Severity.WARNING


def test_a_long_bad_path_is_checked_quickly() -> None:
    # The schema's own pattern backtracks exponentially on this; balmod's form does not.
    text = (
        PACKAGE
        + '[[dependency]]\norg = "o"\nname = "p"\nversion = "1.0.0"\npath = "'
        + "a" * 60
        + ' "\n'
    )
    assert [f.message for f in check_ballerina_toml(text)] == [
        "invalid 'path' under [[dependency]]"
    ]


def test_platform_tables_are_closed() -> None:
    text = PACKAGE + (
        "[platform.java8]\nx = 1\n\n"
        "[platform.java21]\ngraalvmCompatible = 1\nextra = true\n\n"
        "[[platform.java21.dependency]]\npath = 1\nanything = 'goes'\n"
    )
    assert summary(text, check_ballerina_toml(text)) == [
        (
            "TVE0002",
            "incompatible type for key 'graalvmCompatible': expected 'BOOLEAN', found 'NUMBER'",
            "1",
        ),
        ("TVE0002", "incompatible type for key 'path': expected 'STRING', found 'NUMBER'", "1"),
        ("TVE0001", "key 'java8' not supported in schema 'platform'", "java8"),
        ("TVE0001", "key 'extra' not supported in schema 'java21'", "extra"),
    ]
    findings = check_ballerina_toml(text)
    graalvm = at(text, "graalvmCompatible = 1").end - 1
    path = at(text, "path = 1").end - 1
    assert (findings[0].span, findings[1].span) == (
        Span(graalvm, graalvm + 1),
        Span(path, path + 1),
    )
    assert [f.data["stage"] for f in findings] == ["structure", "structure", "schema", "schema"]


def test_findings_come_in_stage_order_then_by_position() -> None:
    text = '[package]\norg = "-"\nname = "n"\nversion = "1.0.0"\n[build-options]\noffline = "no"\n'
    assert [(f.code, f.data["stage"]) for f in check_ballerina_toml(text)] == [
        ("TVE0002", "structure"),
        ("TVE0003", "schema"),
    ]


def test_findings_carry_their_key_path() -> None:
    text = PACKAGE + "[[dependency]]\norg = 'o'\nname = 'x'\nversion = 'y'\n"
    (finding,) = check_ballerina_toml(text)
    assert finding.data == {"stage": "schema", "path": "dependency[0].version"}


def test_a_workspace_root_needs_no_package_table() -> None:
    text = '[workspace]\npackages = ["app", "lib", ""]\nother = 1\n'
    assert summary(text, check_ballerina_toml(text)) == [
        ("TVE0008", "invalid 'name' under [package]: 'name' cannot be empty", '""'),
        ("TVE0001", "key 'other' not supported in schema 'workspace'", "other"),
    ]
    manifest = parse_ballerina_toml(text)
    assert manifest.workspace_packages is not None
    assert [f.value for f in manifest.workspace_packages] == ["app", "lib", ""]
    assert manifest.workspace_packages[1].span == at(text, '"lib"')


def test_a_syntax_error_is_the_only_finding() -> None:
    text = '[package]\norg = "x\nname = 1\n[[dependency]]\nbad = true\n'
    (finding,) = check_ballerina_toml(text)
    assert finding.code == "BMD1001"
    assert finding.message == "invalid TOML: illegal character '\\n'"
    assert finding.span == at(text, '"x')
    assert finding.data == {"stage": "syntax"}


def test_a_duplicate_key_is_reported_once_on_the_second_key() -> None:
    text = '[package]\norg = "a"\nname = "n"\norg = "b"\nversion = "x"\n'
    (finding,) = check_ballerina_toml(text)
    assert (finding.code, finding.message, finding.span) == (
        "BMD1002",
        "duplicate key 'org'",
        at(text, "org", 1),
    )
    assert finding.data == {"stage": "syntax", "path": "package.org"}


def test_a_duplicate_table_is_reported_on_its_second_header() -> None:
    text = '[package]\norg = "a"\n\n[build-options]\n\n[package]\nname = "n"\n'
    (finding,) = check_ballerina_toml(text)
    assert (finding.code, finding.message, finding.span) == (
        "BMD1002",
        "duplicate table '[package]'",
        at(text, "package", 1),
    )


def test_a_broken_manifest_still_gives_what_precedes_the_error() -> None:
    text = '[package]\norg = "ballerina"\nname = "http"\nversion = 2.0.0\n'
    manifest = parse_ballerina_toml(text)
    assert isinstance(manifest, BallerinaManifest)
    assert manifest.syntax_error is not None and manifest.syntax_error.code == "BMD1001"
    assert manifest.package is not None
    assert manifest.package.org is not None and manifest.package.org.value == "ballerina"
    assert manifest.package.name is not None and manifest.package.name.span == at(text, '"http"')
    assert manifest.package.version is None


def test_later_stages_plug_in_after_the_schema() -> None:
    text = PACKAGE + '[[dependency]]\norg = "o"\nname = "missing"\nversion = "1.0.0"\n'

    def resolution(manifest: BallerinaManifest) -> list[Finding]:
        found = []
        for dependency in manifest.dependencies:
            assert dependency.name is not None
            found.append(
                Finding(
                    "BCE5202", f"package '{dependency.name.value}' not found", dependency.name.span
                )
            )
        return found

    (finding,) = check_ballerina_toml(text, later=[resolution])
    assert (finding.code, finding.span) == ("BCE5202", at(text, '"missing"'))
    assert check_ballerina_toml("[package\n", later=[resolution])[0].code == "BMD1001"
