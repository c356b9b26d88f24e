"""The project, home and system repositories of 1.x, as one lazy index."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from balmod.legacy.repositories import LegacyIndex, choose_archive
from balmod.repository.roots import RepositoryKind
from legacy.builders import make_legacy_dirs, write_balo, write_zip


def test_choose_archive_prefers_the_module_name_then_platforms() -> None:
    assert choose_archive(["io.balo", "io-2020r1-java8-1.0.0.balo"], "io", "1.0.0") == (
        "io.balo",
        "any",
    )
    assert choose_archive(["m.zip"], "m", "1.0.0") == ("m.zip", "any")
    names = ["m-2020r1-any-1.0.0.balo", "m-2020r1-java8-1.0.0.balo", "m-2020r1-java11-1.0.0.balo"]
    assert choose_archive(names, "m", "1.0.0") == ("m-2020r1-java11-1.0.0.balo", "java11")
    assert choose_archive(["m-2020r1-java8-2.0.0.balo"], "m", "1.0.0") is None
    assert choose_archive(["other.balo", "README.md"], "m", "1.0.0") is None
    # A hyphen-free module name is matched exactly, not as a prefix.
    assert choose_archive(["mx-2020r1-any-1.0.0.balo"], "m", "1.0.0") is None


def test_repositories_in_search_order(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    index = LegacyIndex(dirs.roots())
    project = tmp_path / "proj"
    repos = index.repositories(project)
    assert [r.kind for r in repos] == [
        RepositoryKind.LEGACY_PROJECT,
        RepositoryKind.LEGACY_PROJECT,
        RepositoryKind.LEGACY_HOME,
        RepositoryKind.LEGACY_HOME,
        RepositoryKind.LEGACY_HOME,
        RepositoryKind.LEGACY_SYSTEM,
    ]
    assert [r.bala_root for r in repos] == [
        project / ".ballerina" / "repo",
        project / ".ballerina" / "caches" / "central.ballerina.io",
        dirs.home_repo,
        dirs.home_caches,
        dirs.balo_cache,
        dirs.system,
    ]
    assert [r.label for r in repos] == ["project", "project", "home", "home", "home", "system"]
    assert index.repositories(None)[0].kind is RepositoryKind.LEGACY_HOME


def test_no_distribution_means_no_system_repository(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    index = LegacyIndex(dirs.roots(with_distribution=False))
    assert index.system_repositories() == ()


def test_an_installation_with_several_distributions(tmp_path: Path) -> None:
    install = tmp_path / "ballerina"
    for name in ("jballerina-1.1.0", "jballerina-1.2.0"):
        (install / "distributions" / name / "lib" / "repo").mkdir(parents=True)
    index = LegacyIndex(make_legacy_dirs(tmp_path).roots().__class__(install, tmp_path / "home"))
    roots = [r.bala_root for r in index.system_repositories()]
    assert roots == [
        install / "distributions" / "jballerina-1.2.0" / "lib" / "repo",
        install / "distributions" / "jballerina-1.1.0" / "lib" / "repo",
    ]


def test_versions_across_repositories_newest_first(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_zip(dirs.home_caches, "natasha", "mathutils", "1.1.0")
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.3.0-beta.1")
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.2.0")
    index = LegacyIndex(dirs.roots())
    found = index.versions("natasha", "mathutils", index.repositories(None))
    assert [p.version for p in found] == ["1.3.0-beta.1", "1.2.0", "1.1.0"]
    assert (
        found[1].path
        == dirs.balo_cache / "natasha/mathutils/1.2.0/mathutils-2020r1-java8-1.2.0.balo"
    )
    assert found[1].platform == "java8"
    assert found[2].path.name == "mathutils.zip"
    assert all(p.name == "mathutils" and p.modules == ("mathutils",) for p in found)


def test_bad_version_directories_and_empty_ones_are_skipped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(dirs.balo_cache, "a", "m", "1.0.0")
    (dirs.balo_cache / "a" / "m" / "latest").mkdir()
    (dirs.balo_cache / "a" / "m" / "2.0.0").mkdir()
    index = LegacyIndex(dirs.roots())
    with caplog.at_level(logging.WARNING):
        found = index.versions("a", "m", index.repositories(None))
    assert [p.version for p in found] == ["1.0.0"]
    assert "not a SemVer version" in caplog.text
    assert "no .balo or .zip archive" in caplog.text


def test_names_that_would_leave_a_repository_find_nothing(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(dirs.balo_cache, "a", "m", "1.0.0")
    index = LegacyIndex(dirs.roots())
    repos = index.repositories(None)
    assert index.versions("..", "m", repos) == []
    assert index.versions("a", "../a/m", repos) == []
    assert index.module_names("../..", repos) == []


def test_changes_on_disk_are_seen(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(dirs.balo_cache, "a", "m", "1.0.0")
    index = LegacyIndex(dirs.roots())
    repos = index.repositories(None)
    assert [p.version for p in index.versions("a", "m", repos)] == ["1.0.0"]
    assert not index.has_changed()
    write_balo(dirs.balo_cache, "a", "m", "1.1.0")
    assert index.has_changed()
    assert [p.version for p in index.versions("a", "m", repos)] == ["1.1.0", "1.0.0"]


def test_the_view_lists_orgs_and_modules_like_the_swan_lake_index(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(dirs.balo_cache, "wso2", "twitter", "0.10.0")
    write_zip(dirs.home_caches, "natasha", "mathutils", "1.2.0")
    write_balo(dirs.system, "ballerina", "io", "0.5.1", file_name="io.balo")
    project = tmp_path / "proj"
    write_zip(project / ".ballerina" / "repo", "acme", "strutils", "0.2.0")
    index = LegacyIndex(dirs.roots())
    view = index.view(project)
    assert view.orgs() == ["acme", "ballerina", "natasha", "wso2"]
    assert view.packages("wso2") == ["twitter"]
    assert view.modules("ballerina") == [("io", "io")]
    assert [p.version for p in view.versions("acme", "strutils")] == ["0.2.0"]
    assert "acme" not in index.view(None).orgs()
