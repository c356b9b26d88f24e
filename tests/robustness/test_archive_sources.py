"""Sources inside archives, read in memory (balmod.extracted): URIs that round-trip any file
name, members that cannot leave their archive, limits, errors, and nothing written."""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod import extracted
from balmod.analysis.engine import Engine
from balmod.extracted import (
    ArchiveError,
    ArchiveFiles,
    ArchiveMember,
    archive_uri,
    document_uri,
    locate,
    safe_member,
    sources_in,
    uri_path,
)
from balmod.legacy import LegacyEngine, LegacyRoots
from builders import make_dirs
from legacy.builders import balo_bytes, make_legacy_dirs, make_legacy_project, write_balo

# File name characters: anything a POSIX name may hold but "/" and NUL, surrogates aside.
NAME = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="/\0"),
    min_size=1,
    max_size=12,
).filter(lambda name: name not in (".", ".."))


def write_zip(path: Path, entries: dict[str, str | bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path


@settings(max_examples=300)
@given(parts=st.lists(NAME, min_size=1, max_size=5))
def test_a_uri_names_the_same_path_however_it_is_encoded(parts: list[str]) -> None:
    path = Path("/", *parts)
    uri = archive_uri(path)
    assert uri.startswith("balmod-archive:///")
    assert uri.isascii() and " " not in uri
    assert uri_path(uri) == path
    # VS Code drops the empty authority; other clients escape more, or in lower case.
    assert uri_path(uri.replace(":///", ":/", 1)) == path
    escaped_more = "balmod-archive://" + quote(path.as_posix(), safe="/")
    assert uri_path(escaped_more) == path
    lower_hex = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), escaped_more)
    assert uri_path(lower_hex.replace("balmod-archive:", "BALMOD-Archive:", 1)) == path


@pytest.mark.parametrize(
    "uri",
    [
        "file:///x/a.balo/src/a.bal",
        "balmod-archive:relative/a.bal",
        "balmod-archive:///x/a.balo/src/../../etc/passwd",
        "balmod-archive:///x/a.balo/src/%2E%2E/a.bal",
        "balmod-archive:///x/a.balo/src%2F..%2F..%2Fa.bal",
        "balmod-archive:///x/a.balo/./a.bal",
        "balmod-archive:///x/a.balo/a%00.bal",
        "balmod-archive:///x/a.balo/a.bal?query",
        "balmod-archive:///x/a.balo/a.bal#fragment",
        "balmod-archive://[bad/x",
        "",
        "no scheme at all",
    ],
)
def test_uris_that_name_no_member_safely_are_refused(uri: str) -> None:
    assert uri_path(uri) is None


def test_a_path_is_located_in_the_archive_it_goes_through(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "a dir" / "m%20.balo", {"src/m/a.bal": "// a\n"})
    member = archive / "src" / "m" / "a.bal"
    assert locate(member) == ArchiveMember(archive, "src/m/a.bal")
    assert locate(str(member)) == ArchiveMember(archive, "src/m/a.bal")
    assert ArchiveMember(archive, "src/m/a.bal").path == member
    assert locate(archive) is None  # the archive itself is an ordinary file
    assert locate(tmp_path) is None
    assert locate(tmp_path / "missing" / "x.bal") is None
    assert locate(str(tmp_path / "nul\0" / "x")) is None
    # A directory named like an archive is a directory.
    (tmp_path / "dir.balo" / "src").mkdir(parents=True)
    assert locate(tmp_path / "dir.balo" / "src" / "x.bal") is None
    assert document_uri(member) == archive_uri(member)
    assert document_uri(archive) == archive.as_uri()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("src/m/a.bal", True),
        ("a.bal", True),
        ("", False),
        ("/etc/passwd", False),
        ("\\evil.bal", False),
        ("src\\..\\evil.bal", False),
        ("src/../../evil.bal", False),
        ("c:/evil.bal", False),
        ("a\0.bal", False),
    ],
)
def test_member_names_that_could_leave_the_archive_are_unsafe(name: str, safe: bool) -> None:
    assert safe_member(name) is safe


def test_members_are_read_errors_say_why_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extracted, "MAX_MEMBER_BYTES", 50)
    archive = write_zip(
        tmp_path / "m.zip",
        {
            "src/a.bal": "\ufeffpublic const A = 1;\n",  # a BOM is dropped, as editors do
            "src/bad.bal": b"// \xff\xfe not UTF-8\n",
            "src/big.bal": "//" * 100,
            "src/lib.jar": b"\x00binary",
            "../evil.bal": "// outside\n",
        },
    )
    before = sorted(tmp_path.rglob("*"))
    reader = ArchiveFiles()
    assert reader.text(archive, "src/a.bal") == "public const A = 1;\n"
    assert reader.text(archive, "src/bad.bal") == "// \ufffd\ufffd not UTF-8\n"
    assert "../evil.bal" not in reader.members(archive)
    for member, words in [
        ("src/big.bal", "more than 50"),
        ("src/lib.jar", "not a source"),
        ("src/none.bal", "has no member"),
        ("../evil.bal", "not a member name"),
    ]:
        with pytest.raises(ArchiveError, match=words):
            reader.text(archive, member)
    sources = reader.sources_in(archive, "src", ".bal")
    assert sorted(sources.texts) == ["a.bal", "bad.bal"] and sources.skipped == ("big.bal",)
    assert sorted(tmp_path.rglob("*")) == before


def test_broken_vanished_and_odd_archives_are_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = ArchiveFiles()
    corrupt = tmp_path / "corrupt.balo"
    corrupt.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ArchiveError, match="not a readable zip archive"):
        reader.text(corrupt, "src/a.bal")
    with pytest.raises(ArchiveError, match="gone"):
        reader.text(tmp_path / "vanished.balo", "src/a.bal")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.balo")
        with pytest.raises(ArchiveError, match="not a regular file"):
            reader.text(tmp_path / "fifo.balo", "src/a.bal")  # refused, not waited on
    monkeypatch.setattr(extracted, "MAX_MEMBERS", 3)
    many = write_zip(tmp_path / "many.zip", {f"src/{i}.bal": "" for i in range(4)})
    with pytest.raises(ArchiveError, match="more than 3 members"):
        reader.text(many, "src/0.bal")
    monkeypatch.setattr(extracted, "MAX_ARCHIVE_BYTES", 10)
    with pytest.raises(ArchiveError, match="limit"):
        reader.text(write_zip(tmp_path / "large.zip", {"a.bal": "x"}), "a.bal")
    assert sources_in(corrupt / "src", ".bal") is not None  # an archive, but unreadable
    assert sources_in(tmp_path, ".bal") is None  # not inside an archive


def test_an_unreadable_archive_is_read_and_reported_once_until_it_changes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    reader = ArchiveFiles()
    archive = tmp_path / "m.balo"
    archive.write_bytes(b"PK\x03\x04 not really")
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            with pytest.raises(ArchiveError, match="not a readable zip archive"):
                reader.text(archive, "a.bal")
    assert caplog.text.count("not a readable zip archive") == 1
    write_zip(archive, {"a.bal": "// mended\n"})
    os.utime(archive, ns=(7, 7))
    assert reader.text(archive, "a.bal") == "// mended\n"


def test_archives_are_read_again_when_their_file_changes(tmp_path: Path) -> None:
    reader = ArchiveFiles()
    archive = write_zip(tmp_path / "m.zip", {"src/a.bal": "// one\n"})
    assert reader.text(archive, "src/a.bal") == "// one\n"
    write_zip(archive, {"src/a.bal": "// two, longer\n"})
    os.utime(archive, ns=(5, 5))
    assert reader.text(archive, "src/a.bal") == "// two, longer\n"


def test_the_cache_keeps_to_its_budget(tmp_path: Path) -> None:
    reader = ArchiveFiles(max_chars=100)
    first = write_zip(tmp_path / "1.zip", {"a.bal": "x" * 80})
    second = write_zip(tmp_path / "2.zip", {"a.bal": "y" * 80})
    reader.text(first, "a.bal")
    reader.text(second, "a.bal")
    assert list(reader._cache) == [os.path.abspath(second)]  # the older one made way


def test_a_1x_module_in_an_archive_is_checked_without_extracting(tmp_path: Path) -> None:
    dirs = make_legacy_dirs(tmp_path / "repos")
    write_balo(
        dirs.balo_cache,
        "a",
        "m",
        "1.0.0",
        {"m.bal": "# Adds.\npublic function add() {}\n", "big.bal": "//" + "x" * 5_000_000},
    )
    root = make_legacy_project(tmp_path / "p")
    engine = LegacyEngine(dirs.roots())
    before = sorted(tmp_path.rglob("*"))
    text = "import a/m;\n\npublic function f() { m:add(); m:other(); }\n"
    analysis = engine.analyze(text, root / "greetings" / "g.bal")
    (item,) = analysis.imports
    assert item.resolution is not None and item.resolution.module_dir is not None
    symbols = engine.module_symbols(item.resolution)
    assert symbols is not None and set(symbols.symbols) == {"add"}
    # big.bal is too large to read: the module is partial, so m:other is not called undefined.
    assert [p.name for p in symbols.skipped] == ["big.bal"]
    assert [f.code for f in analysis.findings] == []
    assert sorted(tmp_path.rglob("*")) == before


def test_sources_in_archives_are_dependencies_whose_findings_are_not_shown(
    tmp_path: Path,
) -> None:
    dirs = make_dirs(tmp_path / "repos")
    archive = tmp_path / "libs" / "m.balo"
    archive.parent.mkdir()
    text = "import nobody/nowhere;\n\npublic function f() { _ = nope:x(); }\n"
    archive.write_bytes(balo_bytes("a", "m", "1.0.0", {"m.bal": text}))
    engine = Engine(dirs.roots())
    member = archive / "src" / "m" / "m.bal"
    assert engine.is_dependency_source(member)
    assert not engine.is_dependency_source(tmp_path / "libs" / "plain.bal")
    assert engine.analyze(text, member).findings == ()
    assert engine.analyze(text, tmp_path / "libs" / "plain.bal").findings != ()


def test_an_engine_is_made_without_touching_the_temp_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse() -> str:
        raise AssertionError("the temp directory was asked for")

    monkeypatch.setattr("tempfile.gettempdir", refuse)
    dirs = make_dirs(tmp_path)
    Engine(dirs.roots())
    LegacyEngine(LegacyRoots(None, tmp_path / "home"))
