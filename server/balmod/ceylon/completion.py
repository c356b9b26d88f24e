"""Completion in a ``module.ceylon``: module names after ``import``, versions in a version
string.

- After ``import `` (and while a dotted name is typed), every module on disk or in the
  project whose name starts with what is typed; the candidate replaces the whole name, and
  brings the newest version along when the import has none yet. Modules already imported,
  the module itself and ``ceylon.language`` (imported implicitly) are left out.
- Inside an import's version string, the versions of its module on disk, newest first
  (by Ceylon's comparator), replacing the string's content.
"""

from __future__ import annotations

import re

from balmod.analysis.completion import Candidate, CandidateKind, Completions
from balmod.ceylon.analysis import (
    LANGUAGE_MODULE,
    DescriptorContext,
    available_versions,
    resolve_import,
)
from balmod.ceylon.index import ModuleVersion
from balmod.ceylon.lexical import identifier_value
from balmod.ceylon.model import ImportModule
from balmod.ceylon.versions import newest_first
from balmod.text import Span

MAX_CANDIDATES = 200

_IMPORT_BEFORE = re.compile(r"(?<![\w\\])import\s+(?P<name>[\w.\\]*)\Z")
_NAME_CHAR = re.compile(r"[\w.\\]")
_LOOKBEHIND = 512

EMPTY = Completions(())


def _typed(name: str) -> str:
    return ".".join(identifier_value(part) for part in name.split("."))


def _imported(context: DescriptorContext, skip: ImportModule | None) -> set[str]:
    descriptor = context.descriptor
    if descriptor is None:
        return set()
    return {
        item.module.name
        for item in descriptor.imports
        if item is not skip and item.module.is_ceylon
    }


def _version_detail(versions: list[ModuleVersion], newest: str) -> str:
    labels = dict.fromkeys(mv.repository.label for mv in versions if mv.version == newest)
    return f"{newest} ({', '.join(labels)})" if labels else newest


def _module_candidates(context: DescriptorContext, offset: int) -> Completions | None:
    masked = context.parsed.masked
    head = _IMPORT_BEFORE.search(masked, max(0, offset - _LOOKBEHIND), offset)
    if head is None:
        return None
    start = head.start("name")
    end = offset
    while end < len(masked) and _NAME_CHAR.match(masked, end):
        end += 1
    replace = Span(start, end)
    typed = _typed(masked[start:offset])
    current = context.parsed.import_at(offset)
    # A name after the typed one, with no `;`, is the next line's annotation read as a
    # version constant (`import com.ex` above `optional import ...`): not a version.
    needs_version = (
        current is None
        or current.version_span is None
        or (current.version_constant is not None and not current.has_semicolon)
    )
    descriptor = context.descriptor
    excluded = _imported(context, current) | {LANGUAGE_MODULE}
    if descriptor is not None and descriptor.name:
        excluded.add(descriptor.module_name)
    items: list[Candidate] = []
    for name, source in sorted(context.source_modules.items()):
        if name.startswith(typed) and name not in excluded and source.path != context.path:
            version = source.version
            insert = f'{name} "{version}"' if needs_version and version else name
            items.append(
                Candidate(
                    label=name,
                    kind=CandidateKind.MODULE,
                    replace=replace,
                    insert=insert,
                    filter_text=name,
                    detail=f"{version or ''} (this project)".strip(),
                    sort_text=f"0{name}",
                    data={"module": name, "language": "ceylon"},
                )
            )
            excluded.add(name)
    names, truncated = context.index.module_names(typed)
    for name in names:
        if name in excluded:
            continue
        if len(items) >= MAX_CANDIDATES:
            return Completions(tuple(items), incomplete=True)
        versions = context.index.versions(name)
        newest = newest_first(mv.version for mv in versions)
        insert = f'{name} "{newest[0]}"' if needs_version and newest else name
        items.append(
            Candidate(
                label=name,
                kind=CandidateKind.MODULE,
                replace=replace,
                insert=insert,
                filter_text=name,
                detail=_version_detail(versions, newest[0]) if newest else "",
                documentation="Versions on disk: " + ", ".join(f"`{v}`" for v in newest),
                sort_text=f"1{name}",
                data={"module": name, "language": "ceylon"},
            )
        )
    return Completions(
        tuple(items[:MAX_CANDIDATES]), incomplete=truncated or len(items) > MAX_CANDIDATES
    )


def _version_candidates(context: DescriptorContext, offset: int) -> Completions | None:
    descriptor = context.descriptor
    if descriptor is None:
        return None
    for item in descriptor.imports:
        literal = item.version
        if literal is None:
            continue
        content = literal.content_span
        if not content.start <= offset <= content.end:
            continue
        if not item.module.is_ceylon:
            return EMPTY
        resolution = resolve_import(context, item)
        versions = available_versions(context, resolution)
        if resolution.source is not None and resolution.source.version:
            versions = newest_first([*versions, resolution.source.version])
        labels: dict[str, list[str]] = {}
        for mv in context.index.versions(resolution.module):
            labels.setdefault(mv.version, []).append(mv.repository.label)
        items = []
        for rank, version in enumerate(versions):
            where = labels.get(version) or ["this project"]
            items.append(
                Candidate(
                    label=version,
                    kind=CandidateKind.SYMBOL,
                    replace=content,
                    insert=version,
                    detail=", ".join(dict.fromkeys(where)),
                    sort_text=f"{rank:04d}",
                    data={"module": resolution.module, "version": version, "language": "ceylon"},
                )
            )
        return Completions(tuple(items))
    return None


def complete(context: DescriptorContext, offset: int) -> Completions:
    versions = _version_candidates(context, offset)
    if versions is not None:
        return versions
    modules = _module_candidates(context, offset)
    return modules if modules is not None else EMPTY
