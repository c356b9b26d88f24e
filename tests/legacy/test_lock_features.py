"""Completion, hover and version actions for the Ballerina.lock of a 1.x project, directly and
through `analysis.manifest_answers` (what the language server calls)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balmod.analysis import manifest_answers
from balmod.analysis.engine import Engine
from balmod.analysis.manifests import CandidateKind
from balmod.edits import TextEdit, apply_edits
from balmod.legacy import LegacyEngine
from balmod.legacy.features import ManifestAction, ManifestCandidate
from balmod.legacy.lock_actions import lock_actions
from balmod.legacy.lock_completion import lock_completion
from balmod.legacy.lock_hover import lock_hover
from balmod.legacy.project import LegacyProject
from balmod.repository.roots import RepositoryRoots
from balmod.text import Span
from legacy.builders import LegacyDirs, make_legacy_dirs, make_legacy_project, write_balo, write_zip

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy"

MANIFEST = """[project]
org-name = "acme"
version = "1.0.0"

[dependencies]
"natasha/mathutils" = "1.1.0"
"wso2/twitter" = "0.10.0"
"""

LOCK = """org_name = "acme"
version = "1.0.0"
lockfile_version = "1.0.0"
ballerina_version = "1.2.0"

[[imports."acme/greetings:1.0.0"]]
org_name = "natasha"
name = "mathutils"
version = "1.2.0"

[[imports."acme/greetings:1.0.0"]]
org_name = "ballerina"
name = "io"
version = "0.5.1"

[[imports."acme/formatting:1.0.0"]]
org_name = "natasha"
name = "mathutils"
version = "1.2.0"

[[imports."acme/formatting:1.0.0"]]
org_name = "acme"
name = "strutils"
version = "0.1.0"
"""


@dataclass
class Setup:
    dirs: LegacyDirs
    engine: LegacyEngine
    legacy: LegacyProject

    @property
    def lock(self) -> Path:
        return self.legacy.ballerina_lock


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    dirs = make_legacy_dirs(tmp_path)
    write_zip(dirs.home_caches, "natasha", "mathutils", "1.1.0")
    write_zip(dirs.home_caches, "natasha", "mathutils", "1.2.0")
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.3.0-beta.1")
    write_balo(dirs.balo_cache, "wso2", "twitter", "0.10.0")
    write_balo(dirs.system, "ballerina", "io", "0.5.1", file_name="io.balo")
    write_balo(dirs.system, "ballerina", "log", "1.0.0", file_name="log.balo")
    write_balo(dirs.system, "ballerina", "log", "1.0.1", file_name="log.balo")
    # Where a `ballerina` module never comes from: the home and project repositories.
    write_balo(dirs.balo_cache, "ballerina", "http", "9.9.9")
    root = make_legacy_project(
        tmp_path / "p",
        manifest=MANIFEST,
        lock=LOCK,
        modules={
            "greetings": {"g.bal": "public function hello() {\n}\n"},
            "formatting": {"f.bal": "public function format() {\n}\n"},
        },
    )
    write_zip(root / ".ballerina" / "repo", "acme", "strutils", "0.2.0")
    write_zip(root / ".ballerina" / "repo", "ballerina", "cache", "1.0.0")
    engine = LegacyEngine(dirs.roots())
    legacy = engine.project_for(root)
    assert legacy is not None
    return Setup(dirs, engine, legacy)


def at(text: str, needle: str, delta: int = 0, occurrence: int = 0) -> int:
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    return index + delta


def complete(s: Setup, text: str, offset: int) -> dict[str, ManifestCandidate]:
    return {c.label: c for c in lock_completion(s.engine, s.legacy, text, offset, MANIFEST)}


def replaced(text: str, span: Span) -> str:
    return text[span.start : span.end]


# --- completion ---------------------------------------------------------------------------------


def test_headers_name_the_projects_modules(setup: Setup) -> None:
    text = LOCK + "\n[[im"
    items = complete(setup, text, len(text))
    assert list(items) == ['imports."acme/formatting:1.0.0"', 'imports."acme/greetings:1.0.0"']
    item = items['imports."acme/greetings:1.0.0"']
    assert item.kind == "table"
    assert replaced(text, item.replace) == "im"
    assert apply_edits(text, [edit(item)]).endswith('\n[[imports."acme/greetings:1.0.0"]]')
    # One bracket typed: the array's second one comes with the name.
    single = LOCK + "\n[im]"
    item = complete(setup, single, len(single) - 1)['imports."acme/formatting:1.0.0"']
    assert apply_edits(single, [edit(item)]).endswith('\n[[imports."acme/formatting:1.0.0"]]')
    # After a complete header, nothing.
    assert complete(setup, LOCK, at(LOCK, "]]") + 2) == {}


def edit(candidate: ManifestCandidate) -> TextEdit:
    return TextEdit(candidate.replace, candidate.insert)


def test_top_level_keys_not_written_yet_and_their_values(setup: Setup) -> None:
    text = LOCK.replace('lockfile_version = "1.0.0"\n', "lo\n")
    items = complete(setup, text, at(text, "lo\n", 2))
    assert list(items) == ["lockfile_version"]
    assert items["lockfile_version"].insert == "lockfile_version = "
    assert replaced(text, items["lockfile_version"].replace) == "lo"
    # Values the project knows.
    bare = LOCK.replace('org_name = "acme"', 'org_name = "')
    (org,) = complete(setup, bare, at(bare, 'org_name = "', 12)).values()
    assert (org.label, org.insert) == ("acme", "acme")
    unquoted = LOCK.replace('version = "1.0.0"\nlockfile', "version = \nlockfile")
    (version,) = complete(setup, unquoted, at(unquoted, "version = ", 10)).values()
    assert version.insert == '"1.0.0"'


def test_keys_an_entry_lacks(setup: Setup) -> None:
    text = LOCK.replace('name = "io"\nversion = "0.5.1"\n', "ve\n")
    items = complete(setup, text, at(text, "ve\n", 2))
    assert list(items) == ["name", "version"]
    assert items["version"].documentation.startswith("The version of the module")


def test_whole_entries_in_an_empty_table(setup: Setup) -> None:
    text = LOCK + '\n[[imports."acme/greetings:1.0.0"]]\n'
    items = complete(setup, text, len(text))
    assert [k for k, c in items.items() if c.kind == "key"] == ["org_name", "name", "version"]
    modules = {k: c for k, c in items.items() if c.kind == "module"}
    # Ballerina.toml's dependencies first; what greetings locks already is left out; the
    # project's own modules never; `ballerina` modules only from the system repository.
    assert list(modules) == ["wso2/twitter", "acme/strutils", "ballerina/log"]
    assert modules["wso2/twitter"].insert == (
        'org_name = "wso2"\nname = "twitter"\nversion = "0.10.0"'
    )
    assert modules["wso2/twitter"].detail == "0.10.0 (Ballerina.toml)"
    assert modules["ballerina/log"].detail == "1.0.1 (system)"
    assert modules["acme/strutils"].detail == "0.2.0 (project)"
    # The inserted lines use the file's own line breaks.
    crlf = text.replace("\n", "\r\n")
    insert = complete(setup, crlf, len(crlf))["wso2/twitter"].insert
    assert insert == 'org_name = "wso2"\r\nname = "twitter"\r\nversion = "0.10.0"'
    assert tomllib.loads(crlf + insert + "\r\n")["imports"]["acme/greetings:1.0.0"][2] == {
        "org_name": "wso2",
        "name": "twitter",
        "version": "0.10.0",
    }


def test_orgs_modules_and_versions_after_equals(setup: Setup) -> None:
    versions = complete(setup, LOCK, at(LOCK, '"1.2.0"', 1, occurrence=1))
    assert list(versions) == ["1.3.0-beta.1", "1.2.0", "1.1.0"]
    assert versions["1.1.0"].detail == "home (Ballerina.toml's version)"
    assert replaced(LOCK, versions["1.2.0"].replace) == "1.2.0"
    assert versions["1.2.0"].insert == "1.2.0"
    names = complete(setup, LOCK, at(LOCK, '"mathutils"', 1))
    assert list(names) == ["mathutils"] and names["mathutils"].detail == "Ballerina.toml"
    orgs = complete(setup, LOCK, at(LOCK, '"natasha"', 1))
    assert set(orgs) == {"natasha", "wso2", "ballerina", "acme"}
    # `ballerina` modules and versions: only what the system repository has.
    system = complete(setup, LOCK, at(LOCK, '"io"', 1))
    assert list(system) == ["io", "log"]
    http = LOCK.replace('name = "io"\nversion = "0.5.1"', 'name = "http"\nversion = ""')
    assert complete(setup, http, at(http, 'version = ""', 11)) == {}


def test_the_0990_form(setup: Setup) -> None:
    text = (
        '[project]\nname = "acme"\nversion = "1.0.0"\n\n[[package]]\nname = "greetings"\n'
        'version = "1.0.0"\nimports = [{org = "natasha", name = "mathutils", version = "1.2.0"}, {}]\n'
    )
    headers = complete(setup, text + "[[p", len(text) + 3)
    assert list(headers) == ["package"]  # [project] is there already
    versions = complete(setup, text, at(text, '"1.2.0"', 3))
    assert list(versions) == ["1.3.0-beta.1", "1.2.0", "1.1.0"]
    assert replaced(text, versions["1.1.0"].replace) == "1.2.0"
    empty = at(text, "{}", 1)
    items = complete(setup, text, empty)
    assert [k for k, c in items.items() if c.kind == "key"] == ["org", "name", "version"]
    entry = items["wso2/twitter"]
    assert entry.insert == 'org = "wso2", name = "twitter", version = "0.10.0"'
    after = apply_edits(text, [edit(entry)])
    assert tomllib.loads(after)["package"][0]["imports"][1]["name"] == "twitter"


# --- hover --------------------------------------------------------------------------------------


def test_hover_on_an_entry_says_what_it_resolves_to(setup: Setup) -> None:
    offset = at(LOCK, '"1.2.0"', 2, occurrence=1)
    hover = lock_hover(setup.engine, setup.legacy, LOCK, offset, MANIFEST)
    assert hover is not None
    assert hover.markdown.startswith("**natasha/mathutils** `1.2.0`")
    assert "- Repository: home, " in hover.markdown
    assert "mathutils/1.2.0/mathutils.zip" in hover.markdown
    assert "Why this version: version 1.2.0 from Ballerina.lock, in the home repository" in (
        hover.markdown
    )
    assert "Locked for module `greetings` of this project (`acme/greetings:1.0.0`)." in (
        hover.markdown
    )
    assert (
        "Ballerina.toml names `1.1.0`; while this entry is here, builds use the locked `1.2.0`."
        in hover.markdown
    )
    assert replaced(LOCK, hover.span) == 'version = "1.2.0"'


def test_hover_on_a_version_in_no_repository_lists_those_there(setup: Setup) -> None:
    hover = lock_hover(setup.engine, setup.legacy, LOCK, at(LOCK, '"strutils"', 2))
    assert hover is not None
    assert "version 0.1.0 of 'acme/strutils' from Ballerina.lock is not in" in hover.markdown
    assert "Versions on disk, newest first:" in hover.markdown
    assert "- `0.2.0` (project): " in hover.markdown
    assert replaced(LOCK, hover.span) == 'name = "strutils"'


def test_a_ballerina_module_only_from_the_system_repository(setup: Setup) -> None:
    text = LOCK.replace('name = "io"\nversion = "0.5.1"', 'name = "http"\nversion = "9.9.9"')
    hover = lock_hover(setup.engine, setup.legacy, text, at(text, '"http"', 1))
    assert hover is not None
    assert (
        "it is in the home repository, but 'ballerina' modules come only from the system "
        "repository" in hover.markdown
    )
    findings = setup.engine.check_manifest(text, setup.lock)
    assert findings is not None
    assert {(f.code, replaced(text, f.span)) for f in findings} == {
        ("BMD2008", '"9.9.9"'),
        ("BMD2008", '"0.1.0"'),
    }
    # No fix offers the home repository's version.
    fixes = lock_actions(setup.engine, setup.legacy, text, Span(0, len(text)), findings)
    assert not any("http" in a.title for a in fixes)


def test_hover_on_a_header_and_a_top_level_key(setup: Setup) -> None:
    hover = lock_hover(setup.engine, setup.legacy, LOCK, at(LOCK, "acme/greetings", 3))
    assert hover is not None
    assert hover.markdown.splitlines()[0] == "**acme/greetings:1.0.0**"
    assert f"- Module `greetings` of this project: `{setup.legacy.root / 'greetings'}`" in (
        hover.markdown
    )
    assert "Locks 2 imports:\n- `natasha/mathutils` `1.2.0`\n- `ballerina/io` `0.5.1`" in (
        hover.markdown
    )
    assert replaced(LOCK, hover.span) == '"acme/greetings:1.0.0"'
    old = LOCK.replace("acme/formatting:1.0.0", "acme/formatting:0.9.0")
    stale = lock_hover(setup.engine, setup.legacy, old, at(old, "acme/formatting", 3))
    assert stale is not None
    assert "now `acme/formatting:1.0.0`: builds do not use these entries" in stale.markdown
    key = lock_hover(setup.engine, setup.legacy, LOCK, at(LOCK, "lockfile_version", 1))
    assert key is not None and key.markdown.startswith("**lockfile_version** (Ballerina.lock)")
    assert lock_hover(setup.engine, setup.legacy, LOCK, at(LOCK, '"acme"', 1)) is None


# --- actions ------------------------------------------------------------------------------------


def changed_only(before: str, action: ManifestAction, sets: dict[tuple[Any, ...], str]) -> str:
    """Apply ``action``; check every edit replaced a version string and tomllib reads the
    result as ``before`` with exactly ``sets`` changed."""
    for item in action.edits:
        assert tomllib.loads(f"v = {before[item.span.start : item.span.end]}")["v"]
    after = apply_edits(before, action.edits)
    expected = tomllib.loads(before)
    for path, value in sets.items():
        node: Any = expected
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    assert tomllib.loads(after) == expected
    return after


def test_fix_a_locked_version_in_no_repository(setup: Setup) -> None:
    findings = setup.engine.check_manifest(LOCK, setup.lock)
    assert findings is not None and [f.code for f in findings] == ["BMD2008"]
    (finding,) = findings
    actions = lock_actions(setup.engine, setup.legacy, LOCK, finding.span, findings, MANIFEST)
    assert [(a.title, a.kind, a.preferred) for a in actions] == [
        ("Lock 'acme/strutils' to 0.2.0 (project)", "quickfix", True)
    ]
    assert actions[0].finding is finding
    after = changed_only(
        LOCK, actions[0], {("imports", "acme/formatting:1.0.0", 1, "version"): "0.2.0"}
    )
    assert setup.engine.check_manifest(after, setup.lock) == []
    # A range elsewhere gets no fix.
    assert lock_actions(setup.engine, setup.legacy, LOCK, Span(0, 3), findings, MANIFEST) == []


def test_a_fix_prefers_the_version_in_ballerina_toml(setup: Setup) -> None:
    text = LOCK.replace('version = "1.2.0"', 'version = "7.0.0"')
    findings = setup.engine.check_manifest(text, setup.lock)
    assert findings is not None
    (missing,) = [f for f in findings if f.data.get("module") == "mathutils"]
    actions = lock_actions(setup.engine, setup.legacy, text, missing.span, findings, MANIFEST)
    titles = [(a.title, a.preferred) for a in actions]
    assert titles == [
        ("Lock 'natasha/mathutils' to 1.3.0-beta.1 (home)", False),
        ("Lock 'natasha/mathutils' to 1.2.0 (home)", False),
        ("Lock 'natasha/mathutils' to 1.1.0 (home)", True),
    ]
    # Both entries that lock 7.0.0 change, and nothing else.
    changed_only(
        text,
        actions[2],
        {
            ("imports", "acme/greetings:1.0.0", 0, "version"): "1.1.0",
            ("imports", "acme/formatting:1.0.0", 0, "version"): "1.1.0",
        },
    )


def test_align_the_lock_and_ballerina_toml(setup: Setup) -> None:
    offset = at(LOCK, '"mathutils"', 1)
    actions = lock_actions(setup.engine, setup.legacy, LOCK, Span(offset, offset), (), MANIFEST)
    by_title = {a.title: a for a in actions}
    assert list(by_title) == [
        "Lock 'natasha/mathutils' to 1.1.0, the version in Ballerina.toml",
        "Set 'natasha/mathutils' to 1.2.0 in Ballerina.toml, the locked version",
    ]
    lock_side, manifest_side = by_title.values()
    assert lock_side.kind == manifest_side.kind == "refactor.rewrite"
    assert lock_side.path is None
    changed_only(
        LOCK,
        lock_side,
        {
            ("imports", "acme/greetings:1.0.0", 0, "version"): "1.1.0",
            ("imports", "acme/formatting:1.0.0", 0, "version"): "1.1.0",
        },
    )
    assert manifest_side.path == setup.legacy.ballerina_toml and manifest_side.text == MANIFEST
    after = changed_only(MANIFEST, manifest_side, {("dependencies", "natasha/mathutils"): "1.2.0"})
    assert '"natasha/mathutils" = "1.2.0"' in after
    # The table form of Ballerina.toml, with single quotes: kept as written.
    table = MANIFEST.replace(
        '"natasha/mathutils" = "1.1.0"\n',
        "\n[dependencies.\"natasha/mathutils\"]\nversion = '1.1.0'\n",
    )
    actions = lock_actions(setup.engine, setup.legacy, LOCK, Span(offset, offset), (), table)
    manifest_side = next(a for a in actions if a.path is not None)
    after = changed_only(
        table, manifest_side, {("dependencies", "natasha/mathutils", "version"): "1.2.0"}
    )
    assert "version = '1.2.0'" in after
    # Agreeing files: nothing to align.
    agreeing = MANIFEST.replace('"1.1.0"', '"1.2.0"')
    assert lock_actions(setup.engine, setup.legacy, LOCK, Span(offset, offset), (), agreeing) == []


def test_update_what_ballerina_toml_leaves_open(setup: Setup) -> None:
    text = LOCK.replace('name = "io"\nversion = "0.5.1"', 'name = "log"\nversion = "1.0.0"')
    offset = at(text, '"log"', 1)
    (action,) = lock_actions(setup.engine, setup.legacy, text, Span(offset, offset), (), MANIFEST)
    assert action.title == "Update 'ballerina/log' in Ballerina.lock to 1.0.1 (system)"
    assert action.kind == "refactor.rewrite"
    changed_only(text, action, {("imports", "acme/greetings:1.0.0", 1, "version"): "1.0.1"})
    # A path dependency takes its balo: no version to align or update.
    with_path = MANIFEST.replace(
        '"natasha/mathutils" = "1.1.0"', '"natasha/mathutils" = { path = "libs/m.balo" }'
    )
    offset = at(LOCK, '"mathutils"', 1)
    assert lock_actions(setup.engine, setup.legacy, LOCK, Span(offset, offset), (), with_path) == []


# --- through manifest_answers -------------------------------------------------------------------


def wired(dirs: LegacyDirs) -> Engine:
    return Engine(RepositoryRoots(dirs.ballerina_home, dirs.user_home))


def test_manifest_answers_route_the_lock_file(setup: Setup) -> None:
    engine = wired(setup.dirs)
    overlays = {setup.legacy.ballerina_toml: MANIFEST.replace('"1.1.0"', '"1.2.0"')}
    offset = at(LOCK, '"1.2.0"', 1, occurrence=1)
    found = manifest_answers.complete(engine, LOCK, setup.lock, offset, False, overlays)
    assert [(c.label, c.kind) for c in found][:2] == [
        ("1.3.0-beta.1", CandidateKind.VERSION),
        ("1.2.0", CandidateKind.VERSION),
    ]
    # The unsaved Ballerina.toml buffer is what the lock is compared with.
    assert found[1].detail == "home (Ballerina.toml's version)"
    hover = manifest_answers.hover(engine, LOCK, setup.lock, offset, overlays)
    assert hover is not None and "Ballerina.toml names the same version." in hover.markdown
    actions = manifest_answers.actions(engine, LOCK, setup.lock, Span(0, len(LOCK)), {})
    by_title = {a.title: a for a in actions}
    fix = by_title["Lock 'acme/strutils' to 0.2.0 (project)"]
    assert fix.kind == "quickfix" and fix.preferred and fix.finding is not None
    (change,) = fix.changes
    assert change.path == setup.lock and change.text == LOCK
    other = by_title["Set 'natasha/mathutils' to 1.2.0 in Ballerina.toml, the locked version"]
    (change,) = other.changes
    assert change.path == setup.legacy.ballerina_toml
    assert change.text == setup.legacy.ballerina_toml.read_text(encoding="utf-8")
    assert manifest_answers.is_manifest("Ballerina.lock")
    assert not manifest_answers.is_manifest("main.bal")


def test_a_lock_file_outside_a_1x_project_root_gets_nothing(setup: Setup, tmp_path: Path) -> None:
    from builders import make_package

    engine = wired(setup.dirs)
    package = make_package(tmp_path / "app", "acme", "app")
    for path in (package / "Ballerina.lock", setup.legacy.root / "greetings" / "Ballerina.lock"):
        assert manifest_answers.complete(engine, LOCK, path, at(LOCK, '"1.2.0"', 1), False) == []
        assert manifest_answers.hover(engine, LOCK, path, at(LOCK, "mathutils"), {}) is None
        assert manifest_answers.actions(engine, LOCK, path, Span(0, len(LOCK)), {}) == []


def test_the_example_lock_file() -> None:
    engine = Engine(RepositoryRoots(EXAMPLE / "ballerina-home", EXAMPLE / "user-home"))
    lock = EXAMPLE / "greeter" / "Ballerina.lock"
    text = lock.read_text(encoding="utf-8")
    offset = at(text, '"1.2.0"', 1, occurrence=1)
    labels = [c.label for c in manifest_answers.complete(engine, text, lock, offset, False)]
    assert labels == ["1.2.0", "1.1.0"]
    hover = manifest_answers.hover(engine, text, lock, offset, {})
    assert hover is not None
    assert hover.markdown.startswith("**natasha/mathutils** `1.2.0`")
    assert "Ballerina.toml names the same version." in hover.markdown
    # The example is consistent: the lock agrees with Ballerina.toml and is all on disk.
    assert manifest_answers.actions(engine, text, lock, Span(0, len(text)), {}) == []
    older = text.replace('"mathutils"\nversion = "1.2.0"', '"mathutils"\nversion = "1.1.0"')
    assert older != text
    titles = [a.title for a in manifest_answers.actions(engine, older, lock, Span(0, 1), {})]
    assert titles == []  # the range touches no entry
    offset = at(older, '"1.1.0"')
    titles = [
        a.title for a in manifest_answers.actions(engine, older, lock, Span(offset, offset), {})
    ]
    assert titles == [
        "Lock 'natasha/mathutils' to 1.2.0, the version in Ballerina.toml",
        "Set 'natasha/mathutils' to 1.1.0 in Ballerina.toml, the locked version",
    ]


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(
        alphabet=st.sampled_from(list('[]"=.{},\n #abcegilmnoprstuv_/:1.0')), max_size=160
    ),
    where=st.integers(min_value=-5, max_value=200),
)
def test_lock_answers_never_raise_on_what_a_person_types(
    setup: Setup, text: str, where: int
) -> None:
    for seed in (text, LOCK[:where] + text):
        offset = max(0, min(where, len(seed)))
        for candidate in lock_completion(setup.engine, setup.legacy, seed, where, MANIFEST):
            assert 0 <= candidate.replace.start <= candidate.replace.end <= len(seed)
        found = lock_hover(setup.engine, setup.legacy, seed, offset, MANIFEST)
        assert found is None or found.span.end <= len(seed)
        findings = setup.engine.check_manifest(seed, setup.lock) or []
        for action in lock_actions(
            setup.engine, setup.legacy, seed, Span(0, len(seed)), findings, MANIFEST
        ):
            after = apply_edits(action.text or seed, action.edits)
            tomllib.loads(after)
