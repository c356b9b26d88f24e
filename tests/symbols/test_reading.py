"""Reading a module's files for the symbol index: paths however spelled, links, bytes."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balmod.symbols.index import SymbolIndex, read_source
from balmod.workspace import UnreadableFile, decode, escapes, read_bytes
from builders import write_files


def reference_escapes(path: Path | str, root: Path | str) -> bool:
    """`escapes` as first written: `abspath` and `relpath`, one `lstat` per component."""
    path, root = os.path.abspath(path), os.path.abspath(root)

    def inside(real: str, real_root: str) -> bool:
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    if not inside(path, root):
        return not inside(os.path.realpath(path), os.path.realpath(root))
    relative = os.path.relpath(path, root)
    current = root
    for part in () if relative == os.curdir else relative.split(os.sep):
        current = os.path.join(current, part)
        try:
            linked = stat.S_ISLNK(os.lstat(current).st_mode)
        except OSError:
            return False
        if linked:
            return not inside(os.path.realpath(path), os.path.realpath(root))
    return False


def linked_tree(base: Path) -> Path:
    """``base/root`` with a link that stays inside, one that leads out, and plain files."""
    write_files(
        base,
        {
            "root/pkg/modules/a/a.bal": "public function a() {}\n",
            "root/pkg/modules/b/b.bal": "public function b() {}\n",
            "outside/x.bal": "public function x() {}\n",
        },
    )
    (base / "root/pkg/modules/near").symlink_to(base / "root/pkg/modules/a")
    (base / "root/pkg/modules/away").symlink_to(base / "outside")
    return base / "root"


SPELLINGS = [
    "{root}/pkg/modules/a",
    "{root}/pkg/modules/near",
    "{root}/pkg/modules/away",
    "{root}/pkg/modules/away/x.bal",
    "{root}/pkg/modules/missing/x.bal",
    "{root}/pkg/./modules/near",
    "{root}/pkg/modules/b/../away",
    "{root}/pkg/modules/b/../../modules/near/",
    "{root}//pkg/modules//away",
    "{root}/pkg/modules/away/.",
    "{root}/pkg/modules/a/..",
    "{root}",
    "{root}/",
    "{root}/../root/pkg/modules/away",
    "{root}/../outside",
]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("root_spelling", ["{root}", "{root}/", "{root}/pkg/..", "{root}/./"])
def test_escapes_answers_as_it_was_first_written(
    tmp_path: Path, spelling: str, root_spelling: str
) -> None:
    root = str(linked_tree(tmp_path))
    path = spelling.format(root=root)
    within = root_spelling.format(root=root)
    assert escapes(path, within) is reference_escapes(path, within)
    assert escapes(Path(path), Path(within)) is reference_escapes(path, within)


def test_escapes_from_a_relative_spelling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    linked_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert escapes("root/pkg/modules/away", "root")
    assert not escapes("root/pkg/modules/near", "root")
    assert not escapes("root/pkg/modules/near", str(tmp_path / "root"))


@given(st.binary(max_size=40), st.booleans())
def test_decode_drops_one_byte_order_mark_and_replaces_bad_bytes(data: bytes, bom: bool) -> None:
    if bom:
        data = codecs.BOM_UTF8 + data
    try:
        expected = (data.decode("utf-8-sig"), False)
    except UnicodeDecodeError:
        expected = (data.decode("utf-8-sig", errors="replace"), True)
    source = decode(data)
    assert (source.text, source.lossy) == expected


def test_read_source_takes_a_path_or_its_text(tmp_path: Path) -> None:
    write_files(tmp_path, {"m.bal": b"\xef\xbb\xbfpublic const A = 1;\n"})
    assert read_source(tmp_path / "m.bal") == "public const A = 1;\n"
    assert read_source(str(tmp_path / "m.bal")) == "public const A = 1;\n"
    assert read_source(str(tmp_path / "missing.bal")) is None


def test_the_module_directory_is_the_callers_path_when_it_is_plain(tmp_path: Path) -> None:
    root = linked_tree(tmp_path)
    index = SymbolIndex()
    plain = root / "pkg/modules/a"
    module = index.module(plain)
    assert module.module_dir is plain
    assert set(module.symbols) == {"a"}
    # Spelled with `..`, the same directory: the module names it plainly.
    spelled = Path(str(root / "pkg/modules/b") + "/../a")
    again = index.module(spelled)
    assert again.module_dir == plain and again.module_dir is not spelled
    assert again is module  # one cache entry


def test_a_module_directory_behind_a_link_leading_out_is_not_read(tmp_path: Path) -> None:
    root = linked_tree(tmp_path)
    index = SymbolIndex()
    assert dict(index.module(root / "pkg/modules/away").symbols) == {}
    assert set(index.module(root / "pkg/modules/near").symbols) == {"a"}


# --- read_bytes: one read where fstat tells the size ------------------------------------------


def counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes asked of each ``os.read`` from now on."""
    asked: list[int] = []
    real = os.read

    def read(fd: int, size: int) -> bytes:
        asked.append(size)
        return real(fd, size)

    monkeypatch.setattr(os, "read", read)
    return asked


def fstat_reporting(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Make ``os.fstat`` report ``size`` bytes, as for a file that changed after it."""
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        st = real(fd)
        return os.stat_result((*st[:6], size, *st[7:]))

    monkeypatch.setattr(os, "fstat", fstat)


def test_a_file_as_big_as_fstat_says_is_read_in_one_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.bal").write_bytes(b"x" * 5000)
    (tmp_path / "empty.bal").write_bytes(b"")
    asked = counting_reads(monkeypatch)
    assert read_bytes(tmp_path / "m.bal", 5000) == b"x" * 5000
    assert asked == [5001]
    asked.clear()
    assert read_bytes(tmp_path / "empty.bal") == b""
    assert asked == [1]


@pytest.mark.parametrize("reported", [0, 100, 4999, 6000])
def test_a_file_that_changed_since_fstat_is_read_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reported: int
) -> None:
    # Grown (or without a size, as /proc files), or shrunk: read on until the end.
    (tmp_path / "m.bal").write_bytes(bytes(range(256)) * 20)
    fstat_reporting(monkeypatch, reported)
    asked = counting_reads(monkeypatch)
    assert read_bytes(tmp_path / "m.bal", 10_000) == bytes(range(256)) * 20
    assert len(asked) > 1 and asked[0] == reported + 1


def test_a_file_that_grew_past_the_limit_since_fstat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.bal").write_bytes(b"x" * 200)
    st = os.stat(tmp_path / "m.bal")
    listed = os.stat_result((*st[:6], 50, *st[7:]))
    fstat_reporting(monkeypatch, 50)
    with pytest.raises(UnreadableFile, match="grew past the 100-byte limit"):
        read_bytes(tmp_path / "m.bal", 100, listed=listed)


def test_what_a_listing_found_stands_for_the_check_before_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "m.bal").write_bytes(b"public const A = 1;\n")
    listed = os.stat(tmp_path / "m.bal")
    directory = os.stat(tmp_path)
    real_open = os.open
    opened: list[str] = []

    def no_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        raise AssertionError("stat called")

    def recording_open(path: str, *args: object, **kwargs: object) -> int:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", no_stat)
    monkeypatch.setattr(os, "open", recording_open)
    assert read_bytes(tmp_path / "m.bal", listed=listed) == b"public const A = 1;\n"
    assert read_source(tmp_path / "m.bal", 100, listed) == "public const A = 1;\n"
    # Refused on what the listing found, without opening the file.
    opened.clear()
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_bytes(tmp_path / "m.bal", listed=directory)
    with pytest.raises(UnreadableFile, match="more than the 10-byte limit"):
        read_bytes(tmp_path / "m.bal", 10, listed=listed)
    assert opened == []
    # ...and on the open file, where it differs.
    (tmp_path / "m.bal").unlink()
    (tmp_path / "m.bal").mkdir()
    with pytest.raises(UnreadableFile, match="not a regular file"):
        read_bytes(tmp_path / "m.bal", listed=listed)


def test_the_index_reads_each_file_with_what_its_listing_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"a.bal": "public const A = 1;\n", "b.bal": "public const B = 2;\n"})
    stats: list[str] = []
    real_stat = os.stat

    def counting_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        stats.append(str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting_stat)
    module = SymbolIndex().module(tmp_path)
    assert set(module.symbols) == {"A", "B"} and module.skipped == ()
    assert not [path for path in stats if path.endswith(".bal")]
