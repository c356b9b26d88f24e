"""Editor answers for a manifest, whichever era it belongs to.

A Swan Lake Ballerina.toml or Dependencies.toml is answered by `analysis.manifests`; the
Ballerina.toml of a 0.990 to 1.x project by `legacy.features`, and its Ballerina.lock by
`legacy.lock_completion`, `legacy.lock_hover` and `legacy.lock_actions`. All come back in
the manifest types the protocol layer converts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from balmod.analysis.engine import Engine
from balmod.analysis.manifests import (
    CandidateKind,
    FileEdit,
    ManifestAction,
    ManifestCandidate,
    ManifestHover,
    ManifestKind,
)
from balmod.analysis.manifests.texts import file_text
from balmod.legacy import features as legacy_features
from balmod.legacy.lock_actions import lock_actions
from balmod.legacy.lock_completion import lock_completion
from balmod.legacy.lock_hover import lock_hover
from balmod.legacy.project import LOCK_FILE, MANIFEST, LegacyProject
from balmod.text import Span


def is_manifest(file_name: str) -> bool:
    """Whether documents named ``file_name`` are answered here rather than as sources."""
    return ManifestKind.of(file_name) is not None or file_name == LOCK_FILE


def _legacy(engine: Engine, path: Path) -> LegacyProject | None:
    """The 1.x project whose Ballerina.toml or Ballerina.lock ``path`` is."""
    if path.name == MANIFEST:
        return engine.legacy.project_for(path)
    if path.name == LOCK_FILE:
        legacy = engine.legacy.project_for(path)
        # Only the project's own lock file: one in a module directory is no lock file.
        if legacy is not None and Path(os.path.abspath(path)).parent == legacy.root:
            return legacy
    return None


def _manifest_text(legacy: LegacyProject, overlays: Mapping[Path, str] | None) -> str | None:
    """Ballerina.toml as the user sees it (an open editor's buffer, else the file)."""
    return file_text(legacy.ballerina_toml, overlays)


def _candidates(found: Iterable[legacy_features.ManifestCandidate]) -> list[ManifestCandidate]:
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
        for c in found
    ]


def complete(
    engine: Engine,
    text: str,
    path: Path,
    offset: int,
    snippets: bool,
    overlays: Mapping[Path, str] | None = None,
) -> list[ManifestCandidate]:
    legacy = _legacy(engine, path)
    if legacy is None:
        return engine.manifests.complete(text, path, offset, snippets)
    if path.name == LOCK_FILE:
        manifest = _manifest_text(legacy, overlays)
        return _candidates(lock_completion(engine.legacy, legacy, text, offset, manifest))
    return _candidates(legacy_features.manifest_completion(engine.legacy, legacy, text, offset))


def hover(
    engine: Engine, text: str, path: Path, offset: int, overlays: Mapping[Path, str]
) -> ManifestHover | None:
    legacy = _legacy(engine, path)
    if legacy is None:
        return engine.manifests.hover(text, path, offset, overlays)
    if path.name == LOCK_FILE:
        manifest = _manifest_text(legacy, overlays)
        found = lock_hover(engine.legacy, legacy, text, offset, manifest)
    else:
        found = legacy_features.manifest_hover(engine.legacy, legacy, text, offset)
    return ManifestHover(found.markdown, found.span) if found is not None else None


def actions(
    engine: Engine, text: str, path: Path, span: Span, overlays: Mapping[Path, str]
) -> list[ManifestAction]:
    legacy = _legacy(engine, path)
    if legacy is None:
        return engine.manifests.actions(text, path, span, overlays)
    findings = engine.check_manifest(text, path)
    if path.name == LOCK_FILE:
        manifest = _manifest_text(legacy, overlays)
        found = lock_actions(engine.legacy, legacy, text, span, findings, manifest)
    else:
        found = legacy_features.manifest_actions(engine.legacy, legacy, text, span, findings)
    return [
        ManifestAction(
            a.title,
            a.kind,
            (
                FileEdit(a.path, a.text, a.edits)
                if a.path is not None and a.text is not None
                else FileEdit(path, text, a.edits),
            ),
            finding=a.finding,
            preferred=a.preferred,
        )
        for a in found
    ]
