"""Editor answers for a manifest, whichever era it belongs to.

A Swan Lake Ballerina.toml or Dependencies.toml is answered by `analysis.manifests`; a
0.990 to 1.x Ballerina.toml by `legacy.features`. Both come back in the manifest types the
protocol layer converts.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from balmod.analysis.engine import Engine
from balmod.analysis.manifests import (
    CandidateKind,
    FileEdit,
    ManifestAction,
    ManifestCandidate,
    ManifestHover,
)
from balmod.legacy import features as legacy_features
from balmod.legacy.project import LegacyProject
from balmod.text import Span

LEGACY_MANIFEST = "Ballerina.toml"


def _legacy(engine: Engine, path: Path) -> LegacyProject | None:
    return engine.legacy.project_for(path) if path.name == LEGACY_MANIFEST else None


def complete(
    engine: Engine, text: str, path: Path, offset: int, snippets: bool
) -> list[ManifestCandidate]:
    legacy = _legacy(engine, path)
    if legacy is None:
        return engine.manifests.complete(text, path, offset, snippets)
    return [
        ManifestCandidate(
            c.label,
            CandidateKind(c.kind),
            c.replace,
            c.insert,
            c.detail,
            c.documentation,
            c.sort_text,
        )
        for c in legacy_features.manifest_completion(engine.legacy, legacy, text, offset)
    ]


def hover(
    engine: Engine, text: str, path: Path, offset: int, overlays: Mapping[Path, str]
) -> ManifestHover | None:
    legacy = _legacy(engine, path)
    if legacy is None:
        return engine.manifests.hover(text, path, offset, overlays)
    found = legacy_features.manifest_hover(engine.legacy, legacy, text, offset)
    return ManifestHover(found.markdown, found.span) if found is not None else None


def actions(
    engine: Engine, text: str, path: Path, span: Span, overlays: Mapping[Path, str]
) -> list[ManifestAction]:
    legacy = _legacy(engine, path)
    if legacy is None:
        return engine.manifests.actions(text, path, span, overlays)
    findings = engine.check_manifest(text, path)
    return [
        ManifestAction(
            a.title,
            "quickfix",
            (FileEdit(path, text, a.edits),),
            finding=a.finding,
            preferred=a.preferred,
        )
        for a in legacy_features.manifest_actions(engine.legacy, legacy, text, span, findings)
    ]
