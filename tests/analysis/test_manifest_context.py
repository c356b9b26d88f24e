"""Where the cursor is in a manifest being typed, and the keys each table may hold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.analysis.manifests.context import Place, cursor_at
from balmod.analysis.manifests.keys import ManifestKind, Shape, key_info, keys_of, tables

BALLERINA = '[package]\norg = "acme"\nname = "app"\n\n[[dependency]]\norg = "ballerina"\n'


def at(marked: str) -> tuple[str, int]:
    """The text without its ``|`` and the offset the ``|`` marked."""
    offset = marked.index("|")
    return marked.replace("|", "", 1), offset


def test_a_value_being_typed_in_quotes() -> None:
    text, offset = at(BALLERINA + 'name = "ht|tp"\n')
    cursor = cursor_at(text, offset)
    assert cursor.place is Place.VALUE
    assert cursor.table == ("dependency", 0)
    assert (cursor.key, cursor.typed, cursor.quoted, cursor.current) == ("name", "ht", True, "http")
    assert cursor.replace.slice(text) == "http"
    assert cursor.siblings == {"org": "ballerina"}
    assert cursor.present == frozenset({"org"})


def test_a_value_without_its_quote_yet() -> None:
    text, offset = at(BALLERINA + "version = |\n")
    cursor = cursor_at(text, offset)
    assert (cursor.place, cursor.key, cursor.quoted, cursor.replace.slice(text)) == (
        Place.VALUE,
        "version",
        False,
        "",
    )


def test_keys_and_headers() -> None:
    text, offset = at(BALLERINA + "ver|\n")
    cursor = cursor_at(text, offset)
    assert (cursor.place, cursor.typed, cursor.replace.slice(text)) == (Place.KEY, "ver", "ver")
    text, offset = at(BALLERINA + "[[dep|]]\n")
    header = cursor_at(text, offset)
    assert (header.place, header.typed, header.array) == (Place.HEADER, "dep", True)
    assert header.replace.slice(text) == "[[dep]]"
    assert ("package",) in header.tables


def test_the_concrete_path_counts_arrays_of_tables() -> None:
    text, offset = at(
        '[package]\nname = "a"\n\n[[package.modules]]\nname = "a.x"\n\n'
        "[[package.modules]]\n|\n\n[[dependency]]\n"
    )
    assert cursor_at(text, offset).table == ("package", "modules", 1)


def test_inline_tables_in_a_multi_line_array() -> None:
    text, offset = at(
        '[[package]]\norg = "a"\nname = "b"\ndependencies = [\n'
        '\t{org = "ballerina", name = "h|"},\n\t{org = "x", |}\n]\n'
    )
    cursor = cursor_at(text, offset)
    assert (cursor.place, cursor.table, cursor.inline, cursor.key) == (
        Place.VALUE,
        ("package", 0),
        ("dependencies", 0),
        "name",
    )
    assert cursor.path == ("package", 0, "dependencies", 0)
    assert cursor.siblings == {"org": "ballerina", "name": "h"}
    second = text.index("x") + 3
    member = cursor_at(text, second)
    assert (member.place, member.present) == (Place.KEY, frozenset({"org"}))


def test_nowhere_to_complete() -> None:
    for marked in (
        BALLERINA + "# a comm|ent\n",
        BALLERINA + 'keywords = ["a|"]\n',
        BALLERINA + 'name = "http" |\n',
        BALLERINA + "org |\n",
    ):
        text, offset = at(marked)
        assert cursor_at(text, offset).place is Place.NONE, marked


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]{}=\"',.# \n\tabcorgnamevsi01-_", max_size=80), st.integers(0, 90))
def test_any_text_and_offset_gives_a_context(text: str, offset: int) -> None:
    cursor = cursor_at(text, offset)
    assert 0 <= cursor.replace.start <= cursor.replace.end <= len(text)


def test_schema_keys_and_tables() -> None:
    keys = {k.name: k.shape for k in keys_of(ManifestKind.DEPENDENCIES, ("package", 3))}
    assert keys["version"] is Shape.STRING
    assert keys["transitive"] is Shape.BOOLEAN
    assert keys["dependencies"] is Shape.INLINE_TABLES
    ballerina = {k.name: k.shape for k in keys_of(ManifestKind.BALLERINA, ("package",))}
    assert ballerina["modules"] is Shape.TABLES
    assert ballerina["keywords"] is Shape.STRINGS
    assert "description" in ballerina  # accepted beyond the schema's properties
    headers = [t.header for t in tables(ManifestKind.BALLERINA)]
    assert "[[dependency]]" in headers and "[[platform.java21.dependency]]" in headers
    assert "[platform]" not in headers  # only holds other tables
    assert [t.header for t in tables(ManifestKind.DEPENDENCIES)] == ["[ballerina]", "[[package]]"]
    old = [t.header for t in tables(ManifestKind.DEPENDENCIES, old_format=True)]
    assert old == ["[ballerina]", "[[dependency]]"]
    groupid = key_info(ManifestKind.BALLERINA, ("platform", "java17", "dependency", 0, "groupId"))
    assert groupid is not None and groupid.description == "The library's Maven group id."
    assert key_info(ManifestKind.BALLERINA, ("package", "nonsense")) is None
