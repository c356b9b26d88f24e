"""Quick fixes for the findings of a ``module.ceylon``; each a list of minimal edits.

- CYL0003 (artifact not found): move to a version on disk, the nearest newer ones first,
  then the nearest older ones; when no version of the module is on disk, the modules with
  the closest names.
- CYL0004 (two versions): move to the other version.
- CYL0002 (name and directory disagree): rename the module to what its directory says.
- CYL0005 (single-quoted version): double-quote it.
- CYL0006/CYL0007 (``ceylon.language`` imported, duplicate import): remove the import.
- CYL0008 (old-style Maven import): prefix it with ``maven:``.
"""

from __future__ import annotations

import difflib

from balmod.analysis.fixes import QUICKFIX, Fix
from balmod.ceylon.analysis import DescriptorContext
from balmod.ceylon.index import JVM_SUFFIXES
from balmod.ceylon.model import ImportModule
from balmod.ceylon.versions import nearest_first, newest_first
from balmod.edits import TextEdit, deletion
from balmod.findings import Finding
from balmod.text import Span

MAX_VERSION_FIXES = 5
MAX_NAME_FIXES = 3


def _quoted(version: str) -> str:
    return '"' + version.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _import_at(context: DescriptorContext, span: Span) -> ImportModule | None:
    descriptor = context.descriptor
    if descriptor is None:
        return None
    for item in descriptor.imports:
        if item.span.start <= span.start and span.end <= item.span.end:
            return item
    return None


def _version_edit(item: ImportModule, version: str) -> TextEdit | None:
    span = item.version_span
    if span is None:
        name = item.module.span
        if name is None:
            return None
        return TextEdit(Span(name.end, name.end), " " + _quoted(version))
    return TextEdit(span, _quoted(version))


def _missing_artifact(context: DescriptorContext, found: Finding) -> list[Fix]:
    item = _import_at(context, found.span)
    if item is None:
        return []
    wanted = str(found.data.get("version", ""))
    raw = found.data.get("available", [])
    available = [str(v) for v in raw] if isinstance(raw, list) else []
    fixes: list[Fix] = []
    for version in nearest_first(wanted, available)[:MAX_VERSION_FIXES]:
        edit = _version_edit(item, version)
        if edit is not None:
            fixes.append(Fix(f"Change version to '{version}'", QUICKFIX, (edit,), found, not fixes))
    if fixes:
        return fixes
    return _closest_modules(context, item, found, wanted)


def _closest_modules(
    context: DescriptorContext, item: ImportModule, found: Finding, wanted: str
) -> list[Fix]:
    name_span = item.module.name_span
    if name_span is None or item.module.quoted is not None:
        return []
    module = item.module.name
    names, _ = context.index.module_names("")
    names = sorted(set(names) | set(context.source_modules))
    fixes: list[Fix] = []
    for name in difflib.get_close_matches(module, names, n=MAX_NAME_FIXES, cutoff=0.6):
        edits = [TextEdit(name_span, name)]
        source = context.source_modules.get(name)
        versions = [source.version] if source is not None and source.version else []
        versions += [mv.version for mv in context.index.versions(name) if mv.has_any(JVM_SUFFIXES)]
        title = f"Change module to '{name}'"
        if versions and wanted not in versions:
            newest = newest_first(versions)[0]
            edit = _version_edit(item, newest)
            if edit is not None:
                edits.append(edit)
                title += f' "{newest}"'
        fixes.append(Fix(title, QUICKFIX, tuple(edits), found, not fixes))
    return fixes


def _other_version(context: DescriptorContext, found: Finding) -> list[Fix]:
    other = found.data.get("other")
    if not isinstance(other, str):
        return []
    edit = TextEdit(found.span, _quoted(other))
    return [Fix(f"Change version to '{other}'", QUICKFIX, (edit,), found, True)]


def _rename_module(context: DescriptorContext, found: Finding) -> list[Fix]:
    expected = found.data.get("expected")
    descriptor = context.descriptor
    if not isinstance(expected, str) or descriptor is None or descriptor.name_span is None:
        return []
    edit = TextEdit(descriptor.name_span, expected)
    return [Fix(f"Change module name to '{expected}'", QUICKFIX, (edit,), found, True)]


def _double_quote(context: DescriptorContext, found: Finding) -> list[Fix]:
    raw = context.text[found.span.start + 1 : found.span.end - 1]
    edit = TextEdit(found.span, '"' + raw.replace('"', '\\"') + '"')
    return [Fix("Use double quotes", QUICKFIX, (edit,), found, True)]


def _remove_import(context: DescriptorContext, found: Finding) -> list[Fix]:
    item = _import_at(context, found.span)
    if item is None:
        return []
    edit = deletion(context.text, item.span)
    return [Fix(f"Remove import '{item.module.display}'", QUICKFIX, (edit,), found, True)]


def _maven_prefix(found: Finding) -> list[Fix]:
    edit = TextEdit(Span(found.span.start, found.span.start), "maven:")
    return [Fix("Prefix with 'maven:'", QUICKFIX, (edit,), found, True)]


def fixes_for(context: DescriptorContext, found: Finding) -> list[Fix]:
    code = found.code
    if code == "CYL0003":
        return _missing_artifact(context, found)
    if code == "CYL0004":
        return _other_version(context, found)
    if code == "CYL0002" and "expected" in found.data:
        return _rename_module(context, found)
    if code == "CYL0005" and found.data.get("fix") == "double-quote":
        return _double_quote(context, found)
    if code in ("CYL0006", "CYL0007") and found.data.get("fix") == "remove":
        return _remove_import(context, found)
    if code == "CYL0008":
        return _maven_prefix(found)
    return []
