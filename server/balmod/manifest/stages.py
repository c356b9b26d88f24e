"""Findings in stages, for any manifest: syntax, then structure and schema, then ``later``.

A syntax error is the only finding. ``later`` stages (resolution against repositories) run
on the parsed model when the text is valid TOML. The first stages are cached by text, so a
request that checks the same text again costs a dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from balmod.findings import Finding
from balmod.manifest.document import parse_toml
from balmod.manifest.issues import Issue, syntax_finding, to_findings

Model = TypeVar("Model")
IssuesOf = Callable[[Mapping[str, Any]], list[Issue]]


def staged_findings(
    text: str,
    issues_of: IssuesOf,
    model_of: Callable[[str], Model],
    later: Iterable[Callable[[Model], Iterable[Finding]]],
) -> list[Finding]:
    findings = list(_first_stages(text, issues_of))
    stages = tuple(later)
    if stages and parse_toml(text).error is None:
        manifest = model_of(text)
        for stage in stages:
            findings.extend(stage(manifest))
    return findings


@lru_cache(maxsize=16)
def _first_stages(text: str, issues_of: IssuesOf) -> tuple[Finding, ...]:
    parsed = parse_toml(text)
    if parsed.error is not None:
        return (syntax_finding(text, parsed.error),)
    assert parsed.data is not None
    issues = issues_of(parsed.data)
    return tuple(to_findings(text, parsed, issues)) if issues else ()
