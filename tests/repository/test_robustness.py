"""Corrupt trees, changes on disk, and laziness of the repository index."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from balmod.repository import RepositoryIndex
from builders import BallerinaDirs, make_bala, make_dirs

LOGGER = "balmod.repository.fscache"


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.central, "foo", "good", "1.0.0")
    return dirs


def warnings_about(caplog: pytest.LogCaptureFixture, path: Path) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == LOGGER and r.levelno == logging.WARNING and str(path) in r.getMessage()
    ]


def versions(index: RepositoryIndex, org: str, name: str) -> list[str]:
    return [p.version for p in index.versions(org, name)]


def test_invalid_package_json_is_skipped_and_logged_once(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    make_bala(dirs.central, "foo", "good", "1.1.0", package_json_text='{"organization": "foo",')
    make_bala(dirs.central, "foo", "good", "1.2.0", package_json_text="[1, 2]")
    index = dirs.index()
    caplog.set_level(logging.WARNING, LOGGER)

    assert versions(index, "foo", "good") == ["1.0.0"]
    assert versions(index, "foo", "good") == ["1.0.0"]
    assert index.newest("foo", "good") is not None

    broken = dirs.central / "foo/good/1.1.0/any/package.json"
    not_object = dirs.central / "foo/good/1.2.0/any/package.json"
    assert len(warnings_about(caplog, broken)) == 1
    assert "invalid JSON" in warnings_about(caplog, broken)[0]
    assert warnings_about(caplog, not_object) == [
        f"skipping {not_object}: invalid JSON (expected an object)"
    ]


def test_platform_dir_without_package_json(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    (dirs.central / "foo/good/2.0.0/java21/modules/good").mkdir(parents=True)
    caplog.set_level(logging.WARNING, LOGGER)
    assert versions(dirs.index(), "foo", "good") == ["1.0.0"]
    platform_dir = dirs.central / "foo/good/2.0.0/java21"
    assert warnings_about(caplog, platform_dir) == [f"skipping {platform_dir}: no package.json"]


def test_version_dir_without_platforms_and_bad_version_names(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    (dirs.central / "foo/good/3.0.0").mkdir()
    make_bala(dirs.central, "foo", "good", "latest")
    caplog.set_level(logging.WARNING, LOGGER)
    assert versions(dirs.index(), "foo", "good") == ["1.0.0"]
    assert warnings_about(caplog, dirs.central / "foo/good/3.0.0") == [
        f"skipping {dirs.central / 'foo/good/3.0.0'}: no platform directory"
    ]
    assert len(warnings_about(caplog, dirs.central / "foo/good/latest")) == 1


def test_files_where_directories_belong(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    (dirs.central / "stray.txt").write_text("not an org")
    (dirs.central / "foo" / "notapackage").write_text("x")
    (dirs.central / "foo" / "good" / "4.0.0").write_text("not a version dir")
    (dirs.local / "foo").write_text("an org that is a file")
    caplog.set_level(logging.WARNING, LOGGER)
    index = dirs.index()

    assert index.orgs() == ["foo"]
    assert index.packages("foo") == ["good"]
    assert versions(index, "foo", "good") == ["1.0.0"]
    assert index.versions("foo", "good", index.repository("local")) == []
    for path in (
        dirs.central / "stray.txt",
        dirs.central / "foo/notapackage",
        dirs.central / "foo/good/4.0.0",
        dirs.local / "foo",
    ):
        assert warnings_about(caplog, path) == [
            f"skipping {path}: a file where a directory belongs"
        ], path


def test_symlink_loops(dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture) -> None:
    org = dirs.central / "foo"
    os.symlink("selfloop", org / "selfloop")
    os.symlink("../..", org / "up")  # a "package" that is the bala root's parent
    os.symlink("loop-b", org / "loop-a")
    os.symlink("loop-a", org / "loop-b")
    os.symlink("missing-target", org / "dangling")
    caplog.set_level(logging.WARNING, LOGGER)
    index = dirs.index()

    assert index.packages("foo") == ["good", "up"]
    assert index.versions("foo", "selfloop") == []
    assert index.versions("foo", "loop-a") == []
    assert index.versions("foo", "up") == []
    assert index.package_for_module("foo", "selfloop.x") is None
    assert versions(index, "foo", "good") == ["1.0.0"]
    assert warnings_about(caplog, org / "selfloop") == [
        f"skipping {org / 'selfloop'}: symbolic link loop"
    ]
    assert len(warnings_about(caplog, org / "loop-a")) == 1
    assert warnings_about(caplog, org / "dangling") == [
        f"skipping {org / 'dangling'}: broken symbolic link"
    ]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores directory permissions",
)
def test_unreadable_directory(dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture) -> None:
    make_bala(dirs.central, "secret", "pkg", "1.0.0")
    locked = dirs.central / "secret"
    locked.chmod(0)
    caplog.set_level(logging.WARNING, LOGGER)
    try:
        index = dirs.index()
        assert index.packages("secret") == []
        assert index.versions("secret", "pkg") == []
        assert versions(index, "foo", "good") == ["1.0.0"]
        assert any("permission denied" in m for m in warnings_about(caplog, locked))
    finally:
        locked.chmod(0o755)
    # Readable again: chmod changes the directory's ctime, so the listing is re-read.
    assert versions(index, "secret", "pkg") == ["1.0.0"]


def test_unreadable_directory_simulated(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bala(dirs.central, "secret", "pkg", "1.0.0")
    denied = str(dirs.central / "secret")
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        if os.fspath(path) == denied:
            raise PermissionError(13, "Permission denied", denied)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    caplog.set_level(logging.WARNING, LOGGER)
    index = dirs.index()
    assert index.packages("secret") == []
    assert index.packages("secret") == []
    assert index.orgs() == ["foo", "secret"]
    assert warnings_about(caplog, Path(denied)) == [f"skipping {denied}: permission denied"]


def test_changes_on_disk_are_noticed_without_refresh(dirs: BallerinaDirs) -> None:
    index = dirs.index()
    assert versions(index, "foo", "good") == ["1.0.0"]
    assert index.orgs() == ["foo"]

    make_bala(dirs.central, "foo", "good", "1.1.0")
    assert versions(index, "foo", "good") == ["1.1.0", "1.0.0"]

    make_bala(dirs.local, "foo", "good", "1.2.0")
    assert versions(index, "foo", "good") == ["1.2.0", "1.1.0", "1.0.0"]

    shutil.rmtree(dirs.central / "foo/good/1.0.0")
    assert versions(index, "foo", "good") == ["1.2.0", "1.1.0"]

    make_bala(dirs.central, "bar", "fresh", "0.1.0")
    assert index.orgs() == ["bar", "foo"]
    assert index.packages("bar") == ["fresh"]

    make_bala(dirs.central, "foo", "other", "1.0.0")
    assert index.packages("foo") == ["good", "other"]
    shutil.rmtree(dirs.central / "foo/other")
    assert index.packages("foo") == ["good"]


def test_new_module_and_repaired_package_json_are_noticed(dirs: BallerinaDirs) -> None:
    make_bala(dirs.central, "foo", "wip", "1.0.0", package_json_text="{")
    index = dirs.index()
    assert index.versions("foo", "wip") == []

    bala = make_bala(dirs.central, "foo", "wip", "1.0.0")  # rewrites package.json properly
    (package,) = index.versions("foo", "wip")
    assert package.modules == ("wip",)

    (bala / "modules" / "wip.extra").mkdir()
    (package,) = index.versions("foo", "wip")
    assert package.modules == ("wip", "wip.extra")


def test_custom_repository_added_later(dirs: BallerinaDirs) -> None:
    index = dirs.index()
    assert [r.id for r in index.repositories()] == ["distribution", "central.ballerina.io", "local"]
    make_bala(dirs.custom("team"), "foo", "shared", "2.0.0")
    assert [r.id for r in index.repositories()] == [
        "distribution",
        "central.ballerina.io",
        "team",
        "local",
    ]
    assert [(p.version, p.repository.label) for p in index.versions("foo", "shared")] == [
        ("2.0.0", "custom 'team'")
    ]


class ScanRecorder:
    """Records every directory os.scandir lists."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[Path] = []
        real = os.scandir

        def scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
            self.paths.append(Path(os.fspath(path)))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)


def test_lookup_reads_only_that_package(
    dirs: BallerinaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bala(dirs.central, "ballerina", "http", "2.16.4", modules={"http": {}, "http.x": {}})
    make_bala(dirs.central, "ballerina", "io", "1.8.0")
    make_bala(dirs.central, "other", "big", "1.0.0")
    make_bala(dirs.distribution, "other", "big", "1.0.0")
    index = dirs.index()
    recorder = ScanRecorder(monkeypatch)

    central = index.repository("central.ballerina.io")
    assert [p.version for p in index.versions("ballerina", "http", central)] == ["2.16.4"]
    assert index.package_for_module("ballerina", "http.x", central) == "http"

    allowed = (dirs.central / "ballerina", dirs.central / "ballerina/http", dirs.user_home)
    assert recorder.paths, "the lookup listed nothing at all"
    for path in recorder.paths:
        assert any(path == a or a in path.parents for a in allowed), path
    assert dirs.central / "ballerina/io" not in recorder.paths
    assert dirs.central not in recorder.paths  # the bala root (every org) is never listed


def test_warm_lookups_do_not_list_again_and_refresh_drops_caches(
    dirs: BallerinaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = dirs.index()
    assert versions(index, "foo", "good") == ["1.0.0"]
    recorder = ScanRecorder(monkeypatch)
    assert versions(index, "foo", "good") == ["1.0.0"]
    assert recorder.paths == []

    index.refresh()
    assert versions(index, "foo", "good") == ["1.0.0"]
    assert dirs.central / "foo/good" in recorder.paths


def test_package_json_disagreeing_with_its_directory_is_noted(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    bala = make_bala(dirs.central, "foo", "renamed", "1.0.0", package_json={"name": "oldname"})
    caplog.set_level(logging.WARNING, LOGGER)
    index = dirs.index()
    assert versions(index, "foo", "renamed") == ["1.0.0"]
    assert versions(index, "foo", "renamed") == ["1.0.0"]
    assert warnings_about(caplog, bala / "package.json") == [
        f"{bala / 'package.json'}: declares foo/oldname 1.0.0 but lies in foo/renamed/1.0.0"
    ]
