"""Lay out Ballerina 1.x / 0.990 projects and repositories on disk, as those tools did.

- :func:`balo_bytes` / :func:`zip_bytes`: a 1.x balo (``metadata/`` + ``src/<module>/``) or a
  0.990 zip (``src/``), as bytes with fixed timestamps (the same input, the same bytes).
- :func:`write_balo` / :func:`write_zip`: one into a repository at
  ``<root>/<org>/<module>/<version>/<file>``.
- :func:`make_legacy_project`: a project (``Ballerina.toml`` with ``[project]``, modules in
  either layout, optional ``Ballerina.lock`` and ``.ballerina/``).
- :class:`LegacyDirs`: a distribution and a home repository under one temp directory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from balmod.legacy import LegacyEngine, LegacyRoots
from builders import write_files

_STAMP = (2020, 3, 1, 12, 0, 0)

Files = Mapping[str, str]


def _zip(entries: Mapping[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(info, data)
    return buffer.getvalue()


def default_sources(module: str) -> dict[str, str]:
    last = module.rsplit(".", 1)[-1]
    return {f"{last}.bal": f'public function hello() returns string => "{module}";\n'}


def balo_bytes(
    org: str,
    module: str,
    version: str,
    sources: Files | None = None,
    *,
    platform: str = "any",
    dependencies: Mapping[str, str] | None = None,
    prefix: str | None = None,
    extra: Mapping[str, str | bytes] | None = None,
) -> bytes:
    """A 1.x balo: ``metadata/{BALO,MODULE,Ballerina}.toml`` and ``<prefix><file>`` sources
    (``prefix`` defaults to ``src/<module>/``)."""
    entries: dict[str, str | bytes] = {
        "metadata/BALO.toml": 'balo_version = "1.0.0"\nbuilt_by = "WSO2"\n',
        "metadata/MODULE.toml": (
            f'module_name = "{module}"\nmodule_organization = "{org}"\n'
            f'module_version = "{version}"\nplatform = "{platform}"\n'
            'ballerina_version = "1.2.0"\ntemplate = "false"\n'
        ),
        "docs/Module.md": f"# {module}\n",
    }
    manifest = f'[project]\norg-name = "{org}"\nversion = "{version}"\n'
    if dependencies:
        manifest += "\n[dependencies]\n" + "".join(
            f'"{name}" = "{ver}"\n' for name, ver in dependencies.items()
        )
    entries["metadata/Ballerina.toml"] = manifest
    base = prefix if prefix is not None else f"src/{module}/"
    for name, text in (sources if sources is not None else default_sources(module)).items():
        entries[base + name] = text
    entries.update(extra or {})
    return _zip(entries)


def zip_bytes(module: str, sources: Files | None = None) -> bytes:
    """A 0.990 module zip: the sources under ``src/``, no metadata."""
    files = sources if sources is not None else default_sources(module)
    return _zip({f"src/{name}": text for name, text in files.items()})


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_balo(
    root: Path,
    org: str,
    module: str,
    version: str,
    sources: Files | None = None,
    *,
    file_name: str | None = None,
    platform: str = "java8",
    **kwargs: object,
) -> Path:
    """A balo at ``<root>/<org>/<module>/<version>/<file_name>`` (by default the 1.x home
    cache's ``<module>-2020r1-<platform>-<version>.balo``)."""
    name = file_name or f"{module}-2020r1-{platform}-{version}.balo"
    data = balo_bytes(org, module, version, sources, platform=platform, **kwargs)  # type: ignore[arg-type]
    return _write(root / org / module / version / name, data)


def write_zip(
    root: Path, org: str, module: str, version: str, sources: Files | None = None
) -> Path:
    """A 0.990 zip at ``<root>/<org>/<module>/<version>/<module>.zip``."""
    return _write(root / org / module / version / f"{module}.zip", zip_bytes(module, sources))


@dataclass(frozen=True)
class LegacyDirs:
    """A distribution (``ballerina_home``) and a home repository (``user_home``)."""

    ballerina_home: Path
    user_home: Path

    @property
    def system(self) -> Path:
        return self.ballerina_home / "lib" / "repo"

    @property
    def home_caches(self) -> Path:
        return self.user_home / "caches" / "central.ballerina.io"

    @property
    def home_repo(self) -> Path:
        return self.user_home / "repo"

    @property
    def balo_cache(self) -> Path:
        return self.user_home / "balo_cache"

    def roots(self, *, with_distribution: bool = True) -> LegacyRoots:
        return LegacyRoots(self.ballerina_home if with_distribution else None, self.user_home)

    def engine(self, *, with_distribution: bool = True) -> LegacyEngine:
        return LegacyEngine(self.roots(with_distribution=with_distribution))


def make_legacy_dirs(base: Path) -> LegacyDirs:
    dirs = LegacyDirs(base / "ballerina-1.2.0", base / "dot-ballerina")
    dirs.system.mkdir(parents=True, exist_ok=True)
    dirs.user_home.mkdir(parents=True, exist_ok=True)
    return dirs


def make_legacy_project(
    directory: Path,
    org: str = "acme",
    version: str = "1.0.0",
    modules: Mapping[str, Files] | None = None,
    *,
    layout: str = "0.990",
    dependencies: str = "",
    lock: str | None = None,
    project_repository: bool = True,
    manifest: str | None = None,
) -> Path:
    """A project at ``directory``. ``modules``: ``""`` is the unnamed module (root files);
    other names are directories at the top (``layout="0.990"``) or in ``src/``
    (``layout="1.x"``). ``dependencies`` is appended to Ballerina.toml as written."""
    directory.mkdir(parents=True, exist_ok=True)
    text = manifest
    if text is None:
        text = f'[project]\norg-name = "{org}"\nversion = "{version}"\n'
        if dependencies:
            text += "\n" + dependencies.strip("\n") + "\n"
    (directory / "Ballerina.toml").write_text(text, encoding="utf-8")
    if lock is not None:
        (directory / "Ballerina.lock").write_text(lock, encoding="utf-8")
    if project_repository:
        (directory / ".ballerina").mkdir(exist_ok=True)
    if modules is None:
        modules = {
            "greetings": {"greetings.bal": 'public function hello() returns string => "hi";\n'}
        }
    for name, files in modules.items():
        if name == "":
            target = directory
        elif layout == "1.x":
            target = directory / "src" / name
        else:
            target = directory / name
        target.mkdir(parents=True, exist_ok=True)
        write_files(target, files)
    return directory
