"""What the repositories hold for a package, read lazily: the answers of the eager reading.

:class:`PackageFacts` lists version directories and reads ``package.json`` only for the
versions its answers pick. These tests hold it to the answers computed the old way, from
every version read up front (``RepositoryIndex.versions``), on random repositories where
some versions are unusable, and check that a Dependencies.toml check reads only what the
lock chooses.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.analysis.engine import Engine
from balmod.analysis.manifests.facts import (
    PackageFacts,
    Picked,
    allowed_repositories,
    package_facts,
)
from balmod.repository.bala import PackageVersion
from balmod.repository.index import RepositoryIndex, VersionDir
from balmod.versions import (
    Version,
    is_compatible,
    latest,
    latest_compatible,
    parse_version,
    precedence_key,
)
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

VERSIONS = ["0.1.0", "0.1.5", "0.2.0", "1.0.0-beta", "1.0.0", "1.2.0", "1.3.0-rc.1", "2.0.0"]
QUERIES = [*VERSIONS, "0.1.2", "1.1.0", "1.9.0", "3.0.0", "0.3.0", "2.0.0-alpha", "1.0.0+b7"]
BROKEN = "{ not json"

Layout = list[tuple[str, str, bool]]  # (repository, version, usable)


class Eager:
    """The answers as PackageFacts gave them when it read every version first."""

    def __init__(self, index: RepositoryIndex, org: str, name: str, named: str | None) -> None:
        self.allowed = allowed_repositories(index, org, name, named)
        self.on_disk = index.versions(org, name)
        self.available = [p for p in self.on_disk if p.repository in self.allowed]
        self.versions = [p.parsed_version for p in self.available]

    def pick(self, version: Version | None) -> PackageVersion | None:
        if version is None:
            return None
        key = precedence_key(version)
        return next((p for p in self.available if p.precedence == key), None)

    def latest_compatible(self, version: Version) -> PackageVersion | None:
        return self.pick(latest_compatible(version, self.versions))

    def closest_compatible(self, version: Version) -> PackageVersion | None:
        above = self.latest_compatible(version)
        if above is not None:
            return above
        below = [v for v in self.versions if is_compatible(v, version)]
        return self.pick(latest(below) or latest(below, include_prerelease=True))

    def newest(self) -> PackageVersion | None:
        return self.pick(latest(self.versions) or latest(self.versions, include_prerelease=True))


def where(package: PackageVersion | None) -> tuple[str, str] | None:
    return None if package is None else (package.version, package.repository.id)


def build(base: Path, layout: Layout) -> BallerinaDirs:
    dirs = make_dirs(base)
    roots = {"distribution": dirs.distribution, "central": dirs.central, "local": dirs.local}
    for repo, version, usable in layout:
        text = None if usable else BROKEN
        make_bala(roots[repo], "acme", "pkg", version, package_json_text=text)
    return dirs


layouts = st.lists(
    st.tuples(
        st.sampled_from(["distribution", "central", "local"]),
        st.sampled_from(VERSIONS),
        st.booleans(),
    ),
    max_size=10,
    unique_by=lambda entry: (entry[0], entry[1]),
)


@settings(max_examples=40, deadline=None)
@given(layout=layouts, named=st.sampled_from([None, "local"]))
def test_lazy_answers_are_the_eager_ones(layout: Layout, named: str | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        index = build(Path(name), layout).index()
        eager = Eager(index, "acme", "pkg", named)
        for version in map(parse_version, QUERIES):
            # A fresh reading per question, so that no answer benefits from another's reads.
            lazy = package_facts(RepositoryIndex(index.roots), "acme", "pkg", named)
            assert where(lazy.find(version)) == where(eager.pick(version))
            lazy = package_facts(RepositoryIndex(index.roots), "acme", "pkg", named)
            assert where(lazy.latest_compatible(version)) == where(eager.latest_compatible(version))
            lazy = package_facts(RepositoryIndex(index.roots), "acme", "pkg", named)
            assert where(lazy.closest_compatible(version)) == where(
                eager.closest_compatible(version)
            )
        lazy = package_facts(RepositoryIndex(index.roots), "acme", "pkg", named)
        assert where(lazy.newest()) == where(eager.newest())
        assert lazy.has_available() == bool(eager.available)
        assert [where(p) for p in lazy.available] == [where(p) for p in eager.available]
        assert [where(p) for p in lazy.on_disk] == [where(p) for p in eager.on_disk]


def picked(package: PackageVersion | None) -> tuple[str, str] | None:
    return None if package is None else (package.version, str(package.path))


def cheap(chosen: Picked | None) -> tuple[str, str] | None:
    return None if chosen is None else (chosen.version, chosen.bala_dir)


# Directories that share a precedence with another (build metadata), where the first in
# search order and by name is the one a lookup picks.
TIED = ["1.0.0+b1", "1.2.0+b2", "2.0.0+a", "2.0.0+b"]

tied_layouts = st.lists(
    st.tuples(
        st.sampled_from(["distribution", "central", "local"]),
        st.sampled_from([*VERSIONS, *TIED]),
        st.booleans(),
    ),
    max_size=10,
    unique_by=lambda entry: (entry[0], entry[1]),
)


@settings(max_examples=60, deadline=None)
@given(layout=tied_layouts, named=st.sampled_from([None, "local"]))
def test_the_cheap_answers_are_the_eager_ones(layout: Layout, named: str | None) -> None:
    with tempfile.TemporaryDirectory() as name:
        index = build(Path(name), layout).index()
        eager = Eager(index, "acme", "pkg", named)

        def fresh() -> PackageFacts:
            return package_facts(RepositoryIndex(index.roots), "acme", "pkg", named)

        for version in map(parse_version, QUERIES):
            assert fresh().has(version) == (eager.pick(version) is not None)
            expected = eager.pick(version) or eager.closest_compatible(version)
            assert cheap(fresh().pick(version, None)) == picked(expected)
            assert cheap(fresh().pick(None, version)) == picked(eager.latest_compatible(version))
            # A lookup before listing, then the answers that list: one consistent picture.
            facts = fresh()
            facts.has(version)
            assert picked(facts.find(version)) == picked(eager.pick(version))
            assert picked(facts.newest()) == picked(eager.newest())
            assert facts.has_available() == bool(eager.available)
            assert facts.present == bool(facts.listed)
            assert facts.exhausted == (not eager.available)
        assert cheap(fresh().pick(None, None)) == picked(eager.newest())


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path / "homes")
    make_langlibs(dirs.distribution)
    return dirs


def reads(index: RepositoryIndex, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The versions whose package.json the index reads from now on (whole, or only to know
    whether it is usable)."""
    seen: list[str] = []
    read_version = RepositoryIndex.read_version
    read_platform = RepositoryIndex.read_platform

    def recording(self: RepositoryIndex, found: VersionDir) -> PackageVersion | None:
        seen.append(f"{found.org}/{found.name} {found.version}")
        return read_version(self, found)

    def recording_platform(
        self: RepositoryIndex, found: VersionDir, *, guessed: bool = False
    ) -> str | None:
        seen.append(f"{found.org}/{found.name} {found.version}")
        return read_platform(self, found, guessed=guessed)

    monkeypatch.setattr(RepositoryIndex, "read_version", recording)
    monkeypatch.setattr(RepositoryIndex, "read_platform", recording_platform)
    return seen


def test_only_the_locked_versions_are_read(
    dirs: BallerinaDirs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("one", "two"):
        for version in ("1.0.0", "1.1.0", "1.2.0", "2.0.0"):
            make_bala(dirs.central, "acme", name, version)
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        dependencies_toml=[
            {"org": "acme", "name": "one", "version": "1.1.0"},
            {"org": "acme", "name": "two", "version": "2.0.0"},
        ],
    )
    engine = Engine(dirs.roots())
    seen = reads(engine.index, monkeypatch)
    path = package / "Dependencies.toml"
    assert engine.check_manifest(path.read_text(), path) == []
    assert sorted(set(seen)) == ["acme/one 1.1.0", "acme/two 2.0.0"]


def test_a_locked_version_whose_package_json_is_broken_is_still_reported(
    dirs: BallerinaDirs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bala(dirs.central, "acme", "one", "1.0.0")
    make_bala(dirs.central, "acme", "one", "1.1.0", package_json_text=BROKEN)
    make_bala(dirs.central, "acme", "one", "1.2.0", package_json_text=BROKEN)
    make_bala(dirs.central, "acme", "one", "2.0.0")
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        dependencies_toml=[{"org": "acme", "name": "one", "version": "1.1.0"}],
    )
    engine = Engine(dirs.roots())
    seen = reads(engine.index, monkeypatch)
    path = package / "Dependencies.toml"
    found = engine.check_manifest(path.read_text(), path)
    # 1.1.0 is unusable, and so is 1.2.0, the latest compatible: 1.0.0 stands in, below it.
    assert [(f.code, f.message) for f in found] == [
        (
            "BMD0004",
            "version 1.1.0 of 'acme/one' is in no repository; the closest compatible version "
            "on disk, 1.0.0, is used",
        )
    ]
    assert set(seen) == {"acme/one 1.1.0", "acme/one 1.2.0", "acme/one 1.0.0"}


def test_a_package_with_no_usable_version_is_not_found_and_looked_for_again(
    dirs: BallerinaDirs, tmp_path: Path
) -> None:
    bala = make_bala(dirs.central, "acme", "one", "1.0.0", package_json_text=BROKEN)
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        dependencies_toml=[{"org": "acme", "name": "one", "version": "1.0.0"}],
    )
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    text = path.read_text()
    assert [f.code for f in engine.check_manifest(text, path)] == ["BCE5202"]
    # Repaired in place: no directory changes, so the poller sees nothing; it is read again.
    (bala / "package.json").write_text(
        '{"organization": "acme", "name": "one", "version": "1.0.0"}', encoding="utf-8"
    )
    assert not engine.repositories_changed()
    assert engine.check_manifest(text, path) == []


def test_versions_outside_the_allowed_repositories_are_listed_only_when_asked(
    dirs: BallerinaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_bala(dirs.central, "acme", "one", "1.0.0")
    make_bala(dirs.local, "acme", "one", "1.5.0")
    index = dirs.index()
    seen = reads(index, monkeypatch)
    facts = package_facts(index, "acme", "one", None)
    assert where(facts.newest()) == ("1.0.0", "central.ballerina.io")
    assert seen == ["acme/one 1.0.0"]
    assert [where(p) for p in facts.on_disk] == [
        ("1.5.0", "local"),
        ("1.0.0", "central.ballerina.io"),
    ]
    assert [r.id for r in facts.elsewhere()] == ["local"]
