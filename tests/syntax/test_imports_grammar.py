"""Finding and loading the .lark grammars from a checkout and from a wheel's layout."""

from __future__ import annotations

import tomllib
from pathlib import Path

import lark
import pytest

import balmod
from balmod.syntax.grammar import grammar_path, load_grammar

REPO = Path(__file__).resolve().parents[2]


def _package(root: Path) -> Path:
    """A fake installed ``balmod`` package under ``root``; returns its __init__.py."""
    init = root / "balmod" / "__init__.py"
    init.parent.mkdir(parents=True)
    init.write_text("")
    return init


def test_checkout_grammar_is_found() -> None:
    assert grammar_path("imports") == REPO / "grammar" / "imports.lark"
    assert grammar_path("imports.lark") == REPO / "grammar" / "imports.lark"


def test_wheel_layout_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init = _package(tmp_path / "site-packages")
    grammar = init.parent / "grammar" / "extra.lark"
    grammar.parent.mkdir()
    grammar.write_text("start: WORD\n%import common.WORD\n")
    monkeypatch.setattr(balmod, "__file__", str(init))
    assert grammar_path("extra") == grammar


def test_checkout_layout_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init = _package(tmp_path / "repo" / "server")
    grammar = tmp_path / "repo" / "grammar" / "extra.lark"
    grammar.parent.mkdir()
    grammar.write_text("start: WORD\n%import common.WORD\n")
    monkeypatch.setattr(balmod, "__file__", str(init))
    assert grammar_path("extra") == grammar


def test_wheel_copy_wins_over_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init = _package(tmp_path / "repo" / "server")
    for directory in (init.parent / "grammar", tmp_path / "repo" / "grammar"):
        directory.mkdir()
        (directory / "extra.lark").write_text("start: WORD\n%import common.WORD\n")
    monkeypatch.setattr(balmod, "__file__", str(init))
    assert grammar_path("extra") == init.parent / "grammar" / "extra.lark"


def test_missing_grammar_names_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init = _package(tmp_path / "repo" / "server")
    monkeypatch.setattr(balmod, "__file__", str(init))
    with pytest.raises(FileNotFoundError) as error:
        grammar_path("nowhere")
    assert "nowhere.lark" in str(error.value)
    assert str(init.parent / "grammar") in str(error.value)


@pytest.mark.parametrize("name", ["../imports", "sub/imports.lark", "/etc/passwd"])
def test_grammar_name_must_be_a_plain_file_name(name: str) -> None:
    with pytest.raises(ValueError):
        grammar_path(name)


def test_pyproject_puts_the_grammars_inside_the_wheel() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    force_include = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force_include["grammar"] == "balmod/grammar"


def test_parser_is_lalr_with_positions_and_built_once() -> None:
    parser = load_grammar("imports", lexer="basic")
    assert parser is load_grammar("imports", lexer="basic")
    assert parser.options.parser == "lalr"
    assert parser.options.propagate_positions is True
    tree = parser.parse("import a/b;")
    assert isinstance(tree, lark.Tree)
    assert (tree.meta.start_pos, tree.meta.end_pos) == (0, 11)


def test_basic_lexer_keeps_keywords_reserved() -> None:
    # Ballerina reserves `as`: an unquoted `as` cannot be a module name.
    with pytest.raises(lark.exceptions.UnexpectedInput):
        load_grammar("imports", lexer="basic").parse("import foo/as;")
    # The contextual lexer is the default for other grammars; it lets `as` be a name here.
    tree = load_grammar("imports").parse("import foo/as;")
    assert "as" in [token.value for token in tree.scan_values(lambda v: isinstance(v, lark.Token))]
