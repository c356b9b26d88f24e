"""textDocument/codeAction: quick fixes for findings, and organize imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from balmod.lsp.convert import PositionMapper, diagnostic

if TYPE_CHECKING:
    from balmod.analysis.fixes import Fix
    from balmod.lsp.server import BalmodServer

KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.SourceOrganizeImports]


def fix_action(
    fix: Fix, uri: str, mapper: PositionMapper, encoding: str = types.PositionEncodingKind.Utf16
) -> types.CodeAction:
    """A code action for a fix: its edits of this document and of any other file."""
    changes = {}
    if fix.edits:
        changes[uri] = [
            types.TextEdit(range=mapper.range(e.span), new_text=e.new_text) for e in fix.edits
        ]
    for other in fix.other_files:
        there = PositionMapper(other.text, encoding)
        changes[other.path.as_uri()] = [
            types.TextEdit(range=there.range(e.span), new_text=e.new_text) for e in other.edits
        ]
    return types.CodeAction(
        title=fix.title,
        kind=fix.kind,
        diagnostics=[diagnostic(fix.finding, mapper, uri)] if fix.finding else None,
        is_preferred=fix.preferred or None,
        edit=types.WorkspaceEdit(changes=changes),
    )


def _wanted(only: list[str] | None, kind: str) -> bool:
    return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)


def register(server: BalmodServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=KINDS)
    )
    def code_actions(
        ls: BalmodServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        # The engine's modules load after `initialize` (see `BalmodServer.load`).
        from balmod.analysis.fixes import ORGANIZE_IMPORTS, fixes_for, organize, remove_all_unused

        uri = params.text_document.uri
        analysis, mapper = ls.analysis(uri), ls.mapper(uri)
        if analysis is None or mapper is None:
            return None
        only = [str(k) for k in params.context.only] if params.context.only else None
        start, end = mapper.offset(params.range.start), mapper.offset(params.range.end)
        fixes: list[Fix] = []
        if _wanted(only, types.CodeActionKind.QuickFix):
            for finding in analysis.findings:
                if finding.span.start <= end and start <= finding.span.end:
                    fixes.extend(fixes_for(ls.engine, analysis, finding))
            everything = remove_all_unused(analysis)
            if everything is not None and any(
                f.finding and f.finding.code == "BCE2002" for f in fixes
            ):
                fixes.append(everything)
        if _wanted(only, ORGANIZE_IMPORTS):
            organized = organize(analysis)
            if organized is not None:
                fixes.append(organized)
        return [fix_action(fix, uri, mapper, ls.encoding) for fix in fixes] or None
