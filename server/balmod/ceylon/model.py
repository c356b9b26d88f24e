"""What the module-descriptor parser returns: frozen dataclasses with code-point spans.

Names and literals the parser had to assume while repairing an error (a module name not
typed yet) are left out, so ``import `` has ``module.parts == ()``. Facts derived from a
declaration (its module name, whether Ceylon's own repositories hold it, its native
backends) are properties here, so each rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from balmod.text import Span

# The typechecker's default namespace (``DefaultRepository.NAMESPACE``).
CEYLON_NAMESPACE = "ceylon"


@dataclass(frozen=True, slots=True)
class Name:
    """One identifier; ``\\iin`` has the value ``in`` and a span covering the ``\\i``."""

    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class Literal:
    """A quoted literal as written: ``"x"``, ``'x'`` (pre-1.0), ``\"\"\"x\"\"\"``, or one
    with no closing quote (then it runs to the end of its line)."""

    text: str  # as in the source, quotes included
    value: str  # the content, escapes resolved
    span: Span

    @property
    def quote(self) -> str:
        if self.text.startswith('"""') and self.closed and len(self.text) >= 6:
            return '"""'
        return self.text[:1]

    @property
    def closed(self) -> bool:
        q = self.text[:1]
        if len(self.text) < 2 or not self.text.endswith(q):
            return False
        # A trailing quote escaped by an odd run of backslashes does not close the literal.
        body = self.text[1:-1]
        backslashes = len(body) - len(body.rstrip("\\"))
        return backslashes % 2 == 0

    @property
    def content_span(self) -> Span:
        """Between the quotes (to the end of the text when there is no closing quote)."""
        width = len(self.quote)
        start = min(self.span.start + width, self.span.end)
        end = self.span.end - width if self.closed else self.span.end
        return Span(start, max(start, end))


@dataclass(frozen=True, slots=True)
class Annotation:
    name: Name
    span: Span
    # The string-literal arguments, in order (``native("jvm")``, ``by("a", "b")``).
    strings: tuple[Literal, ...] = ()
    has_arguments: bool = False


@dataclass(frozen=True, slots=True)
class Annotations:
    doc: Literal | None = None
    items: tuple[Annotation, ...] = ()

    def has(self, name: str) -> bool:
        return any(a.name.value == name for a in self.items)

    def strings(self, name: str) -> tuple[str, ...]:
        return tuple(s.value for a in self.items if a.name.value == name for s in a.strings)

    @property
    def native_backends(self) -> tuple[str, ...] | None:
        """``native("jvm")`` -> ``("jvm",)``; ``native`` alone -> ``()``; None if absent."""
        if not self.has("native"):
            return None
        return self.strings("native")

    @property
    def span(self) -> Span | None:
        spans = [a.span for a in self.items]
        if self.doc is not None:
            spans.append(self.doc.span)
        if not spans:
            return None
        return Span(min(s.start for s in spans), max(s.end for s in spans))


@dataclass(frozen=True, slots=True)
class ModuleRef:
    """The imported module's name as written: ``a.b``, ``"a.b"``, ``maven:"g:a"``,
    ``maven:g.h:"a"`` (group and artifact), with an optional classifier."""

    namespace: Name | None = None
    parts: tuple[Name, ...] = ()
    quoted: Literal | None = None
    artifact: Literal | None = None
    classifier: Literal | None = None

    @property
    def written(self) -> bool:
        return bool(self.parts) or self.quoted is not None

    @property
    def name(self) -> str:
        """The module name the repositories are asked for (without namespace)."""
        if self.quoted is not None:
            return self.quoted.value
        return ".".join(p.value for p in self.parts)

    @property
    def name_span(self) -> Span | None:
        """The dotted parts, or the quoted literal."""
        if self.quoted is not None:
            return self.quoted.span
        if not self.parts:
            return None
        return Span(self.parts[0].span.start, self.parts[-1].span.end)

    @property
    def span(self) -> Span | None:
        """Everything written: namespace through classifier."""
        pieces = [p.span for p in self.parts]
        for item in (self.namespace, self.quoted, self.artifact, self.classifier):
            if item is not None:
                pieces.append(item.span)
        if not pieces:
            return None
        return Span(min(s.start for s in pieces), max(s.end for s in pieces))

    @property
    def display(self) -> str:
        """As the typechecker prints it: ``namespace:name``."""
        prefix = f"{self.namespace.value}:" if self.namespace is not None else ""
        tail = "".join(f":{x.value}" for x in (self.artifact, self.classifier) if x is not None)
        return f"{prefix}{self.name}{tail}"

    @property
    def is_maven_name(self) -> bool:
        """``ModuleUtil.isMavenModule``: a name with a ``:`` in it."""
        return ":" in self.name

    @property
    def is_ceylon(self) -> bool:
        """Whether Ceylon repositories are searched for it (``forCeylon`` in the
        typechecker's ``ModuleVisitor``): no namespace (and, quoted, no Maven ``:``), or
        the ``ceylon:`` namespace. With an artifact or classifier it is Maven coordinates."""
        if not self.written or self.artifact is not None or self.classifier is not None:
            return False
        if self.namespace is None:
            return self.quoted is None or not self.is_maven_name
        return self.namespace.value == CEYLON_NAMESPACE and not self.is_maven_name


@dataclass(frozen=True, slots=True)
class ImportModule:
    """``[annotations] import <module> [<version>];``, complete or half-typed.

    ``span`` runs from the first annotation (or ``import``) through ``;``, or to the end of
    the last token when the ``;`` is missing.
    """

    span: Span
    keyword: Span
    annotations: Annotations
    module: ModuleRef
    version: Literal | None = None
    version_constant: Name | None = None  # `import x ceylonVersion;` (Ceylon 1.3)
    has_semicolon: bool = False

    @property
    def version_span(self) -> Span | None:
        if self.version is not None:
            return self.version.span
        return self.version_constant.span if self.version_constant is not None else None

    @property
    def shared(self) -> bool:
        return self.annotations.has("shared")

    @property
    def optional(self) -> bool:
        return self.annotations.has("optional")


@dataclass(frozen=True, slots=True)
class Constant:
    """``value ceylonVersion = "1.3.3";`` in the import list (Ceylon 1.3)."""

    span: Span
    name: Name | None
    value: Literal | None
    has_semicolon: bool = False


@dataclass(frozen=True, slots=True)
class ModuleDescriptor:
    span: Span
    keyword: Span  # `module`
    annotations: Annotations
    name: tuple[Name, ...]
    version: Literal | None = None
    lbrace: Span | None = None  # None when recovery had to assume it
    rbrace: Span | None = None
    imports: tuple[ImportModule, ...] = ()
    constants: tuple[Constant, ...] = ()
    coordinates: Span | None = None  # the module's own Maven coordinates, when written

    @property
    def module_name(self) -> str:
        return ".".join(p.value for p in self.name)

    @property
    def name_span(self) -> Span | None:
        if not self.name:
            return None
        return Span(self.name[0].span.start, self.name[-1].span.end)

    def constant(self, name: str) -> Constant | None:
        """The constant a version names: the last of that name, as the typechecker's map
        keeps it."""
        found = None
        for item in self.constants:
            if item.name is not None and item.name.value == name:
                found = item
        return found

    def resolved_version(self, item: ImportModule) -> Literal | None:
        """The version literal of an import, through its constant when it names one."""
        if item.version is not None:
            return item.version
        if item.version_constant is None:
            return None
        constant = self.constant(item.version_constant.value)
        return constant.value if constant is not None else None


@dataclass(frozen=True, slots=True)
class DescriptorError:
    """A syntax error; "missing X" errors have a zero-width span at the insertion point."""

    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class ParsedDescriptor:
    descriptor: ModuleDescriptor | None
    errors: tuple[DescriptorError, ...]
    # The text with comments blanked (same length): what completion contexts look at.
    masked: str

    def import_at(self, offset: int) -> ImportModule | None:
        if self.descriptor is None:
            return None
        for item in self.descriptor.imports:
            if item.span.start <= offset <= item.span.end:
                return item
        return None
