"""Lay out Ceylon repositories and projects on disk, as the Ceylon tools do.

Import it as ``from ceylon_support import ...`` (pytest puts this directory on the path).

- :func:`make_module` writes one module version in a repository:
  ``<repo>/<name as directories>/<version>/`` with ``<name>-<version>.car`` (a zip holding
  a manifest), and optionally ``.src`` (a zip of sources), ``.jar``, ``.js`` and
  ``module.properties``.
- :func:`make_project` writes a project: ``.ceylon/config`` (optional) and descriptors.
- :func:`at` and :func:`after` find spans in text for exact-span assertions.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from balmod.ceylon import CeylonRoots
from balmod.text import Span

_STAMP = (1980, 1, 1, 0, 0, 0)


def write_zip(path: Path, entries: Mapping[str, str | bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(entries.items()):
            archive.writestr(zipfile.ZipInfo(name, _STAMP), content)


def module_dir(repo: Path, name: str, version: str) -> Path:
    return repo.joinpath(*name.split("."), version)


def make_module(
    repo: Path,
    name: str,
    version: str,
    *,
    car: bool = True,
    src: Mapping[str, str] | None = None,
    jar: Mapping[str, str] | None = None,
    js: bool = False,
    properties: str | None = None,
) -> Path:
    """One module version; ``src`` and ``jar`` map entry names (below the module's own
    directory for ``src``, from the archive root for ``jar``) to content."""
    directory = module_dir(repo, name, version)
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{version}"
    manifest = f"Manifest-Version: 1.0\nBundle-SymbolicName: {name}\nBundle-Version: {version}\n"
    if car:
        write_zip(directory / f"{stem}.car", {"META-INF/MANIFEST.MF": manifest})
    if src is not None:
        prefix = "/".join(name.split("."))
        write_zip(directory / f"{stem}.src", {f"{prefix}/{k}": v for k, v in src.items()})
    if jar is not None:
        write_zip(directory / f"{stem}.jar", {"META-INF/MANIFEST.MF": manifest, **jar})
    if js:
        (directory / f"{stem}.js").write_text("// compiled\n", encoding="utf-8")
    if properties is not None:
        (directory / "module.properties").write_text(properties, encoding="utf-8")
    return directory


def descriptor_text(name: str, version: str, *imports: str, doc: str | None = None) -> str:
    """A module descriptor; each import is written as given (``shared import a "1";``)."""
    head = f'"{doc}"\n' if doc is not None else ""
    body = "".join(f"    {line}\n" for line in imports)
    return f'{head}module {name} "{version}" {{\n{body}}}\n'


@dataclass(frozen=True)
class CeylonDirs:
    """A distribution (``home``), a user directory (``~/.ceylon``) and a workspace."""

    home: Path
    user: Path
    workspace: Path

    @property
    def system(self) -> Path:
        return self.home / "repo"

    @property
    def user_repo(self) -> Path:
        return self.user / "repo"

    @property
    def cache(self) -> Path:
        return self.user / "cache"

    def roots(self) -> CeylonRoots:
        return CeylonRoots.from_environment(self.home, self.user, environ={})


def make_dirs(base: Path) -> CeylonDirs:
    dirs = CeylonDirs(base / "ceylon-home", base / "dot-ceylon", base / "work")
    for path in (dirs.system, dirs.user_repo, dirs.cache, dirs.workspace):
        path.mkdir(parents=True, exist_ok=True)
    return dirs


def make_project(
    root: Path, descriptors: Mapping[str, str], config: str | None = None, source: str = "source"
) -> dict[str, Path]:
    """Descriptors by module path (``com.example.foo``) under ``<root>/<source>/``; returns
    their paths by the same keys."""
    if config is not None:
        (root / ".ceylon").mkdir(parents=True, exist_ok=True)
        (root / ".ceylon" / "config").write_text(config, encoding="utf-8")
    paths = {}
    for location, text in descriptors.items():
        path = root.joinpath(source, *location.split("."), "module.ceylon")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths[location] = path
    return paths


def at(text: str, needle: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``needle`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def after(text: str, needle: str, nth: int = 0) -> Span:
    """The zero-width span just after the ``nth`` occurrence of ``needle``."""
    end = at(text, needle, nth).end
    return Span(end, end)
