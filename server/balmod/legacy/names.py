"""The 1.x rules for organization and module names (BALLERINA.md section 9, seed 003).

- Org names: lowercase ASCII letters, digits and ``_``; at most 256 characters.
- Module names: ASCII letters, digits, ``_`` and ``.``; at most 256 characters. A dot has no
  meaning beyond making the last part the default prefix.

Each check returns None for a valid name, or the reason it is not, in words for a finding.
"""

from __future__ import annotations

import re

MAX_NAME_LENGTH = 256

_ORG = re.compile(r"[a-z0-9_]+")
_MODULE = re.compile(r"[A-Za-z0-9_.]+")


def org_problem(name: str) -> str | None:
    """Why ``name`` is not a valid 1.x organization name, or None when it is."""
    if not name:
        return "the organization name is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"it is {len(name)} characters long; the maximum is {MAX_NAME_LENGTH}"
    if _ORG.fullmatch(name) is None:
        if name.lower() != name and _ORG.fullmatch(name.lower()) is not None:
            return "organization names are lowercase"
        return "organization names may contain only lowercase letters, digits and '_'"
    return None


def module_problem(name: str) -> str | None:
    """Why ``name`` is not a valid 1.x module name, or None when it is."""
    if not name:
        return "the module name is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"it is {len(name)} characters long; the maximum is {MAX_NAME_LENGTH}"
    if _MODULE.fullmatch(name) is None:
        return "module names may contain only letters, digits, '_' and '.'"
    if "" in name.split("."):
        return "a module name cannot start or end with '.', nor have two in a row"
    return None


def is_valid_org(name: str) -> bool:
    return org_problem(name) is None


def is_valid_module(name: str) -> bool:
    return module_problem(name) is None
