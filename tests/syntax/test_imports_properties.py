"""Properties of parse_imports over generated text: it never raises, every span lies in the
text, and generated valid imports parse back to what was generated."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import example, given, settings
from hypothesis import strategies as st

import balmod.syntax.imports as imports_module
from balmod.syntax.imports import ImportDecl, ImportSection, parse_imports
from balmod.syntax.keywords import RESERVED_KEYWORDS
from balmod.text import Span

# Pieces of import-like text, broken and whole, for token soup.
SOUP = [
    "import", "import ", " ", "  ", "\n", "\r\n", "\r", "\t", "/", ".", "..", ";", "as", " as ",
    "version", " 1.2.3", "'", "'int", "'service", "ballerina", "http", "lang", "_", "x1",
    "// c\n", "# doc\n", "\x00", "{", "}", "`", "${", '"', "?", ":", "é", "🎉", "public ",
    "function f() {}", "\ufeff", "@", "int", "=",
]  # fmt: skip

# What may separate tokens of a valid declaration.
GAP = st.lists(
    st.sampled_from([" ", "\t", "\n", "\r\n", " // comment\n", "\n# doc line\n"]), max_size=3
).map("".join)

PLAIN = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda w: w not in RESERVED_KEYWORDS and w not in ("_", "version")
)
# A quoted part may be any identifier, keywords included: that is what quoting is for.
QUOTED = st.one_of(st.sampled_from(sorted(RESERVED_KEYWORDS)), PLAIN).map(lambda w: "'" + w)
PART = st.one_of(PLAIN, QUOTED)
PREFIX = st.one_of(PLAIN, st.just("_"), st.sampled_from(["int", "string", "xml", "map"]))


def spans_of(decl: ImportDecl) -> list[Span]:
    names = [decl.org, decl.prefix, decl.version, *decl.module]
    spans = [decl.span, *(n.span for n in names if n is not None)]
    spans += [e.span for e in decl.errors]
    spans += [s for s in (decl.slash, decl.version_clause, decl.name_span, decl.module_span) if s]
    if decl.prefix_span is not None:
        spans.append(decl.prefix_span)
    return spans


def check_invariants(text: str, section: ImportSection) -> None:
    assert 0 <= section.end <= len(text)
    previous_end = 0
    for decl in section.imports:
        assert previous_end <= decl.span.start < decl.span.end <= section.end
        assert text.startswith("import", decl.span.start)
        previous_end = decl.span.end
    for decl in section.late_imports:
        assert section.end <= decl.span.start
        assert text.startswith("import", decl.span.start)
    for decl in section.imports + section.late_imports:
        for span in spans_of(decl):
            assert decl.span.start <= span.start <= span.end <= decl.span.end <= len(text)
        for name in [decl.org, decl.prefix, *decl.module]:
            if name is not None:
                written = name.span.slice(text)
                assert written == ("'" if name.quoted else "") + name.value
        # Recovery always completes a declaration; the last-resort marker never shows.
        assert all(e.message != "invalid import declaration" for e in decl.errors)
    assert section.errors == tuple(e for d in section.imports for e in d.errors)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    check_invariants(text, parse_imports(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=30).map("".join))
@example("import")
@example("import ballerina/\x00\r\n'")
@example("import a/b version as ;;")
@example("import ${`a` as")
def test_import_like_token_soup_never_raises(text: str) -> None:
    check_invariants(text, parse_imports(text))


@dataclass(frozen=True)
class Generated:
    org: str | None
    parts: list[str]
    prefix: str | None
    text: str


@st.composite
def declarations(draw: st.DrawFn) -> Generated:
    org = draw(st.one_of(st.none(), PLAIN))
    parts = draw(st.lists(PART, min_size=1, max_size=4))
    prefix = draw(st.one_of(st.none(), PREFIX))

    def sep() -> str:  # around `/`, `.` and `;`: may be nothing
        return draw(st.one_of(st.just(""), GAP))

    def gap() -> str:  # between words: something
        return draw(st.one_of(st.just(" "), GAP.filter(bool)))

    text = "import" + gap()
    if org is not None:
        text += org + sep() + "/" + sep()
    text += (sep() + "." + sep()).join(parts)
    if prefix is not None:
        text += gap() + "as" + gap() + prefix
    text += sep() + ";"
    return Generated(org, parts, prefix, text)


def unquote(word: str) -> str:
    return word.removeprefix("'")


@settings(max_examples=150, deadline=None)
@given(st.lists(declarations(), min_size=1, max_size=5), GAP)
def test_generated_imports_parse_back(generated: list[Generated], tail_gap: str) -> None:
    text = "\n".join(g.text for g in generated) + tail_gap + "\npublic function main() {}\n"
    section = parse_imports(text)
    check_invariants(text, section)
    assert section.errors == ()
    assert len(section.imports) == len(generated)
    for decl, want in zip(section.imports, generated, strict=True):
        assert (decl.org.value if decl.org else None) == want.org
        assert [p.value for p in decl.module] == [unquote(p) for p in want.parts]
        assert [p.quoted for p in decl.module] == [p.startswith("'") for p in want.parts]
        assert (decl.prefix.value if decl.prefix else None) == want.prefix
        expected_prefix = want.prefix if want.prefix is not None else unquote(want.parts[-1])
        assert decl.effective_prefix == (None if expected_prefix == "_" else expected_prefix)
        assert decl.span.slice(text) == want.text
        assert decl.is_complete
    assert section.end == text.rindex("public")


def parsed_fresh(text: str) -> ImportSection:
    imports_module._recent.clear()
    return parse_imports(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(SOUP), max_size=20)
    .map("".join)
    .flatmap(lambda t: st.sampled_from([t, f"import a/b;\nimport c/d as e;\n{t}"])),
    st.lists(st.tuples(st.integers(0, 400), st.integers(0, 4), st.sampled_from(SOUP)), max_size=6),
)
@example("import a/b;\nfunction f() {}", [(12, 0, "import c/d;\n")])
@example("import a/b\nas x;", [(11, 1, "")])
@example("import a/b\nasx;", [(13, 1, "")])
@example("import a/b;\n\nint x = 1;", [(13, 3, "import")])
@example("import a/b;\nimpor x;", [(17, 0, "t")])
def test_an_edited_text_parses_as_if_it_were_new(
    text: str, edits: list[tuple[int, int, str]]
) -> None:
    """A section taken over from an earlier text is the one a fresh parse finds."""
    parsed_fresh(text)
    for at, removed, inserted in edits:
        at = min(at, len(text))
        text = text[:at] + inserted + text[at + removed :]
        assert parse_imports(text) == parsed_fresh_copy(text)


def parsed_fresh_copy(text: str) -> ImportSection:
    """A fresh parse that leaves the remembered sections as they were."""
    kept = list(imports_module._recent)
    try:
        return parsed_fresh(text)
    finally:
        imports_module._recent.clear()
        imports_module._recent.extend(kept)
