"""Go-to-definition's module listing, and ``~`` in a ``[[dependency]] path``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from balmod.analysis import definition
from balmod.analysis.definition import module_sources, source_text
from balmod.analysis.engine import Engine
from balmod.analysis.resolver import ResolutionStatus, Resolver
from balmod.extracted import locate
from balmod.project import load_project
from balmod.repository.roots import RepositoryRoots
from builders import make_bala, make_dirs, make_langlibs, make_package
from legacy.builders import balo_bytes

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")


@needs_links
def test_the_listing_follows_only_links_that_stay_in_the_package(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.bal").write_text("public const S = 1;\n")
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={"": {"main.bal": ""}, "util": {"a.bal": "", "b.bal": ""}},
    )
    util = package / "modules" / "util"
    os.symlink(outside / "secret.bal", util / "leak.bal")  # a file out
    os.symlink(util / "a.bal", util / "c.bal")  # a file in
    os.symlink(outside, package / "modules" / "linked")  # a module out
    os.symlink(util, package / "modules" / "alias")  # a module in
    assert module_sources(util) == [util / "a.bal", util / "b.bal", util / "c.bal"]
    assert module_sources(package / "modules" / "linked") == []
    alias = package / "modules" / "alias"
    assert module_sources(alias) == [alias / "a.bal", alias / "b.bal", alias / "c.bal"]
    assert module_sources(package) == [package / "main.bal"]
    assert module_sources(tmp_path / "missing") == []


def test_definition_into_a_balo_names_members_of_the_archive(tmp_path: Path) -> None:
    balo = tmp_path / "libs" / "m.balo"
    balo.parent.mkdir()
    balo.write_bytes(
        balo_bytes("a", "m", "1.0.0", {"x.bal": "public function f() {}\n", "y.bal": "// y\n"})
    )
    module_dir = balo / "src" / "m"
    assert module_sources(module_dir) == [module_dir / "x.bal", module_dir / "y.bal"]
    found = locate(module_dir / "x.bal")
    assert found is not None and (found.archive, found.member) == (balo, "src/m/x.bal")
    assert source_text(module_dir / "x.bal") == "public function f() {}\n"
    assert source_text(module_dir / "gone.bal") is None
    assert not module_dir.exists()


@needs_links
def test_an_import_of_a_module_linked_from_outside_lists_nothing(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "repos")
    make_langlibs(dirs.distribution)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "s.bal").write_text("public const S = 1;\n")
    package = make_package(tmp_path / "app", "acme", "app", modules={"": {"main.bal": ""}})
    (package / "modules").mkdir()
    os.symlink(tmp_path / "outside", package / "modules" / "linked")
    text = "import app.linked;\n\npublic function main() {}\n"
    engine = Engine(RepositoryRoots(dirs.ballerina_home, dirs.user_home))
    analysis = engine.analyze(text, package / "main.bal")
    (item,) = analysis.imports
    assert item.resolution is not None and item.resolution.resolved
    assert definition.definition(engine, analysis, text.index("linked")) == []


def test_a_bala_path_expands_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dirs = make_dirs(tmp_path / "repos")
    home = tmp_path / "someone"
    bala = make_bala(home / "balas", "foo", "bar", "1.0.0")
    monkeypatch.setenv("HOME", str(home))
    relative = bala.relative_to(home).as_posix()
    root = make_package(
        tmp_path / "app",
        "acme",
        "app",
        ballerina_toml_extra=(
            f'[[dependency]]\norg = "foo"\nname = "bar"\nversion = "1.0.0"\npath = "~/{relative}"\n'
            '[[dependency]]\norg = "foo"\nname = "odd"\nversion = "1.0.0"\n'
            'path = "~nobody-balmod-test/odd.bala"\n'
        ),
    )
    resolver = Resolver(dirs.index())
    project = load_project(root)
    found = resolver.resolve(project, "foo", "bar")
    assert found.status is ResolutionStatus.RESOLVED
    assert found.searched == (("bala path", bala),)
    # No such user: the path is used as written (and is not there); nothing raises.
    odd = resolver.resolve(project, "foo", "odd")
    assert not odd.resolved and "does not exist" in odd.reason
    assert odd.searched == (("bala path", root / "~nobody-balmod-test" / "odd.bala"),)
