"""Completion, hover and inlay hints for manifests, in the core."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.analysis.engine import Engine
from balmod.analysis.manifests import CandidateKind
from balmod.text import Span
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path)
    make_langlibs(dirs.distribution)
    for version in ("2.15.0", "2.16.4", "3.0.0-beta.1"):
        make_bala(dirs.distribution, "ballerina", "http", version)
    make_bala(dirs.local, "mycompany", "geo", "0.3.0")
    make_bala(dirs.local, "mycompany", "geo", "0.3.2")
    make_bala(dirs.local, "mycompany", "geo", "0.4.0")
    make_bala(
        dirs.central,
        "ballerinax",
        "mysql",
        "1.13.0",
        modules={"mysql": {"a.bal": ""}, "mysql.driver": {"d.bal": ""}},
    )
    return dirs


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return make_package(
        tmp_path / "app",
        "acme",
        "app",
        dependencies_toml=[{"org": "ballerina", "name": "http", "version": "2.15.0"}],
        ballerina_toml_extra=(
            '[[dependency]]\norg = "mycompany"\nname = "geo"\nversion = "0.3.0"\n'
            'repository = "local"\n'
        ),
    )


def complete(engine: Engine, path: Path, marked: str, snippets: bool = True) -> list[str]:
    offset = marked.index("|")
    text = marked.replace("|", "", 1)
    found = engine.manifests.complete(text, path, offset, snippets)
    return [c.label for c in sorted(found, key=lambda c: (c.sort_text or "", c.label))]


def test_versions_of_a_local_dependency_and_keys_without_snippets(
    dirs: BallerinaDirs, package: Path
) -> None:
    engine = Engine(dirs.roots())
    path = package / "Ballerina.toml"
    text = path.read_text()
    versions = complete(engine, path, text.replace('"0.3.0"', '"0.3.|0"'))
    assert versions == ["0.3.2", "0.3.0", "0.4.0"]  # 0.x: compatible when minors match
    offset = len(text)
    keys = engine.manifests.complete(text + "\n[build-options]\n", path, offset + 17, False)
    inserts = {c.label: c.insert for c in keys if c.kind is CandidateKind.KEY}
    assert inserts["offline"] == "offline = "
    assert inserts["cloud"] == 'cloud = ""'


def test_module_names_and_old_format_keys(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    modules = complete(
        engine,
        path,
        '[ballerina]\ndependencies-toml-version = "2"\n\n[[package]]\norg = "ballerinax"\n'
        'name = "mysql"\nversion = "1.13.0"\nmodules = [\n'
        '\t{org = "ballerinax", packageName = "mysql", moduleName = "|"}\n]\n',
    )
    assert modules == ["mysql", "mysql.driver"]
    old = complete(engine, path, '[[dependency]]\norg = "a"\n|\n')
    assert old[:3] == ["name", "version", "repository"]
    assert "[[package]]" not in old and "[[dependency]]" in old


def test_hover_on_an_entry_and_on_keys(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    text = path.read_text()
    entry = engine.manifests.hover(text, path, text.index('"http"') + 2)
    assert entry is not None and entry.span.slice(text) == '"http"'
    assert "- Newest pre-release: `3.0.0-beta.1` (distribution)" in entry.markdown
    root = engine.manifests.hover(text, path, text.index('"app"') + 1)
    assert root is not None and root.markdown.startswith("**acme/app**: this package itself")
    key = engine.manifests.hover(text, path, text.index("distribution-version") + 3)
    assert key is not None
    assert key.markdown == (
        "**`distribution-version`** (string)\n\nThe distribution that last wrote the file."
    )
    assert engine.manifests.hover(text, path, text.index("# AUTO") + 3) is None


def test_hover_on_a_broken_file_still_answers(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    text = path.read_text() + '\n[[package]]\norg = "ballerina"\nname = "ht\n'
    found = engine.manifests.hover(text, path, text.index("2.15.0"))
    assert found is not None and found.markdown.startswith("**ballerina/http**")


def test_inlay_hints_in_both_manifests(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    lock = package / "Dependencies.toml"
    text = lock.read_text()
    (hint,) = engine.manifests.inlay_hints(text, lock, Span(0, len(text)))
    assert (hint.label, text[: hint.offset].endswith('"2.15.0"')) == (
        "latest compatible 2.16.4",
        True,
    )
    assert engine.manifests.inlay_hints(text, lock, Span(0, 10)) == []  # outside the range
    manifest = package / "Ballerina.toml"
    toml = manifest.read_text()
    (local,) = engine.manifests.inlay_hints(toml, manifest, Span(0, len(toml)))
    assert local.label == "latest compatible 0.3.2"


def test_import_hints_name_the_version_and_repository(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    text = "import ballerina/http;\nimport mycompany/geo;\nimport ballerina/nope;\n"
    analysis = engine.analyze(text, package / "main.bal")
    hints = engine.manifests.import_hints(analysis, Span(0, len(text)))
    assert [(h.label, text[: h.offset].splitlines()[-1]) for h in hints] == [
        ("2.15.0", "import ballerina/http;"),
        ("0.3.2 local", "import mycompany/geo;"),
    ]
    assert hints[0].tooltip.endswith("locked in Dependencies.toml")
