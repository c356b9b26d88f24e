"""Manifest code actions in the core: each edit changes only its text and checks clean after."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.analysis.engine import Engine
from balmod.analysis.manifests import ManifestAction
from balmod.analysis.manifests.text_edits import remove_chunk, remove_item
from balmod.edits import apply_edits
from balmod.text import Span
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

LOCK = """\
# AUTO-GENERATED FILE. DO NOT MODIFY.

[ballerina]
dependencies-toml-version = "2"
distribution-version = "2201.13.0"

[[package]]
org = "acme"
name = "app"
version = "0.1.0"
dependencies = [
\t{org = "ballerina", name = "http"},
\t{org = "ballerina", name = "log"}
]
modules = [
\t{org = "acme", packageName = "app", moduleName = "app"}
]

[[package]]
org = "ballerina"
name = "http"
version = '2.15.0'

[[package]]
org = "ballerina"
name = "log"
version = "2.17.0"
"""


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path)
    make_langlibs(dirs.distribution)
    for version in ("2.15.0", "2.16.4"):
        make_bala(dirs.distribution, "ballerina", "http", version)
    make_bala(dirs.distribution, "ballerina", "log", "2.17.0")
    make_bala(dirs.local, "mycompany", "maps", "1.0.0")
    return dirs


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return make_package(tmp_path / "app", "acme", "app", dependencies_toml=LOCK)


def actions(
    engine: Engine, path: Path, text: str, needle: str, occurrence: int = 0
) -> dict[str, ManifestAction]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    found = engine.manifests.actions(text, path, Span(start, start))
    return {action.title: action for action in found}


def applied(action: ManifestAction, path: Path) -> str:
    (change,) = action.changes
    assert change.path == path
    return apply_edits(change.text, change.edits)


def test_span_edits_for_tables_and_items() -> None:
    text = "[a]\nx = 1\n\n[[b]]\ny = 2\n\n[[b]]\ny = 3\n"
    middle = text.index("[[b]]")
    last = text.index("[[b]]", middle + 1)
    assert apply_edits(text, [remove_chunk(text, middle, last)]) == "[a]\nx = 1\n\n[[b]]\ny = 3\n"
    assert (
        apply_edits(text, [remove_chunk(text, last, len(text))]) == "[a]\nx = 1\n\n[[b]]\ny = 2\n"
    )
    inline = "v = [1, 2, 3]\n"
    items = [Span(5, 6), Span(8, 9), Span(11, 12)]
    array = Span(4, 13)
    assert apply_edits(inline, [remove_item(inline, array, items, 0)]) == "v = [2, 3]\n"
    assert apply_edits(inline, [remove_item(inline, array, items, 2)]) == "v = [1, 2]\n"
    assert apply_edits(inline, [remove_item(inline, array, items[:1], 0)]) == "v = []\n"


def test_update_keeps_the_quotes_written(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    found = actions(engine, path, LOCK, "2.15.0")
    update = found["Update 'ballerina/http' to 2.16.4, the latest compatible version"]
    after = applied(update, path)
    assert after == LOCK.replace("'2.15.0'", "'2.16.4'")
    assert engine.check_manifest(after, path) == []


def test_remove_the_last_item_of_a_multi_line_array(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    removal = actions(engine, path, LOCK, '"log"', occurrence=1)[
        "Remove 'ballerina/log': nothing in the package needs it"
    ]
    after = applied(removal, path)
    assert after == LOCK.replace(
        '\t{org = "ballerina", name = "http"},\n\t{org = "ballerina", name = "log"}\n',
        '\t{org = "ballerina", name = "http"}\n',
    ).replace('\n\n[[package]]\norg = "ballerina"\nname = "log"\nversion = "2.17.0"\n', "\n")
    assert after.endswith("version = '2.15.0'\n")
    assert engine.check_manifest(after, path) == []


def test_remove_the_first_item_and_a_middle_table(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    removal = actions(engine, path, LOCK, "'2.15.0'")[
        "Remove 'ballerina/http': nothing in the package needs it"
    ]
    after = applied(removal, path)
    assert after == LOCK.replace('\t{org = "ballerina", name = "http"},\n', "").replace(
        '[[package]]\norg = "ballerina"\nname = "http"\nversion = \'2.15.0\'\n\n', ""
    )
    assert engine.check_manifest(after, path) == []


def test_crlf_files_keep_their_line_breaks(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    crlf = LOCK.replace("\n", "\r\n")
    removal = actions(engine, path, crlf, '"log"', occurrence=1)[
        "Remove 'ballerina/log': nothing in the package needs it"
    ]
    after = applied(removal, path)
    assert after == applied(
        actions(engine, path, LOCK, '"log"', occurrence=1)[removal.title], path
    ).replace("\n", "\r\n")


def test_a_file_read_whole_falls_back_to_tomlkit(dirs: BallerinaDirs, package: Path) -> None:
    # A header-like line inside a multi-line string stops the chunked reading.
    text = LOCK.replace(
        'name = "log"\nversion = "2.17.0"\n',
        'name = "log"\nversion = "2.17.0"\nscope = """\n[not a header]\n"""\n',
    )
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    removal = actions(engine, path, text, "'2.15.0'")[
        "Remove 'ballerina/http': nothing in the package needs it"
    ]
    after = applied(removal, path)
    assert 'name = "http"' not in after
    assert 'scope = """\n[not a header]\n"""' in after
    assert [f.code for f in engine.check_manifest(after, path)] == ["BMD1005"]  # scope's own


def test_nothing_to_remove_for_imported_or_needed_packages(
    dirs: BallerinaDirs, package: Path
) -> None:
    (package / "main.bal").write_text("import ballerina/http as _;\n")
    needed = LOCK.replace(
        "version = '2.15.0'\n",
        'version = \'2.15.0\'\ndependencies = [{org = "ballerina", name = "log"}]\n',
    )
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    everywhere = Span(0, len(needed))
    titles = [a.title for a in engine.manifests.actions(needed, path, everywhere)]
    # http is imported (main.bal on disk); log is a dependency of http.
    assert not any(title.startswith("Remove") for title in titles)
    # An unsaved buffer wins over the file: without the import, http can go; log cannot.
    overlay = {package / "main.bal": "public function main() {\n}\n"}
    titles = [a.title for a in engine.manifests.actions(needed, path, everywhere, overlay)]
    assert [t for t in titles if t.startswith("Remove")] == [
        "Remove 'ballerina/http': nothing in the package needs it"
    ]


def test_update_all_and_the_closest_version(dirs: BallerinaDirs, package: Path) -> None:
    make_bala(dirs.distribution, "ballerina", "log", "2.18.0")
    engine = Engine(dirs.roots())
    path = package / "Dependencies.toml"
    text = LOCK.replace("'2.15.0'", '"2.15.9"')  # on no repository: BMD0004
    assert [f.code for f in engine.check_manifest(text, path)] == ["BMD0004"]
    found = actions(engine, path, text, "2.15.9")
    closest = found["Change 'ballerina/http' to 2.16.4, the closest compatible version on disk"]
    assert closest.fixes == ("BMD0004", "package[1].version")
    assert applied(closest, path) == text.replace('"2.15.9"', '"2.16.4"')
    everything = found["Update 2 versions to the latest compatible on disk"]
    after = applied(everything, path)
    assert after == text.replace('"2.15.9"', '"2.16.4"').replace('"2.17.0"', '"2.18.0"')
    assert engine.check_manifest(after, path) == []


def test_a_local_only_import_adds_a_dependency(dirs: BallerinaDirs, package: Path) -> None:
    engine = Engine(dirs.roots())
    source = package / "main.bal"
    analysis = engine.analyze("import mycompany/maps as _;\n", source)
    (unresolved,) = analysis.findings
    assert unresolved.code == "BCE2003"
    (action,) = engine.manifests.local_dependency_actions(analysis, unresolved)
    assert action.title == "Add 'mycompany/maps' 1.0.0 from the local repository to Ballerina.toml"
    manifest = package / "Ballerina.toml"
    before = manifest.read_text()
    after = applied(action, manifest)
    assert after == before + (
        '\n[[dependency]]\norg = "mycompany"\nname = "maps"\nversion = "1.0.0"\n'
        'repository = "local"\n'
    )
    assert engine.check_manifest(after, manifest) == []
    manifest.write_text(after)
    assert engine.analyze("import mycompany/maps as _;\n", source).findings == ()


def test_no_local_dependency_when_another_repository_has_the_package(
    dirs: BallerinaDirs, package: Path
) -> None:
    make_bala(dirs.central, "mycompany", "maps", "0.9.0")
    engine = Engine(dirs.roots())
    analysis = engine.analyze("import mycompany/nomaps as _;\n", package / "main.bal")
    (unresolved,) = analysis.findings
    assert engine.manifests.local_dependency_actions(analysis, unresolved) == []
    local_and_central = engine.analyze(
        "import mycompany/maps.sub as _;\n", package / "main.bal"
    ).findings
    assert [engine.manifests.local_dependency_actions(analysis, f) for f in local_and_central] == [
        []
    ]
