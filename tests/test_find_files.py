"""Which files `balmod check` reads under the paths it is given (`workspace.find_files`)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from balmod.workspace import find_files

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("// x\n")


def _relative(found: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in found]


def test_a_directory_s_files_come_in_name_order_before_its_subdirectories(
    tmp_path: Path,
) -> None:
    _tree(
        tmp_path,
        [
            "b.bal",
            "Ballerina.toml",
            "a.bal",
            "notes.txt",
            "modules/z/z.bal",
            "modules/a/b.bal",
            "modules/a/a.bal",
            "modules/a/deep/d.bal",
            "aa/x.bal",
        ],
    )
    assert _relative(find_files([tmp_path]), tmp_path) == [
        "Ballerina.toml",
        "a.bal",
        "b.bal",
        "aa/x.bal",
        "modules/a/a.bal",
        "modules/a/b.bal",
        "modules/a/deep/d.bal",
        "modules/z/z.bal",
    ]


def test_build_output_hidden_and_cache_directories_are_not_entered(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        ["main.bal", "target/bala/x.bal", ".git/y.bal", ".hidden/z.bal", "node_modules/w.bal"],
    )
    assert _relative(find_files([tmp_path]), tmp_path) == ["main.bal"]


def test_a_file_named_several_ways_is_found_once(tmp_path: Path) -> None:
    _tree(tmp_path, ["main.bal", "modules/util/util.bal"])
    found = find_files([tmp_path / "main.bal", tmp_path, tmp_path / "modules", tmp_path / "."])
    assert _relative(found, tmp_path) == ["main.bal", "modules/util/util.bal"]


def test_a_file_given_by_name_is_taken_whatever_its_name(tmp_path: Path) -> None:
    _tree(tmp_path, ["notes.txt"])
    assert find_files([tmp_path / "notes.txt"]) == [tmp_path / "notes.txt"]


@needs_links
def test_links_are_followed_once_and_only_inside_the_tree(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    _tree(root, ["main.bal", "modules/util/util.bal"])
    _tree(outside, ["secret.bal", "dir/inner.bal"])
    os.symlink(root / "main.bal", root / "alias.bal")  # the same file again: found once
    os.symlink(root / "modules" / "util", root / "modules" / "again")  # a directory: not entered
    os.symlink(outside / "secret.bal", root / "stolen.bal")  # out of the tree: skipped
    os.symlink(outside / "dir", root / "away")  # a directory out of the tree: not entered
    with caplog.at_level(logging.WARNING, logger="balmod.workspace"):
        found = find_files([root])
    assert _relative(found, root) == ["alias.bal", "modules/util/util.bal"]
    assert "stolen.bal: symbolic link leads outside" in caplog.text


@needs_links
def test_a_tree_reached_through_a_link_is_walked_under_its_real_path_once(
    tmp_path: Path,
) -> None:
    _tree(tmp_path / "real", ["main.bal", "modules/a/a.bal"])
    os.symlink(tmp_path / "real", tmp_path / "linked")
    found = find_files([tmp_path / "linked", tmp_path / "real"])
    assert _relative(found, tmp_path) == ["linked/main.bal", "linked/modules/a/a.bal"]


def test_a_path_that_is_no_directory_is_taken_as_a_file(tmp_path: Path) -> None:
    # `balmod check` reports a missing path before it gets here.
    assert find_files([tmp_path / "gone"]) == [tmp_path / "gone"]


def test_an_empty_directory_gives_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert find_files([empty]) == []
