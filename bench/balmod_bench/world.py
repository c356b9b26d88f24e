"""The synthetic world: repositories laid out as Ballerina lays them out, and two packages.

```
<root>/ballerina-home/repo/bala/ballerina/<pkg>/<version>/<platform>/   the distribution
<root>/user-home/repositories/central.ballerina.io/bala/<org>/<pkg>/<version>/<platform>/
<root>/workspace/app/      the package the language server works on: big files, a
                           Dependencies.toml of `lock_packages` packages, two submodules
<root>/workspace/fleet/    the package `balmod check` reads: `check_files` files
```

A few packages the big files import are locked in Dependencies.toml at a version that is on
no repository (BMD0004); :meth:`World.install_locked` puts one on disk, as `bal pull` would,
so the refresh after a repository change can be timed.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from balmod_bench.ballerina import (
    NOUNS,
    ORG_WORDS,
    Function,
    Import,
    ModuleApi,
    generated_api,
    module_source,
    workspace_source,
)

DISTRIBUTION_VERSION = "2201.13.0"
APP_ORG, APP_NAME = "bench", "app"
FLEET_NAME = "fleet"


@dataclass(frozen=True, slots=True)
class Sizes:
    orgs: int = 50
    packages_per_org: int = 50
    versions_per_package: int = 4
    max_symbols: int = 500
    file_lines: int = 5000
    file_imports: int = 50
    big_files: int = 3
    lock_packages: int = 300
    check_files: int = 1000
    check_file_lines: int = 200
    refresh_targets: int = 3

    @property
    def package_versions(self) -> int:
        return self.orgs * self.packages_per_org * self.versions_per_package


FULL = Sizes()
QUICK = Sizes(
    orgs=6,
    packages_per_org=10,
    versions_per_package=2,
    file_lines=1500,
    file_imports=20,
    big_files=1,
    lock_packages=60,
    check_files=100,
    refresh_targets=1,
)


@dataclass(slots=True, eq=False)
class Package:
    org: str
    name: str
    versions: list[str]
    platform: str
    apis: list[ModuleApi]  # the default module first

    @property
    def newest(self) -> str:
        return self.versions[-1]


@dataclass(slots=True)
class World:
    root: Path
    sizes: Sizes
    ballerina_home: Path
    user_home: Path
    app: Path
    fleet: Path
    big_files: list[Path]
    dependencies_toml: Path
    packages: dict[tuple[str, str], Package]
    # Packages locked at a version that is on no repository: (org, name, version).
    missing_locks: list[tuple[str, str, str]]
    big_module_prefix: str
    big_module_symbols: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def central(self) -> Path:
        return self.user_home / "repositories" / "central.ballerina.io" / "bala"

    def install_locked(self, index: int) -> tuple[str, str, str]:
        """Put the ``index``-th missing locked version on disk (one rename, as a pull ends)."""
        org, name, version = self.missing_locks[index]
        package = self.packages[(org, name)]
        source = self.central / org / name / package.newest
        staging = self.root / "staging" / f"{org}-{name}-{version}"
        shutil.copytree(source, staging)
        package_json = staging / package.platform / "package.json"
        data = json.loads(package_json.read_text())
        data["version"] = version
        package_json.write_text(json.dumps(data, indent=2))
        os.rename(staging, self.central / org / name / version)
        return org, name, version


# --- the distribution ------------------------------------------------------------------------

# fmt: off
LANGLIBS: dict[str, tuple[list[str], list[tuple[str, str]]]] = {
    "lang.int": (
        ["abs", "sum", "max", "min", "toHexString", "fromHexString", "fromString", "signum"],
        [("int", "MAX_VALUE"), ("int", "MIN_VALUE")],
    ),
    "lang.string": (
        ["length", "toUpperAscii", "toLowerAscii", "trim", "substring", "indexOf", "startsWith",
         "endsWith", "'join", "fromBytes", "toBytes", "includes", "padStart", "padEnd"],
        [],
    ),
    "lang.value": (["toJson", "toJsonString", "fromJsonString", "cloneWithType", "clone"], []),
    "lang.array": (["length", "push", "pop", "sort", "reverse", "indexOf", "slice", "filter"], []),
    "lang.map": (["keys", "get", "hasKey", "remove", "length", "entries", "toArray"], []),
    "lang.error": (["message", "cause", "detail", "stackTrace"], []),
    "lang.decimal": (["abs", "round", "floor", "ceiling", "fromString", "sum"], []),
    "lang.float": (["abs", "round", "floor", "isNaN", "fromString", "sqrt"], []),
    "lang.boolean": (["fromString"], []),
    "lang.xml": (["concat", "elements", "children", "getName", "createElement"], []),
    "jballerina.java": (["fromString", "toString", "isNull", "createNull"], []),
}
STDLIB: dict[str, dict[str, list[str]]] = {
    "io": {"functions": ["println", "print", "fileReadString", "fileWriteString", "readln"],
           "records": ["Error"]},
    "http": {"functions": ["parseHeader", "getHeaderValue"],
             "records": ["Request", "Response", "ClientConfiguration", "NotFound", "Created",
                         "Ok", "BadRequest", "InternalServerError"],
             "clients": ["Client", "Listener", "Caller"],
             "annotations": ["ServiceConfig", "ResourceConfig", "Payload", "Header"]},
    "log": {"functions": ["printInfo", "printDebug", "printWarn", "printError"],
            "records": ["KeyValues"]},
    "time": {"functions": ["utcNow", "utcToString", "utcFromString", "monotonicNow"],
             "records": ["Utc", "Civil", "Seconds"]},
    "uuid": {"functions": ["createType4AsString", "createType1AsString", "validate"],
             "records": ["Uuid"]},
    "crypto": {"functions": ["hashSha256", "hashMd5", "hmacSha256"], "records": ["KeyStore"]},
}
# fmt: on


def _stdlib_api(rng: random.Random, module: str, spec: dict[str, list[str]]) -> ModuleApi:
    api = generated_api(rng, "ballerina", module, 40)
    fixed = {name for names in spec.values() for name in names}
    api.functions = [f for f in api.functions if f.name not in fixed]
    api.records = [r for r in api.records if r not in fixed]
    for name in spec.get("functions", []):
        fn = Function(name, (("string", "message"),), "error?")
        api.functions.insert(0, fn)
    api.records[:0] = spec.get("records", [])
    api.clients[:] = spec.get("clients", [])
    api.annotations[:] = spec.get("annotations", [])
    return api


# --- writing repositories ------------------------------------------------------------------


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _package_json(package: Package, version: str) -> str:
    return json.dumps(
        {
            "organization": package.org,
            "name": package.name,
            "version": version,
            "export": [api.module for api in package.apis],
            "platform": package.platform,
            "ballerina_version": DISTRIBUTION_VERSION,
            "language_spec_version": "2024R1",
            "implementation_vendor": "WSO2",
            "authors": [package.org.capitalize()],
            "keywords": [package.name, "generated"],
            "licenses": ["Apache-2.0"],
            "source_repository": f"https://github.com/{package.org}/{package.name}",
            "template": False,
        },
        indent=2,
    )


def _dependency_graph(package: Package, version: str) -> str:
    node = {
        "org": package.org,
        "name": package.name,
        "version": version,
        "transitive": False,
        "dependencies": [],
        "modules": [],
    }
    modules = [
        {
            "org": package.org,
            "package_name": package.name,
            "version": version,
            "module_name": api.module,
            "dependencies": [],
        }
        for api in package.apis
    ]
    return json.dumps({"packages": [node], "modules": modules}, indent=2)


def _write_package(bala_root: Path, package: Package, rng: random.Random) -> int:
    """Every version of ``package``; the sources are written once and hard-linked."""
    sources = {api.module: module_source(api, rng) for api in package.apis}
    first: Path | None = None
    files = 0
    for version in package.versions:
        bala = bala_root / package.org / package.name / version / package.platform
        _write(bala / "package.json", _package_json(package, version))
        _write(bala / "bala.json", '{"bala_version": "2.0.0", "built_by": "WSO2"}\n')
        _write(bala / "dependency-graph.json", _dependency_graph(package, version))
        for api in package.apis:
            target = bala / "modules" / api.module / f"{api.module.rsplit('.', 1)[-1]}.bal"
            if first is None:
                _write(target, sources[api.module])
            else:
                _link_or_copy(first / "modules" / api.module / target.name, target)
            files += 1
        first = first or bala
        files += 3
    return files


def _versions(rng: random.Random, count: int) -> list[str]:
    major = rng.choice((0, 1, 1, 1, 2, 2, 3))
    found: list[str] = []
    minor, patch = (1, 0) if major == 0 else (0, 0)
    while len(found) < count:
        found.append(f"{major}.{minor}.{patch}")
        if rng.random() < 0.5:
            patch += 1
        else:
            minor, patch = minor + 1, 0
    return found


def _symbol_count(rng: random.Random, max_symbols: int) -> int:
    roll = rng.random()
    if roll < 0.70:
        return rng.randint(5, 30)
    if roll < 0.95:
        return rng.randint(30, 120)
    return rng.randint(120, max_symbols)


def _org_names(count: int) -> list[str]:
    names = ["ballerinax", "wso2", *ORG_WORDS]
    n = 2
    while len(names) < count:
        names.extend(f"{w}{n}" for w in ORG_WORDS)
        n += 1
    return names[:count]


def _package_names(rng: random.Random, count: int) -> list[str]:
    nouns = list(NOUNS)
    rng.shuffle(nouns)
    names: list[str] = []
    for i in range(count):
        noun = nouns[i % len(nouns)]
        suffix = "" if i < len(nouns) else str(i // len(nouns) + 1)
        dotted = rng.random() < 0.1
        names.append(f"{noun}{suffix}.{rng.choice(NOUNS)}" if dotted else f"{noun}{suffix}")
    return names


# --- the workspace -------------------------------------------------------------------------


def _choose_imports(
    rng: random.Random,
    pool: Sequence[tuple[str, ModuleApi]],
    own: Sequence[ModuleApi],
    stdlib: Sequence[ModuleApi],
    count: int,
    first: Sequence[tuple[str, ModuleApi]] = (),
) -> list[Import]:
    """``count`` imports with distinct prefixes: the stdlib, own modules, then ``pool``."""
    chosen: list[Import] = []
    prefixes: set[str] = set()

    def add(org: str | None, api: ModuleApi) -> None:
        if len(chosen) >= count or any(i.api is api for i in chosen):
            return
        prefix = api.prefix
        alias = None
        if prefix in prefixes or prefix in {"int", "string", "error", "map", "xml"}:
            alias = f"{(org or 'own').replace('.', '_')}{prefix.capitalize()}"
            if alias in prefixes:
                return
        prefixes.add(alias or prefix)
        chosen.append(Import(org, api.module, alias, api))

    for api in stdlib:
        add("ballerina", api)
    for api in own:
        add(None, api)
    for org, api in first:
        add(org, api)
    candidates = list(pool)
    rng.shuffle(candidates)
    for org, api in candidates:
        add(org, api)
    return chosen


def _dependencies_toml(
    rng: random.Random,
    root: tuple[str, str],
    direct: Sequence[Package],
    others: Sequence[Package],
    locks: dict[tuple[str, str], str],
    stdlib: Sequence[Package],
) -> str:
    out = [
        "# AUTO-GENERATED FILE. DO NOT MODIFY.",
        "",
        "# This file is auto-generated by Ballerina for managing dependency versions.",
        "# It should not be modified by hand.",
        "",
        "[ballerina]",
        'dependencies-toml-version = "2"',
        f'distribution-version = "{DISTRIBUTION_VERSION}"',
        "",
    ]
    everyone = [*stdlib, *direct, *others]
    entries = sorted(everyone, key=lambda p: (p.org, p.name))
    direct_keys = {(p.org, p.name) for p in direct}
    out += ["[[package]]", f'org = "{root[0]}"', f'name = "{root[1]}"', 'version = "0.1.0"']
    out.append("dependencies = [")
    out.append(",\n".join(f'\t{{org = "{p.org}", name = "{p.name}"}}' for p in direct))
    out += ["]", ""]
    for package in entries:
        version = locks.get((package.org, package.name), package.versions[-1])
        out += [
            "[[package]]",
            f'org = "{package.org}"',
            f'name = "{package.name}"',
            f'version = "{version}"',
        ]
        deps = rng.sample(everyone, k=min(len(everyone), rng.randint(0, 4)))
        deps = [d for d in deps if d is not package]
        if deps:
            out.append("dependencies = [")
            out.append(",\n".join(f'\t{{org = "{d.org}", name = "{d.name}"}}' for d in deps))
            out.append("]")
        if (package.org, package.name) in direct_keys:
            out.append("modules = [")
            out.append(
                ",\n".join(
                    f'\t{{org = "{package.org}", packageName = "{package.name}", '
                    f'moduleName = "{api.module}"}}'
                    for api in package.apis
                )
            )
            out.append("]")
        out.append("")
    return "\n".join(out)


def _ballerina_toml(org: str, name: str) -> str:
    return (
        f'[package]\norg = "{org}"\nname = "{name}"\nversion = "0.1.0"\n'
        f'distribution = "{DISTRIBUTION_VERSION}"\n\n[build-options]\n'
        "observabilityIncluded = true\n"
    )


def generate(root: Path, sizes: Sizes, seed: int = 7) -> World:
    """Write the world under ``root`` (which must be empty or missing)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    ballerina_home = root / "ballerina-home"
    user_home = root / "user-home"
    dist_root = ballerina_home / "repo" / "bala"
    central = user_home / "repositories" / "central.ballerina.io" / "bala"
    (user_home / "repositories" / "local" / "bala").mkdir(parents=True)
    counts = {"files": 0}

    stdlib_packages: list[Package] = []
    for module, (functions, constants) in LANGLIBS.items():
        api = ModuleApi("ballerina", module)
        api.functions = [Function(f, (("anydata", "value"),), "int") for f in functions]
        api.constants = list(constants)
        stdlib_packages.append(Package("ballerina", module, ["0.0.0"], "any", [api]))
    for module, spec in STDLIB.items():
        api = _stdlib_api(rng, module, spec)
        stdlib_packages.append(Package("ballerina", module, ["1.4.0", "1.5.2"], "java21", [api]))
    for package in stdlib_packages:
        counts["files"] += _write_package(dist_root, package, rng)

    packages: dict[tuple[str, str], Package] = {}
    big: Package | None = None
    for org in _org_names(sizes.orgs):
        for name in _package_names(rng, sizes.packages_per_org):
            symbols = _symbol_count(rng, sizes.max_symbols)
            if big is None:
                symbols = sizes.max_symbols
            apis = [generated_api(rng, org, name, symbols)]
            if rng.random() < 0.15:
                apis.append(generated_api(rng, org, f"{name}.types", rng.randint(8, 30)))
            platform = "java21" if rng.random() < 0.3 else "any"
            package = Package(org, name, _versions(rng, sizes.versions_per_package), platform, apis)
            packages[(org, name)] = package
            big = big or package
            counts["files"] += _write_package(central, package, rng)
    assert big is not None
    counts["package_versions"] = sum(len(p.versions) for p in packages.values())
    owner = {(p.org, api.module): p for p in packages.values() for api in p.apis}

    def direct_packages(imports: Sequence[Import]) -> list[Package]:
        return list(dict.fromkeys(owner[(i.org or "", i.module)] for i in imports if _central(i)))

    # The package the language server works on.
    app = root / "workspace" / APP_NAME
    own_apis = [
        generated_api(rng, APP_ORG, f"{APP_NAME}.{sub}", rng.randint(15, 40))
        for sub in ("util", "model")
    ]
    for api in own_apis:
        sub = api.module.split(".", 1)[1]
        _write(app / "modules" / sub / f"{sub}.bal", module_source(api, rng))
    stdlib_apis = [p.apis[0] for p in stdlib_packages if p.name in ("http", "io", "log", "time")]
    pool = [(p.org, api) for p in packages.values() if p is not big for api in p.apis]
    imports = _choose_imports(
        rng, pool, own_apis, stdlib_apis, sizes.file_imports, first=[(big.org, big.apis[0])]
    )
    direct = direct_packages(imports)
    others = [p for p in packages.values() if p not in direct]
    rng.shuffle(others)
    others = others[: max(sizes.lock_packages - len(direct) - len(stdlib_packages), 0)]
    # Some imported packages are locked at a newer patch that is on no repository.
    targets = [p for p in direct if p is not big][: sizes.refresh_targets]
    locks: dict[tuple[str, str], str] = {}
    missing: list[tuple[str, str, str]] = []
    for package in targets:
        major, minor, patch = package.newest.split(".")
        version = f"{major}.{minor}.{int(patch) + 1}"
        locks[(package.org, package.name)] = version
        missing.append((package.org, package.name, version))
    _write(app / "Ballerina.toml", _ballerina_toml(APP_ORG, APP_NAME))
    dependencies_toml = app / "Dependencies.toml"
    _write(
        dependencies_toml,
        _dependencies_toml(rng, (APP_ORG, APP_NAME), direct, others, locks, stdlib_packages),
    )
    big_files = []
    for index in range(sizes.big_files):
        path = app / f"service{index + 1:02d}.bal"
        text = workspace_source(
            rng,
            imports,
            sizes.file_lines,
            f"svc{index + 1}",
            base=index * 100_000,
            with_init=index == 0,
        )
        _write(path, text)
        big_files.append(path)

    # The package `balmod check` reads: many files of ordinary size in submodules.
    fleet = root / "workspace" / FLEET_NAME
    _write(fleet / "Ballerina.toml", _ballerina_toml(APP_ORG, FLEET_NAME))
    subs = [f"{FLEET_NAME}.{noun}" for noun in NOUNS[:20]]
    sub_apis = {sub: generated_api(rng, APP_ORG, sub, rng.randint(10, 30)) for sub in subs}
    for sub, api in sub_apis.items():
        short = sub.split(".", 1)[1]
        _write(fleet / "modules" / short / "api.bal", module_source(api, rng))
    fleet_files = sizes.check_files - len(subs)
    fleet_imports: list[Import] = []
    seen_modules: set[str | None] = set()
    for index in range(fleet_files):
        home = subs[index % len(subs)] if index % 8 else None
        own = [a for s, a in sub_apis.items() if s != home]
        rng.shuffle(own)
        wanted = rng.randint(5, 15)
        file_imports = _choose_imports(
            rng, pool, own[:2], rng.sample(stdlib_apis, k=2), wanted, first=[]
        )
        fleet_imports.extend(file_imports)
        tag = f"f{index}"
        lines = rng.randint(60, 2 * sizes.check_file_lines - 60)
        first_of_module = home not in seen_modules
        seen_modules.add(home)
        text = workspace_source(
            rng, file_imports, lines, tag, base=index * 10_000, with_init=first_of_module
        )
        folder = fleet if home is None else fleet / "modules" / home.split(".", 1)[1]
        _write(folder / f"{tag}.bal", text)
    fleet_direct = direct_packages(fleet_imports)
    _write(
        fleet / "Dependencies.toml",
        _dependencies_toml(rng, (APP_ORG, FLEET_NAME), fleet_direct, [], {}, stdlib_packages),
    )
    counts["check_files"] = fleet_files + len(subs)
    return World(
        root=root,
        sizes=sizes,
        ballerina_home=ballerina_home,
        user_home=user_home,
        app=app,
        fleet=fleet,
        big_files=big_files,
        dependencies_toml=dependencies_toml,
        packages=packages,
        missing_locks=missing,
        big_module_prefix=next(i.prefix for i in imports if i.api is big.apis[0]),
        big_module_symbols=big.apis[0].symbol_count,
        counts=counts,
    )


def _central(imp: Import) -> bool:
    return imp.org is not None and imp.org != "ballerina"
