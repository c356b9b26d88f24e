"""A ``module.ceylon`` through the lark grammar, with error recovery, into a ModuleDescriptor.

Text being typed never raises. Recovery is lark's LALR ``on_error`` hook (``_Recovery``):

- an unexpected character is skipped and reported;
- before a token that ends or starts a declaration (``;``, ``}``, ``{``, ``import``,
  ``module``, ``value``) the shortest run of missing tokens that lets the parser take it
  (at most three: ``import com.ex }`` gets a missing ``;``) is inserted as zero-width
  tokens and reported as missing;
- where the parser can take nothing but a name (after ``module`` or ``.``), a missing name
  is inserted if that lets the parse go on (``module "1.0" {``);
- any other unexpected token is skipped and reported (adjacent ones as one error);
- at the end of the text, missing tokens are inserted until the descriptor is complete
  (``module com.example "1.0" {`` gets a missing ``}``).

Inserted tokens have an empty value, which is how the tree walk tells them from written
ones; they never appear in the model.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from dataclasses import dataclass
from functools import cache, lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken
from lark.parsers.lalr_interactive_parser import InteractiveParser

from balmod.ceylon.lexical import identifier_value, literal_value, mask_comments
from balmod.ceylon.model import (
    Annotation,
    Annotations,
    Constant,
    DescriptorError,
    ImportModule,
    Literal,
    ModuleDescriptor,
    ModuleRef,
    Name,
    ParsedDescriptor,
)
from balmod.syntax.grammar import load_grammar
from balmod.text import Span

logger = logging.getLogger(__name__)

GRAMMAR = "ceylon_module"

_MESSAGE_TEXT_LIMIT = 40
_LITERAL_TERMINALS = ("VERBATIM_STRING", "STRING", "UNCLOSED_STRING", "QUOTED", "META_LITERAL")
_STRING_TYPES = frozenset({"STRING", "VERBATIM_STRING", "UNCLOSED_STRING", "QUOTED"})

# Tokens that end or start a declaration: worth inserting missing tokens before.
_SYNC = frozenset({"SEMICOLON", "RBRACE", "LBRACE", "IMPORT", "MODULE", "VALUE"})
# What recovery may insert, in order of preference (closers first, so that completing a
# declaration at the end of the text always makes progress towards `}`).
_INSERTABLE = (
    "RPAR",
    "SEMICOLON",
    "RBRACE",
    "LBRACE",
    "MODULE",
    "IMPORT",
    "SPECIFY",
    "IDENTIFIER",
    "STRING",
    "SEGMENT_OP",
)
_MAX_PLAN = 3
_MAX_COMPLETION = 16

_PUNCTUATION = {
    "RPAR": ")",
    "SEMICOLON": ";",
    "RBRACE": "}",
    "LBRACE": "{",
    "MODULE": "module",
    "IMPORT": "import",
    "SPECIFY": "=",
    "SEGMENT_OP": ":",
}
_MISSING_NAME = {
    "MODULE": "missing module name",
    "IMPORT": "missing module name",
    "DOT": "missing identifier after '.'",
    "VALUE": "missing constant name",
    "SEGMENT_OP": "missing name after ':'",
}
_MISSING_STRING = {
    "SPECIFY": "missing version",
    "SEGMENT_OP": "missing string after ':'",
}


def _parser() -> Lark:
    return load_grammar(GRAMMAR, lexer="basic")


@cache
def _literal_patterns() -> tuple[re.Pattern[str], ...]:
    """The grammar's quoted terminals, in the order the lexer tries them."""
    parser = _parser()
    return tuple(
        re.compile(parser.get_terminal(name).pattern.to_regexp()) for name in _LITERAL_TERMINALS
    )


@dataclass(slots=True)
class _Problem:
    start: int
    end: int
    missing: str | None = None
    what: str = "token"


def _last_token(parser: InteractiveParser) -> Token | None:
    """The last token shifted so far (inserted ones included)."""
    for value in reversed(parser.parser_state.value_stack):
        if isinstance(value, Token):
            return value
        if isinstance(value, Tree):
            tokens = list(value.scan_values(lambda v: isinstance(v, Token)))
            if tokens:
                last: Token = tokens[-1]
                return last
    return None


def _synthetic(kind: str, parser: InteractiveParser) -> Token:
    """A zero-width token of ``kind`` just after the last token shifted."""
    last = _last_token(parser)
    at = last.end_pos if last is not None and last.end_pos is not None else 0
    return Token(kind, "", start_pos=at, end_pos=at)


def _copy(parser: InteractiveParser) -> InteractiveParser:
    copied: InteractiveParser = parser.copy()  # type: ignore[no-untyped-call]
    return copied


def _accepts(parser: InteractiveParser) -> set[str]:
    accepts: set[str] = parser.accepts()  # type: ignore[no-untyped-call]
    return accepts


def _missing_message(kind: str, last: Token | None) -> str:
    last_type = last.type if last is not None else ""
    if kind == "IDENTIFIER":
        return _MISSING_NAME.get(last_type, "missing identifier")
    if kind == "STRING":
        return _MISSING_STRING.get(last_type, "missing string literal")
    return f"missing '{_PUNCTUATION[kind]}'"


class _Recovery:
    """lark ``on_error`` handler: repairs the parse and records what it repaired."""

    def __init__(self) -> None:
        self.problems: list[_Problem] = []

    def __call__(self, error: UnexpectedInput) -> bool:
        if isinstance(error, UnexpectedCharacters):
            pos = error.pos_in_stream or 0
            self.problems.append(_Problem(pos, pos + 1, what="character"))
            return True
        if not isinstance(error, UnexpectedToken) or error.interactive_parser is None:
            return False
        parser = error.interactive_parser
        token = error.token
        if token.type == "$END":
            # lark feeds the end again when this returns; it must be acceptable by then.
            return self._complete(parser)
        plan = self._plan(parser, token.type)
        if plan is not None:
            for kind in plan:
                self._insert(parser, kind)
            parser.feed_token(token)
            return True
        start = token.start_pos if token.start_pos is not None else 0
        end = token.end_pos if token.end_pos is not None else start
        self.problems.append(_Problem(start, end))
        return True

    def _insert(self, parser: InteractiveParser, kind: str) -> None:
        token = _synthetic(kind, parser)
        message = _missing_message(kind, _last_token(parser))
        self.problems.append(_Problem(token.start_pos or 0, token.end_pos or 0, missing=message))
        parser.feed_token(token)

    def _plan(self, parser: InteractiveParser, wanted: str) -> tuple[str, ...] | None:
        """The shortest run of insertable tokens after which ``wanted`` is acceptable."""
        accepts = _accepts(parser)
        if wanted not in _SYNC:
            # Only where the next token is forced (a name after `module` or `.`).
            if len(accepts) != 1:
                return None
            (only,) = accepts
            if only != "IDENTIFIER":
                return None
            trial = _copy(parser)
            trial.feed_token(_synthetic(only, parser))
            return (only,) if wanted in _accepts(trial) else None
        queue: deque[tuple[InteractiveParser, tuple[str, ...], set[str]]] = deque()
        queue.append((parser, (), accepts))
        while queue:
            state, plan, state_accepts = queue.popleft()
            if len(plan) >= _MAX_PLAN:
                continue
            for kind in _INSERTABLE:
                if kind not in state_accepts:
                    continue
                trial = _copy(state)
                trial.feed_token(_synthetic(kind, state))
                trial_accepts = _accepts(trial)
                if wanted in trial_accepts:
                    return (*plan, kind)
                queue.append((trial, (*plan, kind), trial_accepts))
        return None

    def _complete(self, parser: InteractiveParser) -> bool:
        """Insert missing tokens until the end of the text is acceptable."""
        for _ in range(_MAX_COMPLETION):
            accepts = _accepts(parser)
            if "$END" in accepts:
                return True
            kind = next((k for k in _INSERTABLE if k in accepts), None)
            if kind is None:
                return False
            self._insert(parser, kind)
        return "$END" in _accepts(parser)


def _quote(text: str) -> str:
    """``text`` quoted for a message: shortened, and escaped where it is not plain."""
    shown = text if len(text) <= _MESSAGE_TEXT_LIMIT else text[: _MESSAGE_TEXT_LIMIT - 3] + "..."
    plain = "'" not in shown and all(c.isprintable() for c in shown)
    return f"'{shown}'" if plain else repr(shown)


def _report(problems: list[_Problem], text: str) -> list[DescriptorError]:
    """Errors in text order; adjacent unexpected tokens and characters become one error."""
    errors: list[DescriptorError] = []
    run: list[_Problem] = []

    def flush() -> None:
        if not run:
            return
        start, end = run[0].start, run[-1].end
        what = run[0].what if len(run) == 1 else "text"
        errors.append(
            DescriptorError(f"unexpected {what} {_quote(text[start:end])}", Span(start, end))
        )
        run.clear()

    for problem in sorted(problems, key=lambda p: (p.start, p.end)):
        if problem.missing is not None:
            flush()
            errors.append(DescriptorError(problem.missing, Span(problem.start, problem.end)))
            continue
        if run and text[run[-1].end : problem.start].strip():
            flush()
        run.append(problem)
    flush()
    return errors


def _tokens(tree: Tree[Token]) -> list[Token]:
    """The written tokens of a subtree, in order (inserted ones left out)."""
    return [t for t in tree.scan_values(lambda v: isinstance(v, Token)) if t.value]


def _token_span(token: Token) -> Span:
    start = token.start_pos or 0
    return Span(start, token.end_pos if token.end_pos is not None else start)


def _extent(tree: Tree[Token]) -> Span | None:
    tokens = _tokens(tree)
    if not tokens:
        return None
    return Span(_token_span(tokens[0]).start, _token_span(tokens[-1]).end)


def _child_tree(tree: Tree[Token], data: str) -> Tree[Token] | None:
    for child in tree.children:
        if isinstance(child, Tree) and child.data == data:
            return child
    return None


def _child_trees(tree: Tree[Token], data: str) -> list[Tree[Token]]:
    return [c for c in tree.children if isinstance(c, Tree) and c.data == data]


def _child_token(tree: Tree[Token], kind: str) -> Token | None:
    for child in tree.children:
        if isinstance(child, Token) and child.type == kind:
            return child
    return None


class _Builder:
    """Walks the parse tree into the model; collects errors about literals on the way."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.errors: list[DescriptorError] = []

    def name(self, tree: Tree[Token] | None) -> Name | None:
        if tree is None:
            return None
        token = tree.children[0]
        if not isinstance(token, Token) or not token.value:
            return None
        return Name(identifier_value(str(token.value)), _token_span(token))

    def names(self, tree: Tree[Token] | None) -> tuple[Name, ...]:
        """The written ``name`` children of a path-like subtree."""
        if tree is None:
            return ()
        found = (self.name(child) for child in _child_trees(tree, "name"))
        return tuple(n for n in found if n is not None)

    def literal(self, token: object) -> Literal | None:
        if not isinstance(token, Token) or not token.value:
            return None
        span = _token_span(token)
        text = self.text[span.start : span.end]
        literal = Literal(text, literal_value(text), span)
        if not literal.closed:
            self.errors.append(DescriptorError("unterminated string literal", span))
        return literal

    def first_literal(self, tree: Tree[Token] | None) -> Literal | None:
        if tree is None:
            return None
        for child in tree.children:
            if isinstance(child, Token) and child.type in _STRING_TYPES:
                return self.literal(child)
        return None

    def annotations(self, tree: Tree[Token] | None) -> Annotations:
        if tree is None:
            return Annotations()
        doc = self.first_literal(_child_tree(tree, "doc_string"))
        items: list[Annotation] = []
        for node in _child_trees(tree, "annotation"):
            name = self.name(_child_tree(node, "name"))
            extent = _extent(node)
            if name is None or extent is None:
                continue
            arguments = _child_tree(node, "arguments")
            strings: list[Literal] = []
            if arguments is not None:
                for argument in _child_trees(arguments, "argument"):
                    first = argument.children[0] if argument.children else None
                    if isinstance(first, Token) and first.type in _STRING_TYPES - {"QUOTED"}:
                        literal = self.literal(first)
                        if literal is not None:
                            strings.append(literal)
            items.append(Annotation(name, extent, tuple(strings), arguments is not None))
        return Annotations(doc, tuple(items))

    def artifact(self, tree: Tree[Token] | None) -> tuple[Literal | None, Literal | None]:
        if tree is None:
            return None, None
        literals = [c for c in tree.children if isinstance(c, Token) and c.type == "STRING"]
        artifact = self.literal(literals[0]) if literals else None
        classifier = self.literal(literals[1]) if len(literals) > 1 else None
        return artifact, classifier

    def module_ref(self, tree: Tree[Token] | None) -> ModuleRef:
        if tree is None:
            return ModuleRef()
        if tree.data == "simple_import":
            name = self.name(_child_tree(tree, "name"))
            return ModuleRef(parts=(name,) if name is not None else ())
        if tree.data == "dotted_import":
            artifact, classifier = self.artifact(_child_tree(tree, "artifact"))
            return ModuleRef(
                parts=self.names(_child_tree(tree, "dotted_name")),
                artifact=artifact,
                classifier=classifier,
            )
        if tree.data == "quoted_import":
            artifact, classifier = self.artifact(_child_tree(tree, "artifact"))
            return ModuleRef(
                quoted=self.first_literal(tree), artifact=artifact, classifier=classifier
            )
        # namespaced_import: name ':' namespaced_name
        namespace = self.name(_child_tree(tree, "name"))
        rest = _child_tree(tree, "namespaced_name")
        if rest is None:
            return ModuleRef(namespace=namespace)
        artifact, classifier = self.artifact(_child_tree(rest, "artifact"))
        dotted = _child_tree(rest, "dotted_name")
        single = self.name(_child_tree(rest, "name"))
        if dotted is not None:
            parts = self.names(dotted)
        else:
            parts = (single,) if single is not None else ()
        return ModuleRef(
            namespace=namespace,
            parts=parts,
            quoted=self.first_literal(rest),
            artifact=artifact,
            classifier=classifier,
        )

    def import_module(self, tree: Tree[Token]) -> ImportModule | None:
        keyword = _child_token(tree, "IMPORT")
        extent = _extent(tree)
        if keyword is None or extent is None:
            return None
        target = next(
            (c for c in tree.children if isinstance(c, Tree) and str(c.data).endswith("_import")),
            None,
        )
        version_tree = _child_tree(tree, "import_version")
        version: Literal | None = None
        constant: Name | None = None
        if version_tree is not None:
            inner = version_tree.children[0]
            if isinstance(inner, Tree) and inner.data == "version":
                version = self.first_literal(inner)
            elif isinstance(inner, Tree) and inner.data == "name":
                constant = self.name(inner)
        semicolon = _child_token(tree, "SEMICOLON")
        return ImportModule(
            span=extent,
            keyword=_token_span(keyword) if keyword.value else Span(extent.start, extent.start),
            annotations=self.annotations(_child_tree(tree, "annotations")),
            module=self.module_ref(target),
            version=version,
            version_constant=constant,
            has_semicolon=semicolon is not None and bool(semicolon.value),
        )

    def constant(self, tree: Tree[Token]) -> Constant | None:
        extent = _extent(tree)
        if extent is None:
            return None
        semicolon = _child_token(tree, "SEMICOLON")
        return Constant(
            span=extent,
            name=self.name(_child_tree(tree, "name")),
            value=self.first_literal(_child_tree(tree, "version")),
            has_semicolon=semicolon is not None and bool(semicolon.value),
        )

    def descriptor(self, tree: Tree[Token]) -> ModuleDescriptor | None:
        node = _child_tree(tree, "module_descriptor")
        if node is None:
            return None
        extent = _extent(node)
        keyword = _child_token(node, "MODULE")
        if extent is None or keyword is None:
            return None
        keyword_span = _token_span(keyword)
        if not keyword.value:
            keyword_span = Span(keyword_span.start, keyword_span.start)
        import_list = _child_tree(node, "import_list")
        imports: list[ImportModule] = []
        constants: list[Constant] = []
        lbrace = rbrace = None
        if import_list is not None:
            for child in import_list.children:
                if isinstance(child, Tree) and child.data == "import_module":
                    item = self.import_module(child)
                    if item is not None:
                        imports.append(item)
                elif isinstance(child, Tree) and child.data == "constant":
                    constant = self.constant(child)
                    if constant is not None:
                        constants.append(constant)
            left = _child_token(import_list, "LBRACE")
            right = _child_token(import_list, "RBRACE")
            lbrace = _token_span(left) if left is not None and left.value else None
            rbrace = _token_span(right) if right is not None and right.value else None
        coordinates = _child_tree(node, "module_coordinates")
        return ModuleDescriptor(
            span=extent,
            keyword=keyword_span,
            annotations=self.annotations(_child_tree(node, "annotations")),
            name=self.names(_child_tree(node, "module_path")),
            version=self.first_literal(_child_tree(node, "version")),
            lbrace=lbrace,
            rbrace=rbrace,
            imports=tuple(imports),
            constants=tuple(constants),
            coordinates=_extent(coordinates) if coordinates is not None else None,
        )


@lru_cache(maxsize=256)
def parse_descriptor(text: str) -> ParsedDescriptor:
    """Parse a whole ``module.ceylon``; never raises. Cached by text."""
    masked, comment_problems = mask_comments(text, _literal_patterns())
    errors = [DescriptorError(p.message, p.span) for p in comment_problems]
    if not masked.strip():
        errors.insert(0, DescriptorError("missing module descriptor", Span(0, 0)))
        return ParsedDescriptor(None, tuple(errors), masked)
    recovery = _Recovery()
    try:
        tree = _parser().parse(masked, on_error=recovery)
    except LarkError:
        # Recovery completes every descriptor this grammar can start; keep a marker if not.
        logger.warning("module descriptor could not be recovered: %r", text[:80])
        errors.insert(0, DescriptorError("invalid module descriptor", Span(0, len(text))))
        return ParsedDescriptor(None, tuple(errors), masked)
    builder = _Builder(text)
    descriptor = builder.descriptor(tree)
    errors.extend(_report(recovery.problems, masked))
    errors.extend(builder.errors)
    errors.sort(key=lambda e: (e.span.start, e.span.end))
    return ParsedDescriptor(descriptor, tuple(errors), masked)
