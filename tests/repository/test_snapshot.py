"""`FsCache.snapshot` and `RepositoryIndex.steady_disk`: one `balmod check` run reads each
directory and file once, and answers as the stat-validated way does.

Outside the scope nothing is kept without a stat: what changed on disk is seen again, as the
language server needs.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from balmod.repository.fscache import UNSTATED, FsCache, Presence
from balmod.versions import parse_version
from builders import BallerinaDirs, make_bala, make_dirs

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.add(record.getMessage())


@contextlib.contextmanager
def _logged() -> Iterator[set[str]]:
    handler = _Collected()
    logger = logging.getLogger("balmod.repository.fscache")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


def _odd_tree(base: Path) -> Path:
    """A tree with every kind of entry a repository can hold by mistake."""
    root = base / "root"
    outside = base / "outside"
    (outside / "x" / "any").mkdir(parents=True)
    (outside / "x" / "any" / "package.json").write_text('{"name": "outside"}')
    (outside / "file.json").write_text("{}")
    good = root / "acme" / "pkg" / "1.0.0" / "any"
    (good / "modules" / "pkg").mkdir(parents=True)
    (good / "modules" / "pkg.sub").mkdir()
    (good / "modules" / "README.md").write_text("a file among the modules")
    (good / "package.json").write_text(json.dumps({"organization": "acme", "name": "pkg"}))
    (root / "acme" / "pkg" / "1.0.0" / "java21").mkdir()  # no package.json
    (root / "acme" / "pkg" / "2.0.0").mkdir()  # no platform
    (root / "acme" / "pkg" / "3.0.0").write_text("a file where a version belongs")
    (root / "acme" / "pkg" / ".hidden").mkdir()
    broken = root / "acme" / "broken" / "1.0.0" / "any"
    broken.mkdir(parents=True)
    (broken / "package.json").write_text("{ not json")
    array = root / "acme" / "array" / "1.0.0" / "any"
    array.mkdir(parents=True)
    (array / "package.json").write_text("[1, 2]")
    (root / "acme" / "dirjson" / "1.0.0" / "any" / "package.json").mkdir(parents=True)
    (root / "acme" / "afile").write_text("a file where a package belongs")
    (root / "Acme" / "cased" / "1.0.0" / "any").mkdir(parents=True)
    (root / "stray.txt").write_text("a file where an org belongs")
    if hasattr(os, "symlink"):
        os.symlink("pkg", root / "acme" / "near")  # stays inside
        os.symlink(outside / "x", root / "acme" / "away")  # leads outside
        os.symlink("nowhere", root / "acme" / "dangling")
        os.symlink("loop", root / "acme" / "loop")
        os.symlink("acme", root / "linked")  # an org reached through a link
        linked_json = root / "acme" / "linkjson" / "1.0.0" / "any"
        linked_json.mkdir(parents=True)
        os.symlink(outside / "file.json", linked_json / "package.json")
        inner_json = root / "acme" / "innerjson" / "1.0.0" / "any"
        inner_json.mkdir(parents=True)
        (inner_json / "real.json").write_text('{"name": "innerjson"}')
        os.symlink("real.json", inner_json / "package.json")
        os.symlink(outside / "x", good / "modules" / "escaping")
    if hasattr(os, "mkfifo"):
        fifo = root / "acme" / "fifo" / "1.0.0" / "any"
        fifo.mkdir(parents=True)
        os.mkfifo(fifo / "package.json")
    return root


def _questions(root: Path) -> list[tuple[str, str]]:
    """Every directory and package.json a repository index could ask about, and more."""
    asked: list[tuple[str, str]] = []
    names = ["acme", "Acme", "ACME", "linked", "stray.txt", "nosuch", ".hidden"]
    for org in names:
        asked.append(("presence", str(root / org)))
        org_dir = root / org
        packages = ["pkg", "PKG", "near", "away", "dangling", "loop", "afile", "nosuch", "cased"]
        packages += ["broken", "array", "dirjson", "linkjson", "innerjson", "fifo"]
        for package in packages:
            package_dir = org_dir / package
            asked += [("presence", str(package_dir)), ("listing", str(package_dir))]
            for version in ("1.0.0", "2.0.0", "3.0.0", "9.9.9"):
                version_dir = package_dir / version
                asked.append(("listing", str(version_dir)))
                for platform in ("any", "java21", "java11"):
                    bala = version_dir / platform
                    if version == "1.0.0":  # listed first, or not: both ways to its files
                        asked.append(("files", str(bala)))
                    asked.append(("json", str(bala / "package.json")))
                    asked.append(("modules", str(bala / "modules")))
    return asked


def _answers(fs: FsCache, root: Path) -> list[Any]:
    answers: list[Any] = []
    for kind, path in _questions(root):
        if kind == "presence":
            answers.append(fs.presence(path, root))
        elif kind == "json":
            answers.append(fs.json_file(path, within=root)[1])
        else:
            files = kind in ("modules", "files")
            sig, names = fs.listing(path, files_expected=files, within=root)
            answers.append((sig is None, names))
    return answers


def test_a_snapshot_answers_and_reports_as_the_validated_way(tmp_path: Path) -> None:
    root = _odd_tree(tmp_path)
    with _logged() as validated_logs:
        validated = _answers(FsCache(), root)
    in_snapshot = FsCache()
    with _logged() as snapshot_logs, in_snapshot.snapshot():
        answered = _answers(in_snapshot, root)
        again = _answers(in_snapshot, root)  # from what the snapshot kept
    assert answered == validated
    assert again == validated
    assert snapshot_logs == validated_logs
    # The tree's problems were there to find.
    assert any("leads outside" in message for message in validated_logs) == hasattr(os, "symlink")
    assert any("a file where a directory belongs" in message for message in validated_logs)
    assert any("invalid JSON" in message for message in validated_logs)


def test_a_snapshot_reads_each_directory_and_file_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _odd_tree(tmp_path)
    fs = FsCache()
    calls: list[str] = []
    for name in ("lstat", "stat", "scandir", "open"):
        real = getattr(os, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, counted)
    version_dir = str(root / "acme" / "pkg" / "1.0.0")
    package_json = str(root / "acme" / "pkg" / "1.0.0" / "any" / "package.json")
    with fs.snapshot():
        first = fs.listing(version_dir, within=root)
        data = fs.json_file(package_json, within=root)[1]
        assert calls  # read once
        calls.clear()
        assert fs.listing(version_dir, within=root) == first
        assert fs.json_file(package_json, within=root)[1] == data
        assert fs.presence(str(root / "acme" / "pkg"), root) is Presence.PLAIN
        # Known absent from the listing of their parents: no system call either.
        assert fs.listing(str(root / "acme" / "nosuch"), within=root) == (None, ())
        assert fs.presence(str(root / "nosuch" / "pkg"), root) is Presence.MISSING
        assert calls == []
    assert first == (UNSTATED, ("any", "java21"))
    # Outside the scope, every answer is validated by a stat again.
    fs.listing(version_dir, within=root)
    assert calls


def test_what_a_snapshot_kept_is_dropped_when_it_ends(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.central, "acme", "pkg", "1.0.0")
    index = dirs.index()
    with index.steady_disk():
        assert [d.version for d in index.version_dirs("acme", "pkg")] == ["1.0.0"]
        make_bala(dirs.central, "acme", "pkg", "2.0.0")
        # The disk is taken not to change within the scope.
        assert [d.version for d in index.version_dirs("acme", "pkg")] == ["1.0.0"]
        with index.steady_disk():  # nested: the outer scope's answers stand
            assert [d.version for d in index.version_dirs("acme", "pkg")] == ["1.0.0"]
        assert [d.version for d in index.version_dirs("acme", "pkg")] == ["1.0.0"]
    assert not index.is_steady()
    assert [d.version for d in index.version_dirs("acme", "pkg")] == ["2.0.0", "1.0.0"]
    with index.steady_disk():  # a new scope starts from the disk as it is
        make_bala(dirs.central, "acme", "pkg", "3.0.0")
        assert index.version_dirs("acme", "pkg")[0].version == "3.0.0"


def test_a_package_version_is_read_once_within_the_scope_and_again_after(
    tmp_path: Path,
) -> None:
    dirs = make_dirs(tmp_path)
    bala = make_bala(dirs.central, "acme", "pkg", "1.0.0", export=["pkg"])
    index = dirs.index()
    found = index.version_dirs("acme", "pkg")[0]
    with index.steady_disk():
        package = index.read_version(found)
        assert package is not None and package.export == ("pkg",)
        (bala / "package.json").write_text("{ broken")
        assert index.read_version(found) is package
    assert index.read_version(found) is None  # the server path sees the change


def test_the_server_path_still_notices_a_changed_directory(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.central, "acme", "pkg", "1.0.0")
    index = dirs.index()
    with index.steady_disk():
        index.version_dirs("acme", "pkg")
    # What the scope read went into no validated cache: the poller watches what was read
    # outside it, and sees its changes.
    assert [d.version for d in index.version_dirs("acme", "pkg")] == ["1.0.0"]
    assert not index.has_changed()
    make_bala(dirs.central, "acme", "pkg", "1.1.0")
    assert index.has_changed()
    assert [d.version for d in index.version_dirs("acme", "pkg")] == ["1.1.0", "1.0.0"]


def test_refresh_within_the_scope_reads_again(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.central, "acme", "pkg", "1.0.0")
    index = dirs.index()
    with index.steady_disk():
        assert len(index.version_dirs("acme", "pkg")) == 1
        make_bala(dirs.central, "acme", "pkg", "2.0.0")
        index.refresh()
        assert len(index.version_dirs("acme", "pkg")) == 2


def test_a_name_an_entry_folds_to_is_left_to_the_validated_way(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "Acme" / "pkg").mkdir(parents=True)
    validated = FsCache()
    fs = FsCache()
    with fs.snapshot():
        for name in ("Acme", "acme", "ACME", "\u212acme"):
            path = str(root / name / "pkg")
            assert fs.presence(path, root) is validated.presence(path, root), name
            listed = fs.listing(path, within=root)
            assert (listed[0] is None, listed[1]) == (
                validated.listing(path, within=root)[0] is None,
                validated.listing(path, within=root)[1],
            ), name


def test_named_version_settles_only_what_the_listing_would(tmp_path: Path) -> None:
    dirs: BallerinaDirs = make_dirs(tmp_path)
    make_bala(dirs.central, "acme", "pkg", "1.0.0")
    make_bala(dirs.central, "acme", "pkg", "1.1.0+b1")
    make_bala(dirs.central, "acme", "pkg", "2.0.0", package_json_text="{ broken")
    make_bala(dirs.central, "acme", "pkg", "3.0.0-rc.1")
    index = dirs.index()
    repos = index.repositories()

    def named(version: str, name: str = "pkg") -> tuple[bool, str | None, str | None]:
        settled, found, platform = index.named_version(repos, "acme", name, parse_version(version))
        return settled, found.version if found is not None else None, platform

    assert named("1.0.0") == (True, "1.0.0", "any")
    assert named("1.0.0", "nosuch") == (True, None, None)  # no repository has the package
    assert named("1.1.0") == (False, None, None)  # a +build directory may stand in
    assert named("1.1.0+b1") == (False, None, None)
    assert named("2.0.0") == (False, None, None)  # unusable: for the listing to decide
    assert named("3.0.0-rc.1") == (False, None, None)  # letters: a case-blind file system
    listed = {d.version: d for d in index.version_dirs("acme", "pkg")}
    assert index.read_platform(listed["1.0.0"]) == "any"


def test_a_snapshot_belongs_to_the_thread_that_opened_it(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "acme" / "pkg").mkdir(parents=True)
    org = str(root / "acme")
    fs = FsCache()
    elsewhere: list[tuple[str, ...]] = []

    def list_org() -> None:
        elsewhere.append(fs.listing(org, within=root)[1])

    with fs.snapshot():
        assert fs.listing(org, within=root)[1] == ("pkg",)
        (root / "acme" / "other").mkdir()
        assert fs.listing(org, within=root)[1] == ("pkg",)  # kept in this thread
        other = threading.Thread(target=list_org)
        other.start()
        other.join()
        with fs.snapshot():  # nested in this thread: the same snapshot
            assert fs.listing(org, within=root)[1] == ("pkg",)
    assert elsewhere == [("other", "pkg")]  # another thread takes the validated way
    assert fs.listing(org, within=root)[1] == ("other", "pkg")
