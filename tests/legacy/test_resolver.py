"""Resolving 1.x imports: same-project modules, search order, versions, corrupt archives."""

from __future__ import annotations

from pathlib import Path

import pytest

from balmod.analysis.resolver import ResolutionStatus
from balmod.extracted import read_member
from balmod.legacy.project import LegacyProject, load_legacy_project
from balmod.legacy.repositories import LegacyIndex, LegacyRoots
from balmod.legacy.resolver import LegacyResolver
from balmod.repository.roots import RepositoryKind
from legacy.builders import (
    LegacyDirs,
    balo_bytes,
    make_legacy_dirs,
    make_legacy_project,
    write_balo,
    write_zip,
)


@pytest.fixture
def dirs(tmp_path: Path) -> LegacyDirs:
    return make_legacy_dirs(tmp_path)


def resolver(dirs: LegacyDirs, tmp_path: Path, *, with_distribution: bool = True) -> LegacyResolver:
    index = LegacyIndex(dirs.roots(with_distribution=with_distribution))
    return LegacyResolver(index)


def project(tmp_path: Path, **kwargs: object) -> LegacyProject:
    modules = kwargs.pop("modules", {"greetings": {"g.bal": ""}, "formatting": {"f.bal": ""}})
    root = make_legacy_project(tmp_path / "proj", modules=modules, **kwargs)  # type: ignore[arg-type]
    return load_legacy_project(root)


def test_an_import_without_org_names_a_module_of_the_project(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    write_balo(dirs.balo_cache, "acme", "formatting", "9.9.9")
    proj = project(tmp_path)
    res = resolver(dirs, tmp_path).resolve(proj, None, "formatting")
    assert res.status is ResolutionStatus.RESOLVED_PACKAGE_MODULE
    assert res.module_dir == proj.root / "formatting"
    # With the project's own org, too; the home repository's copy is not used.
    res = resolver(dirs, tmp_path).resolve(proj, "acme", "formatting")
    assert res.status is ResolutionStatus.RESOLVED_PACKAGE_MODULE


def test_an_org_less_import_is_never_searched_in_repositories(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    write_balo(dirs.balo_cache, "acme", "missing", "1.0.0")
    proj = project(tmp_path)
    res = resolver(dirs, tmp_path).resolve(proj, None, "missing")
    assert res.status is ResolutionStatus.UNRESOLVED
    assert "the project has no module 'missing'" in res.reason
    assert "formatting, greetings" in res.reason
    assert res.searched == (("project", proj.root),)
    loose = resolver(dirs, tmp_path).resolve(None, None, "missing")
    assert not loose.resolved and "in no project" in loose.reason


def test_an_invalid_directory_is_explained(dirs: LegacyDirs, tmp_path: Path) -> None:
    proj = project(tmp_path, modules={"date-utils": {"d.bal": ""}})
    res = resolver(dirs, tmp_path).resolve(proj, None, "date-utils")
    assert not res.resolved and "not a valid module name" in res.reason


def test_search_order_project_then_home_then_system(dirs: LegacyDirs, tmp_path: Path) -> None:
    proj = project(tmp_path)
    write_zip(proj.repository_dir / "repo", "natasha", "mathutils", "1.0.0")
    write_balo(dirs.balo_cache, "natasha", "mathutils", "2.0.0")
    write_balo(dirs.system, "natasha", "mathutils", "3.0.0", file_name="mathutils.balo")
    r = resolver(dirs, tmp_path)
    res = r.resolve(proj, "natasha", "mathutils")
    assert res.status is ResolutionStatus.RESOLVED
    assert res.package is not None and res.package.version == "1.0.0"
    assert res.package.repository.kind is RepositoryKind.LEGACY_PROJECT
    assert res.reason == "latest in the project repository"
    assert [p.version for p in res.other_versions] == ["3.0.0", "2.0.0", "1.0.0"]
    # A version only the home repository has is taken from there.
    res = r.resolve(proj, "natasha", "mathutils", "2.0.0")
    assert res.package is not None and res.package.repository.label == "home"
    assert res.reason == "version 2.0.0 from the import, in the home repository"
    res = r.resolve(proj, "natasha", "mathutils", "3.0.0")
    assert res.package is not None and res.package.repository.label == "system"


def test_the_project_cache_and_the_home_caches(dirs: LegacyDirs, tmp_path: Path) -> None:
    proj = project(tmp_path)
    write_zip(proj.repository_dir / "caches" / "central.ballerina.io", "a", "cached", "1.0.0")
    write_zip(dirs.home_repo, "a", "installed", "1.0.0")
    write_zip(dirs.home_caches, "a", "pulled", "1.0.0")
    r = resolver(dirs, tmp_path)
    for module in ("cached", "installed", "pulled"):
        assert r.resolve(proj, "a", module).resolved, module


def test_ballerina_modules_come_only_from_the_system_repository(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    write_balo(dirs.balo_cache, "ballerina", "http", "1.0.1")
    write_balo(dirs.system, "ballerinax", "kafka", "1.0.0", file_name="kafka.balo")
    r = resolver(dirs, tmp_path)
    res = r.resolve(None, "ballerina", "http")
    assert not res.resolved
    assert "not in the system repository" in res.reason
    assert (
        "it is in the home repository, but 'ballerina' modules come only from the system repository"
        in res.reason
    )
    assert [label for label, _ in res.searched] == ["system"]
    assert r.resolve(None, "ballerinax", "kafka").resolved


def test_without_a_distribution_ballerina_imports_are_not_reported(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    res = resolver(dirs, tmp_path, with_distribution=False).resolve(None, "ballerina", "io")
    assert not res.resolved and res.distribution_missing
    other = resolver(dirs, tmp_path, with_distribution=False).resolve(None, "natasha", "x")
    assert not other.resolved and not other.distribution_missing


def test_a_swan_lake_distribution_is_no_system_repository(tmp_path: Path) -> None:
    swan_lake = tmp_path / "ballerina-2201.13.0"
    (swan_lake / "repo" / "bala").mkdir(parents=True)
    index = LegacyIndex(LegacyRoots(swan_lake, tmp_path / "home"))
    res = LegacyResolver(index).resolve(None, "ballerina", "io")
    assert not res.resolved and res.distribution_missing
    assert "has no lib/repo: it is not a Ballerina 1.x distribution" in res.reason


def test_version_precedence_clause_lock_manifest_latest(dirs: LegacyDirs, tmp_path: Path) -> None:
    for version in ("1.0.0", "1.1.0", "1.2.0", "1.3.0"):
        write_balo(dirs.balo_cache, "natasha", "mathutils", version)
    lock = (
        '[[imports."acme/greetings:1.0.0"]]\norg_name = "natasha"\nname = "mathutils"\n'
        'version = "1.1.0"\n'
    )
    proj = project(
        tmp_path, lock=lock, dependencies='[dependencies]\n"natasha/mathutils" = "1.2.0"\n'
    )
    r = resolver(dirs, tmp_path)

    def chosen(version: str | None = None, importer: str | None = "greetings") -> tuple[str, str]:
        res = r.resolve(proj, "natasha", "mathutils", version, importer)
        assert res.package is not None, res.reason
        return res.package.version, res.reason

    assert chosen("1.0.0") == ("1.0.0", "version 1.0.0 from the import, in the home repository")
    assert chosen() == ("1.1.0", "version 1.1.0 from Ballerina.lock, in the home repository")
    # formatting has no entry in the lock file: it imports the module anew.
    assert chosen(importer="formatting") == (
        "1.2.0",
        "version 1.2.0 from Ballerina.toml, in the home repository",
    )
    assert chosen(importer=None) == (
        "1.1.0",
        "version 1.1.0 from Ballerina.lock, in the home repository",
    )
    unlocked = project(
        tmp_path / "b", dependencies='[dependencies]\n"natasha/mathutils" = "1.2.0"\n'
    )
    res = r.resolve(unlocked, "natasha", "mathutils")
    assert res.package is not None and res.package.version == "1.2.0"
    assert res.reason == "version 1.2.0 from Ballerina.toml, in the home repository"
    star = project(tmp_path / "c", dependencies='[dependencies]\n"natasha/mathutils" = "*"\n')
    res = r.resolve(star, "natasha", "mathutils")
    assert res.package is not None and res.package.version == "1.3.0"
    assert res.reason == "latest in the home repository"


def test_a_named_version_must_exist_exactly(dirs: LegacyDirs, tmp_path: Path) -> None:
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.2.0")
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.3.0")
    res = resolver(dirs, tmp_path).resolve(None, "natasha", "mathutils", "1.2.5")
    assert not res.resolved
    assert res.reason == (
        "version 1.2.5 of 'natasha/mathutils' from the import is not in the home or system "
        "repositories (versions there: 1.3.0, 1.2.0)"
    )
    assert [p.version for p in res.other_versions] == ["1.3.0", "1.2.0"]


def test_an_invalid_version_is_unresolved_with_a_reason(dirs: LegacyDirs, tmp_path: Path) -> None:
    write_balo(dirs.balo_cache, "natasha", "mathutils", "1.2.0")
    res = resolver(dirs, tmp_path).resolve(None, "natasha", "mathutils", "1.2")
    assert not res.resolved and "'1.2' from the import is not a valid version" in res.reason


def test_latest_prefers_releases_over_pre_releases(dirs: LegacyDirs, tmp_path: Path) -> None:
    write_balo(dirs.balo_cache, "a", "m", "1.0.0")
    write_balo(dirs.balo_cache, "a", "m", "2.0.0-beta.1")
    write_balo(dirs.balo_cache, "a", "pre", "0.1.0-alpha")
    r = resolver(dirs, tmp_path)
    res = r.resolve(None, "a", "m")
    assert res.package is not None and res.package.version == "1.0.0"
    res = r.resolve(None, "a", "pre")
    assert res.package is not None and res.package.version == "0.1.0-alpha"
    assert res.reason == "latest in the home repository (only pre-releases are there)"


def test_a_corrupt_archive_is_skipped_for_the_next_version(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    write_balo(dirs.balo_cache, "a", "m", "1.0.0")
    broken = write_balo(dirs.balo_cache, "a", "m", "1.1.0")
    broken.write_bytes(b"not a zip at all")
    res = resolver(dirs, tmp_path).resolve(None, "a", "m")
    assert res.package is not None and res.package.version == "1.0.0"
    assert "the archive of 1.1.0 in the home repository is corrupt" in res.reason
    named = resolver(dirs, tmp_path).resolve(None, "a", "m", "1.1.0")
    assert not named.resolved and "corrupt" in named.reason


def test_sources_are_named_inside_the_archive_not_extracted(
    dirs: LegacyDirs, tmp_path: Path
) -> None:
    balo = write_balo(
        dirs.balo_cache, "wso2", "twitter", "0.10.0", {"client.bal": "public function tweet() {}\n"}
    )
    res = resolver(dirs, tmp_path).resolve(None, "wso2", "twitter")
    assert res.package is not None and res.package.path == balo
    assert res.module_dir == balo / "src" / "twitter"
    assert read_member(res.module_dir / "client.bal") == "public function tweet() {}\n"
    assert not res.module_dir.exists()  # nothing was written


def test_a_path_dependency_uses_that_balo(dirs: LegacyDirs, tmp_path: Path) -> None:
    write_balo(dirs.balo_cache, "wso2", "github", "0.9.0")
    libs = tmp_path / "proj" / "libs"
    libs.mkdir(parents=True)
    (libs / "github.balo").write_bytes(
        balo_bytes("wso2", "github", "0.9.21", {"gh.bal": "// gh\n"})
    )
    proj = project(
        tmp_path,
        dependencies='[dependencies]\n"wso2/github" = { path = "libs/github.balo", version = "0.1.0" }\n'
        '"wso2/gone" = { path = "libs/gone.balo" }\n',
    )
    r = resolver(dirs, tmp_path)
    res = r.resolve(proj, "wso2", "github")
    assert res.package is not None and res.package.version == "0.9.21"
    assert res.package.path == (libs / "github.balo").resolve()
    assert res.reason == "from the balo at 'libs/github.balo' (Ballerina.toml)"
    assert res.module_dir is not None and read_member(res.module_dir / "gh.bal") == "// gh\n"
    # The path wins even over an import's version clause ("version is ignored").
    clause = r.resolve(proj, "wso2", "github", "0.9.0")
    assert clause.package is not None and clause.package.version == "0.9.21"
    gone = r.resolve(proj, "wso2", "gone")
    assert not gone.resolved and "does not exist" in gone.reason


def test_a_path_dependency_expands_the_home_directory_and_survives_unknown_users(
    dirs: LegacyDirs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "someone"
    (home / "libs").mkdir(parents=True)
    (home / "libs" / "github.balo").write_bytes(
        balo_bytes("wso2", "github", "0.9.21", {"gh.bal": "// gh\n"})
    )
    monkeypatch.setenv("HOME", str(home))
    proj = project(
        tmp_path,
        dependencies='[dependencies]\n"wso2/github" = { path = "~/libs/github.balo" }\n'
        '"wso2/nobody" = { path = "~nobody-balmod-test/x.balo" }\n',
    )
    r = resolver(dirs, tmp_path)
    res = r.resolve(proj, "wso2", "github")
    assert res.package is not None and res.package.path == home / "libs" / "github.balo"
    # No such user: the path is used as written (and is not there), nothing raises.
    nobody = r.resolve(proj, "wso2", "nobody")
    assert not nobody.resolved and "does not exist" in nobody.reason
    assert nobody.searched == (("balo path", proj.root / "~nobody-balmod-test" / "x.balo"),)


@pytest.mark.parametrize(("org", "module"), [("", "m"), ("a", ""), ("a", "b..c")])
def test_malformed_names_do_not_raise(
    dirs: LegacyDirs, tmp_path: Path, org: str, module: str
) -> None:
    res = resolver(dirs, tmp_path).resolve(None, org, module)
    assert not res.resolved and res.reason == "not a valid module name"


def test_quoted_name_parts_are_unquoted(dirs: LegacyDirs, tmp_path: Path) -> None:
    write_balo(dirs.system, "ballerina", "lang.int", "1.0.0", file_name="lang.int.balo")
    res = resolver(dirs, tmp_path).resolve(None, "ballerina", "lang.'int")
    assert res.resolved and res.module_name == "lang.int"
