"""Import resolution over real repository trees and packages built in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from balmod.analysis.resolver import Resolution, ResolutionStatus, Resolver, is_langlib
from balmod.project import Project, load_project
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs, make_package

RESOLVED = ResolutionStatus.RESOLVED
UNRESOLVED = ResolutionStatus.UNRESOLVED
OWN = ResolutionStatus.RESOLVED_PACKAGE_MODULE

HTTP = {"http": {"client.bal": ""}, "http.httpscerr": {"errors.bal": ""}}


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path / "repos")
    make_langlibs(dirs.distribution)
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    make_bala(dirs.distribution, "ballerina", "http", "2.16.4", "java21", modules=HTTP)
    for version in ("2.15.0", "2.16.4", "2.17.0"):
        make_bala(dirs.central, "ballerina", "http", version, "java21", modules=HTTP)
    make_bala(
        dirs.central,
        "ballerina",
        "http",
        "2.18.0-beta.1",
        "java21",
        modules={**HTTP, "http.new": {"n.bal": ""}},
    )
    make_bala(dirs.central, "ballerina", "lang.int", "9.9.9")  # never used: langlibs are dist-only
    make_bala(dirs.central, "ballerina", "log", "1.0.0-alpha")
    make_bala(dirs.central, "ballerina", "log", "1.0.0-beta")
    for version in ("0.2.3", "0.2.9", "0.3.0"):
        make_bala(dirs.central, "ballerina", "oldmod", version)
    for version in ("1.0.0", "1.3.0", "2.0.0"):
        make_bala(dirs.central, "ballerinax", "aws.s3", version)
    make_bala(dirs.local, "ballerinax", "aws.s3", "1.5.0")
    make_bala(dirs.local, "foo", "localonly", "0.1.0")
    make_bala(dirs.custom("team"), "foo", "teampkg", "1.0.0")
    return dirs


@pytest.fixture
def resolver(dirs: BallerinaDirs) -> Resolver:
    return Resolver(dirs.index())


def project(
    tmp_path: Path,
    dependencies: str = "",
    locked: Sequence[Mapping[str, Any]] | None = None,
    modules: Mapping[str, Mapping[str, str]] | None = None,
) -> Project:
    root = make_package(
        tmp_path / "hello",
        "acme",
        "hello_world",
        "0.1.0",
        modules=modules or {"": {"main.bal": ""}, "util": {"util.bal": ""}},
        dependencies_toml=locked,
        ballerina_toml_extra=dependencies,
    )
    return load_project(root)


def where(resolution: Resolution) -> tuple[str, str] | None:
    package = resolution.package
    return None if package is None else (package.version, package.repository.id)


def versions(resolution: Resolution) -> list[tuple[str, str]]:
    return [(p.version, p.repository.id) for p in resolution.other_versions]


# Modules of the current package.


def test_orgless_import_is_a_module_of_the_current_package(
    resolver: Resolver, tmp_path: Path
) -> None:
    p = project(tmp_path)
    r = resolver.resolve(p, None, "hello_world.util")
    assert r.status is OWN
    assert r.resolved
    assert r.module_dir == p.root / "modules/util"
    assert r.reason == "module of the current package"
    assert r.package is None and r.package_name == "hello_world"
    assert r.searched == (("current package", p.root),)
    default = resolver.resolve(p, None, "hello_world")
    assert (default.status, default.module_dir) == (OWN, p.root)


def test_orgless_import_is_never_searched_in_repositories(
    resolver: Resolver, tmp_path: Path
) -> None:
    r = resolver.resolve(project(tmp_path), None, "http")  # exists as ballerina/http on disk
    assert r.status is UNRESOLVED
    assert r.reason == (
        "the current package has no module 'http' (its modules: hello_world, hello_world.util)"
    )
    assert r.other_versions == ()


def test_orgless_import_outside_a_package(resolver: Resolver) -> None:
    r = resolver.resolve(None, None, "util")
    assert r.status is UNRESOLVED
    assert "this file is in no package" in r.reason


def test_own_org_and_module_is_the_current_package(resolver: Resolver, tmp_path: Path) -> None:
    p = project(tmp_path, locked=[])  # its Dependencies.toml lists only the package itself
    assert ("acme", "hello_world") in p.locked
    r = resolver.resolve(p, "acme", "hello_world.util")
    assert (r.status, r.module_dir) == (OWN, p.root / "modules/util")
    r = resolver.resolve(p, "acme", "hello_world")
    assert r.status is OWN


def test_own_package_missing_module_is_not_a_missing_package(
    resolver: Resolver, tmp_path: Path
) -> None:
    p = project(tmp_path, locked=[])
    r = resolver.resolve(p, "acme", "hello_world.nope")
    assert r.status is UNRESOLVED
    assert r.reason == "the current package acme/hello_world has no module 'hello_world.nope'"
    assert r.searched == (("current package", p.root),)
    assert r.locked_missing is None


# Versions.


def test_latest_stable_without_manifests(resolver: Resolver, dirs: BallerinaDirs) -> None:
    r = resolver.resolve(None, "ballerina", "http")
    assert r.status is RESOLVED
    assert where(r) == ("2.17.0", "central.ballerina.io")
    assert r.reason == "latest available"
    assert r.module_dir == dirs.central / "ballerina/http/2.17.0/java21/modules/http"
    assert r.searched == (
        ("distribution", dirs.distribution / "ballerina"),
        ("Central cache", dirs.central / "ballerina"),
    )
    assert versions(r) == [
        ("2.18.0-beta.1", "central.ballerina.io"),
        ("2.17.0", "central.ballerina.io"),
        ("2.16.4", "distribution"),
        ("2.16.4", "central.ballerina.io"),
        ("2.15.0", "central.ballerina.io"),
    ]


def test_submodule_lives_in_the_longest_existing_prefix(
    resolver: Resolver, dirs: BallerinaDirs
) -> None:
    r = resolver.resolve(None, "ballerina", "http.httpscerr")
    assert (r.status, r.package_name, where(r)) == (
        RESOLVED,
        "http",
        ("2.17.0", "central.ballerina.io"),
    )
    assert r.module_dir == dirs.central / "ballerina/http/2.17.0/java21/modules/http.httpscerr"


def test_locked_version_is_used_and_distribution_comes_first(
    resolver: Resolver, tmp_path: Path, dirs: BallerinaDirs
) -> None:
    p = project(tmp_path, locked=[{"org": "ballerina", "name": "http", "version": "2.16.4"}])
    r = resolver.resolve(p, "ballerina", "http")
    assert (r.status, where(r), r.reason) == (
        RESOLVED,
        ("2.16.4", "distribution"),
        "locked in Dependencies.toml",
    )
    assert r.locked_missing is None
    assert r.module_dir == dirs.distribution / "ballerina/http/2.16.4/java21/modules/http"


def test_locked_version_missing_offers_latest_compatible(
    resolver: Resolver, tmp_path: Path
) -> None:
    p = project(tmp_path, locked=[{"org": "ballerina", "name": "http", "version": "2.16.9"}])
    r = resolver.resolve(p, "ballerina", "http.httpscerr")
    assert r.status is RESOLVED
    assert r.locked_missing == "2.16.9"
    assert where(r) == ("2.17.0", "central.ballerina.io")
    assert r.reason == (
        "version 2.16.9 locked in Dependencies.toml is not on disk; "
        "using 2.17.0, the closest compatible version available"
    )


def test_locked_version_missing_falls_back_below_it(resolver: Resolver, tmp_path: Path) -> None:
    p = project(tmp_path, locked=[{"org": "ballerinax", "name": "aws.s3", "version": "1.5.0"}])
    r = resolver.resolve(p, "ballerinax", "aws.s3")
    assert (r.status, r.locked_missing, where(r)) == (
        RESOLVED,
        "1.5.0",
        ("1.3.0", "central.ballerina.io"),
    )
    # The local repository has 1.5.0, but nothing asked for it; hover still shows it.
    assert ("1.5.0", "local") in versions(r)


def test_locked_version_missing_without_compatible_one(resolver: Resolver, tmp_path: Path) -> None:
    p = project(tmp_path, locked=[{"org": "ballerina", "name": "http", "version": "3.0.0"}])
    r = resolver.resolve(p, "ballerina", "http")
    assert r.status is UNRESOLVED
    assert r.package is None
    assert r.locked_missing == "3.0.0"
    assert r.reason == (
        "version 3.0.0 locked in Dependencies.toml is not on disk, nor is any compatible version"
    )
    assert len(r.other_versions) == 5


def test_minimum_from_ballerina_toml(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "2.16.0"\n'
    r = resolver.resolve(project(tmp_path, dependency), "ballerina", "http")
    assert (r.status, where(r), r.reason) == (
        RESOLVED,
        ("2.17.0", "central.ballerina.io"),
        "minimum 2.16.0 from Ballerina.toml",
    )


def test_minimum_without_compatible_version(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "3.1.0"\n'
    r = resolver.resolve(project(tmp_path, dependency), "ballerina", "http")
    assert r.status is UNRESOLVED
    assert r.reason == "no version compatible with the minimum 3.1.0 from Ballerina.toml"


def test_lock_wins_over_minimum(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "2.15.0"\n'
    locked = [{"org": "ballerina", "name": "http", "version": "2.15.0"}]
    r = resolver.resolve(project(tmp_path, dependency, locked), "ballerina", "http")
    assert (where(r), r.reason) == (
        ("2.15.0", "central.ballerina.io"),
        "locked in Dependencies.toml",
    )


def test_zero_major_minimum_follows_the_compiler(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "ballerina"\nname = "oldmod"\nversion = "0.2.3"\n'
    r = resolver.resolve(project(tmp_path, dependency), "ballerina", "oldmod")
    assert where(r) == ("0.2.9", "central.ballerina.io")
    assert where(resolver.resolve(None, "ballerina", "oldmod")) == ("0.3.0", "central.ballerina.io")


def test_only_prereleases_on_disk(resolver: Resolver, tmp_path: Path) -> None:
    r = resolver.resolve(None, "ballerina", "log")
    assert (r.status, where(r), r.reason) == (
        RESOLVED,
        ("1.0.0-beta", "central.ballerina.io"),
        "latest available (only pre-releases are on disk)",
    )
    locked = [{"org": "ballerina", "name": "log", "version": "1.0.0-alpha"}]
    r = resolver.resolve(project(tmp_path, locked=locked), "ballerina", "log")
    assert (where(r), r.reason) == (
        ("1.0.0-alpha", "central.ballerina.io"),
        "locked in Dependencies.toml",
    )


def test_invalid_versions_in_manifests_are_noted(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "ballerina"\nname = "http"\nversion = "2.x"\n'
    locked = [{"org": "ballerina", "name": "http", "version": "latest"}]
    r = resolver.resolve(project(tmp_path, dependency, locked), "ballerina", "http")
    assert where(r) == ("2.17.0", "central.ballerina.io")
    assert r.reason == (
        "latest available; the locked version 'latest' is not a valid version; "
        "the minimum version '2.x' is not a valid version"
    )


# Repositories.


def test_langlibs_come_from_the_distribution(resolver: Resolver, dirs: BallerinaDirs) -> None:
    assert is_langlib("ballerina", "lang.int") and is_langlib("ballerina", "jballerina.java")
    assert not is_langlib("ballerinax", "lang.int") and not is_langlib("ballerina", "io")
    r = resolver.resolve(None, "ballerina", "lang.'int")
    assert (r.status, r.module_name, where(r)) == (RESOLVED, "lang.int", ("0.0.0", "distribution"))
    assert r.searched == (("distribution", dirs.distribution / "ballerina"),)
    assert where(resolver.resolve(None, "ballerina", "jballerina.java")) == (
        "0.0.0",
        "distribution",
    )


def test_without_a_distribution_the_result_says_so(dirs: BallerinaDirs) -> None:
    resolver = Resolver(dirs.index(with_distribution=False))
    r = resolver.resolve(None, "ballerina", "lang.int")
    assert r.status is UNRESOLVED
    assert r.distribution_missing
    # The distribution alone would serve lang.int; a package "lang" was looked for in Central.
    assert r.searched == (("Central cache", dirs.central / "ballerina"),)
    assert r.reason.endswith("; no Ballerina distribution is configured (set BALLERINA_HOME)")
    io = resolver.resolve(None, "ballerina", "io")
    assert (io.status, io.distribution_missing) == (UNRESOLVED, True)
    http = resolver.resolve(None, "ballerina", "http")
    assert (http.status, http.distribution_missing) == (RESOLVED, False)


def test_local_only_package_needs_a_dependency(
    resolver: Resolver, tmp_path: Path, dirs: BallerinaDirs
) -> None:
    r = resolver.resolve(project(tmp_path), "foo", "localonly")
    assert r.status is UNRESOLVED
    assert r.package_name == "localonly"
    assert versions(r) == [("0.1.0", "local")]
    assert r.reason == (
        "module 'foo/localonly' is not in the distribution or Central cache repositories; "
        "package foo/localonly is only in the local repository: "
        'add a [[dependency]] with repository = "local" to Ballerina.toml'
    )
    assert r.searched == (
        ("distribution", dirs.distribution / "foo"),
        ("Central cache", dirs.central / "foo"),
    )
    assert not r.distribution_missing


def test_repository_local_in_ballerina_toml(
    resolver: Resolver, tmp_path: Path, dirs: BallerinaDirs
) -> None:
    dependency = (
        '[[dependency]]\norg = "foo"\nname = "localonly"\nrepository = "local"\n\n'
        '[[dependency]]\norg = "ballerinax"\nname = "aws.s3"\nversion = "1.0.0"\n'
        'repository = "local"\n'
    )
    p = project(tmp_path, dependency)
    r = resolver.resolve(p, "foo", "localonly")
    assert (r.status, where(r), r.reason) == (RESOLVED, ("0.1.0", "local"), "latest available")
    assert r.searched == (("local", dirs.local / "foo"),)
    # Restricted to local: Central's newer 2.0.0 and compatible 1.3.0 are not considered.
    s3 = resolver.resolve(p, "ballerinax", "aws.s3")
    assert (where(s3), s3.reason) == (("1.5.0", "local"), "minimum 1.0.0 from Ballerina.toml")


def test_repository_local_in_dependencies_toml(resolver: Resolver, tmp_path: Path) -> None:
    locked = [
        {"org": "ballerinax", "name": "aws.s3", "version": "1.5.0", "repository": "local"},
    ]
    r = resolver.resolve(project(tmp_path, locked=locked), "ballerinax", "aws.s3")
    assert (where(r), r.reason) == (("1.5.0", "local"), "locked in Dependencies.toml")
    # Without the restriction, the local repository is never used.
    assert where(resolver.resolve(None, "ballerinax", "aws.s3")) == (
        "2.0.0",
        "central.ballerina.io",
    )


def test_custom_repository(resolver: Resolver, tmp_path: Path, dirs: BallerinaDirs) -> None:
    unrestricted = resolver.resolve(None, "foo", "teampkg")
    assert unrestricted.status is UNRESOLVED
    assert unrestricted.reason.endswith("package foo/teampkg is in the custom 'team' repository")
    dependency = '[[dependency]]\norg = "foo"\nname = "teampkg"\nrepository = "team"\n'
    r = resolver.resolve(project(tmp_path, dependency), "foo", "teampkg")
    assert (r.status, where(r)) == (RESOLVED, ("1.0.0", "team"))
    assert r.searched == (("custom 'team'", dirs.custom("team") / "foo"),)


def test_unknown_repository(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "foo"\nname = "teampkg"\nrepository = "nope"\n'
    r = resolver.resolve(project(tmp_path, dependency), "foo", "teampkg")
    assert r.status is UNRESOLVED
    assert r.searched == ()
    assert r.reason == (
        "module 'foo/teampkg' was looked for in no repository; "
        "the repository 'nope' named in Ballerina.toml does not exist; "
        "package foo/teampkg is in the custom 'team' repository"
    )


def test_a_repository_named_before_it_exists_is_used_once_it_does(
    resolver: Resolver, tmp_path: Path, dirs: BallerinaDirs
) -> None:
    dependency = '[[dependency]]\norg = "foo"\nname = "newpkg"\nrepository = "later"\n'
    p = project(tmp_path, dependency)
    assert resolver.resolve(p, "foo", "newpkg").status is UNRESOLVED
    make_bala(dirs.custom("later"), "foo", "newpkg", "1.0.0")
    r = resolver.resolve(p, "foo", "newpkg")
    assert (r.status, where(r)) == (RESOLVED, ("1.0.0", "later"))
    assert r.searched == (("custom 'later'", dirs.custom("later") / "foo"),)


def test_package_nowhere(resolver: Resolver, dirs: BallerinaDirs) -> None:
    r = resolver.resolve(None, "nobody", "nothing.at.all")
    assert r.status is UNRESOLVED
    assert (r.package, r.package_name, r.other_versions, r.locked_missing) == (None, None, (), None)
    assert r.reason == (
        "module 'nobody/nothing.at.all' is not in the distribution or Central cache repositories"
    )
    assert r.searched == (
        ("distribution", dirs.distribution / "nobody"),
        ("Central cache", dirs.central / "nobody"),
    )


# Modules inside package versions.


def test_package_without_the_module(resolver: Resolver) -> None:
    r = resolver.resolve(None, "ballerina", "http.new")
    assert r.status is UNRESOLVED
    assert where(r) == ("2.17.0", "central.ballerina.io")
    assert r.package_name == "http"
    assert r.reason == (
        "ballerina/http 2.17.0 has no module 'http.new' (versions that have it: 2.18.0-beta.1)"
    )
    missing = resolver.resolve(None, "ballerina", "http.missing")
    assert missing.reason == "ballerina/http 2.17.0 has no module 'http.missing'"


def test_module_listed_only_in_export(resolver: Resolver, dirs: BallerinaDirs) -> None:
    make_bala(dirs.central, "foo", "exp", "1.0.0", modules={"exp": {}}, export=["exp", "exp.api"])
    r = resolver.resolve(None, "foo", "exp.api")
    assert (r.status, r.module_dir) == (RESOLVED, None)
    assert resolver.resolve(None, "foo", "exp").module_dir == (
        dirs.central / "foo/exp/1.0.0/any/modules/exp"
    )


def test_bala_path_dependency(resolver: Resolver, tmp_path: Path) -> None:
    dependency = '[[dependency]]\norg = "acme"\nname = "vendored"\npath = "libs/v.bala"\n'
    p = project(tmp_path, dependency)
    r = resolver.resolve(p, "acme", "vendored")
    assert r.status is UNRESOLVED
    assert r.reason == "the bala 'libs/v.bala' named in Ballerina.toml does not exist"
    (p.root / "libs").mkdir()
    (p.root / "libs/v.bala").write_bytes(b"PK")
    r = resolver.resolve(p, "acme", "vendored")
    assert (r.status, r.package, r.reason) == (
        RESOLVED,
        None,
        "from the bala at 'libs/v.bala' (Ballerina.toml)",
    )
    assert r.searched == (("bala path", p.root / "libs/v.bala"),)


@pytest.mark.parametrize(("org", "module"), [("ballerina", ""), ("ballerina", "a..b"), ("", "x")])
def test_invalid_names(resolver: Resolver, org: str, module: str) -> None:
    r = resolver.resolve(None, org, module)
    assert (r.status, r.reason) == (UNRESOLVED, "not a valid module name")


def test_packages_appearing_on_disk_are_seen(resolver: Resolver, dirs: BallerinaDirs) -> None:
    assert resolver.resolve(None, "newco", "lib").status is UNRESOLVED
    make_bala(dirs.central, "newco", "lib", "1.0.0")
    assert where(resolver.resolve(None, "newco", "lib")) == ("1.0.0", "central.ballerina.io")
    make_bala(dirs.central, "ballerina", "http", "2.19.0", modules=HTTP)
    assert where(resolver.resolve(None, "ballerina", "http")) == ("2.19.0", "central.ballerina.io")


def test_resolution_reads_only_the_imported_org(
    resolver: Resolver, dirs: BallerinaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[Path] = []
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> Iterator[os.DirEntry[str]]:
        listed.append(Path(os.fspath(path)))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = resolver.resolve(None, "ballerina", "http.httpscerr")
    assert r.status is RESOLVED
    roots = (dirs.distribution, dirs.central, dirs.local, dirs.custom("team"))
    for path in listed:
        for root in roots:
            if root in path.parents or path == root:
                assert path == root / "ballerina" or (root / "ballerina") in path.parents, path
    assert dirs.central / "ballerinax" not in listed
    assert not any(dirs.central / "ballerina/log" in (p, *p.parents) for p in listed)


def test_only_the_chosen_version_is_read_and_a_broken_one_is_passed_over(
    dirs: BallerinaDirs, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = dirs.index()
    read: list[str] = []
    original = type(index).read_version

    def counted(self: Any, found: Any) -> Any:
        read.append(found.version)
        return original(self, found)

    monkeypatch.setattr(type(index), "read_version", counted)
    resolution = Resolver(index).resolve(None, "ballerinax", "aws.s3")
    assert resolution.package is not None and str(resolution.package.version) == "2.0.0"
    assert read == ["2.0.0"]
    # The versions on disk (in every repository), for hover and messages, are read when
    # asked for.
    on_disk = ["2.0.0", "1.5.0", "1.3.0", "1.0.0"]
    assert [str(p.version) for p in resolution.other_versions] == on_disk

    newest = dirs.central / "ballerinax" / "aws.s3" / "2.0.0"
    for package_json in newest.rglob("package.json"):
        package_json.write_text("{ not json")
    read.clear()
    again = Resolver(index).resolve(None, "ballerinax", "aws.s3")
    assert again.package is not None and str(again.package.version) == "1.3.0"
    assert read == ["2.0.0", "1.3.0"]
    assert [str(p.version) for p in again.other_versions] == on_disk[1:]


# On a disk that does not change (`balmod check`): the same resolutions, read with less.

LOCK_CASES: list[tuple[str, str, str, dict[str, str], str]] = [
    ("found in the distribution", "ballerina", "http", {"version": "2.16.4"}, "http"),
    ("found by a submodule", "ballerina", "http", {"version": "2.16.4"}, "http.httpscerr"),
    ("passed over", "ballerina", "http", {"version": "2.17.0"}, "http.httpscerr"),
    ("missing: the closest stands in", "ballerina", "http", {"version": "2.16.9"}, "http"),
    ("a pre-release", "ballerina", "http", {"version": "2.18.0-beta.1"}, "http.new"),
    ("no such module in it", "ballerina", "http", {"version": "2.16.4"}, "http.nope"),
    ("the only one", "acme", "tools", {"version": "2.0.0"}, "tools"),
    ("broken: a +build one stands in", "acme", "tools", {"version": "1.0.0"}, "tools"),
    ("only a +build one", "acme", "tools", {"version": "1.1.0"}, "tools"),
    ("local", "ballerinax", "aws.s3", {"version": "1.5.0", "repository": "local"}, "aws.s3"),
    ("no such repository", "foo", "teampkg", {"version": "1.0.0", "repository": "no"}, "teampkg"),
    ("custom", "foo", "teampkg", {"version": "1.0.0", "repository": "team"}, "teampkg"),
    ("a langlib", "ballerina", "lang.int", {"version": "0.0.0"}, "lang.int"),
    ("nowhere", "nobody", "nothing", {"version": "1.0.0"}, "nothing"),
    ("an invalid version", "ballerina", "http", {"version": "2.x"}, "http"),
    ("no version", "ballerina", "io", {}, "io"),
]


@pytest.mark.parametrize(
    ("org", "package", "lock", "module"),
    [case[1:] for case in LOCK_CASES],
    ids=[case[0] for case in LOCK_CASES],
)
def test_a_steady_disk_resolves_as_the_validated_way(
    dirs: BallerinaDirs, tmp_path: Path, org: str, package: str, lock: dict[str, str], module: str
) -> None:
    make_bala(dirs.central, "acme", "tools", "1.0.0", package_json_text="{ broken")
    make_bala(dirs.central, "acme", "tools", "1.0.0+b1")
    make_bala(dirs.central, "acme", "tools", "1.1.0+b1")
    make_bala(dirs.central, "acme", "tools", "2.0.0")
    p = project(tmp_path, locked=[{"org": org, "name": package, **lock}])
    validated = Resolver(dirs.index()).resolve(p, org, module)
    index = dirs.index()
    with index.steady_disk():
        steady = Resolver(index).resolve(p, org, module)
        assert steady == validated
        assert list(steady.other_versions) == list(validated.other_versions)


def test_a_steady_disk_finds_a_locked_version_by_its_directory(
    dirs: BallerinaDirs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = project(tmp_path, locked=[{"org": "ballerina", "name": "http", "version": "2.16.4"}])
    index = dirs.index()
    listed: list[tuple[str, str]] = []
    original = type(index).version_dirs

    def counted(self: Any, org: str, name: str, *args: Any, **kwargs: Any) -> Any:
        listed.append((org, name))
        return original(self, org, name, *args, **kwargs)

    monkeypatch.setattr(type(index), "version_dirs", counted)
    with index.steady_disk():
        r = Resolver(index).resolve(p, "ballerina", "http.httpscerr")
        assert (r.status, where(r), r.reason) == (
            RESOLVED,
            ("2.16.4", "distribution"),
            "locked in Dependencies.toml",
        )
        # Only the longer name was listed (no repository has it): not http's versions.
        assert listed == [("ballerina", "http.httpscerr")]
        assert versions(r)[:2] == [
            ("2.18.0-beta.1", "central.ballerina.io"),
            ("2.17.0", "central.ballerina.io"),
        ]
        assert listed[1:] == [("ballerina", "http")]  # they are when asked for
        # A version the first repository holding the package lacks may be a +build one
        # there: for the listing to decide.
        listed.clear()
        q = project(
            tmp_path / "other", locked=[{"org": "ballerina", "name": "http", "version": "2.17.0"}]
        )
        assert where(Resolver(index).resolve(q, "ballerina", "http")) == (
            "2.17.0",
            "central.ballerina.io",
        )
        assert listed == [("ballerina", "http")]
    listed.clear()
    outside = Resolver(index).resolve(p, "ballerina", "http.httpscerr")
    # The server path lists, as ever.
    assert outside == r and listed == [("ballerina", "http.httpscerr"), ("ballerina", "http")]
