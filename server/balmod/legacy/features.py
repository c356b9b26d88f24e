"""Editor features for 1.x manifests and imports: completion, hover and version actions.

In the core's terms (spans, :class:`~balmod.edits.TextEdit`); the protocol layer converts.

- :func:`manifest_completion`: table names; ``[project]`` keys; dependency names from the
  repositories (``"org/module" = "<latest>"``); ``version``/``path`` in a dependency
  table; the versions on disk after ``=`` (newest first, with their repositories).
- :func:`manifest_hover`: for a dependency, what an import of it resolves to and every
  version on disk; for a ``[project]`` key, what it means. :func:`legacy_resolution_markdown`
  is the same text for an import's hover in a .bal file.
- :func:`manifest_actions`: update a dependency to the newest version on disk; for a
  version in no repository (BMD2007), change it to one that is there.
- :func:`import_actions`: in a .bal file, drop a ``version`` clause (BMD2003, BMD2004) or use
  Ballerina.toml's version (BMD2004).
- :func:`pin_action`: write the version an import resolved to into Ballerina.toml.

Ballerina.lock has the same three in :mod:`balmod.legacy.lock_completion`,
:mod:`balmod.legacy.lock_hover` and :mod:`balmod.legacy.lock_actions`, built on the
helpers here (:func:`line_bounds`, :func:`header_before`, :func:`string_content`,
:func:`version_candidates`, :func:`module_names`, :func:`versions_on_disk`). Versions and
modules are listed from the repositories the resolver may take them from: ``ballerina`` and
``ballerinax`` modules only from the system repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from balmod.analysis.document import DocumentAnalysis
from balmod.analysis.facts import resolution_markdown
from balmod.analysis.resolver import Resolution
from balmod.edits import TextEdit, line_break
from balmod.findings import Finding
from balmod.legacy.engine import LegacyEngine
from balmod.legacy.manifest import (
    DEPENDENCY_KEYS,
    PROJECT_KEYS,
    TABLES,
    DependencyEntry,
    parse_legacy_manifest,
)
from balmod.legacy.project import LegacyProject, split_module_key
from balmod.legacy.resolver import SYSTEM_ORGS
from balmod.manifest.edit import ManifestEditError, set_value, text_edit
from balmod.manifest.locator import locate
from balmod.repository.bala import PackageVersion
from balmod.syntax.imports import ImportDecl
from balmod.text import Span
from balmod.versions import try_parse_version

MAX_CANDIDATES = 200
MAX_VERSION_ACTIONS = 5

QUICKFIX = "quickfix"
REWRITE = "refactor.rewrite"

# A [table] or [[array]] header line.
_HEADER = re.compile(
    r"^[ \t]*(?P<open>\[\[?)[ \t]*(?P<name>[^\[\]\r\n]*?)[ \t]*\]\]?[ \t]*(?:#[^\r\n]*)?(?=\r?$)",
    re.M,
)
_INLINE_VERSION = re.compile(r"\bversion[ \t]*=[ \t]*(?P<quote>\"?)(?P<typed>[^\"]*)\Z")
_KEY_CHARS = re.compile(r"[A-Za-z0-9_\-\"/.]*")


@dataclass(frozen=True, slots=True)
class ManifestCandidate:
    label: str
    kind: str  # a CandidateKind value: "table", "key", "org", "module", "version", "value"
    replace: Span
    insert: str
    detail: str = ""
    documentation: str = ""
    sort_text: str | None = None


@dataclass(frozen=True, slots=True)
class ManifestHover:
    markdown: str
    span: Span


@dataclass(frozen=True, slots=True)
class ManifestAction:
    """Edits of the document asked about, or of another file (``path``, whose current text
    ``text`` they apply to)."""

    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False
    finding: Finding | None = None
    kind: str = QUICKFIX
    path: Path | None = None
    text: str | None = None


# --- context ---------------------------------------------------------------------------------


def line_bounds(text: str, offset: int) -> tuple[int, int]:
    """The start and end of the line holding ``offset`` (its break excluded)."""
    start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    end = offset
    while end < len(text) and text[end] not in "\r\n":
        end += 1
    return start, end


@dataclass(frozen=True, slots=True)
class Header:
    """A ``[table]`` or ``[[array]]`` header line, read from the text alone (so a half-typed
    manifest still says where each line belongs)."""

    path: tuple[str, ...]
    array: bool
    span: Span  # the header line, its break excluded


def _header(match: re.Match[str]) -> Header:
    return Header(_header_path(match["name"]), match["open"] == "[[", Span(*match.span()))


def headers(text: str) -> list[Header]:
    """Every header line of ``text``, in order."""
    return [_header(match) for match in _HEADER.finditer(text)]


def header_before(text: str, line_start: int) -> Header | None:
    """The last header that starts before ``line_start``: the table its line belongs to."""
    found = None
    for match in _HEADER.finditer(text, 0, line_start):
        found = match
    return _header(found) if found is not None else None


def next_header_start(text: str, offset: int) -> int:
    """Where the next header at or after ``offset`` starts (the end of the text if none)."""
    match = _HEADER.search(text, offset)
    return match.start() if match is not None else len(text)


def _table_at(text: str, line_start: int) -> tuple[str, ...]:
    """The key path of the table the line at ``line_start`` belongs to (``()`` at the top)."""
    header = header_before(text, line_start)
    return () if header is None else header.path


def _header_path(name: str) -> tuple[str, ...]:
    """``dependencies."org/mod"`` -> ``("dependencies", "org/mod")``."""
    return tuple(piece.strip('"') for piece in re.findall(r'"[^"]*"|[^.\s]+', name))


_KEY_LINE = re.compile(r'^[ \t]*(?P<key>"[^"\r\n]*"|[A-Za-z0-9_\-]+)[ \t]*=', re.M)


def _keys_by_table(text: str) -> dict[tuple[str, ...], set[str]]:
    """The keys written in each table, line by line, so a half-typed manifest still says
    what it has (tomllib gives up at the first error)."""
    found: dict[tuple[str, ...], set[str]] = {}
    table: tuple[str, ...] = ()
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header is not None:
            table = _header_path(header["name"])
            found.setdefault(table, set())
            continue
        key = _KEY_LINE.match(line)
        if key is not None:
            found.setdefault(table, set()).add(key["key"].strip('"'))
    return found


def _listed_dependencies(text: str) -> set[tuple[str, str]]:
    listed: set[tuple[str, str]] = set()
    for table, keys in _keys_by_table(text).items():
        names: set[str] = set()
        if table == ("dependencies",):
            names = keys
        elif len(table) == 2 and table[0] == "dependencies":
            names = {table[1]}
        for name in names:
            module = split_module_key(name)
            if module is not None:
                listed.add(module)
    return listed


def versions_on_disk(
    engine: LegacyEngine, legacy: LegacyProject | None, org: str, module: str
) -> list[PackageVersion]:
    """The versions of ``org/module`` in the repositories it may come from (only the system
    repository for ``ballerina``/``ballerinax``), newest first."""
    return engine.index.versions(org, module, engine.resolver.allowed(legacy, org))


def version_candidates(
    engine: LegacyEngine,
    legacy: LegacyProject | None,
    module_key: tuple[str, str] | None,
    replace: Span,
    quoted: bool,
    pinned: str | None = None,
) -> list[ManifestCandidate]:
    """The versions of ``module_key`` on disk, newest first, labelled with their repositories
    (and ``pinned``, Ballerina.toml's version, marked as such)."""
    if module_key is None:
        return []
    org, module = module_key
    by_version: dict[str, list[str]] = {}
    for package in versions_on_disk(engine, legacy, org, module):
        by_version.setdefault(package.version, []).append(package.repository.label)
    items = []
    for rank, (version, labels) in enumerate(by_version.items()):
        detail = ", ".join(dict.fromkeys(labels))
        if pinned is not None and version == pinned:
            detail += " (Ballerina.toml's version)"
        items.append(
            ManifestCandidate(
                label=version,
                kind="version",
                replace=replace,
                insert=version if quoted else f'"{version}"',
                detail=detail,
                sort_text=f"{rank:04d}",
            )
        )
    return items


def string_content(text: str, after_equals: int, offset: int, line_end: int) -> tuple[Span, bool]:
    """What a version candidate replaces: the string's content when the cursor is inside
    quotes, else the raw value typed so far."""
    value_start = after_equals
    while value_start < offset and text[value_start] in " \t":
        value_start += 1
    if value_start < len(text) and text[value_start] == '"' and value_start < offset:
        end = offset
        while end < line_end and text[end] not in '"':
            end += 1
        return Span(value_start + 1, end), True
    end = offset
    while end < line_end and not text[end].isspace():
        end += 1
    return Span(value_start, end), False


def module_names(engine: LegacyEngine, legacy: LegacyProject | None) -> list[tuple[str, str]]:
    """``(org, module)`` of every module in the repositories, as the resolver may use them:
    ``ballerina``/``ballerinax`` modules only from the system repository."""
    index = engine.index
    repos = index.repositories(legacy.root if legacy else None)
    pairs: list[tuple[str, str]] = []
    for org in index.orgs(repos):
        allowed = engine.resolver.allowed(legacy, org) if org in SYSTEM_ORGS else repos
        pairs.extend((org, module) for module in index.module_names(org, allowed))
        if len(pairs) >= MAX_CANDIDATES * 4:
            break
    return pairs[: MAX_CANDIDATES * 4]


def manifest_completion(
    engine: LegacyEngine, legacy: LegacyProject | None, text: str, offset: int
) -> list[ManifestCandidate]:
    """Completion candidates at ``offset`` in a 1.x Ballerina.toml."""
    offset = max(0, min(offset, len(text)))
    line_start, line_end = line_bounds(text, offset)
    before = text[line_start:offset]
    stripped = before.lstrip()
    listed = _listed_dependencies(text)
    if stripped.startswith("[") and "]" not in stripped:
        start = line_start + len(before) - len(stripped) + 1
        while start < offset and text[start] in " \t":
            start += 1
        end = offset
        while end < line_end and text[end] not in "]":
            end += 1
        replace = Span(start, end)
        items = [ManifestCandidate(t, "table", replace, t, sort_text=f"0{t}") for t in TABLES]
        for org, module in module_names(engine, legacy):
            name = f'dependencies."{org}/{module}"'
            if (org, module) not in listed:
                items.append(ManifestCandidate(name, "table", replace, name, sort_text=f"1{name}"))
        return items[:MAX_CANDIDATES]
    table = _table_at(text, line_start)
    equals = before.find("=")
    if equals < 0:
        return _key_candidates(engine, legacy, text, offset, line_start, line_end, table, listed)
    key = before[:equals].strip().strip('"')
    after_equals = line_start + equals + 1
    inline = _INLINE_VERSION.search(before)
    if table == ("dependencies",) and inline is not None and "{" in before[equals:]:
        start = offset - len(inline["typed"])
        end = offset
        while end < line_end and text[end] not in '",} \t':
            end += 1
        return version_candidates(
            engine, legacy, split_module_key(key), Span(start, end), bool(inline["quote"])
        )
    replace, quoted = string_content(text, after_equals, offset, line_end)
    if table == ("dependencies",) and "{" not in before[equals:]:
        return version_candidates(engine, legacy, split_module_key(key), replace, quoted)
    if len(table) == 2 and table[0] == "dependencies" and key == "version":
        return version_candidates(engine, legacy, split_module_key(table[1]), replace, quoted)
    return []


def key_span(text: str, offset: int, line_start: int, line_end: int) -> Span:
    """What a key candidate replaces: the key typed on the line so far, and the rest of it."""
    start = line_start
    while start < offset and text[start] in " \t":
        start += 1
    match = _KEY_CHARS.match(text, offset, line_end)
    return Span(start, match.end() if match else offset)


def _key_candidates(
    engine: LegacyEngine,
    legacy: LegacyProject | None,
    text: str,
    offset: int,
    line_start: int,
    line_end: int,
    table: tuple[str, ...],
    listed: set[tuple[str, str]],
) -> list[ManifestCandidate]:
    replace = key_span(text, offset, line_start, line_end)
    # Keys on other lines are there already; the one being typed is not.
    present = _keys_by_table(text[:line_start] + text[line_end:]).get(table, set())
    if table == ("project",):
        return [
            ManifestCandidate(k, "key", replace, f"{k} = ", documentation=doc, sort_text=f"0{k}")
            for k, doc in PROJECT_KEYS.items()
            if k not in present
        ]
    if len(table) == 2 and table[0] == "dependencies":
        return [
            ManifestCandidate(k, "key", replace, f"{k} = ", documentation=doc)
            for k, doc in DEPENDENCY_KEYS.items()
            if k not in present
        ]
    if table == ("dependencies",):
        items = []
        for org, module in module_names(engine, legacy):
            if (org, module) in listed:
                continue
            versions = versions_on_disk(engine, legacy, org, module)
            newest = newest_release(versions)
            value = f'"{newest.version}"' if newest is not None else '""'
            items.append(
                ManifestCandidate(
                    label=f"{org}/{module}",
                    kind="module",
                    replace=replace,
                    insert=f'"{org}/{module}" = {value}',
                    detail=(f"{newest.version} ({newest.repository.label})" if newest else ""),
                    sort_text=f"{org}/{module}",
                )
            )
        return items[:MAX_CANDIDATES]
    return []


def newest_release(versions: Sequence[PackageVersion]) -> PackageVersion | None:
    """The newest stable version among ``versions`` (newest first), else the newest."""
    stable = [p for p in versions if not p.parsed_version.prerelease]
    pool = stable or list(versions)
    return pool[0] if pool else None


# --- hover -----------------------------------------------------------------------------------


def legacy_resolution_markdown(name: str, resolution: Resolution) -> str:
    """Hover facts for a 1.x import: like Swan Lake's, without its compatibility marks (1.x
    has no compatible-version ranges: a named version is used exactly)."""
    package = resolution.package
    if not resolution.resolved or package is None:
        return resolution_markdown(name, resolution)
    lines = [
        f"**{package.org}/{package.name}** `{package.version}`",
        "",
        f"- Repository: {package.repository.label}, `{package.path}`",
    ]
    if resolution.module_dir is not None:
        lines.append(f"- Sources (read in the archive): `{resolution.module_dir}`")
    lines.append(f"- Why this version: {resolution.reason}")
    others = [p for p in resolution.other_versions if p.path != package.path]
    if others:
        lines += ["", "Other versions on disk, newest first:"]
        lines += [f"- `{p.version}` ({p.repository.label})" for p in others]
    return "\n".join(lines)


def versions_markdown(versions: Iterable[PackageVersion]) -> list[str]:
    """One Markdown list line per version: the version, its repository and its archive."""
    lines = []
    for package in versions:
        lines.append(f"- `{package.version}` ({package.repository.label}): `{package.path}`")
    return lines


def manifest_hover(
    engine: LegacyEngine, legacy: LegacyProject | None, text: str, offset: int
) -> ManifestHover | None:
    """Hover facts at ``offset`` in a 1.x Ballerina.toml."""
    manifest = parse_legacy_manifest(text)
    entry = manifest.dependency_at(offset)
    if entry is not None and entry.module is not None:
        org, module = entry.module
        resolution = engine.resolve_module(legacy, org, module)
        parts = [legacy_resolution_markdown(f"{org}/{module}", resolution)]
        versions = versions_on_disk(engine, legacy, org, module)
        if versions and not resolution.resolved:
            # A resolved module's markdown lists the other versions already.
            parts += ["", "Versions on disk, newest first:", *versions_markdown(versions)]
        span = entry.key_span if entry.key_span.contains(offset) else entry.span
        return ManifestHover("\n".join(parts), span)
    for node in locate(text):
        if (
            len(node.path) == 2
            and node.path[0] == "project"
            and node.key is not None
            and node.key.contains(offset)
            and isinstance(node.path[1], str)
        ):
            doc = PROJECT_KEYS.get(node.path[1])
            if doc:
                return ManifestHover(f"**{node.path[1]}** (`[project]`)\n\n{doc}", node.key)
    return None


# --- actions ---------------------------------------------------------------------------------


def _replace_version(entry: DependencyEntry, version: str) -> TextEdit | None:
    if entry.version is None:
        return None
    return TextEdit(entry.version.span, f'"{version}"')


def manifest_actions(
    engine: LegacyEngine,
    legacy: LegacyProject | None,
    text: str,
    span: Span,
    findings: Sequence[Finding] = (),
) -> list[ManifestAction]:
    """Version actions for the dependencies that ``span`` touches, and fixes for BMD2007."""
    manifest = parse_legacy_manifest(text)
    actions: list[ManifestAction] = []
    for item in findings:
        if item.code != "BMD2007":
            continue
        entry = manifest.dependency_at(item.span.start)
        if entry is None or entry.module is None:
            continue
        versions = versions_on_disk(engine, legacy, *entry.module)
        for index, package in enumerate(versions[:MAX_VERSION_ACTIONS]):
            edit = _replace_version(entry, package.version)
            if edit is not None:
                title = (
                    f"Change '{entry.written}' to {package.version} ({package.repository.label})"
                )
                actions.append(ManifestAction(title, (edit,), index == 0, item))
    for entry in manifest.dependencies:
        if entry.module is None or entry.version is None:
            continue
        if entry.span.end < span.start or entry.key_span.start > span.end:
            continue
        current = try_parse_version(entry.version.value.strip())
        newest = newest_release(versions_on_disk(engine, legacy, *entry.module))
        if current is None or newest is None or newest.parsed_version <= current:
            continue
        edit = _replace_version(entry, newest.version)
        if edit is not None:
            title = f"Update '{entry.written}' to {newest.version} ({newest.repository.label})"
            actions.append(ManifestAction(title, (edit,)))
    return actions


def _without_clause(analysis: DocumentAnalysis, decl: ImportDecl) -> TextEdit | None:
    clause = decl.version_clause
    if clause is None:
        return None
    start = clause.start
    while start > decl.span.start and analysis.text[start - 1] in " \t":
        start -= 1
    return TextEdit(Span(start, clause.end), "")


def import_actions(analysis: DocumentAnalysis, finding_: Finding) -> list[ManifestAction]:
    """Fixes for BMD2003 and BMD2004 in a .bal file."""
    if finding_.code not in ("BMD2003", "BMD2004"):
        return []
    start = finding_.data.get("import")
    decl = next((i.decl for i in analysis.imports if i.decl.span.start == start), None)
    if decl is None:
        return []
    actions: list[ManifestAction] = []
    pinned = finding_.data.get("manifest_version")
    if finding_.code == "BMD2004" and isinstance(pinned, str) and decl.version is not None:
        edit = TextEdit(decl.version.span, pinned)
        actions.append(ManifestAction(f"Use {pinned} from Ballerina.toml", (edit,), True, finding_))
    removal = _without_clause(analysis, decl)
    if removal is not None:
        title = "Remove the version clause"
        actions.append(ManifestAction(title, (removal,), finding_.code == "BMD2003", finding_))
    return actions


def pin_action(
    legacy: LegacyProject, analysis: DocumentAnalysis, decl: ImportDecl, manifest_text: str
) -> tuple[Path, ManifestAction] | None:
    """Write the version ``decl`` resolved to into Ballerina.toml's ``[dependencies]``.

    None unless it resolved to a repository version that Ballerina.toml does not pin yet.
    The edit is against ``manifest_text`` (the manifest's current text).
    """
    item = next((i for i in analysis.imports if i.decl is decl), None)
    if item is None or item.resolution is None or item.resolution.package is None:
        return None
    package = item.resolution.package
    if decl.org is None or (decl.org.value, package.name) in legacy.dependencies:
        return None
    name = f"{decl.org.value}/{package.name}"
    manifest = parse_legacy_manifest(manifest_text)
    if manifest.dependency(decl.org.value, package.name) is not None:
        return None
    try:
        if isinstance(manifest.data.get("dependencies"), dict):
            edit = text_edit(
                manifest_text, set_value(manifest_text, ("dependencies", name), package.version)
            )
        else:
            eol = line_break(manifest_text)
            lead = "" if not manifest_text or manifest_text.endswith(("\n", "\r")) else eol
            block = f'{lead}{eol}[dependencies]{eol}"{name}" = "{package.version}"{eol}'
            edit = TextEdit(Span(len(manifest_text), len(manifest_text)), block)
    except ManifestEditError:
        return None
    title = f"Pin '{name}' to {package.version} in Ballerina.toml"
    return legacy.ballerina_toml, ManifestAction(title, (edit,))
