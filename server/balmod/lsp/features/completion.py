"""textDocument/completion and completionItem/resolve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from balmod.analysis.completion import Candidate, CandidateKind, complete
from balmod.analysis.facts import resolution_markdown
from balmod.lsp.convert import PositionMapper

if TYPE_CHECKING:
    from balmod.lsp.server import BalmodServer

# `"` opens a version string (manifests, module descriptors).
TRIGGER_CHARACTERS = ["/", ".", ":", " ", '"']

_KINDS = {
    CandidateKind.ORG: types.CompletionItemKind.Folder,
    CandidateKind.MODULE: types.CompletionItemKind.Module,
    CandidateKind.KEYWORD: types.CompletionItemKind.Keyword,
    CandidateKind.PREFIX: types.CompletionItemKind.Module,
    CandidateKind.TABLE: types.CompletionItemKind.Struct,
    CandidateKind.KEY: types.CompletionItemKind.Property,
    CandidateKind.VALUE: types.CompletionItemKind.Value,
    CandidateKind.VERSION: types.CompletionItemKind.Constant,
    CandidateKind.REPOSITORY: types.CompletionItemKind.Folder,
}

_SYMBOL_KINDS = {
    "FUNCTION": types.CompletionItemKind.Function,
    "CLASS": types.CompletionItemKind.Class,
    "TYPE": types.CompletionItemKind.Struct,
    "CONSTANT": types.CompletionItemKind.Constant,
    "ENUM": types.CompletionItemKind.Enum,
    "ENUM_MEMBER": types.CompletionItemKind.EnumMember,
    "VARIABLE": types.CompletionItemKind.Variable,
    "LISTENER": types.CompletionItemKind.Event,
    "ANNOTATION": types.CompletionItemKind.Property,
}


def completion_item(candidate: Candidate, mapper: PositionMapper) -> types.CompletionItem:
    kind = (
        _SYMBOL_KINDS.get(candidate.symbol_kind or "", types.CompletionItemKind.Value)
        if candidate.kind is CandidateKind.SYMBOL
        else _KINDS[candidate.kind]
    )
    return types.CompletionItem(
        label=candidate.label,
        kind=kind,
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
            if candidate.snippet
            else types.InsertTextFormat.PlainText
        ),
        text_edit=types.TextEdit(range=mapper.range(candidate.replace), new_text=candidate.insert),
        additional_text_edits=[
            types.TextEdit(range=mapper.range(e.span), new_text=e.new_text)
            for e in candidate.additional_edits
        ]
        or None,
        data=candidate.data or None,
    )


def snippets_supported(ls: BalmodServer) -> bool:
    text = ls.client_capabilities.text_document
    item = text.completion.completion_item if text and text.completion else None
    return bool(item and item.snippet_support)


def _resolve_symbol(ls: BalmodServer, item: types.CompletionItem, data: dict[str, object]) -> None:
    module_dir, name = data.get("module_dir"), data.get("symbol")
    if not isinstance(module_dir, str) or not isinstance(name, str):
        return
    entry = ls.engine.symbols.module(Path(module_dir)).get(name)
    if entry is not None and entry.symbol.doc is not None:
        item.documentation = types.MarkupContent(
            kind=types.MarkupKind.Markdown, value=entry.symbol.doc.to_markdown()
        )


def register(server: BalmodServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=True),
    )
    def completion(ls: BalmodServer, params: types.CompletionParams) -> types.CompletionList | None:
        uri = params.text_document.uri
        analysis, mapper = ls.analysis(uri), ls.mapper(uri)
        if analysis is None or mapper is None:
            return None
        offset = mapper.offset(params.position)
        result = complete(
            ls.engine, analysis, offset, ls.overlays(exclude=uri), snippets_supported(ls)
        )
        return types.CompletionList(
            is_incomplete=result.incomplete,
            items=[completion_item(c, mapper) for c in result.items],
        )

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    def resolve(ls: BalmodServer, item: types.CompletionItem) -> types.CompletionItem:
        data = item.data if isinstance(item.data, dict) else {}
        if "symbol" in data:
            _resolve_symbol(ls, item, data)
            return item
        module = data.get("module")
        if not isinstance(module, str) or item.documentation is not None:
            return item
        org = data.get("org") if isinstance(data.get("org"), str) else None
        resolution = ls.engine.resolve_module(None, org, module) if org else None
        if resolution is not None:
            name = f"{org}/{module}"
            item.documentation = types.MarkupContent(
                kind=types.MarkupKind.Markdown, value=resolution_markdown(name, resolution)
            )
            if resolution.package is not None and not item.detail:
                package = resolution.package
                item.detail = (
                    f"{package.org}/{package.name} {package.version} ({package.repository.label})"
                )
        return item
