"""Reading balo and zip archives in memory; their sources are never extracted."""

from __future__ import annotations

import io
import logging
import os
import zipfile
from pathlib import Path

import pytest

from balmod.extracted import read_member, sources_in
from balmod.legacy.balo import ArchiveReader, read_archive
from legacy.builders import balo_bytes, zip_bytes


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_1x_balo_gives_metadata_and_sources(tmp_path: Path) -> None:
    data = balo_bytes(
        "wso2",
        "twitter",
        "0.10.0",
        {"client.bal": "public function a() {}\n", "sub/more.bal": "// more\n"},
        platform="java8",
        dependencies={"ballerina/http": "1.0.1"},
        extra={
            "src/twitter/tests/t.bal": "// a test\n",
            "src/twitter/resources/r.bal": "// a resource\n",
            "platform-libs/x.jar": b"\x00\x01",
        },
    )
    archive = read_archive(_write(tmp_path / "t.balo", data), "twitter")
    assert archive is not None
    meta = archive.metadata
    assert (meta.org, meta.module, meta.version, meta.platform) == (
        "wso2",
        "twitter",
        "0.10.0",
        "java8",
    )
    assert meta.balo_version == "1.0.0"
    assert meta.ballerina_version == "1.2.0"
    assert meta.dependencies == (("ballerina", "http", "1.0.1"),)
    assert archive.source_prefix == "src/twitter/"
    assert archive.source_names == ("client.bal", "sub/more.bal")
    assert archive.module_dir == tmp_path / "t.balo" / "src" / "twitter"


def test_the_12_distribution_layout_src_src(tmp_path: Path) -> None:
    data = balo_bytes(
        "ballerina",
        "io",
        "0.5.1",
        {"io.bal": "public function println() {}\n"},
        prefix="src/src/io/",
    )
    archive = read_archive(_write(tmp_path / "io.balo", data), "io")
    assert archive is not None
    assert archive.source_prefix == "src/src/io/"
    assert archive.source_names == ("io.bal",)
    assert archive.module_dir == tmp_path / "io.balo" / "src" / "src" / "io"


def test_a_0990_zip_has_sources_under_src_and_no_metadata(tmp_path: Path) -> None:
    data = zip_bytes("mathutils", {"math.bal": "public function add() {}\n"})
    archive = read_archive(_write(tmp_path / "mathutils.zip", data), "mathutils")
    assert archive is not None
    assert archive.metadata.org is None and archive.metadata.version is None
    assert archive.source_prefix == "src/"
    assert archive.source_names == ("math.bal",)
    assert archive.module_dir == tmp_path / "mathutils.zip" / "src"


def test_corrupt_archives_are_skipped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path / "broken.balo", b"PK\x03\x04 this is not a zip")
    with caplog.at_level(logging.WARNING):
        assert read_archive(path, "broken") is None
    assert "not a readable zip archive" in caplog.text
    assert read_archive(tmp_path / "missing.balo", "missing") is None


def test_broken_metadata_is_ignored_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = balo_bytes("a", "m", "1.0.0", extra={"metadata/MODULE.toml": "module_name = [broken"})
    with caplog.at_level(logging.WARNING):
        archive = read_archive(_write(tmp_path / "m.balo", data), "m")
    assert archive is not None and archive.metadata.module is None
    assert archive.metadata.balo_version == "1.0.0"
    assert "MODULE.toml" in caplog.text


def test_entries_that_would_escape_are_left_out(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("src/m/ok.bal", "// ok\n")
        archive.writestr("src/m/../../../evil.bal", "// evil\n")
        archive.writestr("/src/m/abs.bal", "// absolute\n")
    result = read_archive(_write(tmp_path / "m.zip", buffer.getvalue()), "m")
    assert result is not None
    assert result.source_names == ("ok.bal",)


def test_the_reader_caches_by_file_state(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.balo", balo_bytes("a", "m", "1.0.0", {"one.bal": "//1\n"}))
    reader = ArchiveReader()
    first = reader.read(path, "m")
    assert first is not None and reader.read(path, "m") is first
    path.write_bytes(balo_bytes("a", "m", "1.0.1", {"two.bal": "//2\n"}))
    os.utime(path, ns=(5, 5))
    second = reader.read(path, "m")
    assert second is not None and second.source_names == ("two.bal",)
    path.unlink()
    assert reader.read(path, "m") is None


def test_the_module_s_sources_are_read_in_the_archive_without_writing(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.balo",
        balo_bytes("a", "m", "1.0.0", {"m.bal": "// m\n", "sub/s.bal": "// s\n"}),
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    archive = read_archive(path, "m")
    assert archive is not None and archive.module_dir is not None
    sources = sources_in(archive.module_dir, ".bal")
    assert sources is not None
    # The module is the files directly in its directory, as on disk.
    assert dict(sources.texts) == {"m.bal": "// m\n"}
    assert read_member(archive.module_dir / "sub" / "s.bal") == "// s\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_an_archive_without_sources_has_no_module_directory(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("obj/m.balo", "binary")
    result = read_archive(_write(tmp_path / "m.zip", buffer.getvalue()), "m")
    assert result is not None
    assert (result.source_prefix, result.source_names, result.module_dir) == (None, (), None)


def test_a_fifo_named_like_an_archive_is_refused_without_blocking(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "m.balo")
    with caplog.at_level(logging.WARNING):
        assert read_archive(tmp_path / "m.balo", "m") is None
    assert "not a regular file" in caplog.text
