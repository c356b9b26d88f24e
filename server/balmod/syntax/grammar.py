"""Finding and loading balmod's lark grammars, once per process.

The ``.lark`` files live in ``<repo>/grammar/`` in a source checkout (and an editable
install); a wheel carries the same directory inside the package as ``balmod/grammar/``.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Literal

import lark

import balmod

logger = logging.getLogger(__name__)

LexerKind = Literal["basic", "contextual"]


def grammar_dirs() -> tuple[Path, ...]:
    """Where grammars are looked for, in order: inside the package (wheel), then the checkout."""
    package = Path(balmod.__file__).resolve().parent
    return (package / "grammar", package.parents[1] / "grammar")


def grammar_path(name: str) -> Path:
    """The path of grammar ``name`` (``"imports"`` or ``"imports.lark"``)."""
    filename = name if name.endswith(".lark") else f"{name}.lark"
    if Path(filename).name != filename:
        raise ValueError(f"grammar name must be a plain file name, not {name!r}")
    for directory in grammar_dirs():
        candidate = directory / filename
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(d) for d in grammar_dirs())
    raise FileNotFoundError(f"grammar {filename!r} not found (looked in {searched})")


@cache
def load_grammar(name: str, *, lexer: LexerKind = "contextual", start: str = "start") -> lark.Lark:
    """An LALR parser for grammar ``name``, with positions, built once and cached.

    ``lexer="basic"`` makes every keyword literal reserved everywhere, which is what
    Ballerina's own lexer does; the contextual lexer lets a keyword lex as an identifier
    wherever the parser cannot take the keyword.
    """
    path = grammar_path(name)
    logger.debug("building %s parser from %s", lexer, path)
    return lark.Lark(
        path.read_text(encoding="utf-8"),
        parser="lalr",
        lexer=lexer,
        start=start,
        propagate_positions=True,
        maybe_placeholders=True,
        source_path=str(path),
        import_paths=[str(path.parent)],
    )
