"""The resolution stage of the manifest checks, on repositories and packages laid out on disk."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from balmod.analysis.engine import Engine
from balmod.findings import Finding, Severity
from balmod.repository.roots import RepositoryRoots
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

ROOT = Path(__file__).resolve().parents[2]


def graph(org: str, name: str, version: str, deps: list[tuple[str, str, str]]) -> dict[str, Any]:
    """A dependency-graph.json: the package and the versions it was built against."""
    return {
        "packages": [
            {
                "org": org,
                "name": name,
                "version": version,
                "transitive": False,
                "dependencies": [{"org": o, "name": n, "version": v} for o, n, v in deps],
                "modules": [],
            },
            *(
                {"org": o, "name": n, "version": v, "transitive": False, "dependencies": []}
                for o, n, v in deps
            ),
        ],
        "modules": [],
    }


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path)
    make_langlibs(dirs.distribution)
    for version in ("2.15.0", "2.16.4"):
        make_bala(dirs.distribution, "ballerina", "http", version, platform="java21")
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    make_bala(dirs.central, "ballerinax", "mysql", "1.13.0", platform="java17")
    make_bala(dirs.local, "mycompany", "geo", "0.3.0")
    return dirs


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={"": {"main.bal": ""}, "util": {"util.bal": ""}},
        dependencies_toml=[{"org": "ballerina", "name": "http", "version": "2.15.0"}],
    )


def check(dirs: BallerinaDirs, path: Path, text: str | None = None) -> list[Finding]:
    return Engine(dirs.roots()).check_manifest(path.read_text() if text is None else text, path)


def summary(findings: list[Finding], text: str) -> list[tuple[str, str, str]]:
    return [(f.code, f.message, f.span.slice(text)) for f in findings]


def test_the_bundled_examples_manifests_are_clean() -> None:
    examples = ROOT / "examples"
    engine = Engine(RepositoryRoots(examples / "ballerina-home", examples / "user-home"))
    for name in ("Ballerina.toml", "Dependencies.toml"):
        path = examples / "hello_world" / name
        assert engine.check_manifest(path.read_text(), path) == []


def test_packages_in_no_repository_and_missing_versions(dirs: BallerinaDirs, package: Path) -> None:
    make_bala(dirs.local, "mycompany", "maps", "1.0.0")
    path = package / "Dependencies.toml"
    text = path.read_text() + (
        '\n[[package]]\norg = "nobody"\nname = "nothing"\nversion = "1.0.0"\n'
        '\n[[package]]\norg = "mycompany"\nname = "maps"\nversion = "1.0.0"\n'
        '\n[[package]]\norg = "ballerina"\nname = "io"\nversion = "1.7.0"\n'
        '\n[[package]]\norg = "ballerinax"\nname = "mysql"\nversion = "2.0.0"\n'
    )
    assert summary(check(dirs, path, text), text) == [
        (
            "BCE5202",
            "package 'nobody/nothing' not found in the distribution or Central cache repositories",
            '"nothing"',
        ),
        (
            "BCE5202",
            "package 'mycompany/maps' not found in the distribution or Central cache "
            'repositories; it is only in the local repository (add repository = "local")',
            '"maps"',
        ),
        (
            "BMD0004",
            "version 1.7.0 of 'ballerina/io' is in no repository; the closest compatible "
            "version on disk, 1.8.0, is used",
            '"1.7.0"',
        ),
        (
            "BMD0004",
            "version 2.0.0 of 'ballerinax/mysql' is in no repository, nor is any compatible "
            "version (versions on disk: 1.13.0)",
            '"2.0.0"',
        ),
    ]


def test_the_package_itself_and_langlibs(dirs: BallerinaDirs, package: Path) -> None:
    path = package / "Dependencies.toml"
    text = path.read_text() + (
        '\n[[package]]\norg = "ballerina"\nname = "lang.int"\nversion = "0.0.0"\n'
    )
    assert check(dirs, path, text) == []  # acme/app is listed too: it is the root
    make_bala(dirs.central, "ballerina", "lang.value", "0.0.0")
    shutil.rmtree(dirs.distribution / "ballerina" / "lang.value")
    moved = text.replace('"lang.int"', '"lang.value"')
    # Langlibs come only from the distribution, even when the Central cache has one.
    assert [f.code for f in check(dirs, path, moved)] == ["BCE5202"]


def test_without_a_package_name_nothing_is_reported_as_missing(
    dirs: BallerinaDirs, package: Path
) -> None:
    (package / "Ballerina.toml").write_text("[build-options]\nofflineX = true\n")
    path = package / "Dependencies.toml"
    text = path.read_text() + '\n[[package]]\norg = "nobody"\nname = "nothing"\nversion = "1"\n'
    assert [f.code for f in check(dirs, path, text)] == ["TVE0003"]  # the schema's only


def test_without_a_distribution_default_searches_are_not_reported(
    dirs: BallerinaDirs, package: Path
) -> None:
    path = package / "Dependencies.toml"
    text = path.read_text() + '\n[[package]]\norg = "nobody"\nname = "nothing"\nversion = "1.0.0"\n'
    engine = Engine(dirs.roots(with_distribution=False))
    assert [f.code for f in engine.check_manifest(text, path)] == []


def test_repository_local_and_custom_ids(dirs: BallerinaDirs, package: Path) -> None:
    make_bala(dirs.custom("inhouse"), "acme", "tools", "1.2.0")
    path = package / "Dependencies.toml"
    text = path.read_text() + (
        '\n[[package]]\norg = "mycompany"\nname = "geo"\nversion = "0.3.0"\nrepository = "local"\n'
        '\n[[package]]\norg = "acme"\nname = "tools"\nversion = "1.2.0"\nrepository = "inhouse"\n'
        '\n[[package]]\norg = "acme"\nname = "gone"\nversion = "1.0.0"\nrepository = "outhouse"\n'
    )
    assert summary(check(dirs, path, text), text) == [
        (
            "BCE5205",
            "Provided custom repository (outhouse) cannot be found: there is no "
            "repositories/outhouse/bala directory in the Ballerina user home",
            '"outhouse"',
        )
    ]
    assert next(iter(check(dirs, path, text))).severity is Severity.WARNING


def test_the_old_format_is_checked_too(dirs: BallerinaDirs, package: Path) -> None:
    path = package / "Dependencies.toml"
    text = '[[dependency]]\norg = "ballerina"\nname = "io"\nversion = "1.9.0"\n'
    assert [(f.code, f.span.slice(text)) for f in check(dirs, path, text)] == [
        ("BCE5101", "dependency"),
        ("BMD0004", '"1.9.0"'),
    ]


def test_ballerina_toml_dependencies(dirs: BallerinaDirs, package: Path) -> None:
    path = package / "Ballerina.toml"
    text = path.read_text() + (
        '\n[[dependency]]\norg = "mycompany"\nname = "geo"\nversion = "0.3.0"\nrepository = "local"\n'
        '\n[[dependency]]\norg = "mycompany"\nname = "geo2"\nversion = "0.3.0"\nrepository = "local"\n'
        '\n[[dependency]]\norg = "mycompany"\nname = "geo"\nversion = "0.4.0"\nrepository = "local"\n'
        '\n[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "2.16.0"\n'
        '\n[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "1.0.0"\n'
        '\n[[dependency]]\norg = "acme"\nname = "tools"\nversion = "1.0.0"\nrepository = "x"\n'
        '\n[[dependency]]\norg = "acme"\nname = "bala"\npath = "./missing.bala"\n'
    )
    found = check(dirs, path, text)
    assert [(f.code, f.severity, f.message, f.span.slice(text)) for f in found] == [
        (
            "BMD1004",
            Severity.WARNING,
            "incomplete [[dependency]]: 'version' is missing, so the compiler ignores this entry",
            "dependency",
        ),
        (
            "BCE5202",
            Severity.ERROR,
            "package 'mycompany/geo2' not found in the local repository",
            '"geo2"',
        ),
        (
            "BCE5202",
            Severity.WARNING,
            "Dependency version (0.4.0) cannot be found in the local repository. "
            "org: `mycompany` name: geo (versions on disk: 0.3.0)",
            '"0.4.0"',
        ),
        (
            "BCE5201",
            Severity.ERROR,
            "Dependency version (1.0.0) is incompatible with the version locked in "
            "Dependencies.toml (2.15.0). org: `ballerina` name: http",
            '"1.0.0"',
        ),
        (
            "BCE5202",
            Severity.WARNING,
            "Dependency version (1.0.0) cannot be found in the distribution or Central cache "
            "repositories. org: `ballerina` name: http (versions on disk: 2.16.4, 2.15.0)",
            '"1.0.0"',
        ),
        (
            "BCE5205",
            Severity.WARNING,
            "Provided custom repository (x) cannot be found: there is no repositories/x/bala "
            "directory in the Ballerina user home",
            '"x"',
        ),
    ]
    conflict = next(f for f in found if f.code == "BCE5201")
    assert [r.path for r in conflict.related] == [package / "Dependencies.toml"]


def test_package_modules_name_directories_under_modules(dirs: BallerinaDirs, package: Path) -> None:
    path = package / "Ballerina.toml"
    text = path.read_text() + (
        '\n[[package.modules]]\nname = "app.util"\nexport = true\n'
        '\n[[package.modules]]\nname = "app.gone"\n'
        '\n[[package.modules]]\nname = "other.util"\n'
    )
    assert summary(check(dirs, path, text), text) == [
        (
            "BMD1008",
            "module 'app.gone' does not exist: there is no directory 'modules/gone'",
            '"app.gone"',
        ),
        (
            "BMD1008",
            "'other.util' is not a module of package 'app': a module's name is "
            "'app.<directory under modules/>'",
            '"other.util"',
        ),
    ]


def test_incompatible_versions_across_manifests_and_graphs(
    dirs: BallerinaDirs, package: Path
) -> None:
    make_bala(
        dirs.central,
        "acme",
        "old",
        "1.0.0",
        dependency_graph=graph("acme", "old", "1.0.0", [("ballerina", "io", "0.9.1")]),
    )
    make_bala(
        dirs.central,
        "acme",
        "new",
        "1.0.0",
        dependency_graph=graph("acme", "new", "1.0.0", [("ballerina", "io", "0.8.0")]),
    )
    make_bala(
        dirs.central,
        "acme",
        "fine",
        "1.0.0",
        dependency_graph=graph("acme", "fine", "1.0.0", [("ballerina", "http", "2.14.1")]),
    )
    path = package / "Dependencies.toml"
    base = path.read_text() + (
        '\n[[package]]\norg = "acme"\nname = "old"\nversion = "1.0.0"\n'
        '\n[[package]]\norg = "acme"\nname = "new"\nversion = "1.0.0"\n'
        '\n[[package]]\norg = "acme"\nname = "fine"\nversion = "1.0.0"\n'
    )
    message = (
        "Two incompatible versions exist in the dependency graph: ballerina/io versions: "
        "0.9.1, 0.8.0"
    )
    # ballerina/io is not listed: each package whose graph wants a version is marked.
    found = check(dirs, path, base)
    assert summary(found, base) == [
        ("BCE5201", message, "package"),
        ("BCE5201", message, "package"),
    ]
    assert [r.message for r in found[0].related] == [
        "version 0.9.1 in the dependency graph of acme/old 1.0.0",
        "version 0.8.0 in the dependency graph of acme/new 1.0.0",
    ]
    listed = base + '\n[[package]]\norg = "ballerina"\nname = "io"\nversion = "1.8.0"\n'
    assert summary(check(dirs, path, listed), listed) == [
        (
            "BCE5201",
            "Two incompatible versions exist in the dependency graph: ballerina/io versions: "
            "1.8.0, 0.9.1",
            '"1.8.0"',
        )
    ]


def test_a_ballerina_toml_minimum_against_a_graph(dirs: BallerinaDirs, package: Path) -> None:
    make_bala(
        dirs.central,
        "acme",
        "old",
        "1.0.0",
        dependency_graph=graph("acme", "old", "1.0.0", [("ballerina", "io", "0.9.1")]),
    )
    (package / "Dependencies.toml").unlink()
    path = package / "Ballerina.toml"
    text = path.read_text() + (
        '\n[[dependency]]\norg = "acme"\nname = "old"\nversion = "1.0.0"\n'
        '\n[[dependency]]\norg = "ballerina"\nname = "io"\nversion = "1.8.0"\n'
    )
    assert summary(check(dirs, path, text), text) == [
        (
            "BCE5201",
            "Two incompatible versions exist in the dependency graph: ballerina/io versions: "
            "1.8.0, 0.9.1",
            '"1.8.0"',
        )
    ]


def test_new_versions_are_seen_after_the_repositories_change(
    dirs: BallerinaDirs, package: Path
) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    text = path.read_text().replace('"2.15.0"', '"2.17.0"')
    assert [f.code for f in engine.check_manifest(text, path)] == ["BMD0004"]
    make_bala(dirs.distribution, "ballerina", "http", "2.17.0")
    assert engine.repositories_changed()
    assert engine.check_manifest(text, path) == []
    # A package that was nowhere is looked for again without waiting for the poller.
    added = text + '\n[[package]]\norg = "acme"\nname = "late"\nversion = "1.0.0"\n'
    assert [f.code for f in engine.check_manifest(added, path)] == ["BCE5202"]
    make_bala(dirs.central, "acme", "late", "1.0.0")
    assert engine.check_manifest(added, path) == []


def test_a_broken_text_gets_only_its_syntax_error(dirs: BallerinaDirs, package: Path) -> None:
    path = package / "Dependencies.toml"
    text = path.read_text() + '\n[[package]]\norg = "nobody"\nname = "nothing\n'
    assert [f.code for f in check(dirs, path, text)] == ["BMD1001"]


def test_other_files_have_no_manifest_findings(dirs: BallerinaDirs, package: Path) -> None:
    assert check(dirs, package / "Settings.toml", 'x = "y"\n') == []
