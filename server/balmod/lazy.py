"""Names a package exports but imports only when first used.

`balmod check` starts a process per run and pays for every module it imports; a package
that re-exports its editing or completion modules would make every run load them. The
package lists the names with their modules once, for its ``__getattr__`` (PEP 562), and
imports them under ``TYPE_CHECKING`` for the type checker.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package`` that imports ``exports[name]`` on first use
    of ``name`` and keeps the value in the package. A value is a module's full name, where
    the attribute has the same name, or ``"module:attribute"``."""

    def __getattr__(name: str) -> Any:
        try:
            module, _, attribute = exports[name].partition(":")
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), attribute or name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
