"""One descriptor in its project: the facts every feature answers from.

:class:`DescriptorContext` holds the parse, the project, the repositories and what the
project's other descriptors declare; :func:`resolve_import` says where an import's module
comes from (a module of the project, artifacts in repositories, or nowhere).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from balmod.ceylon.index import JS, JVM_SUFFIXES, CeylonIndex, ModuleVersion, name_parts
from balmod.ceylon.model import ImportModule, Literal, ModuleDescriptor, ParsedDescriptor
from balmod.ceylon.project import CeylonProject
from balmod.text import Span

LANGUAGE_MODULE = "ceylon.language"


@dataclass(frozen=True, slots=True)
class SourceModule:
    """A module of the project: its descriptor and the version it declares."""

    name: str
    version: str | None
    path: Path
    name_span: Span | None


@dataclass(frozen=True, slots=True)
class Claim:
    """A version of a module named in another descriptor of the project."""

    module: str
    version: str
    path: Path
    span: Span
    declared: bool  # the module's own declaration, not an import of it


@dataclass
class DescriptorContext:
    text: str
    path: Path
    parsed: ParsedDescriptor
    project: CeylonProject | None
    index: CeylonIndex
    # Modules with a descriptor in the project (this one included), by declared name.
    source_modules: Mapping[str, SourceModule] = field(default_factory=dict)
    # Versions the project's other descriptors name (this one excluded).
    claims: tuple[Claim, ...] = ()
    # Unsaved editor buffers, by path.
    overlays: Mapping[Path, str] = field(default_factory=dict)

    @property
    def descriptor(self) -> ModuleDescriptor | None:
        return self.parsed.descriptor


@dataclass(frozen=True, slots=True)
class ImportResolution:
    item: ImportModule
    version: Literal | None  # the version literal, through a constant when one is named
    suffixes: tuple[str, ...] | None  # artifacts the compiler looks for; None: not checked
    source: SourceModule | None = None  # a module of this project
    found: tuple[ModuleVersion, ...] = ()  # the exact version, in search order

    @property
    def module(self) -> str:
        return self.item.module.name

    @property
    def usable_version(self) -> str | None:
        """The version to look up: a closed literal with a non-empty value, no whitespace."""
        literal = self.version
        if literal is None or not literal.closed or not literal.value:
            return None
        if any(c.isspace() for c in literal.value):
            return None
        return literal.value

    @property
    def checked(self) -> bool:
        """Whether the repositories must hold this import (a Ceylon module, a usable
        version, a backend balmod knows the artifacts of, not a module of the project)."""
        return (
            self.suffixes is not None
            and self.item.module.is_ceylon
            and name_parts(self.module) is not None
            and self.usable_version is not None
            and self.source is None
            and self.module != LANGUAGE_MODULE
        )

    @property
    def missing(self) -> bool:
        return self.checked and not self.found


def artifact_suffixes(descriptor: ModuleDescriptor, item: ImportModule) -> tuple[str, ...] | None:
    """What the compiler searches for: ``.car``/``.jar`` on the JVM (the default), ``.js``
    for a module or import that is ``native("js")`` only; None for other backends."""
    backends = item.annotations.native_backends or descriptor.annotations.native_backends
    if not backends or "jvm" in backends:
        return JVM_SUFFIXES
    if "js" in backends:
        return (JS,)
    return None


def artifact_name(
    namespace: str | None, module: str, version: str, suffixes: tuple[str, ...]
) -> str:
    """As ``ArtifactContext.toString`` prints it: ``ns:name-version(.car|.jar)``."""
    prefix = f"{namespace}:" if namespace is not None else ""
    tail = suffixes[0] if len(suffixes) == 1 else "(" + "|".join(suffixes) + ")"
    return f"{prefix}{module}-{version}{tail}"


def resolve_import(context: DescriptorContext, item: ImportModule) -> ImportResolution:
    descriptor = context.descriptor
    assert descriptor is not None
    version = descriptor.resolved_version(item)
    suffixes = artifact_suffixes(descriptor, item)
    source = context.source_modules.get(item.module.name) if item.module.is_ceylon else None
    if source is not None and source.path == context.path:
        source = None  # a module importing itself: the repositories decide
    resolution = ImportResolution(item, version, suffixes, source)
    if not resolution.checked:
        return resolution
    wanted = resolution.usable_version
    assert wanted is not None and suffixes is not None
    found = tuple(
        mv for mv in context.index.lookup(resolution.module, wanted) if mv.has_any(suffixes)
    )
    return ImportResolution(item, version, suffixes, source, found)


def available_versions(context: DescriptorContext, resolution: ImportResolution) -> list[str]:
    """The versions of the import's module that have the artifacts it needs, newest first."""
    suffixes = resolution.suffixes or JVM_SUFFIXES
    seen: list[str] = []
    for mv in context.index.versions(resolution.module):
        if mv.has_any(suffixes) and mv.version not in seen:
            seen.append(mv.version)
    return seen
