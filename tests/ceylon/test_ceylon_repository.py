"""Ceylon repositories, archives, roots, configs and projects over real trees in tmp_path."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from ceylon_support import CeylonDirs, make_dirs, make_module, make_project, module_dir, write_zip

from balmod.ceylon import CeylonRoots
from balmod.ceylon.archives import (
    ModuleInfoReader,
    dependencies_from_properties,
    parse_properties,
    read_module_info,
)
from balmod.ceylon.config import parse_config, read_config
from balmod.ceylon.fsview import FsView
from balmod.ceylon.index import CeylonIndex
from balmod.ceylon.project import find_project_root, load_project
from balmod.ceylon.roots import Repository, RepositoryKind
from balmod.extracted import ARCHIVES, ArchiveError, ArchiveSources, read_member, sources_in


@pytest.fixture
def dirs(tmp_path: Path) -> CeylonDirs:
    dirs = make_dirs(tmp_path)
    make_module(dirs.system, "ceylon.language", "1.3.3")
    make_module(
        dirs.system,
        "ceylon.collection",
        "1.3.3",
        src={"module.ceylon": 'module ceylon.collection "1.3.3" {}\n'},
    )
    make_module(dirs.system, "ceylon.test", "1.3.3")
    make_module(dirs.system, "ceylon.test.engine", "1.3.3")
    for version in ("1.0.0", "1.10.0", "1.9.0", "2.0.0-SNAPSHOT"):
        make_module(dirs.user_repo, "com.example.bar", version)
    make_module(dirs.cache, "com.example.bar", "1.9.0")
    make_module(dirs.cache, "com.example.baz", "0.1", car=False, js=True)
    return dirs


def index_of(dirs: CeylonDirs, fs: FsView | None = None) -> CeylonIndex:
    repos = (
        Repository(RepositoryKind.SYSTEM, dirs.system),
        Repository(RepositoryKind.CACHE, dirs.cache),
        Repository(RepositoryKind.GLOBAL, dirs.user_repo),
    )
    return CeylonIndex(repos, fs or FsView())


def test_lookup_finds_the_exact_version_in_every_repository(dirs: CeylonDirs) -> None:
    index = index_of(dirs)
    found = index.lookup("com.example.bar", "1.9.0")
    assert [mv.repository.kind for mv in found] == [RepositoryKind.CACHE, RepositoryKind.GLOBAL]
    first = found[0]
    assert first.directory == module_dir(dirs.cache, "com.example.bar", "1.9.0")
    assert first.artifact(".car") == first.directory / "com.example.bar-1.9.0.car"
    assert first.artifact(".src") is None
    assert first.kinds == (".car",)
    assert index.lookup("com.example.bar", "1.9") == []  # versions are directory names
    assert index.lookup("com.example.nope", "1.0") == []


def test_versions_newest_first_by_ceylon_order(dirs: CeylonDirs) -> None:
    versions = index_of(dirs).versions("com.example.bar")
    assert [(mv.version, mv.repository.kind) for mv in versions] == [
        ("2.0.0-SNAPSHOT", RepositoryKind.GLOBAL),
        ("1.10.0", RepositoryKind.GLOBAL),
        ("1.9.0", RepositoryKind.CACHE),  # search order within one version
        ("1.9.0", RepositoryKind.GLOBAL),
        ("1.0.0", RepositoryKind.GLOBAL),
    ]


def test_a_module_directory_may_hold_deeper_modules(dirs: CeylonDirs) -> None:
    index = index_of(dirs)
    assert [mv.version for mv in index.versions("ceylon.test")] == ["1.3.3"]
    assert [mv.version for mv in index.versions("ceylon.test.engine")] == ["1.3.3"]
    # `engine/` is not a version of ceylon.test: it holds no ceylon.test-engine.* artifact.
    (module_dir(dirs.system, "ceylon.test", "1.3.3").parent / "notes").mkdir()
    assert [mv.version for mv in index.versions("ceylon.test")] == ["1.3.3"]


def test_module_names_walk_below_the_typed_prefix(dirs: CeylonDirs) -> None:
    index = index_of(dirs)
    assert index.module_names("") == (
        [
            "ceylon.collection",
            "ceylon.language",
            "ceylon.test",
            "ceylon.test.engine",
            "com.example.bar",
            "com.example.baz",
        ],
        False,
    )
    assert index.module_names("ceylon.t") == (["ceylon.test", "ceylon.test.engine"], False)
    assert index.module_names("com.example.b")[0] == ["com.example.bar", "com.example.baz"]
    assert index.module_names("org") == ([], False)


def test_names_from_text_never_leave_the_repository(dirs: CeylonDirs) -> None:
    index = index_of(dirs)
    escape = dirs.user / "escape"
    make_module(escape, "x", "1")
    assert index.lookup("..", "1") == []
    assert index.lookup("com.example.bar", "../../x") == []
    assert index.versions("com..example") == []
    assert index.module_names("../") == ([], False)


def test_new_versions_are_seen_without_a_restart(dirs: CeylonDirs) -> None:
    fs = FsView()
    index = index_of(dirs, fs)
    assert [mv.version for mv in index.versions("com.example.baz")] == ["0.1"]
    assert not fs.changed()
    make_module(dirs.user_repo, "com.example.baz", "0.2")
    assert fs.changed() is False  # the user repository's baz directory was never listed
    make_module(dirs.cache, "com.example.baz", "0.3")
    assert fs.changed()
    assert [mv.version for mv in index.versions("com.example.baz")] == ["0.3", "0.2", "0.1"]


def test_unreadable_directories_are_skipped(dirs: CeylonDirs) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every directory")
    locked = module_dir(dirs.user_repo, "com.example.bar", "1.0.0").parent
    locked.chmod(0)
    try:
        versions = index_of(dirs).versions("com.example.bar")
        assert [mv.repository.kind for mv in versions] == [RepositoryKind.CACHE]
    finally:
        locked.chmod(stat.S_IRWXU)


def test_module_info_from_the_source_archive(tmp_path: Path) -> None:
    text = (
        '"Bar does things."\nby("Ann", "Bob") license("MIT")\n'
        'module com.example.bar "1.0" {\n  shared import ceylon.collection "1.3.3";\n'
        '  optional import maven:"g:a" "2";\n}\n'
    )
    make_module(tmp_path, "com.example.bar", "1.0", src={"module.ceylon": text})
    (mv,) = CeylonIndex((Repository(RepositoryKind.GLOBAL, tmp_path),), FsView()).lookup(
        "com.example.bar", "1.0"
    )
    info = read_module_info(mv)
    assert info is not None
    assert info.source == "com.example.bar-1.0.src"
    assert info.doc == "Bar does things."
    assert info.authors == ("Ann", "Bob")
    assert info.license == "MIT"
    assert [(d.name, d.version, d.shared, d.optional) for d in info.dependencies] == [
        ("ceylon.collection", "1.3.3", True, False),
        ("maven:g:a", "2", False, True),
    ]


def test_module_info_from_module_properties_beside_and_inside_a_jar(tmp_path: Path) -> None:
    repo = Repository(RepositoryKind.GLOBAL, tmp_path)
    make_module(tmp_path, "org.beside", "1", car=False, jar={}, properties="+a.b=1.0\nc?=2\n")
    inner = "META-INF/jbossmodules/org/inside/3/module.properties"
    make_module(tmp_path, "org.inside", "3", car=False, jar={inner: "d=4\n"})
    index = CeylonIndex((repo,), FsView())
    beside = read_module_info(index.lookup("org.beside", "1")[0])
    assert beside is not None and beside.source == "module.properties"
    assert [(d.name, d.version, d.shared, d.optional) for d in beside.dependencies] == [
        ("a.b", "1.0", True, False),
        ("c", "2", False, True),
    ]
    inside = read_module_info(index.lookup("org.inside", "3")[0])
    assert inside is not None and inside.source == f"org.inside-3.jar!/{inner}"
    assert [(d.name, d.version) for d in inside.dependencies] == [("d", "4")]


def test_a_corrupt_archive_says_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    directory = make_module(tmp_path, "x", "1", car=False)
    (directory / "x-1.src").write_bytes(b"not a zip")
    (mv,) = CeylonIndex((Repository(RepositoryKind.GLOBAL, tmp_path),), FsView()).lookup("x", "1")
    assert read_module_info(mv) is None
    assert "not a readable zip archive" in caplog.text


def test_module_info_is_cached_until_the_archive_changes(tmp_path: Path) -> None:
    make_module(tmp_path, "x", "1", src={"module.ceylon": '"One." module x "1" {}'})
    index = CeylonIndex((Repository(RepositoryKind.GLOBAL, tmp_path),), FsView())
    reader = ModuleInfoReader()
    first = reader.read(index.lookup("x", "1")[0])
    assert first is not None and first.doc == "One."
    assert reader.read(index.lookup("x", "1")[0]) is first
    make_module(tmp_path, "x", "1", src={"module.ceylon": '"Two, longer." module x "1" {}'})
    second = reader.read(index.lookup("x", "1")[0])
    assert second is not None and second.doc == "Two, longer."


def test_properties_syntax() -> None:
    text = "# comment\n! also\n  a\\:b = 1\\\n   .0\nc: 2\nd 3\n+e?=\\u0034\n"
    assert parse_properties(text) == {"a:b": "1.0", "c": "2", "d": "3", "+e?": "4"}
    assert [(d.name, d.shared, d.optional) for d in dependencies_from_properties(text)][-1] == (
        "e",
        True,
        True,
    )


def test_sources_are_read_in_the_archive_never_extracted(tmp_path: Path) -> None:
    src = tmp_path / "m-1.src"
    write_zip(
        src,
        {
            "com/ex/m/module.ceylon": 'module com.ex.m "1" {}',
            "com/ex/m/run.ceylon": "shared void run() {}",
            "com/ex/other/x.ceylon": "not this module",
            "../evil.ceylon": "outside",
        },
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    descriptor = src / "com" / "ex" / "m" / "module.ceylon"
    assert read_member(descriptor) == 'module com.ex.m "1" {}'
    sources = sources_in(src / "com" / "ex" / "m", ".ceylon")
    assert sources is not None and sorted(sources.texts) == ["module.ceylon", "run.ceylon"]
    with pytest.raises(ArchiveError, match="no member"):
        read_member(src / "com" / "ex" / "absent" / "module.ceylon")
    assert "../evil.ceylon" not in ARCHIVES.members(src)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_broken_source_archive_is_an_error_not_a_crash(tmp_path: Path) -> None:
    src = tmp_path / "bad.src"
    src.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ArchiveError, match="not a readable zip archive"):
        read_member(src / "x" / "module.ceylon")
    with zipfile.ZipFile(tmp_path / "empty.src", "w"):
        pass
    assert sources_in(tmp_path / "empty.src" / "x", ".ceylon") == ArchiveSources({}, ())


def test_roots_from_arguments_environment_and_home(tmp_path: Path) -> None:
    explicit = CeylonRoots.from_environment(tmp_path / "home", tmp_path / "user", environ={})
    assert explicit.distribution == tmp_path / "home" / "repo"
    assert explicit.user_repo == tmp_path / "user" / "repo"
    assert explicit.cache == tmp_path / "user" / "cache"
    env = {"CEYLON_HOME": str(tmp_path / "env-home"), "HOME": str(tmp_path / "me")}
    from_env = CeylonRoots.from_environment(environ=env)
    assert from_env.distribution == tmp_path / "env-home" / "repo"
    assert from_env.user_repo == tmp_path / "me" / ".ceylon" / "repo"
    assert from_env.cache == tmp_path / "me" / ".ceylon" / "cache"
    overridden = CeylonRoots.from_environment(tmp_path / "arg", environ=env)
    assert overridden.distribution == tmp_path / "arg" / "repo"
    assert CeylonRoots.from_environment(environ={"HOME": str(tmp_path)}).distribution is None


def test_config_syntax() -> None:
    text = (
        '# a comment\n[compiler]\nsource = src\nsource="gen src" ; trailing\n'
        '[Repositories]\nlookup=./a\nLOOKUP=./b\n[repository "Mine"]\nurl = /opt/repo\n'
        "[defaults]\noffline\nbroken line\n"
    )
    config = parse_config(text)
    assert config.values("compiler.source") == ("src", "gen src")
    assert config.values("repositories.lookup") == ("./a", "./b")
    assert config.value("repository.Mine.url") == "/opt/repo"
    assert config.value("defaults.offline") == "true"
    assert config.values("nothing.here") == ()


def test_read_config_replaces_dir(tmp_path: Path) -> None:
    path = tmp_path / ".ceylon" / "config"
    path.parent.mkdir()
    path.write_text("[repositories]\nlookup=${DIR}/../repo\n")
    config = read_config(path)
    assert config is not None
    assert config.values("repositories.lookup") == (f"{tmp_path / '.ceylon'}/../repo",)
    assert read_config(tmp_path / "missing") is None


def test_project_root_from_source_dir_or_config(dirs: CeylonDirs) -> None:
    plain = dirs.workspace / "plain"
    paths = make_project(plain, {"com.example.foo": 'module com.example.foo "1" {}'})
    assert find_project_root(paths["com.example.foo"]) == plain
    configured = dirs.workspace / "configured"
    paths = make_project(
        configured,
        {"a.b": 'module a.b "1" {}'},
        config="[compiler]\nsource=src/main/ceylon\n",
        source="src/main/ceylon",
    )
    assert find_project_root(paths["a.b"]) == configured
    stray = dirs.workspace / "stray" / "module.ceylon"
    stray.parent.mkdir(parents=True)
    stray.write_text("module x {}")
    assert find_project_root(stray) is None


def test_project_source_dirs_names_and_repositories(dirs: CeylonDirs) -> None:
    root = dirs.workspace / "p"
    config = (
        "[compiler]\nsource=src\nsource=gen\n"
        "[repositories]\noutput=./out-repo\nlookup=./lib\nlookup=+Mine\nlookup=+USER\n"
        "lookup=https://modules.ceylon-lang.org/repo/1\nlookup=flat:./flat\n"
        '[repository "Mine"]\nurl=./mine\n'
    )
    paths = make_project(root, {"com.example.app": 'module com.example.app "1" {}'}, config, "src")
    project = load_project(root, dirs.roots())
    assert project.has_config
    assert project.source_dirs == (root / "src", root / "gen")
    assert project.expected_module_name(paths["com.example.app"]) == "com.example.app"
    assert project.expected_module_name(root / "src" / "module.ceylon") == ""
    assert project.expected_module_name(root / "elsewhere" / "module.ceylon") is None
    assert project.descriptor_path("com.example.app") == paths["com.example.app"]
    assert project.descriptor_path("com..app") is None
    assert list(project.descriptors()) == [paths["com.example.app"]]
    repos = project.repositories(dirs.roots())
    assert [(r.kind, r.root) for r in repos] == [
        (RepositoryKind.SYSTEM, dirs.system),
        (RepositoryKind.CACHE, dirs.cache),
        (RepositoryKind.OUTPUT, root / "out-repo"),
        (RepositoryKind.LOOKUP, root / "lib"),
        (RepositoryKind.LOOKUP, root / "mine"),
        # +USER is the user repository; it is searched once, as a lookup repository.
        (RepositoryKind.LOOKUP, dirs.user_repo),
    ]


def test_home_directories_in_config_and_environment_expand_or_stay_as_written(
    dirs: CeylonDirs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    root = dirs.workspace / "tilde"
    config = "[repositories]\nlookup=~/lib\nlookup=~nobody-balmod-test/lib\n"
    make_project(root, {"m": 'module m "1" {}'}, config)
    project = load_project(root, dirs.roots())
    # An unknown user's home cannot be expanded: the path is used as written, not fatal.
    assert project.lookup == (tmp_path / "me" / "lib", root / "~nobody-balmod-test" / "lib")
    env = {"CEYLON_HOME": "~/ceylon", "HOME": str(tmp_path / "me")}
    assert CeylonRoots.from_environment(environ=env).distribution == (
        tmp_path / "me" / "ceylon" / "repo"
    )
    odd = CeylonRoots.from_environment(environ={"CEYLON_HOME": "~nobody-balmod-test/c"})
    assert odd.distribution == Path("~nobody-balmod-test/c/repo")


def test_project_defaults(dirs: CeylonDirs) -> None:
    root = dirs.workspace / "d"
    make_project(root, {"m": 'module m "1" {}'})
    project = load_project(root, dirs.roots())
    assert not project.has_config
    assert project.source_dirs == (root / "source",)
    assert project.output == root / "modules"
    assert [r.kind for r in project.repositories(dirs.roots())] == [
        RepositoryKind.SYSTEM,
        RepositoryKind.CACHE,
        RepositoryKind.OUTPUT,
        RepositoryKind.GLOBAL,
    ]
