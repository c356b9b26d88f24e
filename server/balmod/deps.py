"""`balmod deps`: every import of a package and what it resolves to, one line each."""

from __future__ import annotations

from pathlib import Path

from balmod.analysis.engine import Engine
from balmod.analysis.resolver import Resolution, ResolutionStatus
from balmod.project.loader import find_package_root
from balmod.syntax.imports import parse_imports
from balmod.workspace import SOURCE_SUFFIX, UnreadableFile, find_files, read_source


def describe(name: str, resolution: Resolution) -> str:
    """``ballerina/http -> ballerina/http 2.16.4 (distribution) <dir>  [why]``."""
    if resolution.status is ResolutionStatus.UNRESOLVED:
        places = ", ".join(str(path) for _, path in resolution.searched) or "nowhere"
        return f"{name} -> unresolved  [{resolution.reason}; looked in: {places}]"
    package = resolution.package
    where = resolution.module_dir or (package.path if package else "")
    if package is None:
        own = (
            f"{resolution.org}/{resolution.module_name}"
            if resolution.org
            else resolution.module_name
        )
        return f"{name} -> {own} (current package) {where}  [{resolution.reason}]"
    return (
        f"{name} -> {package.org}/{package.name} {package.version} "
        f"({package.repository.label}) {where}  [{resolution.reason}]"
    )


def dependency_lines(engine: Engine, path: Path) -> list[str] | None:
    """One line per distinct import in the package holding ``path``; None outside a package."""
    root = find_package_root(path.resolve())
    if root is None:
        return None
    project = engine.project_for(root / "Ballerina.toml")
    seen: dict[str, str] = {}
    for file in find_files([root]):
        if file.suffix != SOURCE_SUFFIX:
            continue
        try:
            text = read_source(file).text
        except UnreadableFile:
            continue
        for decl in parse_imports(text).imports:
            if decl.full_name in seen:
                continue
            resolution = engine.resolve(project, decl)
            if resolution is not None:
                seen[decl.full_name] = describe(decl.full_name, resolution)
    return [seen[name] for name in sorted(seen)]
