"""The repository index over real trees built in tmp_path."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from balmod.repository import PackageVersion, RepositoryIndex, RepositoryKind, dotted_prefixes
from builders import BallerinaDirs, make_bala, make_dirs, make_langlibs

HTTP_MODULES = {
    "http": {"client.bal": "public client class Client {}\n"},
    "http.httpscerr": {"errors.bal": "public type Error distinct error;\n"},
}


@pytest.fixture
def dirs(tmp_path: Path) -> BallerinaDirs:
    dirs = make_dirs(tmp_path)
    make_langlibs(dirs.distribution)
    make_bala(dirs.distribution, "ballerina", "io", "1.8.0")
    make_bala(dirs.distribution, "ballerina", "http", "2.16.4", "java21", modules=HTTP_MODULES)
    make_bala(dirs.central, "ballerina", "http", "2.15.0", "java17", modules=HTTP_MODULES)
    make_bala(dirs.central, "ballerina", "http", "2.16.4", "java21", modules=HTTP_MODULES)
    make_bala(dirs.central, "ballerina", "http", "2.17.0-beta.1", "java21", modules=HTTP_MODULES)
    make_bala(dirs.central, "ballerinax", "aws.s3", "1.0.0")
    make_bala(dirs.central, "ballerinax", "aws.s3", "0.99.4")
    for platform in ("any", "java17", "java21", "java11"):
        make_bala(dirs.central, "foo", "multi", "1.0.0", platform)
    make_bala(dirs.local, "foo", "localonly", "0.1.0")
    make_bala(dirs.custom("myrepo"), "foo", "custompkg", "1.0.0")
    return dirs


@pytest.fixture
def index(dirs: BallerinaDirs) -> RepositoryIndex:
    return dirs.index()


def summary(versions: list[PackageVersion]) -> list[tuple[str, str, str]]:
    return [(p.version, p.repository.id, p.platform) for p in versions]


def test_dotted_prefixes() -> None:
    assert dotted_prefixes("a.b.c") == ["a.b.c", "a.b", "a"]
    assert dotted_prefixes("http") == ["http"]


def test_repositories_in_search_order(index: RepositoryIndex, dirs: BallerinaDirs) -> None:
    repos = index.repositories()
    assert [(r.kind, r.id) for r in repos] == [
        (RepositoryKind.DISTRIBUTION, "distribution"),
        (RepositoryKind.CENTRAL, "central.ballerina.io"),
        (RepositoryKind.CUSTOM, "myrepo"),
        (RepositoryKind.LOCAL, "local"),
    ]
    assert repos[0].bala_root == dirs.distribution
    assert index.repository("local") == repos[3]
    assert index.repository("myrepo") == repos[2]
    assert index.repository("nope") is None


def test_orgs_and_packages(index: RepositoryIndex) -> None:
    assert index.orgs() == ["ballerina", "ballerinax", "foo"]
    assert index.packages("ballerina") == [
        "http",
        "io",
        "jballerina.java",
        "lang.array",
        "lang.int",
        "lang.string",
        "lang.value",
    ]
    assert index.packages("foo") == ["custompkg", "localonly", "multi"]
    local = index.repository("local")
    assert local is not None
    assert index.orgs(local) == ["foo"]
    assert index.packages("foo", local) == ["localonly"]
    assert index.packages("nobody") == []


def test_versions_newest_first_across_repositories(index: RepositoryIndex) -> None:
    assert summary(index.versions("ballerina", "http")) == [
        ("2.17.0-beta.1", "central.ballerina.io", "java21"),
        ("2.16.4", "distribution", "java21"),
        ("2.16.4", "central.ballerina.io", "java21"),
        ("2.15.0", "central.ballerina.io", "java17"),
    ]


def test_versions_in_one_repository(index: RepositoryIndex) -> None:
    central = index.repository("central.ballerina.io")
    assert central is not None
    assert [p.version for p in index.versions("ballerina", "http", central)] == [
        "2.17.0-beta.1",
        "2.16.4",
        "2.15.0",
    ]
    assert index.versions("ballerina", "lang.int", central) == []


def test_package_version_fields(index: RepositoryIndex, dirs: BallerinaDirs) -> None:
    http = index.versions("ballerina", "http")[1]
    assert http.org == "ballerina"
    assert http.name == "http"
    assert http.version == "2.16.4"
    assert str(http.parsed_version) == "2.16.4"
    assert http.repository.kind is RepositoryKind.DISTRIBUTION
    assert http.path == dirs.distribution / "ballerina/http/2.16.4/java21"
    assert http.modules == ("http", "http.httpscerr")
    assert http.export == ("http", "http.httpscerr")
    assert http.platforms == ("java21",)
    assert http.module_dir("http.httpscerr") == http.path / "modules/http.httpscerr"
    assert (http.module_dir("http") / "client.bal").is_file()
    assert http.package_id == "ballerina/http"


def test_langlibs_are_version_zero_in_the_distribution(index: RepositoryIndex) -> None:
    (lang_int,) = index.versions("ballerina", "lang.int")
    assert (lang_int.version, lang_int.repository.id) == ("0.0.0", "distribution")


def test_platform_preference_newest_java_first(index: RepositoryIndex, dirs: BallerinaDirs) -> None:
    (multi,) = index.versions("foo", "multi")
    assert multi.platform == "java21"
    assert multi.platforms == ("java21", "java17", "java11", "any")
    assert multi.path == dirs.central / "foo/multi/1.0.0/java21"
    assert multi.platform_path("any") == dirs.central / "foo/multi/1.0.0/any"


def test_platform_falls_back_when_preferred_one_is_broken(dirs: BallerinaDirs) -> None:
    make_bala(dirs.central, "foo", "fallback", "1.0.0", "any")
    make_bala(dirs.central, "foo", "fallback", "1.0.0", "java21", package_json_text="{oops")
    (package,) = dirs.index().versions("foo", "fallback")
    assert package.platform == "any"
    assert package.platforms == ("java21", "any")


def test_package_for_module_longest_prefix(index: RepositoryIndex, dirs: BallerinaDirs) -> None:
    make_bala(dirs.central, "tyler", "net", "1.0.0")
    make_bala(dirs.central, "tyler", "net.http", "1.0.0")
    assert index.package_for_module("ballerina", "http.httpscerr") == "http"
    assert index.package_for_module("ballerina", "http") == "http"
    assert index.package_for_module("ballerinax", "aws.s3") == "aws.s3"
    assert index.package_for_module("ballerinax", "aws.s3.extra") == "aws.s3"
    assert index.package_for_module("tyler", "net.http.exception") == "net.http"
    assert index.package_for_module("tyler", "net.ftp") == "net"
    assert index.package_for_module("ballerina", "nothing.here") is None
    assert index.package_for_module("nobody", "x") is None


def test_package_for_module_in_one_repository(index: RepositoryIndex) -> None:
    central = index.repository("central.ballerina.io")
    local = index.repository("local")
    assert central is not None and local is not None
    assert index.package_for_module("foo", "localonly", central) is None
    assert index.package_for_module("foo", "localonly", local) == "localonly"
    assert index.package_for_module("foo", "localonly") == "localonly"


def test_package_directory_without_versions_is_not_a_package(dirs: BallerinaDirs) -> None:
    make_bala(dirs.central, "tyler", "net", "1.0.0")
    (dirs.central / "tyler" / "net.http").mkdir()
    assert dirs.index().package_for_module("tyler", "net.http.exception") == "net"


def test_newest_prefers_stable(index: RepositoryIndex, dirs: BallerinaDirs) -> None:
    newest = index.newest("ballerina", "http")
    assert newest is not None
    assert (newest.version, newest.repository.id) == ("2.16.4", "distribution")
    make_bala(dirs.central, "foo", "pre", "1.0.0-alpha")
    make_bala(dirs.central, "foo", "pre", "1.0.0-beta")
    pre = index.newest("foo", "pre")
    assert pre is not None and pre.version == "1.0.0-beta"
    assert index.newest("foo", "absent") is None


def test_modules_for_completion(index: RepositoryIndex, dirs: BallerinaDirs) -> None:
    # A newer stable version with an extra module: completion offers the newest version's.
    make_bala(
        dirs.central,
        "ballerina",
        "http",
        "2.18.0",
        modules={**HTTP_MODULES, "http.extra": {"x.bal": ""}},
    )
    pairs = index.modules("ballerina")
    assert ("http", "http") in pairs
    assert ("http", "http.httpscerr") in pairs
    assert ("http", "http.extra") in pairs
    assert ("lang.int", "lang.int") in pairs
    assert ("io", "io") in pairs
    assert len(pairs) == len(set(pairs)) == 9
    assert index.modules("ballerinax") == [("aws.s3", "aws.s3")]


def test_names_cannot_escape_the_repository(index: RepositoryIndex) -> None:
    assert index.packages("..") == []
    assert index.versions("ballerina", "../ballerinax/aws.s3") == []
    assert index.versions("..", "ballerina") == []
    assert index.package_for_module("../x", "y") is None
    assert index.newest("ballerina", "") is None


def test_concurrent_lookups_agree(index: RepositoryIndex) -> None:
    expected = summary(index.versions("ballerina", "http"))
    index.refresh()
    results: list[list[tuple[str, str, str]]] = []

    def work() -> None:
        for _ in range(20):
            results.append(summary(index.versions("ballerina", "http")))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 120
    assert all(result == expected for result in results)
