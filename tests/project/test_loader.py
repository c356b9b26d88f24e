"""The project loader: finding a package, reading its manifests, noticing changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from balmod.project import (
    DependencySpec,
    LockedPackage,
    LockForm,
    ProjectLoader,
    find_package_root,
    load_project,
)
from builders import make_package, render_dependencies_toml

HTTP_DEPENDENCIES = """\
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
\t{org = "ballerina", name = "lang.int"}
]
modules = [
\t{org = "ballerina", packageName = "http", moduleName = "http"},
\t{org = "ballerina", packageName = "http", moduleName = "http.httpscerr"}
]

[[package]]
org = "ballerina"
name = "lang.int"
version = "0.0.0"

[[package]]
org = "ballerinax"
name = "aws.s3"
version = "1.2.0"
scope = "testOnly"
transitive = false
repository = "local"

[[package]]
org = "acme"
name = "hello_world"
version = "0.1.0"
modules = [
\t{org = "acme", packageName = "hello_world", moduleName = "hello_world"},
\t{org = "acme", packageName = "hello_world", moduleName = "hello_world.util"}
]
"""


def test_find_package_root(tmp_path: Path) -> None:
    root = make_package(
        tmp_path / "hello",
        "acme",
        "hello_world",
        modules={"": {"main.bal": ""}, "util": {"u.bal": ""}},
    )
    assert find_package_root(root / "main.bal") == root
    assert find_package_root(root / "modules/util/u.bal") == root
    assert find_package_root(root / "modules/util") == root
    assert find_package_root(root / "tests/not_yet_saved.bal") == root
    assert find_package_root(root) == root
    standalone = tmp_path / "scripts" / "script.bal"
    standalone.parent.mkdir()
    standalone.write_text("")
    assert find_package_root(standalone) is None


def test_a_directory_named_ballerina_toml_is_not_a_manifest(tmp_path: Path) -> None:
    (tmp_path / "odd" / "Ballerina.toml").mkdir(parents=True)
    assert find_package_root(tmp_path / "odd" / "x.bal") is None


def test_load_project_reads_everything(tmp_path: Path) -> None:
    root = make_package(
        tmp_path / "hello",
        "acme",
        "hello_world",
        "0.1.0",
        modules={"": {"main.bal": ""}, "util": {"u.bal": ""}, "db": {"d.bal": ""}},
        dependencies_toml=HTTP_DEPENDENCIES,
        ballerina_toml_extra="""
[[dependency]]
org = "ballerina"
name = "http"
version = "2.16.0"

[[dependency]]
org = "ballerinax"
name = "aws.s3"
version = "1.0.0"
repository = "local"

[[dependency]]
org = "acme"
name = "vendored"
path = "libs/vendored.bala"
""",
    )
    (root / "modules" / ".hidden").mkdir()
    (root / "modules" / "notes.txt").write_text("a file, not a module")
    project = load_project(root)

    assert (project.root, project.org, project.name, project.version) == (
        root,
        "acme",
        "hello_world",
        "0.1.0",
    )
    assert project.manifest_errors == ()
    assert dict(project.modules) == {
        "hello_world": root,
        "hello_world.util": root / "modules/util",
        "hello_world.db": root / "modules/db",
    }
    assert project.locked_form is LockForm.PACKAGE
    assert project.locked[("ballerina", "http")] == LockedPackage(
        "ballerina", "http", "2.16.4", modules=("http", "http.httpscerr")
    )
    assert project.locked[("ballerina", "lang.int")].version == "0.0.0"
    assert project.locked[("ballerinax", "aws.s3")] == LockedPackage(
        "ballerinax", "aws.s3", "1.2.0", repository="local", scope="testOnly"
    )
    assert project.dependencies == {
        ("ballerina", "http"): DependencySpec("ballerina", "http", "2.16.0"),
        ("ballerinax", "aws.s3"): DependencySpec("ballerinax", "aws.s3", "1.0.0", "local"),
        ("acme", "vendored"): DependencySpec("acme", "vendored", path="libs/vendored.bala"),
    }
    # The package lists itself in its Dependencies.toml; it is not a dependency.
    assert project.is_root("acme", "hello_world")
    assert ("acme", "hello_world") in project.locked
    assert {(p.org, p.name) for p in project.locked_dependencies()} == {
        ("ballerina", "http"),
        ("ballerina", "lang.int"),
        ("ballerinax", "aws.s3"),
    }
    assert project.module_dir("hello_world.util") == root / "modules/util"
    assert project.module_dir("hello_world.nope") is None
    assert project.ballerina_toml == root / "Ballerina.toml"


def test_old_dependencies_form(tmp_path: Path) -> None:
    text = render_dependencies_toml(
        [
            {"org": "ballerinax", "name": "aws.s3", "version": "0.99.4", "repository": "local"},
            {"org": "ballerina", "name": "io", "version": "1.0.1"},
        ],
        old_format=True,
    )
    root = make_package(tmp_path / "p", "acme", "p", dependencies_toml=text)
    project = load_project(root)
    assert project.locked_form is LockForm.DEPENDENCY
    assert project.locked == {
        ("ballerinax", "aws.s3"): LockedPackage("ballerinax", "aws.s3", "0.99.4", "local"),
        ("ballerina", "io"): LockedPackage("ballerina", "io", "1.0.1"),
    }
    assert project.manifest_errors == ()


def test_generated_dependencies_include_the_root(tmp_path: Path) -> None:
    root = make_package(
        tmp_path / "p",
        "acme",
        "app",
        "1.0.0",
        dependencies_toml=[{"org": "ballerina", "name": "io", "version": "1.8.0"}],
    )
    project = load_project(root)
    assert set(project.locked) == {("ballerina", "io"), ("acme", "app")}
    assert [(p.org, p.name) for p in project.locked_dependencies()] == [("ballerina", "io")]


def test_no_dependencies_toml(tmp_path: Path) -> None:
    project = load_project(make_package(tmp_path / "p", "acme", "app"))
    assert project.locked == {}
    assert project.locked_form is None


def test_broken_ballerina_toml_keeps_what_can_be_read(tmp_path: Path) -> None:
    root = make_package(tmp_path / "p", "acme", "app", modules={"": {}, "util": {}})
    (root / "Ballerina.toml").write_text(
        '[package]\norg = "acme"\nname = "app"\nversion = "1.0.0"\nauthors = ["unterminated\n'
        '\n[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "2.1.0"\n'
        '\n["quoted.table"]\norg = "not-this"\n'
    )
    project = load_project(root)
    assert (project.org, project.name, project.version) == ("acme", "app", "1.0.0")
    assert set(project.modules) == {"app", "app.util"}
    assert project.dependencies == {
        ("ballerina", "http"): DependencySpec("ballerina", "http", "2.1.0")
    }
    assert len(project.manifest_errors) == 1
    assert project.manifest_errors[0].startswith("Ballerina.toml: ")
    assert "line 5" in project.manifest_errors[0]


def test_wrong_types_and_missing_keys(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "Ballerina.toml").write_text(
        '[package]\norg = 42\nname = "app"\n\n[[dependency]]\nname = "io"\n'
    )
    (root / "Dependencies.toml").write_text(
        '[[package]]\norg = "ballerina"\nversion = "1.0.0"\n\n'
        '[[package]]\norg = "ballerina"\nname = "io"\nversion = 1\n'
    )
    project = load_project(root)
    assert (project.org, project.name, project.version) == (None, "app", None)
    assert project.dependencies == {}
    assert project.locked == {("ballerina", "io"): LockedPackage("ballerina", "io", None)}
    assert project.manifest_errors == (
        "Ballerina.toml [package]: 'org' must be a string",
        "Ballerina.toml [[dependency]] #1: needs 'org' and 'name'",
        "Dependencies.toml [[package]] #1: needs 'org' and 'name'",
        "Dependencies.toml [[package]] #2: 'version' must be a string",
    )


def test_missing_package_table_uses_directory_name_for_modules(tmp_path: Path) -> None:
    root = tmp_path / "my-app"
    (root / "modules" / "util").mkdir(parents=True)
    (root / "Ballerina.toml").write_text("[build-options]\nobservabilityIncluded = true\n")
    project = load_project(root)
    assert (project.org, project.name) == (None, None)
    assert dict(project.modules) == {"my_app": root, "my_app.util": root / "modules/util"}
    assert project.manifest_errors == ("missing table '[package]' in 'Ballerina.toml'",)


def test_workspace_manifest_is_not_missing_a_package_table(tmp_path: Path) -> None:
    (tmp_path / "Ballerina.toml").write_text('[workspace]\npackages = ["a", "b"]\n')
    assert load_project(tmp_path).manifest_errors == ()


def test_unreadable_or_binary_manifest_never_raises(tmp_path: Path) -> None:
    (tmp_path / "Ballerina.toml").write_bytes(b"\xff\xfe[package]\x00")
    project = load_project(tmp_path)
    assert project.org is None
    assert project.manifest_errors[0] == "Ballerina.toml: not UTF-8 text"


def bump(path: Path) -> None:
    """Make a change visible even within one timestamp tick."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_loader_caches_and_notices_changes(tmp_path: Path) -> None:
    root = make_package(tmp_path / "hello", "acme", "hello_world", modules={"": {"main.bal": ""}})
    loader = ProjectLoader()
    first = loader.project_for(root / "main.bal")
    assert first is not None
    assert loader.project_for(root / "main.bal") is first
    assert loader.load(root) is first

    (root / "Ballerina.toml").write_text('[package]\norg = "acme"\nname = "renamed"\n')
    bump(root / "Ballerina.toml")
    second = loader.project_for(root / "main.bal")
    assert second is not None and second is not first
    assert second.name == "renamed"

    (root / "Dependencies.toml").write_text(
        render_dependencies_toml([{"org": "ballerina", "name": "io", "version": "1.8.0"}])
    )
    third = loader.project_for(root / "main.bal")
    assert third is not None and third is not second
    assert third.locked[("ballerina", "io")].version == "1.8.0"

    (root / "modules" / "util").mkdir(parents=True)
    fourth = loader.project_for(root / "main.bal")
    assert fourth is not None and fourth is not third
    assert "renamed.util" in fourth.modules
    assert loader.project_for(root / "main.bal") is fourth

    (root / "modules" / "db").mkdir()
    assert "renamed.db" in (loader.project_for(root) or fourth).modules

    shutil.rmtree(root / "modules" / "db")
    fifth = loader.project_for(root)
    assert fifth is not None and "renamed.db" not in fifth.modules

    loader.invalidate(root)
    assert loader.project_for(root) is not fifth


def test_loader_standalone_file(tmp_path: Path) -> None:
    script = tmp_path / "script.bal"
    script.write_text("")
    assert ProjectLoader().project_for(script) is None
