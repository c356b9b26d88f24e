"""One package version in a repository: a bala directory and its ``package.json``.

Layout (BALLERINA.md section 4): ``<bala root>/<org>/<name>/<version>/<platform>/`` holding
``package.json``, ``bala.json``, ``dependency-graph.json`` and ``modules/<module>/``.

When a version has several platform directories, one is chosen: the newest ``javaNN`` first,
then ``any``, then any other name. Every ``.bal`` source is the same in each platform's copy,
so the choice only decides which path go-to-definition opens; a ``javaNN`` build is the one
a current distribution produces. A platform whose ``package.json`` is missing or broken is
skipped for the next one. All platform names stay visible in :attr:`PackageVersion.platforms`.

Nothing is read through a symbolic link that leads outside the repository's bala root.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import semver

from balmod.repository.fscache import FsCache, Signature
from balmod.repository.roots import Repository
from balmod.versions import PrecedenceKey, precedence_key, try_parse_version

_JAVA = re.compile(r"java(\d+)")


@functools.lru_cache(maxsize=8192)
def version_key(text: str) -> tuple[semver.Version, PrecedenceKey] | None:
    """``text`` parsed, with its precedence key; None when it is not a version.

    Version directory names recur across packages and are looked at on every listing:
    each is parsed once.
    """
    parsed = try_parse_version(text)
    return None if parsed is None else (parsed, precedence_key(parsed))


@dataclass(frozen=True, slots=True)
class PackageVersion:
    """A package version found in one repository (one chosen platform directory)."""

    org: str
    name: str
    version: str
    repository: Repository
    platform: str
    path: Path
    modules: tuple[str, ...]
    export: tuple[str, ...] | None = None
    platforms: tuple[str, ...] = ()
    _parsed: semver.Version = field(init=False, repr=False, compare=False)
    _key: PrecedenceKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        known = version_key(self.version)
        if known is None:
            raise ValueError(f"invalid version {self.version!r} for {self.org}/{self.name}")
        object.__setattr__(self, "_parsed", known[0])
        object.__setattr__(self, "_key", known[1])

    @property
    def parsed_version(self) -> semver.Version:
        return self._parsed

    @property
    def precedence(self) -> PrecedenceKey:
        """A cheap sort key ordering like :attr:`parsed_version` (newest last)."""
        return self._key

    @property
    def package_id(self) -> str:
        return f"{self.org}/{self.name}"

    def module_dir(self, module_name: str) -> Path:
        """Where ``module_name``'s sources are in this bala (whether or not it exists)."""
        return self.path.joinpath("modules", module_name)

    def platform_path(self, platform: str) -> Path:
        """The directory of another platform's copy of this version."""
        return self.path.parent / platform

    def has_module(self, module_name: str) -> bool:
        """Whether the bala holds the module: its directory, its export entry, or the default."""
        return (
            module_name == self.name
            or module_name in self.modules
            or (self.export is not None and module_name in self.export)
        )


def platform_preference(platforms: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Platforms in the order a bala is chosen: newest ``javaNN``, ``any``, then the rest."""

    def key(platform: str) -> tuple[int, int, str]:
        java = _JAVA.fullmatch(platform)
        if java is not None:
            return (0, -int(java.group(1)), platform)
        if platform == "any":
            return (1, 0, platform)
        return (2, 0, platform)

    return tuple(sorted(platforms, key=key))


def _string_list(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(item for item in value if isinstance(item, str))


def join(base: str, *names: str) -> str:
    """``base`` and plain names (single path components), joined: :func:`os.path.join`
    for the paths this package builds, at a fraction of its cost."""
    if base.endswith(os.sep):
        base = base[: -len(os.sep)]
    return os.sep.join((base, *names))


Validation = tuple[tuple[str, Signature | None], ...]
"""Paths a result was read from, with their signatures then: re-stat them to re-validate."""


def read_package_version(
    fs: FsCache, repository: Repository, org: str, name: str, version: str
) -> tuple[PackageVersion | None, Validation]:
    """The package version at ``<root>/<org>/<name>/<version>``, or None (skipped and logged).

    Also returns what it was read from: the version directory, then the chosen platform's
    ``package.json`` and ``modules/`` (or, when none was usable, every platform tried).
    """
    # Paths are built as strings: this runs for every version read, and pathlib's joins
    # cost more than the system calls.
    root = str(repository.bala_root)
    version_dir = join(root, org, name, version)
    if try_parse_version(version) is None:
        fs.report(version_dir, "the directory name is not a SemVer version")
        return None, ((version_dir, fs.signature(version_dir)),)
    version_sig, names = fs.listing(version_dir, within=root)
    consulted: list[tuple[str, Signature | None]] = [(version_dir, version_sig)]
    platforms = names if len(names) < 2 else platform_preference(names)
    sep = os.sep
    for platform in platforms:
        bala_dir = f"{version_dir}{sep}{platform}"
        package_json = f"{bala_dir}{sep}package.json"
        json_sig, data = fs.json_file(package_json, within=root, checked=version_dir)
        if data is None:
            if json_sig is None:  # a broken file was reported by the reader already
                fs.report(bala_dir, "no package.json")
            consulted.append((bala_dir, fs.signature(bala_dir)))
            consulted.append((package_json, json_sig))
            continue
        declared = (data.get("organization"), data.get("name"), data.get("version"))
        if declared != (org, name, version):
            # The directories are what the compiler looks up; the mismatch is only noted.
            org_, name_, version_ = (str(item) for item in declared)
            fs.report(
                package_json,
                f"declares {org_}/{name_} {version_} but lies in {org}/{name}/{version}",
                skipped=False,
            )
        modules_dir = f"{bala_dir}{sep}modules"
        modules_sig, modules = fs.listing(
            modules_dir, files_expected=True, within=root, checked=bala_dir
        )
        consulted.append((package_json, json_sig))
        consulted.append((modules_dir, modules_sig))
        package = PackageVersion(
            org=org,
            name=name,
            version=version,
            repository=repository,
            platform=platform,
            path=repository.bala_root.joinpath(org, name, version, platform),
            modules=modules,
            export=_string_list(data.get("export")),
            platforms=platforms,
        )
        return package, tuple(consulted)
    if not platforms:
        fs.report(version_dir, "no platform directory")
    return None, tuple(consulted)
