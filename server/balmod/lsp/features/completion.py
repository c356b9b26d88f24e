"""textDocument/completion and completionItem/resolve."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from balmod.lsp.convert import PositionMapper

if TYPE_CHECKING:
    from balmod.analysis.completion import Candidate, Completions
    from balmod.lsp.server import BalmodServer

# `"` opens a version string (manifests, module descriptors).
TRIGGER_CHARACTERS = ["/", ".", ":", " ", '"']

ListDefaults = types.CompletionItemDefaults

# By `CandidateKind` name: the enum comes with the engine, which loads after `initialize`.
_KINDS = {
    "ORG": types.CompletionItemKind.Folder,
    "MODULE": types.CompletionItemKind.Module,
    "KEYWORD": types.CompletionItemKind.Keyword,
    "PREFIX": types.CompletionItemKind.Module,
    "TABLE": types.CompletionItemKind.Struct,
    "KEY": types.CompletionItemKind.Property,
    "VALUE": types.CompletionItemKind.Value,
    "VERSION": types.CompletionItemKind.Constant,
    "REPOSITORY": types.CompletionItemKind.Folder,
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


def completion_item(
    candidate: Candidate, mapper: PositionMapper, defaults: ListDefaults | None = None
) -> types.CompletionItem:
    """One item; what ``defaults`` holds for the whole list is left out of it."""
    kind = (
        _SYMBOL_KINDS.get(candidate.symbol_kind or "", types.CompletionItemKind.Value)
        if candidate.kind.name == "SYMBOL"
        else _KINDS[candidate.kind.name]
    )
    shared_range = defaults is not None and defaults.edit_range is not None
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
        # The label is what a client filters on without one.
        filter_text=(candidate.filter_text if candidate.filter_text != candidate.label else None),
        insert_text_format=(
            types.InsertTextFormat.Snippet
            if candidate.snippet
            else None
            if defaults is not None and defaults.insert_text_format is not None
            else types.InsertTextFormat.PlainText
        ),
        text_edit=(
            None
            if shared_range
            else types.TextEdit(range=mapper.range(candidate.replace), new_text=candidate.insert)
        ),
        text_edit_text=(
            candidate.insert if shared_range and candidate.insert != candidate.label else None
        ),
        additional_text_edits=[
            types.TextEdit(range=mapper.range(e.span), new_text=e.new_text)
            for e in candidate.additional_edits
        ]
        or None,
        data=None if defaults is not None and defaults.data is not None else candidate.data or None,
    )


def list_defaults(
    result: Completions, mapper: PositionMapper, supported: frozenset[str]
) -> ListDefaults | None:
    """What every item of the list shares, for a client that takes ``itemDefaults``: a
    list of hundreds of symbols then carries one range and one ``data`` instead of one each."""
    candidates = result.items
    if not candidates or not supported:
        return None
    first = candidates[0] if result.replace is None or result.data is None else None
    replace = result.replace
    if replace is None and first is not None:
        shared = all(c.replace == first.replace for c in candidates)
        replace = first.replace if shared else None
    data = result.data
    if data is None and first is not None and first.data:
        data = first.data if all(c.data == first.data for c in candidates) else None
    edit_range = mapper.range(replace) if replace is not None and "editRange" in supported else None
    data = data if "data" in supported else None
    format_ = types.InsertTextFormat.PlainText if "insertTextFormat" in supported else None
    if edit_range is None and data is None and format_ is None:
        return None
    return types.CompletionItemDefaults(
        edit_range=edit_range, insert_text_format=format_, data=data
    )


def completion_list(
    result: Completions, mapper: PositionMapper, ls: BalmodServer
) -> types.CompletionList:
    defaults = list_defaults(result, mapper, item_defaults_supported(ls))
    return types.CompletionList(
        is_incomplete=result.incomplete,
        item_defaults=defaults,
        items=_items(result, mapper, defaults),
    )


# Items of lists made once (a module's symbols, see `Completions.same_as`), by that list.
_made: OrderedDict[tuple[int, bool], tuple[object, list[types.CompletionItem]]] = OrderedDict()


def _items(
    result: Completions, mapper: PositionMapper, defaults: ListDefaults | None
) -> list[types.CompletionItem]:
    """The items; where the list's defaults hold all that depends on the position, those
    of a list made once are made once too."""
    same_as = result.same_as
    reusable = (
        same_as is not None
        and defaults is not None
        and defaults.edit_range is not None
        and defaults.data is not None
    )
    if not reusable:
        if defaults is None or defaults.edit_range is None:
            return [completion_item(c, mapper, defaults) for c in result.items]
        return [_placeless_item(c, mapper, defaults) for c in result.items]
    assert defaults is not None
    key = (id(same_as), defaults.insert_text_format is not None)
    made = _made.get(key)
    if made is not None and made[0] is same_as:
        _made.move_to_end(key)
        return made[1]
    items = [completion_item(c, mapper, defaults) for c in result.items]
    _made[key] = (same_as, items)
    if len(_made) > 64:
        _made.popitem(last=False)
    return items


# Items that do not depend on where the list is asked for (the list's defaults hold the
# range), by what they are made of: as an import is typed, each answer offers mostly the
# orgs and modules the one before offered, and an item costs more to make than to look up.
_by_content: dict[tuple[object, ...], types.CompletionItem] = {}
_MAX_BY_CONTENT = 4096


def _placeless_item(
    candidate: Candidate, mapper: PositionMapper, defaults: ListDefaults
) -> types.CompletionItem:
    """:func:`completion_item` for a list whose defaults hold the range."""
    own_data = defaults.data is None and bool(candidate.data)
    if candidate.additional_edits or own_data:
        return completion_item(candidate, mapper, defaults)
    key = (
        candidate.label,
        candidate.kind,
        candidate.insert,
        candidate.filter_text,
        candidate.sort_text,
        candidate.detail,
        candidate.documentation,
        candidate.symbol_kind,
        candidate.snippet,
        defaults.insert_text_format is not None,
    )
    item = _by_content.get(key)
    if item is None:
        if len(_by_content) >= _MAX_BY_CONTENT:
            _by_content.clear()
        item = _by_content[key] = completion_item(candidate, mapper, defaults)
    return item


def item_defaults_supported(ls: BalmodServer) -> frozenset[str]:
    text = ls.client_capabilities.text_document
    completion = text.completion if text else None
    listed = completion.completion_list if completion else None
    return frozenset(listed.item_defaults or ()) if listed else frozenset()


def snippets_supported(ls: BalmodServer) -> bool:
    text = ls.client_capabilities.text_document
    item = text.completion.completion_item if text and text.completion else None
    return bool(item and item.snippet_support)


def _resolve_symbol(ls: BalmodServer, item: types.CompletionItem, data: dict[str, object]) -> None:
    # A symbol's name is its label: a list of symbols shares one `data` (the module).
    module_dir, name = data.get("module_dir"), data.get("symbol", item.label)
    if not isinstance(module_dir, str) or not isinstance(name, str):
        return
    entry = ls.engine.symbols.module(Path(module_dir)).get(name)
    if entry is not None and entry.symbol.doc is not None:
        item.documentation = types.MarkupContent(
            kind=types.MarkupKind.Markdown, value=entry.symbol.doc.to_markdown()
        )


def _module_named(
    item: types.CompletionItem, data: dict[str, object]
) -> tuple[str | None, str | None]:
    """The org and module a module item offers: from its data, or from its label, which
    for a name in an import declaration is the name itself (`org/module`)."""
    org, module = data.get("org"), data.get("module")
    if module is None and item.kind == types.CompletionItemKind.Module and "/" in item.label:
        org, module = item.label.split("/", 1)
    return (
        org if isinstance(org, str) else None,
        module if isinstance(module, str) else None,
    )


def register(server: BalmodServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION,
        types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS, resolve_provider=True),
    )
    def completion(ls: BalmodServer, params: types.CompletionParams) -> types.CompletionList | None:
        from balmod.analysis.completion import complete  # with the engine, after `initialize`

        uri = params.text_document.uri
        analysis, mapper = ls.analysis(uri), ls.mapper(uri)
        if analysis is None or mapper is None:
            return None
        offset = mapper.offset(params.position)
        result = complete(
            ls.engine, analysis, offset, ls.overlays(exclude=uri), snippets_supported(ls)
        )
        return completion_list(result, mapper, ls)

    @server.feature(types.COMPLETION_ITEM_RESOLVE)
    def resolve(ls: BalmodServer, item: types.CompletionItem) -> types.CompletionItem:
        from balmod.analysis.facts import resolution_markdown  # with the engine

        data = item.data if isinstance(item.data, dict) else {}
        if "module_dir" in data:
            _resolve_symbol(ls, item, data)
            return item
        org, module = _module_named(item, data)
        if module is None or item.documentation is not None:
            return item
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
