"""The names import completion offers: orgs, an org's packages and modules.

Listed from the repositories once and kept, like resolutions, until the repository poller
sees a change (:meth:`Engine.repositories_changed`): a completion request then costs no
directory listing or stat at all, however many packages the repositories hold.
"""

from __future__ import annotations

from typing import Protocol


class NameSource(Protocol):
    """What a repository index (Swan Lake's or a 1.x project's) lists."""

    def orgs(self) -> list[str]: ...

    def packages(self, org: str) -> list[str]: ...

    def modules(self, org: str) -> list[tuple[str, str]]: ...


class ImportNames:
    def __init__(self, source: NameSource) -> None:
        self._source = source
        self._orgs: list[str] | None = None
        self._packages: dict[str, list[str]] = {}
        self._modules: dict[str, list[tuple[str, str]]] = {}

    def orgs(self) -> list[str]:
        if self._orgs is None:
            self._orgs = self._source.orgs()
        return self._orgs

    def packages(self, org: str) -> list[str]:
        found = self._packages.get(org)
        if found is None:
            found = self._packages[org] = self._source.packages(org)
        return found

    def modules(self, org: str) -> list[tuple[str, str]]:
        """``(package, module)`` pairs of ``org``, from each package's newest version."""
        found = self._modules.get(org)
        if found is None:
            found = self._modules[org] = self._source.modules(org)
        return found
