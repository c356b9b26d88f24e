"""Finding codes the manifest resolution checks use beyond those in :data:`balmod.findings.CODES`.

They are added to that registry (where it does not list them already), so findings are made
and documented the same way as every other code.
"""

from __future__ import annotations

from balmod.findings import CODES, CodeInfo, Severity

MANIFEST_CODES = (
    # The compiler's CUSTOM_REPOSITORY_NOT_FOUND (ProjectDiagnosticErrorCode).
    CodeInfo("BCE5205", Severity.WARNING, "custom repository not found"),
    CodeInfo("BMD1008", Severity.WARNING, "[[package.modules]] names no module of the package"),
)

for _info in MANIFEST_CODES:
    CODES.setdefault(_info.code, _info)
