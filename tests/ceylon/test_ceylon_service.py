"""CeylonService end to end on real trees in tmp_path: findings, completion, hover,
definition, fixes (applied and re-checked), inlay hints and refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from ceylon_support import (
    CeylonDirs,
    after,
    at,
    descriptor_text,
    make_dirs,
    make_module,
    make_project,
    module_dir,
)

from balmod.ceylon import CeylonService
from balmod.edits import apply_edits
from balmod.extracted import ArchiveMember, locate
from balmod.findings import CODES, Finding
from balmod.service import LanguageService
from balmod.text import Span

BAR_DOC = '"Bar does things."\nlicense("MIT")\nmodule com.example.bar "2.0.0" {\n}\n'


@pytest.fixture
def dirs(tmp_path: Path) -> CeylonDirs:
    dirs = make_dirs(tmp_path)
    make_module(dirs.system, "ceylon.language", "1.3.3")
    make_module(dirs.system, "ceylon.collection", "1.3.2")
    make_module(
        dirs.system,
        "ceylon.collection",
        "1.3.3",
        src={"module.ceylon": 'module ceylon.collection "1.3.3" {}\n'},
    )
    make_module(dirs.user_repo, "com.example.bar", "1.0.0")
    make_module(dirs.user_repo, "com.example.bar", "1.1.0")
    make_module(dirs.user_repo, "com.example.bar", "2.0.0", src={"module.ceylon": BAR_DOC})
    make_module(dirs.cache, "com.example.json", "2.1.0")
    make_module(dirs.cache, "com.example.web", "1.0", car=False, js=True)
    return dirs


@pytest.fixture
def service(dirs: CeylonDirs) -> CeylonService:
    return CeylonService(dirs.roots())


@pytest.fixture
def project(dirs: CeylonDirs) -> Path:
    return dirs.workspace / "app"


def write(project: Path, module_path: str, text: str) -> Path:
    return make_project(project, {module_path: text})[module_path]


def codes(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in found]


def check_clean(service: CeylonService, text: str, path: Path) -> None:
    assert service.findings(text, path) == []


def test_service_implements_the_protocol(service: CeylonService) -> None:
    assert isinstance(service, LanguageService)
    assert service.name == "ceylon"
    assert service.handles(Path("/x/source/a/module.ceylon"))
    assert not service.handles(Path("/x/source/a/run.ceylon"))
    assert not service.handles(Path("/x/Ballerina.toml"))


def test_codes_are_registered() -> None:
    for code in ("CYL0001", "CYL0002", "CYL0003", "CYL0004", "CYL0005", "CYL0006", "CYL0007"):
        assert CODES[code].severity.label == "error"
    assert CODES["CYL0008"].severity.label == "warning"


def test_a_clean_descriptor(service: CeylonService, project: Path) -> None:
    text = (
        '"The app."\nby("Me")\nnative("jvm")\nmodule com.example.app "1.0.0" {\n'
        '    value cv = "1.3.3";\n'
        "    import ceylon.collection cv;\n"
        '    shared import com.example.bar "2.0.0";\n'
        '    optional import com.example.json "2.1.0";\n'
        '    import maven:"org.slf4j:slf4j-api" "1.7.25";\n'
        '    import npm:"left-pad" "1.3.0";\n'
        "}\n"
    )
    check_clean(service, text, write(project, "com.example.app", text))


def test_missing_version(service: CeylonService, project: Path, dirs: CeylonDirs) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "1.2.0";')
    path = write(project, "com.example.app", text)
    (found,) = service.findings(text, path)
    assert found.code == "CYL0003"
    assert found.message == "cannot find module artifact 'com.example.bar-1.2.0(.car|.jar)'"
    assert found.span == at(text, "com.example.bar")
    assert found.related[0].message == (
        "dependency tree: 'com.example.app/1.0.0' -> 'com.example.bar/1.2.0'"
    )
    assert [r.message for r in found.related[1:]] == [
        f"searched distribution: {dirs.system}",
        f"searched cache: {dirs.cache}",
        f"searched project output: {project / 'modules'}",
        f"searched user repository: {dirs.user_repo}",
    ]
    assert found.data["available"] == ["2.0.0", "1.1.0", "1.0.0"]


def test_fix_moves_to_the_nearest_newer_version(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "1.0.5";')
    path = write(project, "com.example.app", text)
    fixes = service.fixes(text, path, at(text, "com.example.bar"))
    assert [(f.title, f.preferred) for f in fixes] == [
        ("Change version to '1.1.0'", True),
        ("Change version to '2.0.0'", False),
        ("Change version to '1.0.0'", False),
    ]
    assert fixes[0].edits[0].span == at(text, '"1.0.5"')
    fixed = apply_edits(text, fixes[0].edits)
    assert 'import com.example.bar "1.1.0";' in fixed
    check_clean(service, fixed, path)


def test_a_module_on_no_disk_gets_the_closest_names(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bra "1.1.0";')
    path = write(project, "com.example.app", text)
    (found,) = service.findings(text, path)
    assert found.message == "cannot find module artifact 'com.example.bra-1.1.0(.car|.jar)'"
    assert found.data["available"] == []
    fixes = service.fixes(text, path, found.span)
    assert fixes[0].title == "Change module to 'com.example.bar'"
    fixed = apply_edits(text, fixes[0].edits)
    check_clean(service, fixed, path)


def test_closest_name_brings_a_version_it_has(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.jsno "9";')
    path = write(project, "com.example.app", text)
    (fix, *_) = service.fixes(text, path, at(text, "com.example.jsno"))
    assert fix.title == "Change module to 'com.example.json' \"2.1.0\""
    check_clean(service, apply_edits(text, fix.edits), path)


def test_module_name_must_match_its_directory(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.apps", "1.0.0")
    path = write(project, "com.example.app", text)
    (found,) = service.findings(text, path)
    assert found.code == "CYL0002"
    assert found.message == (
        "module name does not match descriptor location: "
        "'com.example.apps' should be 'com.example.app'"
    )
    assert found.span == at(text, "com.example.apps")
    (fix,) = service.fixes(text, path, found.span)
    assert fix.title == "Change module name to 'com.example.app'"
    check_clean(service, apply_edits(text, fix.edits), path)


def test_descriptor_in_the_root_source_directory(service: CeylonService, project: Path) -> None:
    path = project / "source" / "module.ceylon"
    path.parent.mkdir(parents=True)
    text = descriptor_text("x", "1")
    path.write_text(text)
    assert codes(service.findings(text, path)) == [
        ("CYL0002", "module descriptor encountered in root source directory")
    ]


def test_two_versions_across_the_project(service: CeylonService, project: Path) -> None:
    app = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "2.0.0";')
    util = descriptor_text("com.example.util", "1.0.0", 'import com.example.bar "1.1.0";')
    app_path = write(project, "com.example.app", app)
    util_path = write(project, "com.example.util", util)
    message = (
        "source code imports two different versions of module 'com.example.bar': "
        "version '1.1.0' and version '2.0.0'"
    )
    (found,) = service.findings(app, app_path)
    assert (found.code, found.message, found.span) == ("CYL0004", message, at(app, '"2.0.0"'))
    assert found.related[0].path == util_path
    assert found.related[0].span == at(util, '"1.1.0"')
    (other,) = service.findings(util, util_path)
    assert (other.message, other.span) == (message, at(util, '"1.1.0"'))
    (fix,) = service.fixes(util, util_path, other.span)
    assert fix.title == "Change version to '2.0.0'"
    fixed = apply_edits(util, fix.edits)
    util_path.write_text(fixed)
    check_clean(service, fixed, util_path)
    check_clean(service, app, app_path)


def test_unsaved_buffers_count(service: CeylonService, project: Path) -> None:
    app = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "2.0.0";')
    util = descriptor_text("com.example.util", "1.0.0", 'import com.example.bar "2.0.0";')
    app_path = write(project, "com.example.app", app)
    util_path = write(project, "com.example.util", util)
    check_clean(service, app, app_path)
    edited = util.replace("2.0.0", "1.0.0")
    found = service.findings(app, app_path, overlays={util_path: edited})
    assert [f.code for f in found] == ["CYL0004"]


def test_imports_of_project_modules_come_from_source(service: CeylonService, project: Path) -> None:
    util = descriptor_text("com.example.util", "3.0.0")
    write(project, "com.example.util", util)
    app = descriptor_text("com.example.app", "1.0.0", 'import com.example.util "3.0.0";')
    app_path = write(project, "com.example.app", app)
    check_clean(service, app, app_path)
    wrong = app.replace('"3.0.0"', '"2.0.0"')
    (found,) = service.findings(wrong, app_path)
    assert found.code == "CYL0004"
    assert "version '2.0.0' and version '3.0.0'" in found.message


def test_syntax_errors_are_reported(service: CeylonService, project: Path) -> None:
    text = 'module com.example.app "1.0.0" {\n    import com.example.bar "2.0.0"\n'
    path = write(project, "com.example.app", text)
    assert [(f.code, f.message, f.span) for f in service.findings(text, path)] == [
        ("CYL0001", "missing ';'", after(text, '"2.0.0"')),
        ("CYL0001", "missing '}'", after(text, '"2.0.0"')),
    ]


@pytest.mark.parametrize(
    ("imports", "message", "needle"),
    [
        (["import com.example.bar;"], "missing version", "com.example.bar"),
        (['import com.example.bar "";'], "empty module version", '""'),
        (
            ['import com.example.bar "2.0.0 ";'],
            "module version may not contain whitespace",
            '"2.0.0 "',
        ),
        (
            ["import com.example.bar undefinedConstant;"],
            "constant not defined",
            "undefinedConstant",
        ),
    ],
)
def test_version_problems(
    service: CeylonService, project: Path, imports: list[str], message: str, needle: str
) -> None:
    text = descriptor_text("com.example.app", "1.0.0", *imports)
    path = write(project, "com.example.app", text)
    assert [(f.code, f.message, f.span) for f in service.findings(text, path)] == [
        ("CYL0005", message, at(text, needle))
    ]


def test_constants_are_checked_where_they_are_used(service: CeylonService, project: Path) -> None:
    text = 'module com.example.app "1.0.0" {\n    value v = "";\n    import com.example.bar v;\n}\n'
    path = write(project, "com.example.app", text)
    assert [(f.message, f.span) for f in service.findings(text, path)] == [
        ("empty module version", Span(text.index("v;"), text.index("v;") + 1))
    ]


def test_module_version_problems(service: CeylonService, project: Path) -> None:
    text = "module com.example.app {}"
    path = write(project, "com.example.app", text)
    assert [(f.message, f.span) for f in service.findings(text, path)] == [
        ("missing version", at(text, "com.example.app"))
    ]


def test_single_quoted_versions_are_double_quoted_by_the_fix(
    service: CeylonService, project: Path
) -> None:
    text = "module com.example.app '1.0.0' {\n    import com.example.bar '2.0.0';\n}\n"
    path = write(project, "com.example.app", text)
    found = service.findings(text, path)
    assert [(f.code, f.message, f.span) for f in found] == [
        ("CYL0005", "module version should be double-quoted", at(text, "'1.0.0'")),
        ("CYL0005", "module version should be double-quoted", at(text, "'2.0.0'")),
    ]
    fixes = service.fixes(text, path, Span(0, len(text)))
    assert [f.title for f in fixes] == ["Use double quotes", "Use double quotes"]
    fixed = apply_edits(text, [e for f in fixes for e in f.edits])
    assert fixed == 'module com.example.app "1.0.0" {\n    import com.example.bar "2.0.0";\n}\n'
    check_clean(service, fixed, path)


def test_duplicates_the_language_module_and_reserved_names(
    service: CeylonService, project: Path
) -> None:
    text = descriptor_text(
        "com.example.app",
        "1.0.0",
        'import com.example.bar "2.0.0";',
        'import ceylon.language "1.3.3";',
        'import com.example.bar "2.0.0";',
        'import default.x "1";',
        'import ceylon "1";',
    )
    path = write(project, "com.example.app", text)
    found = [f for f in service.findings(text, path) if f.code != "CYL0003"]
    assert [(f.code, f.message, f.span) for f in found] == [
        ("CYL0006", "the language module is imported implicitly", at(text, "ceylon.language")),
        ("CYL0007", "duplicate module import: 'com.example.bar'", at(text, "com.example.bar", 1)),
        ("CYL0006", "reserved module name: 'default'", at(text, "default.x")),
        ("CYL0006", "reserved module name: 'ceylon'", at(text, "ceylon", 1)),
    ]
    fixes = service.fixes(text, path, Span(0, at(text, "default.x").start))
    assert [f.title for f in fixes] == [
        "Remove import 'ceylon.language'",
        "Remove import 'com.example.bar'",
    ]
    fixed = apply_edits(text, [e for f in fixes for e in f.edits])
    assert fixed.count("com.example.bar") == 1
    assert "ceylon.language" not in fixed


def test_old_style_maven_import(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import "org.jboss:jboss-logging" "3.3.0";')
    path = write(project, "com.example.app", text)
    (found,) = service.findings(text, path)
    assert (found.code, found.severity.label) == ("CYL0008", "warning")
    assert found.message == "use of old style Maven imports is deprecated, prefix with 'maven:'"
    assert found.span == at(text, '"org.jboss:jboss-logging"')
    (fix,) = service.fixes(text, path, found.span)
    fixed = apply_edits(text, fix.edits)
    assert 'import maven:"org.jboss:jboss-logging" "3.3.0";' in fixed
    check_clean(service, fixed, path)


def test_javascript_imports_look_for_js_artifacts(service: CeylonService, project: Path) -> None:
    text = descriptor_text(
        "com.example.app",
        "1.0.0",
        'native("js") import com.example.web "1.0";',
        'native("dart") import com.example.nothing "1";',
    )
    path = write(project, "com.example.app", text)
    check_clean(service, text, path)
    jvm = descriptor_text("com.example.app", "1.0.0", 'import com.example.web "1.0";')
    assert codes(service.findings(jvm, path)) == [
        ("CYL0003", "cannot find module artifact 'com.example.web-1.0(.car|.jar)'")
    ]
    js_text = 'native("js")\n' + descriptor_text(
        "com.example.app", "1.0.0", 'import com.example.bar "2.0.0";'
    )
    assert codes(service.findings(js_text, path)) == [
        ("CYL0003", "cannot find module artifact 'com.example.bar-2.0.0.js'")
    ]


def test_the_ceylon_namespace_is_looked_up(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import ceylon:com.example.bar "9.9";')
    path = write(project, "com.example.app", text)
    assert codes(service.findings(text, path)) == [
        ("CYL0003", "cannot find module artifact 'ceylon:com.example.bar-9.9(.car|.jar)'")
    ]


def test_a_descriptor_outside_any_project(service: CeylonService, dirs: CeylonDirs) -> None:
    path = dirs.workspace / "loose" / "module.ceylon"
    path.parent.mkdir()
    text = descriptor_text("whatever", "1", 'import com.example.bar "2.0.0";', 'import x.y "1";')
    path.write_text(text)
    assert codes(service.findings(text, path)) == [
        ("CYL0003", "cannot find module artifact 'x.y-1(.car|.jar)'")
    ]


def test_complete_module_names_after_import(service: CeylonService, project: Path) -> None:
    write(project, "com.example.util", descriptor_text("com.example.util", "0.5"))
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "2.0.0";', "import ")
    path = write(project, "com.example.app", text)
    offset = after(text, "import ", 1).start
    result = service.complete(text, path, offset)
    assert [c.label for c in result.items] == [
        "com.example.util",  # this project's modules first
        "ceylon.collection",
        "com.example.json",
        "com.example.web",
    ]
    util, collection = result.items[0], result.items[1]
    assert util.insert == 'com.example.util "0.5"'
    assert util.detail == "0.5 (this project)"
    assert collection.insert == 'ceylon.collection "1.3.3"'
    assert collection.detail == "1.3.3 (distribution)"
    assert collection.replace == Span(offset, offset)
    assert not result.incomplete


def test_complete_a_dotted_name_replaces_all_of_it(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.ex.old "1.0";')
    path = write(project, "com.example.app", text)
    offset = at(text, "com.ex", 1).end
    result = service.complete(text, path, offset)
    assert [c.label for c in result.items] == [
        "com.example.bar",
        "com.example.json",
        "com.example.web",
    ]
    bar = result.items[0]
    assert bar.replace == at(text, "com.ex.old")
    assert bar.insert == "com.example.bar"  # the import has its version already
    assert bar.filter_text == "com.example.bar"


def test_complete_versions_newest_first(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "1.";')
    path = write(project, "com.example.app", text)
    offset = after(text, 'bar "1.').start
    result = service.complete(text, path, offset)
    assert [c.label for c in result.items] == ["2.0.0", "1.1.0", "1.0.0"]
    assert all(c.replace == Span(offset - 2, offset) for c in result.items)
    assert result.items[0].detail == "user repository"
    assert [c.sort_text for c in result.items] == sorted(c.sort_text or "" for c in result.items)


def test_complete_versions_while_the_string_is_open(service: CeylonService, project: Path) -> None:
    text = 'module com.example.app "1" {\n    import ceylon.collection "1.3\n}'
    path = write(project, "com.example.app", text)
    result = service.complete(text, path, after(text, '"1.3').start)
    assert [c.label for c in result.items] == ["1.3.3", "1.3.2"]
    assert result.items[0].replace == Span(at(text, '"1.3').start + 1, after(text, '"1.3').start)


def test_no_completion_elsewhere(service: CeylonService, project: Path) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "2.0.0";')
    path = write(project, "com.example.app", text)
    assert service.complete(text, path, at(text, "module").start + 2).items == ()
    assert service.complete(text, path, after(text, ";").start).items == ()


def test_hover_an_import(service: CeylonService, project: Path, dirs: CeylonDirs) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "1.1.0";')
    path = write(project, "com.example.app", text)
    info = service.hover(text, path, at(text, "example.bar").start)
    assert info is not None
    assert info.span == at(text, "com.example.bar")
    markdown = info.markdown
    assert markdown.startswith("**com.example.bar** `1.1.0`")
    bar = dirs.user_repo / "com" / "example" / "bar" / "1.1.0" / "com.example.bar-1.1.0.car"
    assert f"Resolved from the user repository: `{bar}`" in markdown
    assert "- `2.0.0`: user repository (.car, .src)" in markdown
    assert "- `1.1.0`: user repository (.car) ← imported" in markdown
    assert markdown.index("`2.0.0`") < markdown.index("`1.0.0`")
    on_version = service.hover(text, path, at(text, '"1.1.0"').start + 1)
    assert on_version is not None and on_version.span == at(text, '"1.1.0"')


def test_hover_a_missing_import_shows_what_is_on_disk(
    service: CeylonService, project: Path
) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "1.5";')
    path = write(project, "com.example.app", text)
    info = service.hover(text, path, at(text, "com.example.bar").start)
    assert info is not None
    assert "**Not found** in any repository." in info.markdown
    assert "Bar does things." in info.markdown  # the newest version's .src descriptor
    assert "License: MIT" in info.markdown


def test_hover_the_module_itself(service: CeylonService, project: Path) -> None:
    text = '"My app."\n' + descriptor_text("com.example.app", "1.0.0")
    path = write(project, "com.example.app", text)
    info = service.hover(text, path, at(text, "example.app").start)
    assert info is not None
    assert info.markdown.startswith("**module com.example.app** `1.0.0`")
    assert "My app." in info.markdown
    assert "Expected name for this location: `com.example.app`" in info.markdown
    assert service.hover(text, path, 0) is None


def test_definition_opens_the_descriptor_inside_the_source_archive(
    service: CeylonService, dirs: CeylonDirs, project: Path
) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "2.0.0";')
    path = write(project, "com.example.app", text)
    (target,) = service.definition(text, path, at(text, "com.example.bar").start + 3)
    src = module_dir(dirs.user_repo, "com.example.bar", "2.0.0") / "com.example.bar-2.0.0.src"
    # A path through the archive: nothing is extracted anywhere.
    assert target.path == src / "com" / "example" / "bar" / "module.ceylon"
    assert locate(target.path) == ArchiveMember(src, "com/example/bar/module.ceylon")
    assert target.text == BAR_DOC
    assert target.span == at(BAR_DOC, "com.example.bar")


def test_definition_falls_back_to_a_version_with_sources(
    service: CeylonService, project: Path
) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "1.0.0";')
    path = write(project, "com.example.app", text)
    (target,) = service.definition(text, path, at(text, "com.example.bar").start)
    assert target.text == BAR_DOC  # 1.0.0 has no .src; 2.0.0 has
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.json "2.1.0";')
    assert service.definition(text, path, at(text, "com.example.json").start) == []


def test_definition_of_project_modules_and_constants(service: CeylonService, project: Path) -> None:
    util = descriptor_text("com.example.util", "1.0.0")
    util_path = write(project, "com.example.util", util)
    text = (
        'module com.example.app "1.0.0" {\n    value v = "1.0.0";\n'
        "    import com.example.util v;\n}\n"
    )
    path = write(project, "com.example.app", text)
    (target,) = service.definition(text, path, at(text, "com.example.util").start)
    assert (target.path, target.span) == (util_path, at(util, "com.example.util"))
    (constant,) = service.definition(text, path, at(text, "v;").start)
    assert constant.path == path
    assert constant.span == Span(at(text, "v =").start, at(text, "v =").start + 1)


def test_inlay_hints(service: CeylonService, project: Path) -> None:
    text = (
        'module com.example.app "1.0.0" {\n    value v = "1.3.3";\n'
        "    import ceylon.collection v;\n"
        '    import com.example.bar "1.1.0";\n}\n'
    )
    path = write(project, "com.example.app", text)
    hints = service.inlay_hints(text, path, Span(0, len(text)))
    assert [(h.offset, h.label) for h in hints] == [
        (at(text, "v;").start + 1, ' = "1.3.3"'),
        (at(text, '"1.1.0"').end, " newest 2.0.0"),
    ]
    assert service.inlay_hints(text, path, Span(0, 5)) == []


def test_refresh_sees_modules_published_later(
    service: CeylonService, project: Path, dirs: CeylonDirs
) -> None:
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.bar "3.0.0";')
    path = write(project, "com.example.app", text)
    assert [f.code for f in service.findings(text, path)] == ["CYL0003"]
    assert service.repositories_changed() is False
    make_module(dirs.user_repo, "com.example.bar", "3.0.0")
    assert service.repositories_changed() is True
    assert service.repositories_changed() is False
    check_clean(service, text, path)


def test_output_repository_of_the_project(service: CeylonService, project: Path) -> None:
    make_module(project / "modules", "com.example.built", "0.1")
    text = descriptor_text("com.example.app", "1.0.0", 'import com.example.built "0.1";')
    check_clean(service, text, write(project, "com.example.app", text))


def test_features_never_raise_on_broken_text(service: CeylonService, project: Path) -> None:
    path = write(project, "com.example.app", "")
    for text in ("", "module", 'module a "1" { import ', "}}}{{{", '"', "import maven:", "/*"):
        service.findings(text, path)
        for offset in range(len(text) + 1):
            service.complete(text, path, offset)
            service.hover(text, path, offset)
            service.definition(text, path, offset)
        service.fixes(text, path, Span(0, len(text)))
        service.inlay_hints(text, path, Span(0, len(text)))


def test_long_lists_are_capped_and_marked_incomplete(
    service: CeylonService, project: Path, dirs: CeylonDirs
) -> None:
    for n in range(205):
        make_module(dirs.user_repo, f"org.many.m{n:03d}", "1.0")
    text = descriptor_text("com.example.app", "1.0.0", "import org.many.")
    path = write(project, "com.example.app", text)
    result = service.complete(text, path, after(text, "org.many.").start)
    assert len(result.items) == 200
    assert result.incomplete
    assert result.items[0].label == "org.many.m000"
