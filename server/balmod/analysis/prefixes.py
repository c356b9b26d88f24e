"""Predeclared module prefixes (BALLERINA.md section 1).

Each names `ballerina/lang.<prefix>` and needs no import; an explicit import may rebind it.
"""

from __future__ import annotations

PREDECLARED_PREFIXES: frozenset[str] = frozenset(
    {
        "boolean",
        "decimal",
        "error",
        "float",
        "function",
        "future",
        "int",
        "map",
        "object",
        "stream",
        "string",
        "table",
        "transaction",
        "typedesc",
        "xml",
    }
)

LANGLIB_ORG = "ballerina"


def predeclared_module(prefix: str) -> str | None:
    """The langlib module a predeclared prefix stands for (``int`` -> ``lang.int``)."""
    return f"lang.{prefix}" if prefix in PREDECLARED_PREFIXES else None
