"""What a manifest check reads of the repositories, and how little: the same answers.

- :meth:`RepositoryIndex.read_platform` picks the platform :meth:`read_version` picks, notes
  the same problems, and lists no ``modules/``;
- :meth:`FsCache.presence` and the containment check, inside and outside
  :meth:`FsCache.steady`, where what was seen of the way is kept;
- a version looked up by its directory's name before its package is listed;
- conflicts computed once for Ballerina.toml and Dependencies.toml, and not at all for a
  Ballerina.toml without ``[[dependency]]``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.analysis.engine import Engine
from balmod.analysis.manifests import graph as graph_module
from balmod.analysis.manifests import service as service_module
from balmod.analysis.manifests.facts import package_facts
from balmod.analysis.manifests.graph import Claim, Conflict, find_conflicts
from balmod.project.model import PackageKey
from balmod.repository.fscache import FsCache, Presence
from balmod.repository.index import RepositoryIndex, VersionDir, directory_name
from balmod.repository.roots import Repository
from balmod.versions import parse_version, precedence_key
from balmod.workspace import escapes
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")

PLATFORMS = ["java21", "java17", "java11", "any", "graal"]
STATES = ["usable", "broken", "missing", "elsewhere"]  # "elsewhere": declares another package


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from(PLATFORMS), st.sampled_from(STATES), max_size=4),
)
def test_read_platform_picks_as_read_version_does(layout: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as name:
        dirs = make_dirs(Path(name))
        if not layout:
            (dirs.central / "acme" / "pkg" / "1.0.0").mkdir(parents=True)
        for platform, state in layout.items():
            bala = make_bala(
                dirs.central,
                "acme",
                "pkg",
                "1.0.0",
                platform=platform,
                package_json={"organization": "beta"} if state == "elsewhere" else None,
                package_json_text="{ broken" if state == "broken" else None,
            )
            if state == "missing":
                (bala / "package.json").unlink()
        logs: list[set[str]] = []
        answers = []
        for read in ("read_version", "read_platform"):
            index = dirs.index()
            found = index.version_dirs("acme", "pkg")
            assert [d.version for d in found] == ["1.0.0"]
            with _captured() as records:
                if read == "read_version":
                    package = index.read_version(found[0])
                    answers.append(None if package is None else package.platform)
                else:
                    answers.append(index.read_platform(found[0]))
            logs.append(records)
        assert answers[0] == answers[1]
        assert logs[0] == logs[1]


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.add(record.getMessage())


@contextlib.contextmanager
def _captured() -> Iterator[set[str]]:
    """The messages logged within the block."""
    handler = _Collected()
    logging.getLogger().addHandler(handler)
    try:
        yield handler.messages
    finally:
        logging.getLogger().removeHandler(handler)


def test_a_guessed_version_that_is_not_there_is_no_problem(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.central, "acme", "pkg", "1.0.0")
    (dirs.central / "acme" / "pkg" / "2.0.0").mkdir()  # no platform directory
    caplog.set_level(logging.WARNING)
    index = dirs.index()
    by_version = {d.version: d for d in index.version_dirs("acme", "pkg")}
    assert index.read_platform(by_version["1.0.0"], guessed=True) == "any"
    assert index.read_platform(by_version["2.0.0"], guessed=True) is None
    assert caplog.text == ""
    assert index.read_platform(by_version["2.0.0"]) is None
    assert "no platform directory" in caplog.text


@needs_links
def test_presence_and_the_way_to_a_directory(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "org" / "pkg").mkdir(parents=True)
    (root / "org" / "file").write_text("x")
    (tmp_path / "out" / "pkg").mkdir(parents=True)
    os.symlink(tmp_path / "out", root / "away")  # an org leading outside
    os.symlink(root / "org", root / "near")  # an org leading inside
    os.symlink(root / "org" / "pkg", root / "org" / "alias")  # a package that is a link
    expected = {
        root / "org" / "pkg": Presence.PLAIN,
        root / "org" / "none": Presence.MISSING,
        root / "none" / "pkg": Presence.MISSING,
        root / "org" / "file": Presence.MISSING,
        root / "away" / "pkg": Presence.LINKED,
        root / "near" / "pkg": Presence.LINKED,
        root / "org" / "alias": Presence.LINKED,
    }
    fs = FsCache()
    assert {path: fs.presence(path, root) for path in expected} == expected
    with fs.steady():
        for _ in range(2):  # the second time from what was seen the first
            assert {path: fs.presence(str(path), str(root)) for path in expected} == expected


def test_a_missing_org_is_looked_at_once_in_steady(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "root"
    (root / "org" / "pkg").mkdir(parents=True)
    calls: list[str] = []
    real = os.lstat

    def counting(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        calls.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "lstat", counting)
    fs = FsCache()
    with fs.steady():
        for name in ("a", "b", "c"):
            assert fs.presence(f"{root}/none/{name}", str(root)) is Presence.MISSING
            assert fs.presence(f"{root}/org/{name}", str(root)) is Presence.MISSING
        assert fs.presence(f"{root}/org/pkg", str(root)) is Presence.PLAIN
    # Each package under the missing org, and under the existing one, is looked at once;
    # the org's parent once each; the package found, and the org on its way, once.
    looked_at = ["none/a", "none", "org/a", "org", "org/b", "org/c", "org/pkg", "org"]
    assert sorted(calls) == sorted(f"{root}/{path}" for path in looked_at)
    calls.clear()
    assert fs.presence(f"{root}/none/d", str(root)) is Presence.MISSING  # outside: looked at
    assert calls == [f"{root}/none/d"]


@needs_links
def test_the_containment_check_in_steady_agrees_with_escapes(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "a" / "b" / "c").mkdir(parents=True)
    (root / "a" / "b" / "c" / "f.json").write_text("{}")
    (tmp_path / "out" / "x").mkdir(parents=True)
    os.symlink(tmp_path / "out", root / "a" / "away")
    os.symlink("b", root / "a" / "near")
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
    ]
    fs = FsCache()
    with fs.steady():
        for _ in range(2):
            for path in paths:
                expected = escapes(path, root)
                assert fs._containment.leads_outside(str(path), str(root), None) is expected, path
                if os.path.lexists(path) and not os.path.islink(path):
                    assert (
                        fs._containment.leads_outside(str(path), str(root), None, linked=False)
                        is expected
                    )
    # A listing in steady does not trust what it reached through a link.
    with fs.steady():
        assert fs.listing(str(root / "a" / "away"), within=str(root)) == (
            fs.dir_signature(root / "a" / "away"),
            (),
        )
        assert (
            fs._containment.leads_outside(str(root / "a" / "away" / "x"), str(root), None) is True
        )


@needs_links
def test_a_package_directory_leading_outside_is_not_found_and_reported(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dirs = make_dirs(tmp_path / "homes")
    outside = tmp_path / "outside"
    make_bala(outside, "acme", "far", "1.0.0")
    (dirs.central / "acme").mkdir(parents=True)
    os.symlink(outside / "acme" / "far", dirs.central / "acme" / "far")
    caplog.set_level(logging.WARNING)
    index = dirs.index()
    with index.pinned():
        facts = package_facts(index, "acme", "far", None)
        assert not facts.has(parse_version("1.0.0"))
        assert facts.pick(parse_version("1.0.0"), None) is None
    assert f"{dirs.central / 'acme' / 'far'}: symbolic link leads outside" in caplog.text
    assert "1.0.0: symbolic link" not in caplog.text  # reported where the listing finds it


def test_a_version_is_found_by_its_name_and_the_listing_settles_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs = make_dirs(tmp_path)
    make_bala(dirs.central, "acme", "pkg", "1.0.0")
    make_bala(dirs.central, "acme", "pkg", "1.1.0+b2")
    make_bala(dirs.central, "acme", "pkg", "1.1.0", package_json_text="{ broken")
    make_bala(dirs.distribution, "acme", "pkg", "1.0.0+b1")
    listed: list[str] = []
    real = RepositoryIndex.version_dirs

    def recording(
        self: RepositoryIndex,
        org: str,
        name: str,
        repository: Repository | None = None,
        *,
        among: Sequence[Repository] | None = None,
    ) -> list[VersionDir]:
        listed.append(f"{org}/{name}")
        return real(self, org, name, repository, among=among)

    monkeypatch.setattr(RepositoryIndex, "version_dirs", recording)
    make_bala(dirs.central, "acme", "other", "2.0.0")
    make_bala(dirs.central, "acme", "other", "3.0.0-rc.1")
    index = dirs.index()
    with index.pinned():
        other = package_facts(index, "acme", "other", None)
        assert other.has(parse_version("2.0.0")) and other.present
        assert listed == []  # found by its name: nothing listed
        # A version with letters is not looked up by name (a file system may ignore case).
        assert not other.has(parse_version("3.0.0-RC.1"))
        assert other.has(parse_version("3.0.0-rc.1"))
        assert listed == ["acme/other"]
        listed.clear()
        pkg = package_facts(index, "acme", "pkg", None)
        # The distribution has 1.0.0+b1, which comes first in search order.
        picked = pkg.pick(parse_version("1.0.0"), None)
        assert picked is not None and picked.version == "1.0.0+b1"
        # 1.1.0 is unusable: 1.1.0+b2 stands in.
        picked = pkg.pick(parse_version("1.1.0"), None)
        assert picked is not None and picked.version == "1.1.0+b2"
    assert listed == ["acme/pkg"]


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
    st.lists(
        st.one_of(
            st.integers(0, 99).map(str),
            st.from_regex(r"[0-9]*[a-zA-Z-][0-9a-zA-Z-]*", fullmatch=True).filter(bool),
        ),
        max_size=3,
    ),
)
def test_a_version_without_build_metadata_names_its_directory(
    core: tuple[int, int, int], prerelease: list[str]
) -> None:
    text = ".".join(map(str, core)) + ("-" + ".".join(prerelease) if prerelease else "")
    assert directory_name(precedence_key(parse_version(text))) == text


@pytest.fixture
def world(tmp_path: Path) -> tuple[BallerinaDirs, Path]:
    dirs = make_dirs(tmp_path / "homes")
    make_langlibs(dirs.distribution)
    graph = {"packages": [{"org": "acme", "name": "two", "version": "2.0.0"}]}
    make_bala(dirs.central, "acme", "one", "1.0.0", dependency_graph=graph)
    make_bala(dirs.central, "acme", "two", "1.0.0")
    make_bala(dirs.central, "acme", "two", "2.0.0")
    package = make_package(
        tmp_path / "app",
        "me",
        "app",
        dependencies_toml=[
            {"org": "acme", "name": "one", "version": "1.0.0"},
            {"org": "acme", "name": "two", "version": "1.0.0"},
        ],
    )
    return dirs, package


def test_conflicts_are_computed_once_for_both_manifests(
    world: tuple[BallerinaDirs, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs, package = world
    (package / "Ballerina.toml").write_text(
        (package / "Ballerina.toml").read_text()
        + '\n[[dependency]]\norg = "acme"\nname = "one"\nversion = "1.0.0"\n'
    )
    computed: list[int] = []

    def counting(claims: Mapping[PackageKey, Sequence[Claim]]) -> dict[PackageKey, Conflict]:
        computed.append(1)
        return find_conflicts(claims)

    monkeypatch.setattr(service_module, "find_conflicts", counting)
    engine = Engine(dirs.roots())
    found = {}
    for name in ("Ballerina.toml", "Dependencies.toml"):
        path = package / name
        found[name] = [(f.code, f.message) for f in engine.check_manifest(path.read_text(), path)]
    assert computed == [1]
    message = (
        "Two incompatible versions exist in the dependency graph: acme/two versions: 1.0.0, 2.0.0"
    )
    assert found["Dependencies.toml"] == [("BCE5201", message)]
    assert found["Ballerina.toml"] == []  # acme/two is locked: Dependencies.toml's to report


def test_a_ballerina_toml_without_dependencies_reads_no_graph(
    world: tuple[BallerinaDirs, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs, package = world
    read: list[str] = []
    real = graph_module.read_graph

    def recording(bala_dir: Path | str) -> tuple[tuple[str, str, str], ...]:
        read.append(str(bala_dir))
        return real(bala_dir)

    monkeypatch.setattr(service_module, "read_graph", recording)
    engine = Engine(dirs.roots())
    path = package / "Ballerina.toml"
    assert engine.check_manifest(path.read_text(), path) == []
    assert read == []
    path = package / "Dependencies.toml"
    assert [f.code for f in engine.check_manifest(path.read_text(), path)] == ["BCE5201"]
    assert len(read) == 2
