"""The scanner's regexes are compiled when a scan first needs them, not on import."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from itertools import product

import pytest

from balmod.syntax import symbol_patterns, symbol_scanner

LAZY_NAMES = sorted(
    name
    for name, annotation in symbol_patterns.__annotations__.items()
    if annotation == "re.Pattern[str]"
)


def test_every_declared_regex_has_a_source_and_no_other() -> None:
    assert LAZY_NAMES and set(LAZY_NAMES) == set(symbol_patterns._SOURCES)


@pytest.mark.parametrize("name", LAZY_NAMES)
def test_each_regex_compiles_once_and_is_then_a_plain_attribute(name: str) -> None:
    pattern = getattr(symbol_patterns, name)
    assert isinstance(pattern, re.Pattern)
    assert (pattern.pattern, pattern.flags & re.DOTALL) == symbol_patterns._SOURCES[name]
    assert vars(symbol_patterns)[name] is pattern
    assert getattr(symbol_patterns, name) is pattern


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="NO_SUCH_REGEX"):
        _ = symbol_patterns.NO_SUCH_REGEX  # type: ignore[attr-defined]
    assert not hasattr(symbol_patterns, "_NOT_A_REGEX_EITHER")


def test_importing_compiles_nothing_and_a_scan_compiles_what_it_uses() -> None:
    # A fresh interpreter: this one has scanned already.
    script = textwrap.dedent(
        """
        import json
        from balmod.syntax import symbol_patterns as rx
        from balmod.syntax.symbols import scan_symbols

        def compiled():
            return sorted(n for n in rx._SOURCES if n in vars(rx))

        before = (compiled(), len(rx._ITEMS), len(rx._SKIPS))
        table = scan_symbols("public function f() {\\n}\\n// a comment\\nint[] x = [];\\n")
        after = (compiled(), len(rx._ITEMS))
        print(json.dumps([before, after, table.names()]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    before, after, names = json.loads(result.stdout)
    assert before == [[], 0, 0]
    compiled_after, items_after = after
    assert items_after == 1 and "COMMENTS" in compiled_after and "NEXT" in compiled_after
    # Nothing a signature or a doc comment needs, as none was asked for.
    assert "TOKEN" not in compiled_after and "DOC_RUN" not in compiled_after
    assert names == ["f", "x"]


def test_every_item_regex_variant_numbers_its_groups_alike() -> None:
    # `_Parser.run` reads the numbers of one variant's groups for all.
    for variant in product((False, True), repeat=3):
        groupindex = symbol_patterns._items(*variant).groupindex
        numbers = tuple(groupindex[name] for name in symbol_scanner._RUN_GROUPS)
        assert numbers == symbol_scanner._group_numbers(*variant)
        assert numbers == symbol_scanner._group_numbers(False, True, True)
