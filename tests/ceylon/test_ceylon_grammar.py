"""The module-descriptor grammar on valid text: every form Ceylon accepts, with exact spans."""

from __future__ import annotations

import logging

import lark
import pytest
from ceylon_support import at

from balmod.ceylon.model import ModuleDescriptor
from balmod.ceylon.parser import GRAMMAR, parse_descriptor
from balmod.syntax.grammar import grammar_path
from balmod.text import Span


def parse_ok(text: str) -> ModuleDescriptor:
    parsed = parse_descriptor(text)
    assert parsed.errors == (), parsed.errors
    assert parsed.descriptor is not None
    return parsed.descriptor


def test_grammar_has_no_conflicts(caplog: pytest.LogCaptureFixture) -> None:
    # lark resolves a shift/reduce conflict silently unless debugging; it must find none.
    source = grammar_path(GRAMMAR).read_text(encoding="utf-8")
    with caplog.at_level(logging.DEBUG, logger="lark"):
        lark.Lark(source, parser="lalr", lexer="basic", debug=True)
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]


def test_seed_descriptor() -> None:
    text = "module com.example.foo '1.2.0' {\n    import com.example.bar '3.4.1';\n}\n"
    parsed = parse_descriptor(text)
    assert parsed.errors == ()
    descriptor = parsed.descriptor
    assert descriptor is not None
    assert descriptor.module_name == "com.example.foo"
    assert descriptor.keyword == at(text, "module")
    assert descriptor.name_span == at(text, "com.example.foo")
    assert [n.span for n in descriptor.name] == [
        at(text, "com"),
        at(text, "example"),
        at(text, "foo"),
    ]
    assert descriptor.version is not None
    assert descriptor.version.text == "'1.2.0'"
    assert descriptor.version.value == "1.2.0"
    assert descriptor.version.quote == "'"
    assert descriptor.version.span == at(text, "'1.2.0'")
    assert descriptor.lbrace == at(text, "{")
    assert descriptor.rbrace == at(text, "}")
    assert descriptor.span == Span(0, len(text) - 1)
    (item,) = descriptor.imports
    assert item.keyword == at(text, "import")
    assert item.module.name == "com.example.bar"
    assert item.module.name_span == at(text, "com.example.bar")
    assert item.version is not None and item.version.span == at(text, "'3.4.1'")
    assert item.has_semicolon
    assert item.span == Span(at(text, "import").start, at(text, ";").end)


def test_annotated_descriptor_from_the_reference() -> None:
    text = (
        '"An example module."\n'
        'by("Tom", "Gavin") license("ASL") native("jvm")\n'
        'module com.example.foo "1.2.0" {\n'
        '    shared import com.example.bar "3.4.1";\n'
        '    optional import org.example.whizzbang "0.5";\n'
        '    doc("Needed for X.") shared optional import a.b "1";\n'
        "}\n"
    )
    descriptor = parse_ok(text)
    annotations = descriptor.annotations
    assert annotations.doc is not None
    assert annotations.doc.value == "An example module."
    assert annotations.doc.span == at(text, '"An example module."')
    assert [a.name.value for a in annotations.items] == ["by", "license", "native"]
    assert annotations.strings("by") == ("Tom", "Gavin")
    assert annotations.native_backends == ("jvm",)
    assert annotations.items[0].span == at(text, 'by("Tom", "Gavin")')
    assert annotations.span == Span(0, at(text, 'native("jvm")').end)
    first, second, third = descriptor.imports
    assert first.shared and not first.optional
    assert first.span == Span(at(text, "shared").start, at(text, '"3.4.1";').end)
    assert second.optional and not second.shared
    assert third.shared and third.optional
    assert third.annotations.strings("doc") == ("Needed for X.",)
    assert third.span.start == at(text, 'doc("Needed').start


@pytest.mark.parametrize(
    ("source", "namespace", "name", "artifact", "classifier", "is_ceylon"),
    [
        ("import a.b.c", None, "a.b.c", None, None, True),
        ("import single", None, "single", None, None, True),
        ('import "a.b"', None, "a.b", None, None, True),
        ('import "org.jboss:jboss-logging"', None, "org.jboss:jboss-logging", None, None, False),
        (
            'import maven:"org.hibernate:hibernate-core"',
            "maven",
            "org.hibernate:hibernate-core",
            None,
            None,
            False,
        ),
        ('import maven:org.ow2.asm:"asm"', "maven", "org.ow2.asm", "asm", None, False),
        ('import maven:org.ow2.asm:"asm":"jdk8"', "maven", "org.ow2.asm", "asm", "jdk8", False),
        ('import maven:junit:"junit"', "maven", "junit", "junit", None, False),
        ('import npm:"left-pad"', "npm", "left-pad", None, None, False),
        ("import ceylon:com.example.bar", "ceylon", "com.example.bar", None, None, True),
        ('import com.example:"artifact"', None, "com.example", "artifact", None, False),
        ("import com.\\iin.x", None, "com.in.x", None, None, True),
    ],
)
def test_import_names(
    source: str,
    namespace: str | None,
    name: str,
    artifact: str | None,
    classifier: str | None,
    is_ceylon: bool,
) -> None:
    text = f'module m "1" {{ {source} "1.0"; }}'
    (item,) = parse_ok(text).imports
    module = item.module
    assert (module.namespace.value if module.namespace else None) == namespace
    assert module.name == name
    assert (module.artifact.value if module.artifact else None) == artifact
    assert (module.classifier.value if module.classifier else None) == classifier
    assert module.is_ceylon is is_ceylon
    written = source[len("import ") :]
    assert module.span == at(text, written)
    assert item.version is not None and item.version.value == "1.0"


def test_namespace_and_quoted_name_spans() -> None:
    text = 'module m "1" { import maven:"g:a" "2.0"; }'
    (item,) = parse_ok(text).imports
    assert item.module.namespace is not None
    assert item.module.namespace.span == at(text, "maven")
    assert item.module.quoted is not None
    assert item.module.name_span == at(text, '"g:a"')
    assert item.module.display == "maven:g:a"


def test_version_constants() -> None:
    text = 'module m "1" {\n  value v = "1.3.3";\n  import ceylon.collection v;\n}'
    descriptor = parse_ok(text)
    (constant,) = descriptor.constants
    assert constant.name is not None
    assert constant.name.span == Span(text.index("v ="), text.index("v =") + 1)
    assert constant.value is not None and constant.value.value == "1.3.3"
    assert constant.has_semicolon
    (item,) = descriptor.imports
    assert item.version is None
    assert item.version_constant is not None
    assert item.version_constant.span == Span(text.index("v;"), text.index("v;") + 1)
    resolved = descriptor.resolved_version(item)
    assert resolved is not None and resolved.value == "1.3.3"


def test_comments_nest_and_never_hide_strings() -> None:
    text = (
        "#!/usr/bin/env ceylon\n"
        "/* outer /* inner */ still outer */\n"
        'module a.b "1" { // trailing\n'
        '    import c "/* not a comment */";\n'
        '    import d "// nor this";\n'
        "}\n"
    )
    descriptor = parse_ok(text)
    assert [i.version.value for i in descriptor.imports if i.version] == [
        "/* not a comment */",
        "// nor this",
    ]
    assert descriptor.keyword == at(text, "module")


def test_doc_strings_span_lines_and_verbatim_strings_keep_backslashes() -> None:
    text = '"""A \\verbatim\n doc"""\nmodule m "1" { "Doc\n of an import." import x "1"; }'
    descriptor = parse_ok(text)
    assert descriptor.annotations.doc is not None
    assert descriptor.annotations.doc.value == "A \\verbatim\n doc"
    assert descriptor.annotations.doc.quote == '"""'
    (item,) = descriptor.imports
    assert item.annotations.doc is not None
    assert item.annotations.doc.value == "Doc\n of an import."


def test_string_escapes_are_resolved() -> None:
    text = 'module m "1.0\\{#002D}rc" { import x "a\\"b"; }'
    descriptor = parse_ok(text)
    assert descriptor.version is not None and descriptor.version.value == "1.0-rc"
    assert descriptor.imports[0].version is not None
    assert descriptor.imports[0].version.value == 'a"b'


def test_module_coordinates_and_other_annotation_arguments() -> None:
    text = (
        "see(`module ceylon.language`) deprecated since(1.2) label(x.y)\n"
        'module com.example.foo maven:com.example:"foo" "1.0" {}'
    )
    descriptor = parse_ok(text)
    assert [a.name.value for a in descriptor.annotations.items] == [
        "see",
        "deprecated",
        "since",
        "label",
    ]
    assert descriptor.annotations.items[1].has_arguments is False
    assert descriptor.coordinates == at(text, 'maven:com.example:"foo"')
    assert descriptor.version is not None and descriptor.version.value == "1.0"
    assert descriptor.imports == ()


def test_unicode_and_crlf_keep_code_point_offsets() -> None:
    text = '"Émile’s module 🎉"\r\nmodule é.ü "1" {\r\n  import ß.x "2";\r\n}\r\n'
    descriptor = parse_ok(text)
    assert descriptor.module_name == "é.ü"
    assert descriptor.name_span == at(text, "é.ü")
    assert descriptor.imports[0].module.name_span == at(text, "ß.x")
