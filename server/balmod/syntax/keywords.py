"""Ballerina's reserved words: an import name part that is one must be written quoted."""

from __future__ import annotations

RESERVED_KEYWORDS: frozenset[str] = frozenset(
    """
    abstract annotation any anydata as ascending base16 base64 boolean break byte check
    checkpanic class client configurable const continue decimal descending distinct do else
    enum error external fail false final float foreach fork from function future handle if
    import in int is isolated join json let listener lock map match natural never new null
    object on order outer panic private public readonly record remote resource retry return
    returns rollback select service source start stream string table transaction
    transactional trap true type typedesc typeof var wait where while worker xml xmlns
    """.split()
)


def quote_part(part: str) -> str:
    """``int`` -> ``'int``; other parts unchanged."""
    return f"'{part}" if part in RESERVED_KEYWORDS else part


def quote_module(module_name: str) -> str:
    """``lang.int`` -> ``lang.'int``: each dotted part quoted where it must be."""
    return ".".join(quote_part(part) for part in module_name.split("."))
