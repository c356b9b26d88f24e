"""Code actions for manifests, and the one a ``.bal`` file's unresolved import gets.

In a manifest:
- update the version of the ``[[dependency]]`` / ``[[package]]`` at the cursor to the latest
  compatible one on disk, or all of them at once;
- change a locked version that is on no repository (BMD0004) to the closest compatible one;
- remove a Dependencies.toml ``[[package]]`` nothing needs: no import of the package uses
  it and no other listed package depends on it (the package's own entry lists its direct
  dependencies; that reference goes too).

In a ``.bal`` file, for an import that cannot be resolved (BCE2003) because its package is
only in the local repository: add a ``[[dependency]]`` with ``repository = "local"`` to
Ballerina.toml, as the official language server does (or set ``repository`` on the one there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.manifests.entries import Entry, by_key, entries
from balmod.analysis.manifests.inlay import newer_compatible
from balmod.analysis.manifests.keys import ManifestKind
from balmod.analysis.manifests.text_edits import (
    checked,
    expected_data,
    remove_chunk,
    remove_item,
    replace_string,
)
from balmod.analysis.manifests.texts import file_text
from balmod.analysis.manifests.usage import imports_of
from balmod.edits import TextEdit
from balmod.findings import Finding
from balmod.manifest import ManifestEditError, append_table, remove_array_item, set_value, text_edit
from balmod.manifest.document import ParsedToml, parse_toml
from balmod.manifest.issues import SpanFinder
from balmod.manifest.keypath import KeyPath, format_path
from balmod.project.model import Project
from balmod.repository.roots import RepositoryKind
from balmod.text import Span
from balmod.versions import try_parse_version

if TYPE_CHECKING:
    from balmod.analysis.manifests.service import ManifestService

QUICKFIX = "quickfix"
REWRITE = "refactor.rewrite"


@dataclass(frozen=True, slots=True)
class FileEdit:
    """Edits of one file; ``text`` is the text they apply to (to place them)."""

    path: Path
    text: str
    edits: tuple[TextEdit, ...]


@dataclass(frozen=True, slots=True)
class ManifestAction:
    title: str
    kind: str
    changes: tuple[FileEdit, ...]
    # The finding it fixes: (code, key path as written in the finding's data), or the
    # finding itself for a .bal file.
    fixes: tuple[str, str] | None = None
    finding: Finding | None = None
    preferred: bool = False


def _touched(parsed: ParsedToml, text: str, span: Span, found: tuple[Entry, ...]) -> list[Entry]:
    """The entries whose tables overlap ``span``."""
    chunks = {chunk.path: chunk for chunk in parsed.chunks}
    touched: list[Entry] = []
    spans = SpanFinder(text, parsed)
    for entry in found:
        chunk = chunks.get(entry.path)
        if chunk is not None:
            # A chunk runs to the next header: a cursor there belongs to the next table.
            end = chunk.end if chunk.end == len(text) else chunk.end - 1
            extent = Span(chunk.start, max(end, chunk.start))
        else:
            node = spans.node(entry.path)
            if node is None or node.path != entry.path:
                continue
            extent = node.span
        if extent.start <= span.end and span.start <= extent.end:
            touched.append(entry)
    return touched


def _version_edit(text: str, spans: SpanFinder, entry: Entry, version: str) -> TextEdit | None:
    path = (*entry.path, "version")
    node = spans.node(path)
    if node is None or node.path != path or node.value is None:
        return None
    return replace_string(text, node.value, version)


def _update(
    text: str,
    path: Path,
    data: Mapping[str, Any],
    spans: SpanFinder,
    updates: list[tuple[Entry, str]],
) -> FileEdit | None:
    edits = []
    for entry, version in updates:
        edit = _version_edit(text, spans, entry, version)
        if edit is None:
            return None
        edits.append(edit)
    expected = expected_data(data, [((*e.path, "version"), v) for e, v in updates])
    if checked(text, edits, expected) is None:
        return None
    return FileEdit(path, text, tuple(edits))


def manifest_actions(
    service: ManifestService,
    kind: ManifestKind,
    text: str,
    path: Path,
    span: Span,
    overlays: Mapping[Path, str],
) -> list[ManifestAction]:
    parsed = parse_toml(text)
    data = parsed.data
    if data is None:
        return []
    project = service.project(path)
    found = entries(kind, data)
    spans = SpanFinder(text, parsed)
    touched = _touched(parsed, text, span, found)
    actions: list[ManifestAction] = []
    updatable, update_all = service.memo(
        ("update-all", text, str(path), project),
        lambda: _all_updates(service, kind, project, text, path, data, spans, found),
    )
    newer = dict((entry.path, version) for entry, version in updatable)
    for entry in touched:
        key = entry.key
        if key is None:
            continue
        name = f"{key[0]}/{key[1]}"
        closest = None
        if kind is ManifestKind.DEPENDENCIES:
            closest = _closest(service, project, text, path, data, spans, entry)
        if closest is not None:
            actions.append(closest)
        elif entry.path in newer:
            change = _update(text, path, data, spans, [(entry, newer[entry.path])])
            if change is not None:
                title = f"Update '{name}' to {newer[entry.path]}, the latest compatible version"
                actions.append(ManifestAction(title, REWRITE, (change,)))
        if kind is ManifestKind.DEPENDENCIES:
            removal = _removal(service, project, text, path, parsed, found, entry, overlays)
            if removal is not None:
                actions.append(removal)
    others = [pair for pair in updatable if pair[0] not in touched]
    if update_all is not None and (len(updatable) >= 2 or others):
        count = len(updatable)
        title = f"Update {count} version{'s' * (count != 1)} to the latest compatible on disk"
        actions.append(ManifestAction(title, REWRITE, (update_all,)))
    return actions


def _all_updates(
    service: ManifestService,
    kind: ManifestKind,
    project: Project,
    text: str,
    path: Path,
    data: Mapping[str, Any],
    spans: SpanFinder,
    found: tuple[Entry, ...],
) -> tuple[list[tuple[Entry, str]], FileEdit | None]:
    """Every entry with a newer compatible version, and the edit updating them all."""
    updatable = [
        (entry, latest.version)
        for entry in found
        if (latest := newer_compatible(service, kind, project, entry)) is not None
    ]
    return updatable, _update(text, path, data, spans, updatable) if updatable else None


def _closest(
    service: ManifestService,
    project: Project,
    text: str,
    path: Path,
    data: Mapping[str, Any],
    spans: SpanFinder,
    entry: Entry,
) -> ManifestAction | None:
    """For a locked version on no repository (BMD0004): the closest compatible one."""
    key = entry.key
    version = try_parse_version(entry.version) if entry.version else None
    if key is None or version is None or key == (project.org, project.name):
        return None
    spec = project.dependencies.get(key)
    named = (spec.repository if spec is not None else None) or entry.repository
    facts = service.facts(key[0], key[1], named)
    if facts.find(version) is not None or not facts.has_available():
        return None
    closest = facts.closest_compatible(version)
    if closest is None:
        return None
    change = _update(text, path, data, spans, [(entry, closest.version)])
    if change is None:
        return None
    title = (
        f"Change '{key[0]}/{key[1]}' to {closest.version}, the closest compatible version on disk"
    )
    fixes = ("BMD0004", format_path((*entry.path, "version")))
    return ManifestAction(title, QUICKFIX, (change,), fixes=fixes, preferred=True)


def _removal(
    service: ManifestService,
    project: Project,
    text: str,
    path: Path,
    parsed: ParsedToml,
    found: tuple[Entry, ...],
    entry: Entry,
    overlays: Mapping[Path, str],
) -> ManifestAction | None:
    key = entry.key
    root = (project.org, project.name)
    if key is None or root[0] is None or root[1] is None or key == root:
        return None
    root_entry: Entry | None = None
    for other in found:
        if other.key == root:
            root_entry = other
        elif key in other.dependencies:
            return None
    known = {name for org, name in by_key(found) if org == key[0]}
    uses = imports_of(service.imports.package_imports(project.root, overlays), key, known)
    if uses:
        return None
    edits = _remove(text, parsed, entry, root_entry)
    if edits is None:
        return None
    title = f"Remove '{key[0]}/{key[1]}': nothing in the package needs it"
    return ManifestAction(title, REWRITE, (FileEdit(path, text, edits),))


def _remove(
    text: str, parsed: ParsedToml, entry: Entry, root: Entry | None
) -> tuple[TextEdit, ...] | None:
    """Edits removing ``entry`` and its reference in the root's dependencies.

    Cut at the located spans when tomllib reads the result as expected; else through tomlkit.
    """
    assert parsed.data is not None and entry.key is not None
    table, index = entry.path[0], entry.index
    reference: KeyPath | None = None
    if root is not None and entry.key in root.dependencies:
        reference = (*root.path, "dependencies", root.dependencies.index(entry.key))
    deletes = [entry.path] + ([reference] if reference is not None else [])
    edits: list[TextEdit] = []
    chunk = next((c for c in parsed.chunks if c.path == entry.path), None)
    spans = SpanFinder(text, parsed)
    if chunk is not None:
        edits.append(remove_chunk(text, chunk.start, chunk.end))
        if reference is not None:
            array = spans.node(reference[:-1])
            last = reference[-1]
            assert isinstance(last, int)
            items: list[Span] = []
            for i in range(len(root.dependencies) if root else 0):
                node = spans.node((*reference[:-1], i))
                if node is None or node.path != (*reference[:-1], i):
                    items = []
                    break
                items.append(node.span)
            if array is not None and array.path == reference[:-1] and items:
                edits.append(remove_item(text, array.span, items, last))
            else:
                edits = []
    if edits and checked(text, edits, expected_data(parsed.data, deletes=deletes)) is not None:
        return tuple(edits)
    try:
        result = text
        if reference is not None:
            result = remove_array_item(result, reference[:-1], int(reference[-1]))
        result = remove_array_item(result, (table,), index)
    except ManifestEditError:
        return None
    return (text_edit(text, result),)


# --- .bal files ----------------------------------------------------------------------------


def local_dependency_actions(
    service: ManifestService,
    analysis: DocumentAnalysis,
    finding: Finding,
    overlays: Mapping[Path, str],
) -> list[ManifestAction]:
    """For BCE2003 on an import whose package only the local repository has."""
    if finding.code != "BCE2003" or analysis.project is None:
        return []
    item = next(
        (i for i in analysis.imports if i.decl.span.start == finding.data.get("import")), None
    )
    resolution = item.resolution if item is not None else None
    if resolution is None or resolution.org is None:
        return []
    org = resolution.org
    package_name = resolution.package_name or service.index.package_for_module(
        org, resolution.module_name
    )
    if package_name is None:
        return []
    versions = service.index.versions(org, package_name)
    if not versions or any(p.repository.kind is not RepositoryKind.LOCAL for p in versions):
        return []
    local = versions[0].repository
    newest = service.index.newest(org, package_name, local)
    if newest is None:
        return []
    project = analysis.project
    manifest = project.ballerina_toml
    text = file_text(manifest, overlays)
    if text is None:
        return []
    parsed = parse_toml(text)
    if parsed.data is None:
        return []
    existing = by_key(entries(ManifestKind.BALLERINA, parsed.data)).get((org, package_name))
    name = f"{org}/{package_name}"
    try:
        if existing is not None:
            after = set_value(text, (*existing.path, "repository"), "local")
            title = f"Take '{name}' from the local repository (Ballerina.toml)"
        else:
            after = append_table(
                text,
                "dependency",
                {
                    "org": org,
                    "name": package_name,
                    "version": newest.version,
                    "repository": "local",
                },
            )
            title = f"Add '{name}' {newest.version} from the local repository to Ballerina.toml"
    except ManifestEditError:
        return []
    change = FileEdit(manifest, text, (text_edit(text, after),))
    return [ManifestAction(title, QUICKFIX, (change,), finding=finding, preferred=True)]
