"""Ballerina.toml and Dependencies.toml in the editor: completion, hover and code actions.

textDocument/completion, hover and codeAction are registered by the ``.bal`` features; this
module extends each (:func:`extend`) so that manifests are answered by the manifest core and
every other document by the handler registered before it. Code actions on a ``.bal`` file
also gain "add a ``[[dependency]]`` with ``repository = "local"``" for an unresolved import
whose package only the local repository has: an edit of Ballerina.toml.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.uris import to_fs_path

from balmod.lsp.convert import PositionMapper, diagnostic
from balmod.lsp.server import document_path
from balmod.text import Span

if TYPE_CHECKING:
    from balmod.analysis.manifests import ManifestAction, ManifestCandidate
    from balmod.lsp.server import BalmodServer

Previous = Callable[[Any], Any]

# By `CandidateKind` name: the manifest core loads with the engine, after `initialize`
# (see `BalmodServer.load`), and so is imported by the functions that use it.
_KINDS = {
    "TABLE": types.CompletionItemKind.Struct,
    "KEY": types.CompletionItemKind.Property,
    "VALUE": types.CompletionItemKind.Value,
    "ORG": types.CompletionItemKind.Folder,
    "PACKAGE": types.CompletionItemKind.Module,
    "MODULE": types.CompletionItemKind.Module,
    "VERSION": types.CompletionItemKind.Constant,
    "REPOSITORY": types.CompletionItemKind.Folder,
}


def extend(
    server: BalmodServer,
    method: str,
    handler: Callable[[BalmodServer, Any, Previous], Any]
    | Callable[[BalmodServer, Any, Previous], Awaitable[Any]],
) -> None:
    """Put ``handler(ls, params, previous)`` in front of the handler registered for ``method``."""
    features = server.protocol.fm.features
    previous: Previous = features[method]
    if inspect.iscoroutinefunction(handler):

        async def chained_async(params: Any) -> Any:
            return await handler(server, params, previous)

        features[method] = chained_async
    else:

        def chained(params: Any) -> Any:
            return handler(server, params, previous)

        features[method] = chained


def manifest_document(ls: BalmodServer, uri: str) -> tuple[Path, PositionMapper] | None:
    """The path and text of an open Ballerina.toml, Dependencies.toml or Ballerina.lock."""
    from balmod.analysis import manifest_answers

    path = to_fs_path(uri)
    if path is None or not manifest_answers.is_manifest(Path(path).name):
        return None
    mapper = ls.mapper(uri)
    return (Path(path), mapper) if mapper is not None else None


def open_buffers(ls: BalmodServer) -> dict[Path, str]:
    """Every open document's text by path: what the user sees wins over what is saved.

    pygls keys documents by their URI unescaped once; the path comes from the URI the
    document was opened with, so a ``%`` in a file name is not unescaped twice.
    """
    buffers = {}
    for document in ls.workspace.text_documents.values():
        path = document_path(document.uri)
        if path is not None:
            buffers[path] = document.source
    return buffers


def _snippets(ls: BalmodServer) -> bool:
    text = ls.client_capabilities.text_document
    item = text.completion.completion_item if text and text.completion else None
    return bool(item and item.snippet_support)


def _item(
    candidate: ManifestCandidate, mapper: PositionMapper, snippets: bool
) -> types.CompletionItem:
    return types.CompletionItem(
        label=candidate.label,
        kind=_KINDS[candidate.kind.name],
        detail=candidate.detail or None,
        documentation=(
            types.MarkupContent(kind=types.MarkupKind.Markdown, value=candidate.documentation)
            if candidate.documentation
            else None
        ),
        sort_text=candidate.sort_text,
        filter_text=candidate.filter_text,
        insert_text_format=(
            types.InsertTextFormat.Snippet
            if candidate.snippet and snippets
            else types.InsertTextFormat.PlainText
        ),
        text_edit=types.TextEdit(range=mapper.range(candidate.replace), new_text=candidate.insert),
    )


def _completion(
    ls: BalmodServer, params: types.CompletionParams, previous: Previous
) -> types.CompletionList | None:
    document = manifest_document(ls, params.text_document.uri)
    if document is None:
        return previous(params)  # type: ignore[no-any-return]
    from balmod.analysis import manifest_answers

    path, mapper = document
    snippets = _snippets(ls)
    offset = mapper.offset(params.position)
    candidates = manifest_answers.complete(
        ls.engine, mapper.text, path, offset, snippets, open_buffers(ls)
    )
    return types.CompletionList(
        is_incomplete=False, items=[_item(c, mapper, snippets) for c in candidates]
    )


def _hover(ls: BalmodServer, params: types.HoverParams, previous: Previous) -> types.Hover | None:
    document = manifest_document(ls, params.text_document.uri)
    if document is None:
        return previous(params)  # type: ignore[no-any-return]
    from balmod.analysis import manifest_answers

    path, mapper = document
    offset = mapper.offset(params.position)
    info = manifest_answers.hover(ls.engine, mapper.text, path, offset, open_buffers(ls))
    if info is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=info.markdown),
        range=mapper.range(info.span),
    )


def _wanted(only: list[str] | None, kind: str) -> bool:
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def _action(
    ls: BalmodServer, action: ManifestAction, diagnostics: list[types.Diagnostic]
) -> types.CodeAction:
    changes: dict[str, list[types.TextEdit]] = {}
    for change in action.changes:
        mapper = PositionMapper(change.text, ls.encoding)
        changes[_uri_for(ls, change.path)] = [
            types.TextEdit(range=mapper.range(edit.span), new_text=edit.new_text)
            for edit in change.edits
        ]
    return types.CodeAction(
        title=action.title,
        kind=action.kind,
        diagnostics=diagnostics or None,
        is_preferred=action.preferred or None,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _uri_for(ls: BalmodServer, path: Path) -> str:
    """The URI the client opened ``path`` with (it may escape it its own way), else a new one."""
    for document in ls.workspace.text_documents.values():
        if document_path(document.uri) == path:
            return str(document.uri)
    return path.as_uri()


def _fixed(
    action: ManifestAction, diagnostics: list[types.Diagnostic], mapper: PositionMapper
) -> list[types.Diagnostic]:
    """The request's diagnostics an action fixes (matched by code and key path, or by code
    and range when the action names its finding)."""
    if action.fixes is None:
        if action.finding is None:
            return []
        code, where = action.finding.code, mapper.range(action.finding.span)
        return [d for d in diagnostics if d.code == code and d.range == where]
    code, path = action.fixes
    return [
        d
        for d in diagnostics
        if d.code == code and isinstance(d.data, dict) and d.data.get("path") == path
    ]


def _local_dependencies(ls: BalmodServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """For a .bal file's BCE2003 in range: take the package from the local repository."""
    uri = params.text_document.uri
    analysis, mapper = ls.analysis(uri), ls.mapper(uri)
    if analysis is None or mapper is None:
        return []
    start, end = mapper.offset(params.range.start), mapper.offset(params.range.end)
    found = []
    for finding in analysis.findings:
        if finding.code == "BCE2003" and finding.span.start <= end and start <= finding.span.end:
            for action in ls.engine.manifests.local_dependency_actions(
                analysis, finding, open_buffers(ls)
            ):
                fixed = [diagnostic(action.finding, mapper, uri)] if action.finding else []
                found.append(_action(ls, action, fixed))
    return found


def _code_actions(
    ls: BalmodServer, params: types.CodeActionParams, previous: Previous
) -> list[types.CodeAction | types.Command] | None:
    only = [str(k) for k in params.context.only] if params.context.only else None
    document = manifest_document(ls, params.text_document.uri)
    if document is None:
        found: list[types.CodeAction | types.Command] = list(previous(params) or [])
        if _wanted(only, types.CodeActionKind.QuickFix):
            found.extend(_local_dependencies(ls, params))
        return found or None
    from balmod.analysis import manifest_answers

    path, mapper = document
    span = Span(mapper.offset(params.range.start), mapper.offset(params.range.end))
    actions = manifest_answers.actions(ls.engine, mapper.text, path, span, open_buffers(ls))
    diagnostics = list(params.context.diagnostics)
    return [
        _action(ls, action, _fixed(action, diagnostics, mapper))
        for action in actions
        if _wanted(only, action.kind)
    ] or None


def register(server: BalmodServer) -> None:
    extend(server, types.TEXT_DOCUMENT_COMPLETION, _completion)
    extend(server, types.TEXT_DOCUMENT_HOVER, _hover)
    extend(server, types.TEXT_DOCUMENT_CODE_ACTION, _code_actions)
    options = server.protocol.fm.feature_options.get(types.TEXT_DOCUMENT_CODE_ACTION)
    if isinstance(options, types.CodeActionOptions):
        kinds = list(options.code_action_kinds or [])
        if types.CodeActionKind.RefactorRewrite not in kinds:
            options.code_action_kinds = [*kinds, types.CodeActionKind.RefactorRewrite]
