"""What balmod knows about an import, written for people: hover text and `balmod deps`."""

from __future__ import annotations

from balmod.analysis.resolver import Resolution, ResolutionStatus
from balmod.versions import is_compatible


def resolution_markdown(name: str, resolution: Resolution) -> str:
    """Markdown facts: package, module, version, repository, why, and the other versions."""
    if resolution.status is ResolutionStatus.UNRESOLVED:
        lines = [f"**{name}**: cannot be resolved", "", resolution.reason]
        if resolution.searched:
            lines += ["", "Looked in:"]
            lines += [f"- {label}: `{path}`" for label, path in resolution.searched]
        return "\n".join(lines)
    package = resolution.package
    if package is None:
        where = resolution.module_dir
        return "\n".join(
            [
                f"**{resolution.module_name}**: module of the current package",
                "",
                f"Directory: `{where}`" if where else "",
            ]
        ).rstrip()
    lines = [
        f"**{package.org}/{package.name}** `{package.version}`, module `{resolution.module_name}`",
        "",
        f"- Repository: {package.repository.label}, `{resolution.module_dir or package.path}`",
        f"- Why this version: {resolution.reason}",
    ]
    if resolution.locked_missing:
        lines.append(f"- Locked version {resolution.locked_missing} is not on disk")
    others = [v for v in resolution.other_versions if v.path != package.path]
    if others:
        lines += ["", "Other versions on disk, newest first:"]
        for other in others:
            mark = (
                "compatible"
                if is_compatible(other.parsed_version, package.parsed_version)
                else "incompatible"
            )
            lines.append(f"- `{other.version}` ({other.repository.label}), {mark}")
    return "\n".join(lines)
