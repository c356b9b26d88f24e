"""The regexes the symbol scanner reads Ballerina with: their sources, the builders of the
shortcut regexes, and each compiled when a scan first uses it.

Compiling them was most of the cost of importing the scanner, which `balmod check` pays on
every run. So the fixed regexes are module attributes made by `__getattr__` on first access
(read them as ``symbol_patterns.NAME``; importing one by name would compile it at import),
and the shortcut regexes are built and compiled per variant by `_fast_skip_regex` and
`_items`.

The shortcuts can be switched off (``_FAST_PATHS``, ``_FAST_HEADERS``) so that tests can
compare every answer with the token-by-token reading.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from balmod.syntax.lexical import STRING

# --- Switches -------------------------------------------------------------------------------

# The regex shortcuts (`_fast_skip_regex` for `_skip`, and `_items` for the start of an item).
_FAST_PATHS = True
# Most function headers have a parameter list without parentheses, braces, strings,
# comments, annotations or defaults, and a one-line return type without record or object
# types: for those one regex finds the body, instead of a token-by-token scan.
_FAST_HEADERS = True

# A possessive repetition takes a fifth less time than the same in an atomic group, but
# could match wrongly before Python 3.11.5 (gh-106052).
_POSSESSIVE = sys.version_info >= (3, 11, 5)

# --- Lexical pieces -------------------------------------------------------------------------

# Ballerina's whitespace (the import grammar's), plus a byte-order mark.
_WS_CHARS = " \t\f\r\n\ufeff"
_ID_INITIAL = r"[A-Za-z_]|[^\x00-\x7f\s\ufeff]"
_ID_FOLLOWING = r"[A-Za-z0-9_]|[^\x00-\x7f\s\ufeff]"
_ID_ESCAPE = r"\\u\{[0-9A-Fa-f]{1,6}\}|\\[^A-Za-z0-9_\s]"
# A Ballerina identifier, quoted (`'int`) or not, with `\` escapes (a regex source).
IDENTIFIER = (
    rf"'(?:{_ID_FOLLOWING}|{_ID_ESCAPE})+"
    rf"|(?:{_ID_INITIAL}|{_ID_ESCAPE})(?:{_ID_FOLLOWING}|{_ID_ESCAPE})*"
)

# One token of a declaration header. Every character starts some alternative, so `match`
# never fails inside the text. A backtick only opens a template; `_skip` reads the rest.
_TOKEN = (
    rf"(?P<ws>[{_WS_CHARS}]+)"
    r"|(?P<com>//[^\r\n]*)"
    r"|(?P<doc>#[^\r\n]*)"
    rf"|(?P<str>{STRING})"
    r"|(?P<tpl>`)"
    rf"|(?P<id>{IDENTIFIER})"
    r"|(?P<num>[0-9][0-9A-Za-z_.]*)"
    rf"|(?P<op>\.\.\.|=>|\{{\||\|\}}|[^{_WS_CHARS}])"
)
# The same tokens with the whitespace and comments before them, so that finding the next
# significant token is one match. No alternative matching means the end of the text.
_NEXT = (
    rf"[{_WS_CHARS}]*(?://[^\r\n]*[{_WS_CHARS}]*)*"
    r"(?:(?P<doc>#[^\r\n]*(?:(?:\r\n?|\n)[ \t\f]*#[^\r\n]*)*)"
    rf"|(?P<str>{STRING})"
    r"|(?P<tpl>`)"
    rf"|(?P<id>{IDENTIFIER})"
    r"|(?P<num>[0-9][0-9A-Za-z_.]*)"
    rf"|(?P<op>\.\.\.|=>|\{{\||\|\}}|[^{_WS_CHARS}]))?"
)

# Words that can only begin a module-level declaration or statement. One of them at the very
# start of a line, where a body or header is still open, means that body or header is broken.
_RECOVERY_WORDS = frozenset(
    {
        "public", "type", "class", "const", "enum", "listener", "annotation",
        "configurable", "import", "xmlns", "function", "isolated", "service", "final",
    }
)  # fmt: skip
# ...except these, which also begin members of an object type written without indentation.
_MEMBER_WORDS = frozenset({"public", "function", "isolated", "final"})
# The same idea for the fast body skipper: inside a function body or an initialiser, any
# module-level keyword or named function definition at column 0 ends it (`xmlns` is left
# out, being a statement too). This misreads only object constructors whose members are not
# indented, which formatted code never has, while a half-typed `if x {` is common.
_RECOVERY_LOOKAHEAD = (
    r"(?:(?:public|type|class|const|enum|listener|annotation|configurable|import)\b"
    r"|(?:isolated[ \t]+)?function[ \t]+[^\s(])"
)
# In class, service and object type bodies, where `public` and `function` start members at
# any indentation, only a declaration that no member can be.
_STRONG_RECOVERY_LOOKAHEAD = (
    r"(?:public[ \t]+)?(?:(?:isolated|client|distinct|readonly|service)[ \t]+)*"
    r"(?:type|class|const|enum|listener|annotation|configurable|import)\b"
)

# Events are matched whole where that is all there is to do: a string or a comment.
_BRACE_EVENTS = rf"[{{}}`]|{STRING}|(?://|#)[^\r\n]*"
_SEMICOLON_EVENTS = rf"[{{}}`;]|{STRING}|(?://|#)[^\r\n]*"
_ANY_RECOVERY = rf"[\r\n](?={_RECOVERY_LOOKAHEAD}|{_STRONG_RECOVERY_LOOKAHEAD})"

# A simple function header (see `_FAST_HEADERS`), from after the name to its stop.
_SIMPLE_FUNCTION_HEADER = (
    r"[ \t\f\r\n]*\([^(){}\"`#/;@=]*\)"
    # Greedy: `ret` cannot hold a stop character, so the stop is where a lazy match puts it.
    r"(?:[ \t\f\r\n]*returns[ \t\f]+(?P<ret>[^(){}\"`#/;@=\r\n]*))?"
    r"[ \t\f\r\n]*(?P<stop>=>|[{=;])"
)

_WORD = r"[A-Za-z_][A-Za-z0-9_]*"
# The words that `_DeclarationReader._item` does not read as the type of a module variable
# when they come first after the annotations: qualifiers, and the keywords of other items.
_NOT_A_TYPE = (
    r"(?:public|isolated|transactional|distinct|readonly|client|service|final|configurable"
    r"|function|class|type|const|listener|annotation|enum|import|xmlns)"
)
# What `_SIMPLE_FUNCTION_HEADER` allows in a parameter list and a return type: all but these.
_PARAMETER_EXCLUDED = '(){}"`#/;@=\r\n'

# --- The fixed regexes, compiled on first access --------------------------------------------

# Declared for type checkers; `__getattr__` makes each from `_SOURCES` when first read.
TOKEN: re.Pattern[str]
NEXT: re.Pattern[str]
STRONG_RECOVERY: re.Pattern[str]
# What `_skip` stops at: braces (and `;`), and line-start declaration keywords or not.
BRACE_EVENTS: re.Pattern[str]
SEMICOLON_EVENTS: re.Pattern[str]
BRACE_RECOVERY_EVENTS: re.Pattern[str]
SEMICOLON_RECOVERY_EVENTS: re.Pattern[str]
TEMPLATE_EVENTS: re.Pattern[str]
ANY_WS: re.Pattern[str]
NEEDS_TOKENS: re.Pattern[str]
WS_RUN: re.Pattern[str]
TIGHT_SPACE: re.Pattern[str]
DOC_LINE_TEXT: re.Pattern[str]
# A run of consecutive doc lines, as `NEXT` reads one.
DOC_RUN: re.Pattern[str]
SIMPLE_FUNCTION_HEADER: re.Pattern[str]
LINE_START_DECLARATION: re.Pattern[str]
WORD: re.Pattern[str]
# White space and comments, which `_item` skips before an item.
COMMENTS: re.Pattern[str]

_SOURCES: dict[str, tuple[str, int]] = {
    "TOKEN": (_TOKEN, re.DOTALL),
    "NEXT": (_NEXT, re.DOTALL),
    "STRONG_RECOVERY": (_STRONG_RECOVERY_LOOKAHEAD, 0),
    "BRACE_EVENTS": (_BRACE_EVENTS, 0),
    "SEMICOLON_EVENTS": (_SEMICOLON_EVENTS, 0),
    "BRACE_RECOVERY_EVENTS": (rf"{_BRACE_EVENTS}|{_ANY_RECOVERY}", 0),
    "SEMICOLON_RECOVERY_EVENTS": (rf"{_SEMICOLON_EVENTS}|{_ANY_RECOVERY}", 0),
    "TEMPLATE_EVENTS": (r"`|\$\{", 0),
    "ANY_WS": (r"\s+", 0),
    "NEEDS_TOKENS": (r'[#"`]|//', 0),
    "WS_RUN": (f"[{_WS_CHARS}]+", 0),
    "TIGHT_SPACE": (r"(?<=[(\[]) | (?=[)\],;])", 0),
    "DOC_LINE_TEXT": (r"#([^\r\n]*)", 0),
    "DOC_RUN": (r"#[^\r\n]*(?:(?:\r\n?|\n)[ \t\f]*#[^\r\n]*)*", 0),
    "SIMPLE_FUNCTION_HEADER": (_SIMPLE_FUNCTION_HEADER, 0),
    "LINE_START_DECLARATION": (rf"[\r\n]{_RECOVERY_LOOKAHEAD}", 0),
    "WORD": (_WORD, 0),
    "COMMENTS": (r"[ \t\r\n]*(?://[^\r\n]*[ \t\r\n]*)+", 0),
}

if not TYPE_CHECKING:  # hidden from type checkers, which then check every name used

    def __getattr__(name: str) -> re.Pattern[str]:
        """Compile a fixed regex on first access and keep it as a plain module attribute,
        so that later reads cost what a global does."""
        try:
            source, flags = _SOURCES[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        pattern = globals()[name] = re.compile(source, flags)
        return pattern


# --- The body skipper's shortcut ------------------------------------------------------------

# The common case of `_skip` in one regex match: code with no template, braces nested at
# most `_FAST_NESTING` deep and no line break before a lowercase letter (every recovery
# keyword is lowercase, so `_skip` cannot stop at one), ending where `_skip` ends it: after
# the brace closing the block, or a `;` outside braces. Formatted code indents what is inside
# a declaration, so this is nearly every body, initialiser and type descriptor. Each level's
# repetition is atomic, so a match takes linear time; where the regex does not match,
# `_skip` runs its event loop from the same place, and the answer is the same either way.
_FAST_NESTING = 4


def _chars_except(excluded: str, ascii_text: bool) -> str:
    """A character class of every character but ``excluded``. For text that is all ASCII,
    the other characters below 256 written as ranges: the regex engine tests that class
    (a bitmap) about twice as fast as ``[^...]``, and it compiles quickly only without the
    characters above 255, which such text does not have."""
    if not ascii_text:
        return "[^" + "".join(re.escape(c) for c in excluded) + "]"
    ranges: list[str] = []
    low = 0
    for code in [*sorted({ord(c) for c in excluded}), 256]:
        if code > low:
            first, last = re.escape(chr(low)), re.escape(chr(code - 1))
            ranges.append(first if code - 1 == low else f"{first}-{last}")
        low = code + 1
    return f"[{''.join(ranges)}]"


# A template whose interpolations hold no brace, template or comment. `_skip` ends nothing
# inside a template (no `;`, no recovery keyword), so its text may hold anything else.
_SIMPLE_TEMPLATE = rf'`(?>[^`$]+|\$(?!\{{)|\$\{{(?>[^{{}}`"#/]+|{STRING}|/(?!/))*\}})*`'


def _atomic_repeat(body: str, possessive: bool) -> str:
    """``body`` repeated as often as it matches, never given back."""
    return f"(?:{body})*+" if possessive else f"(?>(?:{body})*)"


def _code_piece(semicolon: bool, ascii_text: bool, possessive: bool) -> str:
    """One piece of code other than a brace (or a `;` when ``semicolon``): a line break not
    before a lowercase letter and the plain characters after it, a run of plain characters,
    a string, a simple template, a comment, or a `/`.

    The alternatives start with different characters (but the comment and the `/`, in that
    order), so which matches does not depend on their order: the commonest come first. A
    piece need not be atomic: inside the atomic repetition, nothing after it can fail."""
    plain = _chars_except('{}"`/#\r\n;' if semicolon else '{}"`/#\r\n', ascii_text)
    string_char = _chars_except('"\\\r\n', ascii_text)
    escapes = _atomic_repeat(rf"\\[^\r\n]{string_char}*", possessive)
    string = rf'"{string_char}*{escapes}"?'  # `lexical.STRING`
    rest_of_line = _chars_except("\r\n", ascii_text)
    return (
        rf"[\r\n](?![a-z]){plain}*|{plain}+|{string}|{_SIMPLE_TEMPLATE}"
        rf"|(?://|#){rest_of_line}*|/"
    )


def _fast_skip(semicolon: bool, ascii_text: bool, possessive: bool) -> str:
    """The regex for `_skip` from inside one brace (``semicolon`` False) or from depth 0 up
    to a `;` (``semicolon``), for text that is all ASCII or for any text."""
    inner = _code_piece(False, ascii_text, possessive)
    nested = _atomic_repeat(inner, possessive)
    for _ in range(_FAST_NESTING - 1):
        nested = _atomic_repeat(f"{inner}|\\{{{nested}\\}}", possessive)
    if not semicolon:
        return f"{nested}\\}}"
    return (
        _atomic_repeat(f"{_code_piece(True, ascii_text, possessive)}|\\{{{nested}\\}}", possessive)
        + ";"
    )


# `_fast_skip` compiled when first needed, by (``semicolon``, ``ascii_text``). The item
# regexes (`_items`) hold them too; these serve `_skip`.
_SKIPS: dict[tuple[bool, bool], re.Pattern[str]] = {}


def _fast_skip_regex(semicolon: bool, ascii_text: bool) -> re.Pattern[str]:
    key = (semicolon, ascii_text)
    pattern = _SKIPS.get(key)
    if pattern is None:
        pattern = _SKIPS[key] = re.compile(_fast_skip(semicolon, ascii_text, _POSSESSIVE))
    return pattern


# --- The start of an item -------------------------------------------------------------------

# The start of a module-level item in one match, read as `_DeclarationReader._item` reads it
# token by token: doc lines and blank space, qualifiers, then a common declaration whole (see
# `_item_pattern`), or `function <name>` (with its header, when `_simple_function_header`
# would take it) or a declaration keyword. Anything else (comments, annotations, quoted or
# escaped names, other white space...) does not match, and `_item` reads the item token by
# token. The doc lines are kept as a range from the item's start: `Symbol.doc` takes the
# last run of consecutive lines in it, as `_DeclarationReader._doc` does. They are matched
# possessively, as `_next` never gives back what it consumed: a word inside a doc line is
# never read as a qualifier.


def _item_pattern(cr: bool, fast_headers: bool, ascii_text: bool) -> str:
    """The start of an item as `_DeclarationReader._item` reads it, or a whole common
    declaration, for text with a `\\r` or not (without, `.` runs to the end of a line several
    times faster than `[^\\r\\n]`), with `_FAST_HEADERS` or not, for text that is all ASCII
    or not.

    The common declarations are tried first, each in a group that is the last one the match
    closes (`Match.lastindex` says which), then their body, initialiser or type descriptor
    as `_skip` would skip it, where `_fast_skip` can (else the match ends before it; those
    declarations sharing a tail, to keep the regex small). `head` is the start of any other
    item, for `_Parser._headed`. Each alternative starts with its keyword, which the regex
    engine checks before entering it.
    """
    rest_of_line = r"[^\r\n]*" if cr else ".*"
    # A function whose header `_simple_function_header` takes (`_Parser.run` checks the
    # return type for `record` and `object`). A line break in the header but outside the
    # parameters is never before a word, so only those are checked for a line starting with
    # a declaration keyword. Atomic: a body that does not match is tried once. `fn_head`
    # runs from the name to the brace.
    char = _chars_except(_PARAMETER_EXCLUDED, ascii_text)
    line = rf"[\r\n](?!{_RECOVERY_LOOKAHEAD}){char}*"
    function = (
        rf"function(?P<fn>(?>[ \t\r\n]+(?P<fn_head>(?P<fn_name>{_WORD})(?=[ \t\r\n(])"
        # The parameters; lines after the first are rare, and cost a test where they are not.
        rf"[ \t\f\r\n]*\({char}*(?:{line}{_atomic_repeat(line, _POSSESSIVE)}|)\)"
        rf"(?:[ \t\f\r\n]*returns[ \t\f]+(?P<fn_ret>{char}*)|)"
        r"[ \t\f\r\n]*)\{))"
        if fast_headers
        else "(?P<fn>(?!)(?P<fn_head>)(?P<fn_name>)(?P<fn_ret>))"  # the same groups, unused
    )
    qualifier = (
        r"(?:isolated|transactional|distinct|readonly|client|service|final|configurable)"
        r"[ \t\r\n]+"
    )
    # Documentation lines and the blank space around them (a group around them would make
    # each line cost more). Without `\\r`, lines that follow each other are read first,
    # which takes fewer steps.
    docs = _atomic_repeat(rf"#{rest_of_line}[ \t\r\n]*", _POSSESSIVE)
    if not cr:
        docs = _atomic_repeat(r"#.*\n", _POSSESSIVE) + r"[ \t\r\n]*" + docs
    return (
        # Then qualifiers, `public` first (in another order, `_item` reads them).
        rf"[ \t\r\n]*{docs}(?P<quals>(?:(?P<public>public)[ \t\r\n]+|)"
        rf"{_atomic_repeat(qualifier, _POSSESSIVE)})"
        # Declarations with a body: a function, or `class name {` (`{|` is not a body).
        rf"(?:(?:{function}"
        rf"|class(?P<cl>(?>[ \t\r\n]+(?P<cl_name>{_WORD})[ \t\r\n]*\{{(?!\|))))"
        rf"(?:{_fast_skip(False, ascii_text, _POSSESSIVE)}|)"
        # Declarations up to a `;`: `const [type] name =` on one line, both plain words;
        # `type name`.
        rf"|(?:const(?P<cn>(?>[ \t]+(?!annotation(?![A-Za-z0-9_]))"
        rf"(?:{_WORD}[ \t]+)?(?P<cn_name>{_WORD})[ \t]*=(?!>)))"
        rf"|type(?P<ty>[ \t\r\n]+(?P<ty_name>{_WORD})(?=[ \t\r\n]))"
        # `import` or `xmlns` and a space; `[type] name =` with a plain type (`T` or `p:T`)
        # and name, both on one line, the type no word that `_item` reads otherwise.
        r"|(?:import|xmlns)(?P<imp>(?=[ \t\r\n]))"
        rf"|(?P<va>(?>(?!{_NOT_A_TYPE}(?![A-Za-z0-9_])){_WORD}(?::{_WORD})?[ \t]+"
        rf"(?P<va_name>{_WORD})[ \t]*=(?!>))))"
        rf"(?:{_fast_skip(True, ascii_text, _POSSESSIVE)}|)"
        # `enum name {` and members that are bare names, each followed by a comma but the last.
        rf"|enum(?P<en>(?>[ \t\r\n]+(?P<en_name>{_WORD})[ \t\r\n]*\{{(?!\|)"
        rf"(?P<en_members>[ \t\r\n]*(?:{_WORD}[ \t\r\n]*,[ \t\r\n]*)*(?:{_WORD}[ \t\r\n]*)?)\}}))"
        # Nothing more to read.
        r"|(?P<eof>\Z)"
        # Otherwise the start of the item, for `_headed`.
        rf"|(?P<head>function[ \t\r\n]+(?P<fname>{_WORD})(?=[ \t\r\n(])"
        rf"(?P<header>{_SIMPLE_FUNCTION_HEADER})?"
        r"|(?P<kw>class|type|const|listener|annotation|enum)(?=[ \t\r\n])))"
    )


# Compiled when first needed, by the arguments of `_item_pattern`.
_ITEMS: dict[tuple[bool, bool, bool], re.Pattern[str]] = {}


def _items(cr: bool, fast_headers: bool, ascii_text: bool) -> re.Pattern[str]:
    key = (cr, fast_headers, ascii_text)
    pattern = _ITEMS.get(key)
    if pattern is None:
        pattern = _ITEMS[key] = re.compile(_item_pattern(*key))
    return pattern


# --- A plain service declaration ------------------------------------------------------------


def _service_pattern(ascii_text: bool) -> str:
    """A service declaration as `_DeclarationReader._item` reads it (it declares no name:
    only where it ends matters), when it is plain: doc lines and blank space, at most one
    annotation (`@a` or `@p:a`, its value as `_skip` skips it), `service` or `isolated
    service`, a header on one line that starts with a path or `on` and holds no string,
    comment, bracket or brace (but parentheses one level deep), and the body as `_skip`
    skips it. `_Parser._service_end` checks the rest: `an`, the annotation's name, is no
    reserved word (`_annotation_ref` reads one otherwise), and `header` holds neither
    `record` nor `object` (before which `_scan` reads a brace as no body).
    """
    body = _fast_skip(False, ascii_text, _POSSESSIVE)
    piece = _chars_except("{}()[]\"`#'\\@|/;\r\n", ascii_text) + "|/(?!/)"
    docs = _atomic_repeat(r"#[^\r\n]*[ \t\r\n]*", _POSSESSIVE)
    header = _atomic_repeat(rf"{piece}|\((?:{piece})*\)", _POSSESSIVE)
    return (
        rf"[ \t\r\n]*{docs}"
        rf"(?:@(?P<an>{_WORD})(?::{_WORD})?(?=[ \t\r\n{{])"
        rf"(?:[ \t\r\n]*\{{(?!\|){body})?[ \t\r\n]*)?"
        r"(?:isolated[ \t\r\n]+)?service[ \t\r\n]+"
        rf"(?P<header>(?=/|on[ \t]){header})\{{(?!\|){body}"
    )


# Compiled when first needed, by ``ascii_text``.
_SERVICES: dict[bool, re.Pattern[str]] = {}


def _services(ascii_text: bool) -> re.Pattern[str]:
    pattern = _SERVICES.get(ascii_text)
    if pattern is None:
        pattern = _SERVICES[ascii_text] = re.compile(_service_pattern(ascii_text))
    return pattern
