"""End to end on examples/legacy: findings, `deps`, and the editor features through the same
calls the language server makes once :class:`LegacyEngine` is wired into the engine."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from balmod.analysis import completion, definition, fixes, hover
from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.engine import Engine
from balmod.checking import locate
from balmod.legacy import LegacyEngine, LegacyRoots
from balmod.repository.roots import RepositoryRoots
from legacy.builders import make_legacy_dirs, make_legacy_project, write_balo

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "legacy"
GREETER = EXAMPLE / "greeter"


@pytest.fixture
def engine() -> LegacyEngine:
    roots = LegacyRoots(EXAMPLE / "ballerina-home", EXAMPLE / "user-home")
    return LegacyEngine(roots)


def wired() -> Engine:
    """The real engine over the example's repositories: it hands legacy documents to its
    LegacyEngine, as the language server and `balmod check` see it."""
    return Engine(RepositoryRoots(EXAMPLE / "ballerina-home", EXAMPLE / "user-home"))


def analyse(engine: LegacyEngine, relative: str) -> tuple[DocumentAnalysis, Engine]:
    path = GREETER / relative
    full = wired()
    analysis = full.analyze(path.read_text(encoding="utf-8"), path)
    assert analysis.project is not None and analysis.project.legacy
    return analysis, full


def test_the_example_has_exactly_its_deliberate_problems(engine: LegacyEngine) -> None:
    found = set()
    for path in sorted(GREETER.rglob("*")):
        if ".ballerina" in path.parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".bal":
            findings = list(engine.analyze(text, path).findings)
        else:
            result = engine.check_manifest(text, path)
            assert result is not None, path
            findings = result
        for item in locate(findings, text):
            found.add((str(path.relative_to(GREETER)), item.line + 1, item.finding.code))
    assert found == {
        ("date-utils/dates.bal", 1, "BMD2002"),
        ("greetings/greetings.bal", 1, "BCE2002"),
        ("greetings/greetings.bal", 4, "BCE2003"),
    }


def test_the_example_is_a_legacy_project(engine: LegacyEngine) -> None:
    legacy = engine.project_for(GREETER / "main.bal")
    assert legacy is not None
    assert (legacy.org, legacy.version) == ("acme", "1.0.0")
    assert set(legacy.modules) == {"greetings", "formatting"}
    assert set(legacy.invalid_modules) == {"date-utils"}
    assert engine.owns(GREETER / "greetings" / "greetings.bal")
    assert not engine.owns(EXAMPLE.parent / "hello_world" / "main.bal")


def test_deps_of_the_example(engine: LegacyEngine) -> None:
    lines = engine.dependency_lines(GREETER)
    assert lines is not None
    by_name = {line.split(" -> ")[0]: line for line in lines}
    assert set(by_name) == {
        "acme/strutils",
        "ballerina/io",
        "ballerina/log",
        "formatting",
        "greetings",
        "natasha/colours",
        "natasha/mathutils",
        "wso2/twitter version 0.10.0",
    }
    assert by_name["acme/strutils"].startswith("acme/strutils -> acme/strutils 0.2.0 (project) ")
    assert by_name["natasha/mathutils"].endswith(
        "[version 1.2.0 from Ballerina.lock, in the home repository]"
    )
    assert by_name["ballerina/io"].startswith("ballerina/io -> ballerina/io 0.5.1 (system) ")
    assert (
        "[version 0.10.0 from the import, in the home repository]"
        in by_name["wso2/twitter version 0.10.0"]
    )
    assert by_name["natasha/colours"].startswith("natasha/colours -> unresolved")
    assert engine.dependency_lines(EXAMPLE.parent / "hello_world") is None


def test_the_example_archives_are_what_the_script_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_repositories", EXAMPLE / "build_repositories.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(tmp_path) == 0
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(Path(name) for name in module.ARCHIVES)
    for relative in written:
        assert (EXAMPLE / relative).read_bytes() == (tmp_path / relative).read_bytes(), relative


def test_completion_of_imports_lists_project_modules_and_repository_orgs(
    engine: LegacyEngine,
) -> None:
    analysis, wired = analyse(engine, "greetings/greetings.bal")
    text = analysis.text
    offset = text.index("import formatting;") + len("import ")
    # Ask at an empty name: type over "formatting" by asking just after `import `.
    edited = text[:offset] + text[offset + len("formatting") :]
    path = GREETER / "greetings" / "greetings.bal"
    analysis = wired.analyze(edited, path)
    labels = {c.label for c in completion.complete(wired, analysis, offset).items}
    assert {"formatting", "natasha/", "wso2/", "ballerina/", "acme/"} <= labels
    assert "greetings" not in labels  # the file's own module
    org = edited[:offset] + "natasha/" + edited[offset:]
    analysis = wired.analyze(org, path)
    labels = {c.label for c in completion.complete(wired, analysis, offset + len("natasha/")).items}
    assert "natasha/mathutils" not in labels  # imported already
    analysis = engine.analyze(org.replace("import natasha/mathutils;\n", ""), path)
    start = analysis.text.index("import natasha/") + len("import natasha/")
    labels = {c.label for c in completion.complete(wired, analysis, start).items}
    assert "natasha/mathutils" in labels


def test_member_completion_hover_and_definition_read_the_balo_sources(engine: LegacyEngine) -> None:
    analysis, wired = analyse(engine, "greetings/greetings.bal")
    text = analysis.text
    offset = text.index("mathutils:add") + len("mathutils:")
    names = {c.label for c in completion.complete(wired, analysis, offset).items}
    assert names == {"add", "max"}
    info = hover.hover(wired, analysis, offset + 1)
    assert info is not None
    assert "public function add(int a, int b) returns int" in info.markdown
    assert "Adds two integers." in info.markdown
    targets = definition.definition(wired, analysis, offset + 1)
    assert len(targets) == 1
    target = targets[0]
    # A path through the archive: read in memory, never extracted.
    cache = EXAMPLE / "user-home/caches/central.ballerina.io"
    archive = cache / "natasha/mathutils/1.2.0/mathutils.zip"
    assert target.path == archive / "src" / "math.bal"
    assert target.text is not None and target.span is not None
    assert target.text[target.span.start : target.span.end] == "add"
    # From the import itself: the module's files.
    import_offset = text.index("natasha/mathutils") + 2
    files = definition.definition(wired, analysis, import_offset)
    assert [t.path.name for t in files] == ["math.bal"]
    # And the hover on the import says where it came from and why.
    facts = hover.hover(wired, analysis, import_offset)
    assert (
        facts is not None
        and "version 1.2.0 from Ballerina.lock, in the home repository" in facts.markdown
    )


def test_the_unused_import_fix(engine: LegacyEngine) -> None:
    analysis, wired = analyse(engine, "greetings/greetings.bal")
    unused = next(f for f in analysis.findings if f.code == "BCE2002")
    actions = fixes.fixes_for(wired, analysis, unused)
    assert [a.title for a in actions] == ["Remove unused import 'ballerina/log'"]


def test_an_undefined_prefix_offers_the_legacy_module(engine: LegacyEngine) -> None:
    path = GREETER / "formatting" / "extra.bal"
    text = "public function f() returns int => mathutils:add(1, 2);\n"
    analysis = engine.analyze(text, path)
    undefined = next(f for f in analysis.findings if f.code == "BCE2000")
    titles = [a.title for a in fixes.fixes_for(wired(), analysis, undefined)]
    assert titles == ["Import module 'natasha/mathutils'"]


def test_a_new_version_on_disk_is_noticed(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path)
    write_balo(dirs.balo_cache, "a", "m", "1.0.0")
    root = make_legacy_project(tmp_path / "p")
    engine = dirs.engine()
    text = "import a/m;\n\npublic function f() { m:hello(); }\n"
    first = engine.analyze(text, root / "greetings" / "g.bal").imports[0].resolution
    assert first is not None and first.package is not None and first.package.version == "1.0.0"
    assert not engine.repositories_changed()
    write_balo(dirs.balo_cache, "a", "m", "1.1.0")
    assert engine.repositories_changed()
    second = engine.analyze(text, root / "greetings" / "g.bal").imports[0].resolution
    assert second is not None and second.package is not None and second.package.version == "1.1.0"
