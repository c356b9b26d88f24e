"""Editor features for every other module system (Ceylon...), through `LanguageService`.

Ballerina's own handlers are registered first; this module puts a front handler on each
feature that answers documents owned by another module system and passes the rest on. A
new module system needs nothing here: it gets completion, hover, definition, code actions
and inlay hints from its service.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from balmod.lsp.convert import PositionMapper, location
from balmod.lsp.features.code_actions import fix_action
from balmod.lsp.features.completion import completion_list, snippets_supported
from balmod.lsp.features.manifests import Previous, extend
from balmod.lsp.server import document_path
from balmod.service import LanguageService
from balmod.text import Span

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer


def _other(ls: BalmodServer, uri: str) -> tuple[LanguageService, Path, PositionMapper] | None:
    """The service, path and text of a document owned by a module system other than Ballerina."""
    service = ls.service_for(uri)
    path = document_path(uri)
    mapper = ls.mapper(uri)
    if service is None or service is ls.ballerina or path is None or mapper is None:
        return None
    return service, path, mapper


def _completion(ls: BalmodServer, params: types.CompletionParams, previous: Previous) -> Any:
    found = _other(ls, params.text_document.uri)
    if found is None:
        return previous(params)
    service, path, mapper = found
    offset = mapper.offset(params.position)
    result = service.complete(mapper.text, path, offset, ls.overlays(), snippets_supported(ls))
    return completion_list(result, mapper, ls)


def _hover(ls: BalmodServer, params: types.HoverParams, previous: Previous) -> Any:
    found = _other(ls, params.text_document.uri)
    if found is None:
        return previous(params)
    service, path, mapper = found
    info = service.hover(mapper.text, path, mapper.offset(params.position), ls.overlays())
    if info is None:
        return None
    content = types.MarkupContent(kind=types.MarkupKind.Markdown, value=info.markdown)
    return types.Hover(contents=content, range=mapper.range(info.span))


def _definition(ls: BalmodServer, params: types.DefinitionParams, previous: Previous) -> Any:
    found = _other(ls, params.text_document.uri)
    if found is None:
        return previous(params)
    service, path, mapper = found
    targets = service.definition(mapper.text, path, mapper.offset(params.position), ls.overlays())
    return [location(t.path, t.span, t.text, ls.encoding) for t in targets] or None


def _code_actions(ls: BalmodServer, params: types.CodeActionParams, previous: Previous) -> Any:
    found = _other(ls, params.text_document.uri)
    if found is None:
        return previous(params)
    service, path, mapper = found
    span = Span(mapper.offset(params.range.start), mapper.offset(params.range.end))
    only = [str(k) for k in params.context.only] if params.context.only else None
    fixes = [
        fix
        for fix in service.fixes(mapper.text, path, span)
        if only is None or any(fix.kind == k or fix.kind.startswith(f"{k}.") for k in only)
    ]
    return [fix_action(fix, params.text_document.uri, mapper, ls.encoding) for fix in fixes] or None


def _inlay_hints(ls: BalmodServer, params: types.InlayHintParams, previous: Previous) -> Any:
    found = _other(ls, params.text_document.uri)
    if found is None:
        return previous(params)
    service, path, mapper = found
    if not ls.settings.inlay_hints:
        return []
    span = Span(mapper.offset(params.range.start), mapper.offset(params.range.end))
    return [
        types.InlayHint(
            position=mapper.position(hint.offset),
            label=hint.label,
            padding_left=True,
            tooltip=hint.tooltip or None,
        )
        for hint in service.inlay_hints(mapper.text, path, span)
    ]


def register(server: BalmodServer) -> None:
    extend(server, types.TEXT_DOCUMENT_COMPLETION, _completion)
    extend(server, types.TEXT_DOCUMENT_HOVER, _hover)
    extend(server, types.TEXT_DOCUMENT_DEFINITION, _definition)
    extend(server, types.TEXT_DOCUMENT_CODE_ACTION, _code_actions)
    extend(server, types.TEXT_DOCUMENT_INLAY_HINT, _inlay_hints)
