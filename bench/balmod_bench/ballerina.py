"""Ballerina source text for the synthetic world: module APIs, their sources, and workspace files.

Everything is generated from a seeded `random.Random`, so a world is the same on every run.
Workspace files use only symbols their imported modules really declare, so balmod's
unknown-symbol check runs on every reference and finds nothing wrong.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

NOUNS = (
    "purchase", "customer", "invoice", "payment", "account", "user", "product", "cart", "item",
    "shipment", "address", "token", "session", "report", "event", "message", "queue", "topic",
    "ledger", "price", "discount", "coupon", "review", "rating", "ticket", "booking", "flight",
    "hotel", "room", "vehicle", "driver", "route", "sensor", "reading", "device", "metric",
    "alert", "incident", "audit", "policy", "role", "permission", "group", "tenant", "project",
    "task", "issue", "comment", "document", "image", "channel", "profile", "contract",
    "warehouse", "stock", "supplier", "receipt", "refund", "subscription", "plan", "quota",
    "region", "zone", "cluster", "node", "volume", "snapshot", "backup", "secret", "key",
    "certificate", "domain", "entry", "webhook", "job", "schedule", "batch", "pipeline",
    "artifact", "release", "feature", "flag", "experiment", "segment", "campaign", "lead",
    "opportunity", "quote", "employee", "department", "payroll", "shift", "patient", "visit",
)  # fmt: skip
VERBS = (
    "get", "create", "update", "delete", "list", "find", "validate", "parse", "format", "send",
    "fetch", "sync", "compute", "convert", "load", "save", "publish", "close", "open", "merge",
    "split", "archive", "restore", "approve", "reject", "assign", "cancel", "schedule", "count",
    "export", "import", "resolve", "refresh", "lock", "unlock",
)  # fmt: skip
TYPE_SUFFIXES = ("", "Request", "Response", "Config", "Summary", "Filter", "Detail", "Status")
ORG_WORDS = (
    "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "cyberdyne",
    "tyrell", "soylent", "gringotts", "oscorp", "vandelay", "pied", "aperture", "black", "mesa",
    "dunder", "mifflin", "prestige", "massive", "dynamic", "oceanic", "monarch", "nakatomi",
    "virtucon", "zorg", "kruger", "rekall", "omni", "weyland", "yutani", "sirius", "gekko",
    "bluth", "sterling", "cooper", "pearson", "hardy", "nordic", "alpine", "coastal", "summit",
    "harbor", "meridian", "quantum", "vertex", "zenith", "polar", "lumen", "atlas", "orbit",
)  # fmt: skip
PARAM_TYPES = ("string", "int", "boolean", "decimal")
LITERALS = {"string": '"{word}-{n}"', "int": "{n}", "boolean": "true", "decimal": "{n}.5d"}


def camel(*words: str) -> str:
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def pascal(*words: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in words)


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    params: tuple[tuple[str, str], ...]  # (type, name)
    returns: str  # "T|error", "error?", "string", "int"


@dataclass(slots=True)
class ModuleApi:
    """The public symbols of one module, as its generated source declares them."""

    org: str
    module: str
    functions: list[Function] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    constants: list[tuple[str, str]] = field(default_factory=list)  # (type, name)
    enums: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    clients: list[str] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        return self.module.rsplit(".", 1)[-1]

    @property
    def symbol_count(self) -> int:
        members = sum(len(m) for _, m in self.enums)
        return (
            len(self.functions)
            + len(self.records)
            + len(self.constants)
            + len(self.enums)
            + members
            + len(self.clients)
            + len(self.annotations)
        )


def generated_api(rng: random.Random, org: str, module: str, symbols: int) -> ModuleApi:
    """An API of about ``symbols`` public symbols with distinct names."""
    api = ModuleApi(org, module)
    taken: set[str] = set()
    nouns = list(NOUNS)
    rng.shuffle(nouns)

    def fresh(make: Iterator[str]) -> str:
        for name in make:
            if name not in taken:
                taken.add(name)
                return name
        raise RuntimeError("ran out of names")

    def type_names() -> Iterator[str]:
        for suffix in TYPE_SUFFIXES:
            for noun in nouns:
                yield pascal(noun, suffix) if suffix else pascal(noun)

    def function_names() -> Iterator[str]:
        for noun in nouns:
            for verb in VERBS:
                yield camel(verb, noun)
        for noun in nouns:
            for other in nouns:
                for verb in VERBS:
                    yield camel(verb, noun, other)

    def constant_names() -> Iterator[str]:
        for noun in nouns:
            for suffix in ("MAX", "DEFAULT", "MIN", "LIMIT", "TIMEOUT", "PREFIX", "HEADER"):
                yield f"{noun.upper()}_{suffix}"

    api.clients.append(fresh(iter(["Client", "Caller", "Connection"])))
    remaining = max(symbols - 1, 0)
    n_records = max(1, remaining // 5)
    n_constants = remaining // 10
    n_enums = remaining // 40
    for _ in range(n_records):
        api.records.append(fresh(type_names()))
    for _ in range(n_constants):
        api.constants.append((rng.choice(("string", "int", "decimal")), fresh(constant_names())))
    members_total = 0
    for _ in range(n_enums):
        name = fresh(type_names())
        members = tuple(
            fresh(iter(f"{name.upper()}_{m}" for m in ("ACTIVE", "PENDING", "CLOSED", "FAILED")))
            for _ in range(3)
        )
        members_total += len(members)
        api.enums.append((name, members))
    used = 1 + n_records + n_constants + n_enums + members_total
    for _ in range(max(symbols - used, 1)):
        arity = rng.choice((0, 1, 1, 2, 2, 3))
        params = tuple(
            (rng.choice(PARAM_TYPES), camel(rng.choice(NOUNS), "value" if i else "id"))
            for i in range(arity)
        )
        params = tuple(dict((p[1], p) for p in params).values())  # distinct parameter names
        returns = rng.choice(
            (f"{rng.choice(api.records)}|error", "error?", "string", "int", "boolean")
        )
        api.functions.append(Function(fresh(function_names()), params, returns))
    return api


def _literal(kind: str, rng: random.Random) -> str:
    return LITERALS[kind].format(word=rng.choice(NOUNS), n=rng.randint(1, 999))


def module_source(api: ModuleApi, rng: random.Random, imports: Sequence[str] = ()) -> str:
    """A module's source declaring everything in ``api`` as public, with docs and bodies."""
    out: list[str] = [f"// {api.org}/{api.module}: generated for the balmod benchmark.", ""]
    out.extend(f"import {name};" for name in imports)
    if imports:
        out.append("")
    for kind, name in api.constants:
        out += [f"# The {name.lower().replace('_', ' ')}.", f"public const {kind} {name} = "
                f"{_literal(kind, rng)};", ""]  # fmt: skip
    for name, members in api.enums:
        out += [f"# Kinds of {name}.", f"public enum {name} {{"]
        out += [f"    {m}{',' if i < len(members) - 1 else ''}" for i, m in enumerate(members)]
        out += ["}", ""]
    for name in api.records:
        out += [
            f"# A {name} as the service returns it.",
            "#",
            "# + id - the identifier",
            "# + count - how many there are",
            f"public type {name} record {{|",
            "    string id;",
            "    int count = 0;",
            "    map<string> labels = {};",
            "|};",
            "",
        ]
    for name in api.annotations:
        out += [f"# The {name} annotation.", f"public annotation map<anydata> {name};", ""]
    for name in api.clients:
        out += [
            f"# A client of the {api.module} service.",
            f"public isolated client class {name} {{",
            "    private final string url;",
            "",
            "    # Makes a client for the service at `target`.",
            "    # + target - the service's address or port",
            "    # + config - the client's settings",
            "    # + return - an error if the address is not valid",
            "    public isolated function init(anydata target = (), map<anydata> config = {})"
            " returns error? {",
            "        self.url = target.toString();",
            "    }",
            "",
            "    # Sends a `GET` request.",
            "    # + path - the resource path",
            "    # + return - the payload or an error",
            "    remote isolated function get(string path) returns json|error {",
            '        return {url: self.url, path: path, "status": "ok"};',
            "    }",
            "}",
            "",
        ]
    for fn in api.functions:
        params = ", ".join(f"{t} {n}" for t, n in fn.params)
        out.append(f"# {fn.name[:1].upper()}{fn.name[1:]}.")
        if fn.params:
            out.append("#")
            out.extend(f"# + {n} - the {n}" for _, n in fn.params)
        out.append("# + return - the result")
        out.append(f"public isolated function {fn.name}({params}) returns {fn.returns} {{")
        out.append(_function_body(fn, rng))
        out.append("}")
        out.append("")
    out += ["function helper(string value) returns string {", "    return value.trim();", "}", ""]
    return "\n".join(out)


def _function_body(fn: Function, rng: random.Random) -> str:
    if fn.returns.endswith("|error"):
        record = fn.returns.removesuffix("|error")
        first = fn.params[0][1] if fn.params and fn.params[0][0] == "string" else '"generated"'
        count = rng.randint(0, 9)
        return f"    {record} result = {{id: {first}, count: {count}}};\n    return result;"
    if fn.returns == "error?":
        return '    if false {\n        return error("unreachable");\n    }'
    if fn.returns == "string":
        return f'    return "{fn.name}";'
    if fn.returns == "int":
        return f"    return {rng.randint(0, 100)};"
    return "    return true;"


# --- workspace files -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Import:
    """One import of a workspace file: ``org`` None for a module of the same package."""

    org: str | None
    module: str
    alias: str | None
    api: ModuleApi

    @property
    def prefix(self) -> str:
        return self.alias or self.module.rsplit(".", 1)[-1]

    def line(self) -> str:
        name = f"{self.org}/{self.module}" if self.org else self.module
        return f"import {name}{f' as {self.alias}' if self.alias else ''};"


class _Writer:
    """Body text built from declarations that use the file's imports."""

    def __init__(self, rng: random.Random, imports: Sequence[Import], tag: str, base: int) -> None:
        self.rng = rng
        self.imports = list(imports)
        self.tag = tag
        self.counter = base
        # Every import is used early on; after that, prefixes are picked at random.
        self.unused = list(imports)
        self.http = next((i for i in imports if i.org == "ballerina" and i.module == "http"), None)
        self.io = next((i for i in imports if i.org == "ballerina" and i.module == "io"), None)
        self.log = next((i for i in imports if i.org == "ballerina" and i.module == "log"), None)

    def next_id(self) -> int:
        self.counter += 1
        return self.counter

    def pick(self, need: str = "functions") -> Import:
        """An import with symbols of kind ``need``, unused ones first."""
        for index, imp in enumerate(self.unused):
            if getattr(imp.api, need):
                return self.unused.pop(index)
        if need == "functions" and self.unused:
            return self.unused.pop(0)  # `call` falls back to its other symbols
        candidates = [i for i in self.imports if getattr(i.api, need)]
        return self.rng.choice(candidates or self.imports)

    def call(self, imp: Import, indent: str, locals_: dict[str, str]) -> list[str]:
        """A statement calling one of ``imp``'s functions (or using its other symbols)."""
        rng, p = self.rng, imp.prefix
        if not imp.api.functions:
            return self.use_other(imp, indent)
        fn = rng.choice(imp.api.functions)
        args = []
        for kind, _name in fn.params:
            same = [n for n, k in locals_.items() if k == kind]
            args.append(rng.choice(same) if same and rng.random() < 0.6 else _literal(kind, rng))
        call = f"{p}:{fn.name}({', '.join(args)})"
        var = f"v{self.next_id()}"
        if fn.returns.endswith("|error"):
            record = fn.returns.removesuffix("|error")
            locals_[var] = "record"
            return [f"{indent}{p}:{record} {var} = check {call};"]
        if fn.returns == "error?":
            return [f"{indent}check {call};"]
        kind = {"string": "string", "int": "int", "boolean": "boolean"}[fn.returns]
        locals_[var] = kind
        return [f"{indent}{kind} {var} = {call};"]

    def use_other(self, imp: Import, indent: str) -> list[str]:
        p, api = imp.prefix, imp.api
        if api.constants:
            kind, name = self.rng.choice(api.constants)
            return [f"{indent}{kind} c{self.next_id()} = {p}:{name};"]
        if api.enums:
            name, members = self.rng.choice(api.enums)
            return [f"{indent}{p}:{name} e{self.next_id()} = {p}:{members[0]};"]
        if api.records:
            name = self.rng.choice(api.records)
            return [f'{indent}{p}:{name} r{self.next_id()} = {{id: "x", count: 1}};']
        return [f"{indent}// {p} has nothing to use"]

    def statements(self, indent: str, count: int, locals_: dict[str, str]) -> list[str]:
        rng = self.rng
        out: list[str] = []
        strings = [n for n, k in locals_.items() if k == "string"] or ['"none"']
        ints = [n for n, k in locals_.items() if k == "int"] or ["0"]
        while len(out) < count:
            roll = rng.random()
            n = self.next_id()
            s, i = rng.choice(strings), rng.choice(ints)
            if roll < 0.30:
                out += self.call(self.pick(), indent, locals_)
            elif roll < 0.38 and self.io:
                out.append(f'{indent}{self.io.prefix}:println("step {n}: ", {s});')
            elif roll < 0.45 and self.log:
                out.append(
                    f'{indent}{self.log.prefix}:printInfo("handled {rng.choice(NOUNS)}", '
                    f"id = {s}, attempt = {i});"
                )
            elif roll < 0.52:
                out.append(
                    f"{indent}map<json> payload{n} = {{id: {s}, count: {i}, "
                    f'"kind": "{rng.choice(NOUNS)}", nested: {{a: 1, b: [1, 2, 3]}}}};'
                )
            elif roll < 0.58:
                out.append(f'{indent}string label{n} = {i} > 10 ? "large" : "small";')
                locals_[f"label{n}"] = "string"
            elif roll < 0.64:
                out.append(
                    f"{indent}string text{n} = string `{rng.choice(NOUNS)} ${{{s}}} has "
                    f"${{{i}}} entries (ratio ${{{i} * 2}}:1)`;"
                )
                locals_[f"text{n}"] = "string"
            elif roll < 0.69:
                out += [
                    f"{indent}foreach int k in 0 ..< {rng.randint(2, 9)} {{",
                    *self.call(self.pick(), indent + "    ", dict(locals_)),
                    f"{indent}}}",
                ]
            elif roll < 0.74:
                out += [
                    f"{indent}if {i} > {rng.randint(0, 50)} {{",
                    *self.call(self.pick(), indent + "    ", dict(locals_)),
                    f"{indent}}} else {{",
                    f"{indent}    _ = int:toHexString({i});"
                    if rng.random() < 0.3
                    else f"{indent}    _ = {i} + 1;",
                    f"{indent}}}",
                ]
            elif roll < 0.78:
                out.append(
                    f"{indent}int[] evens{n} = from int x in [1, 2, 3, 4, {i}] "
                    "where x % 2 == 0 select x;"
                )
            elif roll < 0.82:
                out.append(f"{indent}string upper{n} = string:toUpperAscii({s});")
                locals_[f"upper{n}"] = "string"
            elif roll < 0.86:
                out += [
                    f"{indent}match {s} {{",
                    f'{indent}    "active" => {{',
                    *self.call(self.pick(), indent + "        ", dict(locals_)),
                    f"{indent}    }}",
                    f"{indent}    _ => {{",
                    f"{indent}        int ignored{n} = 0;",
                    f"{indent}    }}",
                    f"{indent}}}",
                ]
            elif roll < 0.90:
                out.append(f"{indent}// {rng.choice(VERBS)} the {rng.choice(NOUNS)}: see a:b")
            elif roll < 0.95:
                out += self.use_other(self.pick("constants"), indent)
            else:
                out.append(f"{indent}int count{n} = {i} + {rng.randint(1, 9)};")
                locals_[f"count{n}"] = "int"
        return out

    # Top-level declarations -------------------------------------------------------------------

    def record_type(self) -> list[str]:
        n = self.next_id()
        imp = self.pick("records")
        field_type = (
            f"{imp.prefix}:{self.rng.choice(imp.api.records)}" if imp.api.records else "string"
        )
        name = pascal(self.rng.choice(NOUNS), "Entry", str(n))
        return [
            f"# An entry of the {self.tag} service.",
            "#",
            "# + id - the entry's identifier",
            "# + detail - what the entry is about",
            f"public type {name} record {{|",
            "    string id;",
            f"    {field_type} detail;",
            "    decimal amount = 0.0d;",
            "    map<string> tags = {};",
            "|};",
            "",
        ]

    def function(self) -> list[str]:
        rng = self.rng
        noun = rng.choice(NOUNS)
        name = camel(rng.choice(VERBS), noun, str(self.next_id()))
        locals_ = {"id": "string", "count": "int"}
        return [
            f"# {name[:1].upper()}{name[1:]} for the {self.tag} service.",
            "#",
            "# + id - the identifier",
            "# + count - how many to handle",
            "# + return - an error if anything failed",
            f"{'public ' if rng.random() < 0.3 else ''}function {name}(string id, int count) "
            "returns error? {",
            *self.statements("    ", rng.randint(8, 30), locals_),
            "}",
            "",
        ]

    def service(self) -> list[str]:
        if self.http is None:
            return self.function()
        h = self.http.prefix
        n = self.next_id()
        base = self.rng.choice(NOUNS)
        out = [
            f"@{h}:ServiceConfig {{",
            f'    cors: {{allowOrigins: ["https://{base}.example.com"], allowCredentials: false}}',
            "}",
            f"service /{base}s{n} on new {h}:Listener({8000 + n % 1000}) {{",
            "",
        ]
        for method in ("get", "post", "put"):
            locals_ = {"id": "string"}
            out += [
                f"    # Handles `{method.upper()} /{base}s{n}/{{id}}`.",
                "    #",
                "    # + id - the identifier",
                "    # + return - the payload, or an error",
                f"    resource function {method} {base}/[string id]() returns json|error {{",
                *self.statements("        ", self.rng.randint(5, 15), locals_),
                f'        return {{id: id, "method": "{method}", ok: true}};',
                "    }",
                "",
            ]
        out += ["}", ""]
        return out

    def module_variable(self) -> list[str]:
        n = self.next_id()
        out = [f"const int MAX_RETRIES_{n} = {self.rng.randint(1, 9)};"]
        out.append(f'configurable string endpoint{n} = "http://localhost:{9000 + n % 1000}";')
        if self.http is not None:
            out.append(
                f"final {self.http.prefix}:Client client{n} = check new (endpoint{n}, "
                "{timeout: 10, retryCount: 2});"
            )
        imp = self.pick("clients")
        if imp.api.clients:
            name = imp.api.clients[0]
            out.append(f'final {imp.prefix}:{name} {imp.prefix}Client{n} = check new ("url{n}");')
        out.append("")
        return out

    def class_definition(self) -> list[str]:
        n = self.next_id()
        imp = self.pick("records")
        kind = f"{imp.prefix}:{imp.api.records[0]}" if imp.api.records else "json"
        return [
            f"# Caches {kind} values.",
            f"class Cache{n} {{",
            f"    private map<{kind}> entries = {{}};",
            "",
            f"    function put(string key, {kind} value) {{",
            "        self.entries[key] = value;",
            "    }",
            "",
            f"    function get(string key) returns {kind}? {{",
            "        return self.entries[key];",
            "    }",
            "}",
            "",
        ]


def workspace_source(
    rng: random.Random,
    imports: Sequence[Import],
    lines: int,
    tag: str,
    base: int = 0,
    with_init: bool = True,
) -> str:
    """A workspace file of about ``lines`` lines that uses every one of ``imports``.

    Declared names are numbered from ``base``, so files of one module never share a name;
    only one file of a module may have ``with_init`` (the module's `init` function).
    """
    writer = _Writer(rng, imports, tag, base)
    head = [f"// The {tag} service: generated for the balmod benchmark.", ""]
    head += [i.line() for i in imports]
    head += ["", f'xmlns "http://example.com/{tag}" as ns{tag};', ""]
    makers = (
        (writer.function, 0.45),
        (writer.service, 0.15),
        (writer.record_type, 0.2),
        (writer.module_variable, 0.1),
        (writer.class_definition, 0.1),
    )
    first = base + 1
    body: list[str] = writer.module_variable()
    body += [
        f"function {'init' if with_init else f'setUp{first}'}() returns error? {{",
        *writer.statements("    ", 6, {}),
        f'    xml element = xml `<ns{tag}:item id="1">${{MAX_RETRIES_{first}}}</ns{tag}:item>`;',
        "}",
        "",
    ]
    while len(head) + len(body) < lines or writer.unused:
        roll, acc = rng.random(), 0.0
        for make, weight in makers:
            acc += weight
            if roll < acc:
                body += make()
                break
        else:
            body += writer.function()
    return "\n".join(head + body) + "\n"
