"""The bundled example (examples/ceylon) has exactly the problems its README lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.ceylon import CeylonRoots, CeylonService
from balmod.edits import apply_edits
from balmod.text import LineIndex, Span

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ceylon"
HELLO = EXAMPLE / "hello" / "source" / "com" / "example"


@pytest.fixture
def service() -> CeylonService:
    roots = CeylonRoots.from_environment(EXAMPLE / "ceylon-home", EXAMPLE / "user-home", {})
    return CeylonService(roots)


def report(service: CeylonService) -> list[str]:
    lines = []
    for path in sorted(EXAMPLE.rglob("module.ceylon")):
        if "hello" not in path.parts:
            continue  # the descriptors inside repositories' archives are not sources
        text = path.read_text(encoding="utf-8")
        index = LineIndex(text)
        for found in service.findings(text, path):
            line, column = index.position(found.span.start)
            where = path.relative_to(EXAMPLE).as_posix()
            lines.append(f"{where}:{line + 1}:{column + 1}: {found.code}: {found.message}")
    return lines


def test_exactly_the_deliberate_problems(service: CeylonService) -> None:
    assert report(service) == [
        "hello/source/com/example/greeting/module.ceylon:2:8: CYL0002: module name does not "
        "match descriptor location: 'com.example.greetings' should be 'com.example.greeting'",
        "hello/source/com/example/hello/module.ceylon:14:12: CYL0003: cannot find module "
        "artifact 'com.example.strings-1.2.0(.car|.jar)'",
    ]


def test_the_readme_lists_them(service: CeylonService) -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    for line in report(service):
        where = line.split(": ", 1)[0]
        assert f"`{where}`" in readme


def test_the_preferred_fixes_make_the_example_clean(service: CeylonService) -> None:
    for path in (HELLO / "hello" / "module.ceylon", HELLO / "greeting" / "module.ceylon"):
        text = path.read_text(encoding="utf-8")
        fixes = [f for f in service.fixes(text, path, Span(0, len(text))) if f.preferred]
        assert len(fixes) == 1
        fixed = apply_edits(text, fixes[0].edits)
        assert service.findings(fixed, path) == []


def test_every_import_of_the_main_module_is_understood(service: CeylonService) -> None:
    path = HELLO / "hello" / "module.ceylon"
    text = path.read_text(encoding="utf-8")
    context = service.context(text, path)
    descriptor = context.descriptor
    assert descriptor is not None
    assert [i.module.display for i in descriptor.imports] == [
        "ceylon.collection",
        "ceylon.file",
        "com.example.strings",
        "com.example.logging",
        "com.example.util",
        "maven:org.slf4j:slf4j-api",
    ]
    assert sorted(context.source_modules) == [
        "com.example.greetings",
        "com.example.hello",
        "com.example.util",
    ]
