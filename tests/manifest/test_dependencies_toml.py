"""Dependencies.toml: both formats, the model with spans, and every check's range and words."""

from __future__ import annotations

from pathlib import Path

from balmod.findings import Finding, Severity
from balmod.manifest import (
    DependenciesFormat,
    DependenciesManifest,
    check_dependencies_toml,
    parse_dependencies_toml,
)
from balmod.text import Span

from .helpers import at

V2 = """\
# AUTO-GENERATED FILE. DO NOT MODIFY.

[ballerina]
dependencies-toml-version = "2"
distribution-version = "2201.13.0"

[[package]]
org = "ballerina"
name = "http"
version = "2.16.4"
dependencies = [
\t{org = "ballerina", name = "io"},
\t{org = "ballerina", name = "lang.array"}
]
modules = [
\t{org = "ballerina", packageName = "http", moduleName = "http"},
\t{org = "ballerina", packageName = "http", moduleName = "http.httpscerr"}
]

[[package]]
org = "ballerina"
name = "io"
version = "1.8.0"
scope = "testOnly"
transitive = true

[[package]]
org = "ballerina"
name = "lang.array"
version = "0.0.0"
repository = "local"
"""

HEADER = '[ballerina]\ndependencies-toml-version = "2"\n\n'


def summary(text: str, findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.message, text[f.span.start : f.span.end]) for f in findings]


def test_a_generated_file_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "Dependencies.toml"
    path.write_text(V2, encoding="utf-8")
    assert check_dependencies_toml(path.read_text(encoding="utf-8")) == []


def test_the_model_carries_every_field_with_its_span() -> None:
    manifest = parse_dependencies_toml(V2)
    assert manifest.format is DependenciesFormat.V2
    assert manifest.toml_version is not None and manifest.toml_version.span == at(V2, '"2"')
    assert manifest.distribution_version is not None
    assert manifest.distribution_version.value == "2201.13.0"
    http, io, array = manifest.packages
    assert http.key == ("ballerina", "http")
    assert http.header == at(V2, "package")
    assert http.name is not None and http.name.span == at(V2, '"http"')
    assert http.version is not None and http.version.key_span == at(V2, "version", 2)
    assert [d.name.value for d in http.dependencies if d.name] == ["io", "lang.array"]
    first = http.dependencies[0]
    assert first.span == at(V2, '{org = "ballerina", name = "io"}')
    assert first.org is not None and first.org.span == at(V2, '"ballerina"', 1)
    assert [m.module_name.value for m in http.modules if m.module_name] == [
        "http",
        "http.httpscerr",
    ]
    module = http.modules[1]
    assert module.package_name is not None and module.package_name.key_span == at(
        V2, "packageName", 1
    )
    assert io.scope is not None and io.scope.value == "testOnly"
    assert io.transitive is not None and io.transitive.value is True
    assert io.transitive.span == at(V2, "true")
    assert array.repository is not None and array.repository.span == at(V2, '"local"')
    assert manifest.find("ballerina", "io") is io
    assert manifest.find("ballerina", "nope") is None
    assert manifest.package_at(at(V2, '"1.8.0"').start) is io
    assert manifest.package_at(0) is None


def test_packages_of_the_wrong_shape() -> None:
    text = HEADER + '[package]\norg = "a"\n'
    assert summary(text, check_dependencies_toml(text)) == [
        (
            "TVE0002",
            "incompatible type for key 'package': expected 'ARRAY', found 'OBJECT'",
            "package",
        ),
    ]


def test_required_fields_and_patterns_of_a_package() -> None:
    text = HEADER + '[[package]]\nname = "a b"\nversion = "1.0"\nrepository = 1\nextra = 1\n'
    findings = check_dependencies_toml(text)
    assert summary(text, findings) == [
        (
            "TVE0002",
            "incompatible type for key 'repository': expected 'STRING', found 'NUMBER'",
            "1",
        ),
        ("TVE0006", "'org' under [[package]] is missing", "package"),
        (
            "TVE0003",
            "invalid 'name' under [[package]]: 'name' can only contain alphanumerics, "
            "underscores and periods",
            '"a b"',
        ),
        (
            "TVE0003",
            "invalid 'version' under [[package]]: 'version' should be compatible with semver",
            '"1.0"',
        ),
        ("TVE0001", "key 'extra' not supported in schema 'package'", "extra"),
    ]
    assert findings[1].span == Span(text.index("[[package]]") + 2, text.index("[[package]]") + 9)
    assert all(f.severity is Severity.ERROR for f in findings)


def test_ballerina_table_needs_the_version_when_it_is_v2() -> None:
    text = '[ballerina]\ndependencies-toml-version = "2.x-y"\nother = 1\n'
    assert summary(text, check_dependencies_toml(text)) == [
        (
            "TVE0003",
            "invalid 'toml-version' under [ballerina]: 'toml-version' should be a string",
            '"2.x-y"',
        ),
    ]


def test_unknown_top_level_tables() -> None:
    text = HEADER + "[settings]\nx = 1\n"
    assert summary(text, check_dependencies_toml(text)) == [
        ("TVE0001", "key 'settings' not supported in schema 'Dependencies Toml Spec'", "settings"),
    ]


def test_dependencies_and_modules_entries() -> None:
    text = HEADER + (
        '[[package]]\norg = "a"\nname = "b"\nversion = "1.0.0"\n'
        'dependencies = [{org = "a", name = "gone"}, {org = "a"}, "a/b", {org = "-", name = "b", x = 1}]\n'
        'modules = [{org = "a", packageName = "b"}, {org = "a", packageName = "q", moduleName = "q"}, '
        '{org = "a", packageName = "b", moduleName = "bee"}, {org = "a", packageName = "b", moduleName = "b.c"}]\n'
    )
    assert summary(text, check_dependencies_toml(text)) == [
        (
            "TVE0002",
            "incompatible type for key 'dependencies': expected 'OBJECT', found 'STRING'",
            '"a/b"',
        ),
        (
            "BMD1003",
            "dependency 'a/gone' of 'a/b' is not listed as a [[package]] in Dependencies.toml",
            '{org = "a", name = "gone"}',
        ),
        (
            "BMD1004",
            "incomplete entry in 'dependencies': 'name' is missing, so the compiler ignores this entry",
            '{org = "a"}',
        ),
        (
            "BMD1003",
            "dependency '-/b' of 'a/b' is not listed as a [[package]] in Dependencies.toml",
            '{org = "-", name = "b", x = 1}',
        ),
        (
            "TVE0003",
            "invalid 'org' under 'dependencies': 'org' can only contain alphanumerics and underscores",
            '"-"',
        ),
        ("TVE0001", "key 'x' not supported in schema 'dependencies'", "x"),
        (
            "BMD1004",
            "incomplete entry in 'modules': 'moduleName' is missing, so the compiler ignores this entry",
            '{org = "a", packageName = "b"}',
        ),
        (
            "BMD1007",
            "module 'q' is listed under 'a/b' but names package 'a/q'",
            '{org = "a", packageName = "q", moduleName = "q"}',
        ),
        (
            "BMD1007",
            "module 'bee' is not a module of package 'b': its name must be 'b' or start with 'b.'",
            '{org = "a", packageName = "b", moduleName = "bee"}',
        ),
    ]


def test_references_to_listed_packages_are_fine_in_any_order() -> None:
    text = HEADER + (
        '[[package]]\norg = "a"\nname = "b"\nversion = "1.0.0"\n'
        'dependencies = [{org = "c", name = "d"}]\n\n'
        '[[package]]\norg = "c"\nname = "d"\nversion = "1.0.0"\n'
    )
    assert check_dependencies_toml(text) == []


def test_scope_and_listing_twice() -> None:
    text = HEADER + (
        '[[package]]\norg = "a"\nname = "b"\nversion = "1.0.0"\nscope = "compile"\n\n'
        '[[package]]\norg = "a"\nname = "b"\nversion = "1.1.0"\n'
    )
    findings = check_dependencies_toml(text)
    assert summary(text, findings) == [
        (
            "BMD1005",
            "unknown scope 'compile' under [[package]]: builds write only 'testOnly'",
            '"compile"',
        ),
        ("BMD1006", "package 'a/b' is listed more than once in Dependencies.toml", "package"),
    ]
    assert findings[1].span.start == text.rindex("[[package]]") + 2
    assert {f.severity for f in findings} == {Severity.WARNING}


OLD = """\
# An old file.
[[dependency]]
org = "ballerinax"
name = "aws.s3"
version = "0.99.4"

[[dependency]]
org = "wso2"
name = "locally"
version = "1.2.3"
repository = "local"
"""


def test_the_old_format_is_reported_and_still_read() -> None:
    findings = check_dependencies_toml(OLD)
    assert summary(OLD, findings) == [
        (
            "BCE5101",
            "Detected an old version of 'Dependencies.toml' file. This will be updated to v2 format.",
            "dependency",
        ),
        (
            "BCE5102",
            "Detected local dependency declarations in 'Dependencies.toml' file. Add them to "
            "'Ballerina.toml' using following syntax:\n[[dependency]]\norg = \"wso2\"\n"
            'name = "locally"\nversion = "1.2.3"\nrepository = "local"\n',
            "repository",
        ),
    ]
    assert findings[0].span == Span(OLD.index("[[") + 2, OLD.index("[[") + 12)
    assert {f.severity for f in findings} == {Severity.WARNING}
    manifest = parse_dependencies_toml(OLD)
    assert manifest.format is DependenciesFormat.OLD
    assert [p.key for p in manifest.packages] == [("ballerinax", "aws.s3"), ("wso2", "locally")]
    assert manifest.packages[0].version is not None
    assert manifest.packages[0].version.span == at(OLD, '"0.99.4"')


def test_old_entries_follow_the_old_schema() -> None:
    text = '[[dependency]]\nname = "x"\nversion = "1"\nscope = "testOnly"\n'
    assert summary(text, check_dependencies_toml(text))[1:] == [
        ("TVE0006", "'org' under [[dependency]] is missing", "dependency"),
        (
            "TVE0003",
            "invalid 'version' under [[dependency]]: 'version' should be compatible with semver",
            '"1"',
        ),
        ("TVE0001", "key 'scope' not supported in schema 'dependency'", "scope"),
    ]


def test_packages_without_a_version_header_are_the_old_format_like_the_compiler() -> None:
    text = '[[package]]\norg = "a"\nname = "b"\nversion = "1.0.0"\n'
    assert [(f.code, f.message) for f in check_dependencies_toml(text)] == [
        (
            "BCE5101",
            "Detected an old version of 'Dependencies.toml' file. This will be updated to v2 format.",
        ),
        ("TVE0001", "key 'package' not supported in schema 'Dependencies Toml Spec'"),
    ]


def test_an_empty_or_comment_only_file_is_fine() -> None:
    assert check_dependencies_toml("") == []
    assert check_dependencies_toml("# nothing\n\n") == []
    assert parse_dependencies_toml("").format is DependenciesFormat.EMPTY


def test_a_syntax_error_is_the_only_finding() -> None:
    text = V2.replace('version = "1.8.0"', 'version = "1.8.0" x')
    (finding,) = check_dependencies_toml(text)
    assert finding.code == "BMD1001"
    assert finding.message == "invalid TOML: expected newline or end of document after a statement"
    assert text[finding.span.start : finding.span.end] == " x"


def test_a_duplicate_inline_key_is_reported_on_the_second_key() -> None:
    text = HEADER + '[[package]]\ndependencies = [{org = "a", org = "b"}]\n'
    (finding,) = check_dependencies_toml(text)
    assert (finding.code, finding.message, finding.span) == (
        "BMD1002",
        "duplicate key 'org'",
        at(text, "org", 1),
    )
    assert finding.data["path"] == "package[0].dependencies[0].org"


def test_findings_in_a_large_file_are_placed_in_their_own_chunk() -> None:
    packages = "".join(
        f'[[package]]\norg = "o"\nname = "p{i}"\nversion = "1.0.{i}"\n\n' for i in range(50)
    )
    text = HEADER + packages.replace('name = "p42"', 'name = "p42"\nbogus = true')
    (finding,) = check_dependencies_toml(text)
    assert (finding.message, finding.span) == (
        "key 'bogus' not supported in schema 'package'",
        at(text, "bogus"),
    )
    assert finding.data["path"] == "package[42].bogus"


def test_later_stages_see_the_model() -> None:
    seen: list[DependenciesManifest] = []

    def resolution(manifest: DependenciesManifest) -> list[Finding]:
        seen.append(manifest)
        return []

    assert check_dependencies_toml(V2, later=[resolution]) == []
    assert len(seen) == 1 and len(seen[0].packages) == 3
