"""Lay out Ballerina repositories and packages on disk, exactly as Ballerina does.

Used by tests across balmod (import it as ``from builders import ...``):

- :func:`make_dirs` creates a distribution and a user home (``~/.ballerina``) under a temp
  directory and returns their bala roots (:class:`BallerinaDirs`).
- :func:`make_bala` writes one package version in a repository:
  ``<bala root>/<org>/<name>/<version>/<platform>/`` with ``package.json``, ``bala.json``,
  ``dependency-graph.json`` and ``modules/<module>/<files>`` (BALLERINA.md section 4).
- :func:`make_package` writes a package in a workspace: ``Ballerina.toml``, the default
  module's files at the root, ``modules/<sub>/``, and optionally ``Dependencies.toml``.
- :func:`render_dependencies_toml` renders a Dependencies.toml (version 2 or the old form).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balmod.repository import RepositoryIndex, RepositoryRoots

Files = Mapping[str, str | bytes]
"""Relative path -> content."""

LANGLIBS = ("lang.int", "lang.string", "lang.array", "lang.value", "jballerina.java")


def write_files(base: Path, files: Files) -> None:
    for relative, content in files.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


@dataclass(frozen=True)
class BallerinaDirs:
    """A distribution (``ballerina_home``) and a user home (``~/.ballerina``)."""

    ballerina_home: Path
    user_home: Path

    @property
    def distribution(self) -> Path:
        return self.ballerina_home / "repo" / "bala"

    @property
    def central(self) -> Path:
        return self.user_home / "repositories" / "central.ballerina.io" / "bala"

    @property
    def local(self) -> Path:
        return self.user_home / "repositories" / "local" / "bala"

    def custom(self, repo_id: str) -> Path:
        path = self.user_home / "repositories" / repo_id / "bala"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def roots(self, *, with_distribution: bool = True) -> RepositoryRoots:
        return RepositoryRoots(
            ballerina_home=self.ballerina_home if with_distribution else None,
            user_home=self.user_home,
        )

    def index(self, *, with_distribution: bool = True) -> RepositoryIndex:
        return RepositoryIndex(self.roots(with_distribution=with_distribution))


def make_dirs(base: Path) -> BallerinaDirs:
    """Empty distribution, Central cache and local repositories under ``base``."""
    dirs = BallerinaDirs(ballerina_home=base / "ballerina-2201.13.0", user_home=base / ".ballerina")
    for root in (dirs.distribution, dirs.central, dirs.local):
        root.mkdir(parents=True, exist_ok=True)
    return dirs


def _module_file(module: str) -> str:
    return module.rsplit(".", 1)[-1] + ".bal"


def default_dependency_graph(
    org: str, name: str, version: str, modules: Iterable[str]
) -> dict[str, Any]:
    """A dependency-graph.json with the package's modules and no dependencies."""
    return {
        "packages": [],
        "modules": [
            {
                "org": org,
                "package_name": name,
                "version": version,
                "module_name": module,
                "dependencies": [],
            }
            for module in modules
        ],
    }


def make_bala(
    root: Path,
    org: str,
    name: str,
    version: str,
    platform: str = "any",
    modules: Mapping[str, Files] | None = None,
    export: Sequence[str] | None = None,
    dependency_graph: Mapping[str, Any] | None = None,
    package_json: Mapping[str, Any] | None = None,
    package_json_text: str | None = None,
) -> Path:
    """Write ``<root>/<org>/<name>/<version>/<platform>/`` and return that directory.

    ``modules`` maps full module names (``"http"``, ``"http.httpscerr"``) to their files; by
    default the package has its default module with one ``.bal`` file. ``export`` defaults to
    every module. ``package_json`` entries override the generated ones (a None value drops
    the key); ``package_json_text`` is written verbatim instead (e.g. broken JSON).
    """
    if modules is None:
        modules = {
            name: {_module_file(name): f'public function hello() returns string => "{name}";\n'}
        }
    bala_dir = root / org / name / version / platform
    bala_dir.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {
        "organization": org,
        "name": name,
        "version": version,
        "export": list(export) if export is not None else list(modules),
        "ballerina_version": "2201.13.0",
        "implementation_vendor": "WSO2",
        "language_spec_version": "2024R1",
        "platform": platform,
        "template": False,
    }
    for key, value in (package_json or {}).items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    if package_json_text is not None:
        (bala_dir / "package.json").write_text(package_json_text, encoding="utf-8")
    else:
        (bala_dir / "package.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (bala_dir / "bala.json").write_text(
        json.dumps({"bala_version": "2.0.0", "built_by": "WSO2"}), encoding="utf-8"
    )
    graph = (
        dependency_graph
        if dependency_graph is not None
        else default_dependency_graph(org, name, version, modules)
    )
    (bala_dir / "dependency-graph.json").write_text(json.dumps(graph, indent=2), encoding="utf-8")
    for module, files in modules.items():
        module_dir = bala_dir / "modules" / module
        module_dir.mkdir(parents=True, exist_ok=True)
        write_files(module_dir, files)
    return bala_dir


def make_langlibs(distribution: Path, names: Iterable[str] = LANGLIBS) -> list[Path]:
    """``ballerina/<langlib>/0.0.0/any`` bala directories in a distribution's bala root."""
    return [make_bala(distribution, "ballerina", name, "0.0.0") for name in names]


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def render_dependencies_toml(
    packages: Iterable[Mapping[str, Any]],
    *,
    old_format: bool = False,
    distribution_version: str = "2201.13.0",
) -> str:
    """A Dependencies.toml: ``[[package]]`` tables (version 2) or old ``[[dependency]]`` ones."""
    lines = [
        "# AUTO-GENERATED FILE. DO NOT MODIFY.",
        "",
    ]
    table = "dependency" if old_format else "package"
    if not old_format:
        lines += [
            "[ballerina]",
            'dependencies-toml-version = "2"',
            f'distribution-version = "{distribution_version}"',
            "",
        ]
    for package in packages:
        lines.append(f"[[{table}]]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in package.items())
        lines.append("")
    return "\n".join(lines)


def make_package(
    directory: Path,
    org: str,
    name: str,
    version: str = "0.1.0",
    modules: Mapping[str, Files] | None = None,
    dependencies_toml: str | Sequence[Mapping[str, Any]] | None = None,
    ballerina_toml_extra: str = "",
) -> Path:
    """Write a package at ``directory`` and return it.

    ``modules``: ``""`` is the default module (files at the root), ``"util"`` is
    ``modules/util/`` (module ``<name>.util``). ``dependencies_toml``: text written as is, or
    package entries rendered as version 2 with the package itself appended, as builds do.
    """
    if modules is None:
        modules = {"": {"main.bal": "public function main() {\n}\n"}}
    directory.mkdir(parents=True, exist_ok=True)
    manifest = f'[package]\norg = "{org}"\nname = "{name}"\nversion = "{version}"\n'
    manifest += 'distribution = "2201.13.0"\n'
    if ballerina_toml_extra:
        manifest += "\n" + ballerina_toml_extra.strip("\n") + "\n"
    (directory / "Ballerina.toml").write_text(manifest, encoding="utf-8")
    for module, files in modules.items():
        module_dir = directory if module == "" else directory / "modules" / module
        module_dir.mkdir(parents=True, exist_ok=True)
        write_files(module_dir, files)
    if isinstance(dependencies_toml, str):
        (directory / "Dependencies.toml").write_text(dependencies_toml, encoding="utf-8")
    elif dependencies_toml is not None:
        entries = [*dependencies_toml, {"org": org, "name": name, "version": version}]
        (directory / "Dependencies.toml").write_text(
            render_dependencies_toml(entries), encoding="utf-8"
        )
    return directory
