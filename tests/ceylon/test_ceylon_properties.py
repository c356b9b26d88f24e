"""Properties of parse_descriptor over generated text: it never raises, every span lies in
the text, and generated valid descriptors parse back to what was generated."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.ceylon.model import ParsedDescriptor
from balmod.ceylon.parser import parse_descriptor
from balmod.text import Span

# Pieces of descriptor-like text, broken and whole, for token soup.
SOUP = [
    "module", "import", "value", " ", "\n", "\r\n", "\t", "{", "}", "(", ")", ";", ":", ".",
    ",", "=", '"', "'", '"""', "`", "a", "com", "example", '"1.0"', "'1.0'", "shared ",
    'doc("x") ', "native(\"jvm\") ", "maven", "1", "//", "/*", "*/", "#!", "\\i", "@", "é",
    "🎉", "\\", "\x00", "\ufeff", "/* c */", "// c\n",
]  # fmt: skip

GAP = st.lists(
    st.sampled_from([" ", "\t", "\n", "\r\n", " // comment\n", " /* c /* nested */ */ "]),
    min_size=1,
    max_size=2,
).map("".join)
KEYWORDS = {"module", "import", "value"}
PART = st.from_regex(r"[a-z_][a-z0-9_]{0,7}", fullmatch=True).filter(lambda w: w not in KEYWORDS)
NAME = st.lists(PART, min_size=1, max_size=4).map(".".join)
VERSION = st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}(-[A-Za-z0-9]{1,6})?", fullmatch=True)


def spans_of(parsed: ParsedDescriptor) -> list[Span]:
    spans = [e.span for e in parsed.errors]
    descriptor = parsed.descriptor
    if descriptor is None:
        return spans
    spans += [descriptor.span, descriptor.keyword, *(n.span for n in descriptor.name)]
    if descriptor.version is not None:
        spans += [descriptor.version.span, descriptor.version.content_span]
    for item in descriptor.imports:
        spans += [item.span, item.keyword, *(p.span for p in item.module.parts)]
        for extra in (item.version, item.module.quoted, item.module.namespace):
            if extra is not None:
                spans.append(extra.span)
    for constant in descriptor.constants:
        spans.append(constant.span)
    return spans


def assert_well_formed(text: str, parsed: ParsedDescriptor) -> None:
    for span in spans_of(parsed):
        assert 0 <= span.start <= span.end <= len(text), (text, span)
    assert len(parsed.masked) == len(text)
    assert [e.span for e in parsed.errors] == sorted(e.span for e in parsed.errors)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=30).map("".join))
def test_token_soup_never_raises(text: str) -> None:
    assert_well_formed(text, parse_descriptor(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_well_formed(text, parse_descriptor(text))


@dataclass(frozen=True)
class Generated:
    text: str
    module: str
    version: str
    imports: list[tuple[str, str, bool, bool]]


@st.composite
def descriptors(draw: st.DrawFn) -> Generated:
    module, version = draw(NAME), draw(VERSION)
    imports = draw(st.lists(st.tuples(NAME, VERSION, st.booleans(), st.booleans()), max_size=5))
    gap = draw(GAP)
    parts = [f'"Doc."{gap}module{gap}{module}{gap}"{version}"{gap}{{']
    for name, imported, shared, optional in imports:
        annotations = ("shared " if shared else "") + ("optional " if optional else "")
        parts.append(f'{gap}{annotations}import {name}{gap}"{imported}";')
    parts.append(f"{gap}}}")
    return Generated("".join(parts), module, version, imports)


@settings(max_examples=150, deadline=None)
@given(descriptors())
def test_generated_descriptors_parse_back(generated: Generated) -> None:
    parsed = parse_descriptor(generated.text)
    assert parsed.errors == ()
    descriptor = parsed.descriptor
    assert descriptor is not None
    assert descriptor.module_name == generated.module
    assert descriptor.version is not None and descriptor.version.value == generated.version
    got = [
        (i.module.name, i.version.value if i.version else "", i.shared, i.optional)
        for i in descriptor.imports
    ]
    assert got == generated.imports
    for item in descriptor.imports:
        span = item.module.name_span
        assert span is not None
        assert generated.text[span.start : span.end] == item.module.name


@settings(max_examples=40, deadline=None)
@given(descriptors())
def test_every_prefix_of_a_valid_descriptor_parses(generated: Generated) -> None:
    # What an editor sees while the descriptor is typed from the first character on.
    for end in range(0, len(generated.text) + 1, 3):
        text = generated.text[:end]
        assert_well_formed(text, parse_descriptor(text))
