"""Detecting 1.x/0.990 projects, their modules, Ballerina.toml and Ballerina.lock."""

from __future__ import annotations

import os
from pathlib import Path

from balmod.legacy.project import (
    Layout,
    LegacyProjectLoader,
    find_legacy_root,
    load_legacy_project,
)
from builders import make_package
from legacy.builders import make_legacy_project

LOCK_1X = """org_name = "acme"
version = "1.0.0"
lockfile_version = "1.0.0"
ballerina_version = "1.2.0"

[[imports."acme/greetings:1.0.0"]]
org_name = "natasha"
name = "mathutils"
version = "1.2.0"

[[imports."acme/other:1.0.0"]]
org_name = "natasha"
name = "mathutils"
version = "1.1.0"

[[imports."acme/greetings:1.0.0"]]
org_name = "wso2"
name = "twitter"
version = "0.10.0"

[[imports."ballerina/http:1.0.1"]]
org_name = "ballerina"
name = "log"
version = "1.0.1"
"""

LOCK_0990 = """[project]
name = "acme"
version = "1.0.0"
lockfileversion = "1"
ballerinaversion = "0.990.3"

[[package]]
name = "greetings"
version = "1.0.0"
imports = [{org = "natasha", name = "mathutils", version = "1.2.0"}]
"""


def test_a_project_table_makes_a_legacy_project(tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p", project_repository=False)
    assert find_legacy_root(root / "greetings" / "greetings.bal") == root
    assert find_legacy_root(root / "greetings" / "unsaved.bal") == root


def test_a_swan_lake_package_is_not_legacy(tmp_path: Path) -> None:
    package = make_package(tmp_path / "app", "acme", "app")
    (package / ".ballerina").mkdir()
    assert find_legacy_root(package / "main.bal") is None


def test_the_nearest_manifest_decides(tmp_path: Path) -> None:
    outer = make_legacy_project(tmp_path / "outer")
    inner = make_package(outer / "inner", "acme", "inner")
    assert find_legacy_root(inner / "main.bal") is None
    assert find_legacy_root(outer / "greetings" / "greetings.bal") == outer


def test_a_broken_manifest_next_to_a_project_repository_is_still_legacy(tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p", manifest='[project\norg-name = "acme"\n')
    assert find_legacy_root(root / "x.bal") == root
    bare = make_legacy_project(
        tmp_path / "q", manifest='[project\norg-name = "acme"\n', project_repository=False
    )
    assert find_legacy_root(bare / "x.bal") is None


def test_the_users_home_repository_makes_no_project(tmp_path: Path) -> None:
    home = tmp_path / "user"
    (home / ".ballerina").mkdir(parents=True)
    (home / "Ballerina.toml").write_text("", encoding="utf-8")
    assert find_legacy_root(home / "a.bal", user_home=home / ".ballerina") is None
    assert find_legacy_root(home / "a.bal") == home


def test_no_manifest_means_no_project(tmp_path: Path) -> None:
    (tmp_path / "loose").mkdir()
    assert find_legacy_root(tmp_path / "loose" / "a.bal") is None


def test_top_level_directories_are_modules_in_the_0990_layout(tmp_path: Path) -> None:
    root = make_legacy_project(
        tmp_path / "p",
        modules={
            "": {"main.bal": ""},
            "greetings": {"g.bal": "", "sub/deeper.bal": ""},
            "util.text": {"t.bal": ""},
            "tests": {"t.bal": ""},
            "resources": {"r.txt": ""},
            "target": {"x.bal": ""},
            "date-utils": {"d.bal": ""},
        },
    )
    project = load_legacy_project(root)
    assert project.layout is Layout.TOP_LEVEL
    assert set(project.modules) == {"greetings", "util.text"}
    assert set(project.invalid_modules) == {"date-utils"}
    assert project.module_of(root / "main.bal") == ""
    assert project.module_of(root / "greetings" / "sub" / "deeper.bal") == "greetings"
    assert project.module_of(root / "tests" / "t.bal") is None
    assert project.module_of(root / "date-utils" / "d.bal") is None
    assert project.invalid_module_of(root / "date-utils" / "d.bal") == "date-utils"
    assert project.module_of(tmp_path / "elsewhere.bal") is None


def test_src_directories_are_modules_in_the_1x_layout(tmp_path: Path) -> None:
    root = make_legacy_project(
        tmp_path / "p",
        layout="1.x",
        modules={"greetings": {"g.bal": "", "tests/g_test.bal": ""}, "bad name": {"x.bal": ""}},
        project_repository=False,
    )
    (root / "tests").mkdir()
    project = load_legacy_project(root)
    assert project.layout is Layout.SOURCE_DIR
    assert dict(project.modules) == {"greetings": root / "src" / "greetings"}
    assert project.module_of(root / "src" / "greetings" / "tests" / "g_test.bal") == "greetings"
    assert project.invalid_module_of(root / "src" / "bad name" / "x.bal") == "bad name"


def test_the_project_record_mirrors_the_legacy_project(tmp_path: Path) -> None:
    project = load_legacy_project(make_legacy_project(tmp_path / "p"))
    assert project.project.legacy is True
    assert project.project.org == "acme"
    assert project.project.version == "1.0.0"
    assert project.project.name is None
    assert dict(project.project.modules) == dict(project.modules)


def test_dependencies_in_both_forms(tmp_path: Path) -> None:
    root = make_legacy_project(
        tmp_path / "p",
        dependencies="""[dependencies]
"natasha/mathutils" = "1.2.0"
"wso2/github" = { path = "libs/github.balo", version = "0.9.21" }
"not-a-pair" = "1.0.0"
"bad/meta" = 3

[dependencies."wso2/twitter"]
version = "2.3.4"
""",
    )
    project = load_legacy_project(root)
    deps = project.dependencies
    assert deps[("natasha", "mathutils")].version == "1.2.0"
    assert deps[("wso2", "github")].path == "libs/github.balo"
    assert deps[("wso2", "github")].version == "0.9.21"
    assert deps[("wso2", "twitter")].version == "2.3.4"
    assert set(deps) == {("natasha", "mathutils"), ("wso2", "github"), ("wso2", "twitter")}
    assert any("not-a-pair" in e for e in project.manifest_errors)
    assert any("invalid metadata" in e for e in project.manifest_errors)


def test_missing_project_table_is_an_error_not_an_exception(tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p", manifest="")
    project = load_legacy_project(root)
    assert project.org is None and project.version is None
    assert "invalid Ballerina.toml file: cannot find [project]" in project.manifest_errors


def test_the_1x_lock_file(tmp_path: Path) -> None:
    modules = {"greetings": {"g.bal": ""}, "other": {"o.bal": ""}}
    root = make_legacy_project(tmp_path / "p", modules=modules, lock=LOCK_1X)
    project = load_legacy_project(root)
    assert project.has_lock_file
    assert project.locked_version("natasha", "mathutils", "greetings") == "1.2.0"
    assert project.locked_version("natasha", "mathutils", "other") == "1.1.0"
    # Without an importer, the project's modules disagree: no answer.
    assert project.locked_version("natasha", "mathutils") is None
    assert project.locked_version("wso2", "twitter") == "0.10.0"
    # ballerina/http is no module of this project: its entries say nothing about the project.
    assert project.locked_version("ballerina", "log") is None


def test_the_0990_lock_file(tmp_path: Path) -> None:
    project = load_legacy_project(make_legacy_project(tmp_path / "p", lock=LOCK_0990))
    assert project.locked_version("natasha", "mathutils", "greetings") == "1.2.0"


def test_a_broken_lock_file_locks_nothing(tmp_path: Path) -> None:
    project = load_legacy_project(make_legacy_project(tmp_path / "p", lock="[[imports\n"))
    assert project.locked == ()
    assert any("Ballerina.lock" in e for e in project.manifest_errors)


def test_the_loader_caches_and_rereads_on_change(tmp_path: Path) -> None:
    root = make_legacy_project(tmp_path / "p")
    loader = LegacyProjectLoader()
    first = loader.project_for(root / "greetings" / "greetings.bal")
    assert first is not None
    assert loader.project_for(root / "main.bal") is first
    assert loader.legacy(first.project) is first
    manifest = root / "Ballerina.toml"
    manifest.write_text('[project]\norg-name = "other"\nversion = "2.0.0"\n', encoding="utf-8")
    os.utime(manifest, ns=(1, 1))
    second = loader.project_for(root / "main.bal")
    assert second is not None and second is not first and second.org == "other"
    assert loader.legacy(first.project) is None
    assert loader.legacy(second.project) is second
    (root / "newmodule").mkdir()
    third = loader.project_for(root / "main.bal")
    assert third is not None and "newmodule" in third.modules


def test_the_loader_says_none_for_swan_lake(tmp_path: Path) -> None:
    package = make_package(tmp_path / "app", "acme", "app")
    loader = LegacyProjectLoader()
    assert loader.project_for(package / "main.bal") is None
    assert loader.legacy(None) is None
