"""Documentation comments: parsing `#` lines and attaching them to declarations."""

from __future__ import annotations

from balmod.syntax.symbols import Documentation, extract_symbols, parse_documentation


def doc_of(text: str, name: str) -> Documentation | None:
    for symbol in extract_symbols(text):
        if symbol.name == name:
            return symbol.doc
    raise AssertionError(f"no symbol {name}")


def test_description_params_return_and_deprecation() -> None:
    doc = parse_documentation(
        [
            "# Sends a GET request.",
            "# Follows redirects.",
            "#",
            "# ```ballerina",
            '# string s = check c->get("/");',
            "# ```",
            "#",
            "# + path - Resource path",
            "# + headers - The entity headers, which are sent",
            "#             as they are",
            "# + return - The response or an `http:ClientError`",
            "#",
            "# # Deprecated",
            "# Use `get2` instead.",
            "#",
            "# It will be removed.",
        ]
    )
    assert doc == Documentation(
        description=(
            "Sends a GET request.\nFollows redirects.\n\n"
            '```ballerina\nstring s = check c->get("/");\n```'
        ),
        params=(
            ("path", "Resource path"),
            ("headers", "The entity headers, which are sent as they are"),
        ),
        returns="The response or an `http:ClientError`",
        deprecated="Use `get2` instead.\n\nIt will be removed.",
    )


def test_param_line_variants() -> None:
    doc = parse_documentation(
        [
            "# + a - plain",
            "# + b -no space",
            "# + c- dash on the name",
            "# + d",
            "# + 'type - a quoted name",
            "#+ e - no space after the hash",
            "    # + f - indented",
            "# + return",
        ]
    )
    assert doc.params == (
        ("a", "plain"),
        ("b", "no space"),
        ("c", "dash on the name"),
        ("d", ""),
        ("type", "a quoted name"),
        ("e", "no space after the hash"),
        ("f", "indented"),
    )
    assert doc.returns == ""
    assert doc.description == ""
    assert doc.deprecated is None


def test_deprecated_parameters_section() -> None:
    doc = parse_documentation(
        [
            "# Adds.",
            "# + a - first",
            "# + b - second",
            "# # Deprecated parameters",
            "# + b - `b` is ignored now",
        ]
    )
    assert doc.params == (("a", "first"), ("b", "second"))
    assert doc.deprecated_params == (("b", "`b` is ignored now"),)
    assert doc.deprecated is None


def test_deprecated_section_without_text_and_other_headings() -> None:
    doc = parse_documentation(["# Old.", "# # Deprecated"])
    assert doc.deprecated == ""
    doc = parse_documentation(["# Intro.", "# # Examples", "# Call it."])
    assert doc.description == "Intro.\n# Examples\nCall it."
    assert doc.deprecated is None


def test_lines_that_only_look_like_params() -> None:
    doc = parse_documentation(["# +1 for this design", "# a + b - c"])
    assert doc.params == ()
    assert doc.description == "+1 for this design\na + b - c"


def test_to_markdown() -> None:
    doc = Documentation(
        description="Sends a request.",
        params=(("path", "Resource path"), ("flag", "")),
        returns="The response",
        deprecated="Use `get2`.",
    )
    assert doc.to_markdown() == (
        "Sends a request.\n\n"
        "**Deprecated**\n\nUse `get2`.\n\n"
        "**Parameters**\n- `path`: Resource path\n- `flag`\n\n"
        "**Returns**\n\nThe response"
    )
    assert Documentation("", (), None, "").to_markdown() == "**Deprecated**"
    assert Documentation("Text.", (), None, None).to_markdown() == "Text."
    assert Documentation("", (("x", "y"),), None, None, (("x", "gone"),)).to_markdown() == (
        "**Parameters**\n- `x`: y\n\n**Deprecated parameters**\n- `x`: gone"
    )


def test_doc_attaches_across_annotations_blank_lines_and_comments() -> None:
    text = (
        "# Before the annotations.\n"
        '@display {label: "x"}\n'
        "@deprecated\n"
        "public function a() {}\n"
        "\n"
        "# After a blank line.\n"
        "\n"
        "// and a comment\n"
        "public function b() {}\n"
        "\n"
        '@display {label: "c"}\n'
        "# Between annotation and declaration.\n"
        "function c() {}\n"
    )
    assert doc_of(text, "a") == Documentation("Before the annotations.", (), None, "")
    assert doc_of(text, "b") == Documentation("After a blank line.", (), None, None)
    assert doc_of(text, "c") == Documentation("Between annotation and declaration.", (), None, None)


def test_only_the_nearest_run_of_doc_lines_counts() -> None:
    text = "# A stray banner.\n\n# The real description.\n# Second line.\npublic const A = 1;\n"
    assert doc_of(text, "A") == Documentation("The real description.\nSecond line.", (), None, None)


def test_docs_do_not_leak_past_other_items() -> None:
    text = (
        "# Documents the import by mistake.\n"
        "import ballerina/io;\n"
        "public function a() {}\n"
        "function b() {\n"
        "    # Inside a body.\n"
        "}\n"
        "function c() {}\n"
        "# Dangling at the end.\n"
    )
    assert doc_of(text, "a") is None
    assert doc_of(text, "c") is None


def test_crlf_doc_lines() -> None:
    text = (
        "# Line one.\r\n#\r\n# + x - the x\r\n# + return - result\r\n"
        "function f(int x) returns int => x;\r\n"
    )
    assert doc_of(text, "f") == Documentation("Line one.", (("x", "the x"),), "result", None)


def test_enum_member_docs() -> None:
    text = (
        "# Levels.\n"
        "public enum Level {\n"
        "    # Lowest.\n"
        "    # Really.\n"
        "    LOW,\n"
        "    # Highest.\n"
        "    @deprecated\n"
        '    HIGH = "h"\n'
        "}\n"
    )
    assert doc_of(text, "Level") == Documentation("Levels.", (), None, None)
    assert doc_of(text, "LOW") == Documentation("Lowest.\nReally.", (), None, None)
    assert doc_of(text, "HIGH") == Documentation("Highest.", (), None, "")
