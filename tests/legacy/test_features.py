"""Completion, hover and version actions for 1.x manifests and imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balmod.edits import apply_edits
from balmod.legacy import LegacyEngine
from balmod.legacy.features import (
    import_actions,
    manifest_actions,
    manifest_completion,
    manifest_hover,
    pin_action,
)
from balmod.legacy.project import LegacyProject
from balmod.text import Span
from legacy.builders import make_legacy_dirs, make_legacy_project, write_balo, write_zip

MANIFEST = """[project]
org-name = "acme"
version = "1.0.0"

[dependencies]
"natasha/mathutils" = "1.1.0"

[dependencies."wso2/twitter"]
version = "0.10.0"
"""


@pytest.fixture
def setup(tmp_path: Path) -> tuple[LegacyEngine, LegacyProject]:
    dirs = make_legacy_dirs(tmp_path)
    write_zip(dirs.home_caches, "natasha", "mathutils", "1.1.0")
    write_zip(dirs.home_caches, "natasha", "mathutils", "1.2.0")
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.3.0-beta.1")
    write_balo(dirs.balo_cache, "wso2", "twitter", "0.10.0")
    write_balo(dirs.system, "ballerina", "io", "0.5.1", file_name="io.balo")
    root = make_legacy_project(tmp_path / "p", manifest=MANIFEST)
    write_zip(root / ".ballerina" / "repo", "acme", "strutils", "0.2.0")
    engine = LegacyEngine(dirs.roots())
    legacy = engine.project_for(root)
    assert legacy is not None
    return engine, legacy


def labels(engine: LegacyEngine, legacy: LegacyProject, text: str, offset: int) -> list[str]:
    return [c.label for c in manifest_completion(engine, legacy, text, offset)]


def test_table_names(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    text = MANIFEST + "\n[dep"
    items = manifest_completion(engine, legacy, text, len(text))
    names = [c.label for c in items]
    assert names[:3] == ["project", "dependencies", "platform"]
    assert 'dependencies."ballerina/io"' in names
    assert 'dependencies."natasha/mathutils"' not in names  # already listed
    assert text[items[0].replace.start : items[0].replace.end] == "dep"


def test_project_keys_not_yet_written(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    text = MANIFEST.replace('version = "1.0.0"\n', 'version = "1.0.0"\nau\n', 1)
    offset = text.index("au\n") + 2
    items = manifest_completion(engine, legacy, text, offset)
    assert [c.label for c in items] == ["license", "authors", "repository", "keywords", "templates"]
    assert items[1].insert == "authors = "
    assert text[items[1].replace.start : items[1].replace.end] == "au"


def test_dependency_names_from_every_repository(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    text = MANIFEST.replace(
        '"natasha/mathutils" = "1.1.0"\n', '"natasha/mathutils" = "1.1.0"\n"ba\n'
    )
    offset = text.index('"ba') + 3
    items = {c.label: c for c in manifest_completion(engine, legacy, text, offset)}
    assert set(items) == {"acme/strutils", "ballerina/io"}
    assert items["ballerina/io"].insert == '"ballerina/io" = "0.5.1"'
    assert items["ballerina/io"].detail == "0.5.1 (system)"
    assert items["acme/strutils"].detail == "0.2.0 (project)"
    assert text[items["ballerina/io"].replace.start : items["ballerina/io"].replace.end] == '"ba'


def test_ballerina_modules_only_from_the_system_repository(
    setup: tuple[LegacyEngine, LegacyProject],
) -> None:
    engine, legacy = setup
    # The resolver never takes these: completion must not offer them either.
    write_balo(engine.roots.user_home / "balo_cache", "ballerina", "http", "9.9.9")
    write_zip(legacy.root / ".ballerina" / "repo", "ballerinax", "kafka", "1.0.0")
    engine = LegacyEngine(engine.roots)
    headers = labels(engine, legacy, MANIFEST + "\n[dep", len(MANIFEST) + 5)
    assert 'dependencies."ballerina/io"' in headers
    assert not any("http" in h or "kafka" in h for h in headers)
    for module, versions in (("io", ["0.5.1"]), ("http", [])):
        line = f'"ballerina/{module}" = "'
        text = MANIFEST.replace("[dependencies]\n", f"[dependencies]\n{line}\n")
        offset = text.index(line) + len(line)
        assert labels(engine, legacy, text, offset) == versions


def test_crlf_manifests(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    text = MANIFEST.replace('version = "1.0.0"\n', 'version = "1.0.0"\nau\n', 1).replace(
        "\n", "\r\n"
    )
    offset = text.index("au\r\n") + 2
    assert labels(engine, legacy, text, offset)[:2] == ["license", "authors"]
    offset = text.index('"0.10.0"') + 1
    assert labels(engine, legacy, text, offset) == ["0.10.0"]


def test_versions_after_equals_in_every_form(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    inside = MANIFEST.index('"1.1.0"') + 2
    items = manifest_completion(engine, legacy, MANIFEST, inside)
    assert [c.label for c in items] == ["1.3.0-beta.1", "1.2.0", "1.1.0"]
    assert items[1].insert == "1.2.0"
    assert MANIFEST[items[1].replace.start : items[1].replace.end] == "1.1.0"
    assert items[0].detail == "home"
    # Unquoted so far: the quotes come with the version.
    bare = MANIFEST.replace('"natasha/mathutils" = "1.1.0"', '"natasha/mathutils" = ')
    offset = bare.index('"natasha/mathutils" = ') + len('"natasha/mathutils" = ')
    assert manifest_completion(engine, legacy, bare, offset)[0].insert == '"1.3.0-beta.1"'
    # In an inline table, and in a [dependencies."org/mod"] table.
    inline = MANIFEST.replace(
        '"natasha/mathutils" = "1.1.0"', '"natasha/mathutils" = { version = "1.'
    )
    offset = inline.index('{ version = "1.') + len('{ version = "1.')
    assert labels(engine, legacy, inline, offset) == ["1.3.0-beta.1", "1.2.0", "1.1.0"]
    offset = MANIFEST.index('"0.10.0"') + 1
    assert labels(engine, legacy, MANIFEST, offset) == ["0.10.0"]


def test_only_what_fits_where_the_cursor_is(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    offset = MANIFEST.index('"acme"') + 2
    assert manifest_completion(engine, legacy, MANIFEST, offset) == []
    assert manifest_completion(engine, legacy, "", 0) == []
    # At the very end: a new line of the [dependencies."wso2/twitter"] table.
    assert labels(engine, legacy, MANIFEST, 10_000) == ["path"]


def test_hover_on_a_dependency_and_a_project_key(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    hover = manifest_hover(engine, legacy, MANIFEST, MANIFEST.index("mathutils"))
    assert hover is not None
    assert hover.markdown.startswith("**natasha/mathutils** `1.1.0`")
    assert (
        "Why this version: version 1.1.0 from Ballerina.toml, in the home repository"
        in hover.markdown
    )
    assert "- `1.3.0-beta.1` (home)" in hover.markdown
    assert "compatible" not in hover.markdown
    assert MANIFEST[hover.span.start : hover.span.end] == '"natasha/mathutils"'
    key = manifest_hover(engine, legacy, MANIFEST, MANIFEST.index("org-name") + 1)
    assert key is not None and key.markdown.startswith("**org-name**")
    assert manifest_hover(engine, legacy, MANIFEST, 0) is None


def test_hover_on_a_missing_version_lists_what_is_there(
    setup: tuple[LegacyEngine, LegacyProject],
) -> None:
    engine, legacy = setup
    text = MANIFEST.replace('"1.1.0"', '"9.9.9"')
    engine2 = LegacyEngine(engine.roots)
    legacy2 = make_and_load(engine2, legacy, text)
    hover = manifest_hover(engine2, legacy2, text, text.index("9.9.9"))
    assert hover is not None
    assert "cannot be resolved" in hover.markdown
    assert "Versions on disk, newest first:" in hover.markdown


def make_and_load(engine: LegacyEngine, legacy: LegacyProject, text: str) -> LegacyProject:
    (legacy.root / "Ballerina.toml").write_text(text, encoding="utf-8")
    engine.projects.invalidate()
    loaded = engine.project_for(legacy.root)
    assert loaded is not None
    return loaded


def test_update_action_to_the_newest_release(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    actions = manifest_actions(engine, legacy, MANIFEST, Span(0, len(MANIFEST)))
    assert [a.title for a in actions] == ["Update 'natasha/mathutils' to 1.2.0 (home)"]
    assert '"natasha/mathutils" = "1.2.0"' in apply_edits(MANIFEST, actions[0].edits)
    # Only the dependencies the range touches.
    assert manifest_actions(engine, legacy, MANIFEST, Span(0, 5)) == []


def test_fix_for_a_version_in_no_repository(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    text = MANIFEST.replace('"1.1.0"', '"9.9.9"')
    legacy = make_and_load(engine, legacy, text)
    findings = engine.check_manifest(text, legacy.ballerina_toml)
    assert findings is not None and [f.code for f in findings] == ["BMD2007"]
    actions = manifest_actions(engine, legacy, text, findings[0].span, findings)
    titles = [a.title for a in actions]
    assert titles[:3] == [
        "Change 'natasha/mathutils' to 1.3.0-beta.1 (home)",
        "Change 'natasha/mathutils' to 1.2.0 (home)",
        "Change 'natasha/mathutils' to 1.1.0 (home)",
    ]
    assert actions[0].preferred and actions[0].finding is findings[0]
    fixed = apply_edits(text, actions[1].edits)
    assert engine.check_manifest(fixed, legacy.ballerina_toml) == []


def test_import_actions_for_version_clauses(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    path = legacy.root / "greetings" / "g.bal"
    text = "import natasha/mathutils version 1.2.0 as m;\nimport greetings version 1.0.0;\n\npublic function f() { m:x(); greetings:hello(); }\n"
    analysis = engine.analyze(text, path)
    by_code = {f.code: f for f in analysis.findings}
    mismatch = import_actions(analysis, by_code["BMD2004"])
    assert [a.title for a in mismatch] == [
        "Use 1.1.0 from Ballerina.toml",
        "Remove the version clause",
    ]
    assert apply_edits(text, mismatch[0].edits).startswith(
        "import natasha/mathutils version 1.1.0 as m;"
    )
    assert apply_edits(text, mismatch[1].edits).startswith("import natasha/mathutils as m;")
    own = import_actions(analysis, by_code["BMD2003"])
    assert [a.title for a in own] == ["Remove the version clause"]
    assert "import greetings;\n" in apply_edits(text, own[0].edits)
    assert import_actions(analysis, by_code["BCE2011"]) == []


def test_pin_an_import_in_ballerina_toml(setup: tuple[LegacyEngine, LegacyProject]) -> None:
    engine, legacy = setup
    path = legacy.root / "greetings" / "g.bal"
    text = "import ballerina/io;\nimport natasha/mathutils;\n\npublic function f() { io:hello(); mathutils:hello(); }\n"
    analysis = engine.analyze(text, path)
    io_decl, math_decl = (item.decl for item in analysis.imports)
    pinned = pin_action(legacy, analysis, io_decl, MANIFEST)
    assert pinned is not None
    target, action = pinned
    assert target == legacy.ballerina_toml
    assert action.title == "Pin 'ballerina/io' to 0.5.1 in Ballerina.toml"
    after = apply_edits(MANIFEST, action.edits)
    assert '"ballerina/io" = "0.5.1"' in after
    assert engine.check_manifest(after, legacy.ballerina_toml) == []
    # Already pinned: nothing to do.
    assert pin_action(legacy, analysis, math_decl, MANIFEST) is None
    # No [dependencies] table yet: one is added at the end.
    bare = '[project]\norg-name = "acme"\nversion = "1.0.0"'
    pinned = pin_action(legacy, analysis, io_decl, bare)
    assert pinned is not None
    assert (
        apply_edits(bare, pinned[1].edits)
        == bare + '\n\n[dependencies]\n"ballerina/io" = "0.5.1"\n'
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('[]"=.{},\n #abcdeflnoprstuvwxy/1.0*-')), max_size=150
    ),
    where=st.integers(min_value=-5, max_value=200),
)
def test_features_never_raise_on_what_a_person_types(
    setup: tuple[LegacyEngine, LegacyProject], text: str, where: int
) -> None:
    engine, legacy = setup
    offset = max(0, min(where, len(text)))
    for candidate in manifest_completion(engine, legacy, text, where):
        assert 0 <= candidate.replace.start <= candidate.replace.end <= len(text)
    found = manifest_hover(engine, legacy, text, offset)
    assert found is None or found.span.end <= len(text)
    for action in manifest_actions(engine, legacy, text, Span(0, len(text))):
        apply_edits(text, action.edits)
