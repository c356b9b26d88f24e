"""Listing versions without reading them, pinned repositories, and the containment check."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from balmod.repository import RepositoryIndex, VersionDir
from balmod.repository.containment import Containment
from balmod.workspace import escapes
from builders import BallerinaDirs, make_bala, make_dirs

BROKEN = "{ not json"


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.distribution, "acme", "pkg", "1.0.0")
    make_bala(dirs.central, "acme", "pkg", "1.0.0", package_json_text=BROKEN)
    make_bala(dirs.central, "acme", "pkg", "1.2.0-beta")
    make_bala(dirs.central, "acme", "pkg", "0.9.0")
    make_bala(dirs.local, "acme", "pkg", "2.0.0")
    (dirs.central / "acme" / "pkg" / "latest").mkdir()  # not a version
    return dirs


def listed(found: list[VersionDir]) -> list[tuple[str, str]]:
    return [(d.version, d.repository.id) for d in found]


def test_version_dirs_list_in_the_order_of_versions_without_reading(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    index = dirs.index()
    found = index.version_dirs("acme", "pkg")
    assert listed(found) == [
        ("2.0.0", "local"),
        ("1.2.0-beta", "central.ballerina.io"),
        ("1.0.0", "distribution"),
        ("1.0.0", "central.ballerina.io"),  # its package.json is broken: listed all the same
        ("0.9.0", "central.ballerina.io"),
    ]
    assert "package.json" not in caplog.text  # nothing was read
    assert "latest: the directory name is not a SemVer version" in caplog.text
    # versions() is what reading each of them leaves.
    usable = [index.read_version(d) for d in found]
    assert [(p.version, p.repository.id) for p in usable if p is not None] == [
        (p.version, p.repository.id) for p in index.versions("acme", "pkg")
    ]
    assert usable[3] is None
    central = index.repository("central.ballerina.io")
    assert central is not None
    assert listed(index.version_dirs("acme", "pkg", central)) == listed(found[1:2] + found[3:])
    assert listed(index.version_dirs("acme", "pkg", among=[central])) == listed(
        index.version_dirs("acme", "pkg", central)
    )
    assert index.version_dirs("acme", "../pkg") == []


def test_newest_prefers_releases_and_skips_unusable_ones(dirs: BallerinaDirs) -> None:
    index = dirs.index()
    newest = index.newest("acme", "pkg")
    assert newest is not None and (newest.version, newest.repository.id) == ("2.0.0", "local")
    central = index.repository("central.ballerina.io")
    newest = index.newest("acme", "pkg", central)
    # 1.0.0 in the Central cache is unusable; the pre-release is not preferred over 0.9.0.
    assert newest is not None and newest.version == "0.9.0"


def test_pinned_repositories_are_looked_up_once(dirs: BallerinaDirs) -> None:
    index = dirs.index()
    before = index.repositories()
    with index.pinned():
        assert index.repositories() is index.repositories()
        dirs.custom("myrepo")
        assert index.repositories() == before
        with index.pinned():
            assert index.repositories() == before
        assert index.repositories() == before
    assert [r.id for r in index.repositories()] == [
        "distribution",
        "central.ballerina.io",
        "myrepo",
        "local",
    ]


def test_the_containment_check_agrees_with_escapes(tmp_path: Path) -> None:
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links")
    root = tmp_path / "root"
    (root / "a" / "b" / "c").mkdir(parents=True)
    (root / "a" / "b" / "c" / "f.json").write_text("{}")
    (tmp_path / "out" / "x").mkdir(parents=True)
    os.symlink(tmp_path / "out", root / "a" / "away")  # leads outside
    os.symlink("b", root / "a" / "near")  # stays inside
    os.symlink(tmp_path / "out" / "x", root / "a" / "b" / "c" / "deep")
    paths = [
        root / "a",
        root / "a" / "b" / "c",
        root / "a" / "b" / "c" / "f.json",
        root / "a" / "away" / "x",
        root / "a" / "near" / "c",
        root / "a" / "near" / "c" / "f.json",
        root / "a" / "b" / "c" / "deep",
        root / "a" / "missing" / "z",
        root / "a" / "b" / ".." / "away",  # not plain: left to escapes()
        tmp_path / "out",  # not below the root at all
    ]
    containment = Containment(lambda path, problem: None)
    for path in paths:
        expected = escapes(path, root)
        assert containment.leads_outside(path, root, None) is expected, path
        assert containment.leads_outside(str(path), str(root), None) is expected, path
        if os.path.lexists(path) and not os.path.islink(path):
            # The caller saw that the path itself is no link: the rest decides alone.
            assert containment.leads_outside(path, root, None, linked=False) is expected, path
    # Below an ancestor already checked, only the rest is looked at.
    checked = root / "a" / "b"
    assert containment.leads_outside(checked / "c" / "f.json", root, checked) is False
    assert containment.leads_outside(checked / "c" / "deep", root, checked) is True
    # A relative root is not taken as plain.
    assert containment.leads_outside("a/b", "a", None) is escapes("a/b", "a")


def test_reading_a_listed_version_reports_an_unusable_one(
    dirs: BallerinaDirs, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    index: RepositoryIndex = dirs.index()
    found = [d for d in index.version_dirs("acme", "pkg") if d.version == "1.0.0"]
    assert [index.read_version(d) is None for d in found] == [False, True]
    assert "invalid JSON" in caplog.text
