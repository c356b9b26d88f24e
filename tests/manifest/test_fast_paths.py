"""The manifest core's shortcuts give the answers of the ways they stand in for.

- the schema validator's ``ok`` (no issue, nothing placed) and :func:`validate`;
- the header search of the chunked reading and :data:`HEADER_LINE`;
- the table bodies read once, shared between texts, and the bound on what is kept;
- Dependencies.toml's package rules, which pass over the usual entries without a look.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balmod.manifest import document
from balmod.manifest.dependencies_toml import (
    _incomplete,
    _module_rules,
    _package_rules,
    _text,
)
from balmod.manifest.document import HEADER_LINE, header_starts, parse_toml
from balmod.manifest.issues import Issue, Stage, Target
from balmod.manifest.keypath import KeyPath
from balmod.manifest.schema import (
    BALLERINA_TOML,
    DEPENDENCIES_TOML,
    OLD_DEPENDENCIES_TOML,
    Schema,
)
from balmod.manifest.validator import _compiled_schema, validate
from builders import render_dependencies_toml

# Keys the schemas know, and some they do not; values of every kind the validator tells apart.
KEYS = [
    "ballerina",
    "dependencies-toml-version",
    "package",
    "org",
    "name",
    "version",
    "scope",
    "transitive",
    "dependencies",
    "modules",
    "packageName",
    "moduleName",
    "dependency",
    "repository",
    "build-options",
    "observabilityIncluded",
    "platform",
    "java21",
    "bogus",
]
SCALARS = st.one_of(
    st.sampled_from(["acme", "1.2.3", "1.2", "x y", "", "a" * 300, "é", "testOnly", "2"]),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)
VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    ),
    max_leaves=25,
)


@settings(max_examples=800, deadline=None)
@given(
    st.sampled_from([DEPENDENCIES_TOML, OLD_DEPENDENCIES_TOML, BALLERINA_TOML]),
    st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=6),
)
def test_ok_says_what_validate_finds(schema: Schema, data: dict[str, Any]) -> None:
    assert _compiled_schema(schema).ok(data) == (validate(schema, data) == [])


# Mostly valid values, now and then not (a pattern broken, a wrong type, an unknown key).
ORG = st.sampled_from(["acme", "acme", "a_b", "a_b", "io", "bad-org"])
NAME = st.sampled_from(["http", "http", "a.b", "a.b", "io", "x y"])
VERSION = st.sampled_from(["1.2.3", "1.2.3", "1.0.0-rc.1", "0.1.0", "1.2", 2])
PACKAGES = st.lists(
    st.fixed_dictionaries(
        {"org": ORG, "name": NAME, "version": VERSION},
        optional={
            "scope": st.sampled_from(["testOnly", "other"]),
            "transitive": st.one_of(st.booleans(), st.just("yes")),
            "dependencies": st.lists(
                st.fixed_dictionaries({"org": ORG, "name": NAME}, optional={"x": ORG}),
                max_size=3,
            ),
            "modules": st.lists(
                st.fixed_dictionaries({"org": ORG, "packageName": NAME, "moduleName": NAME}),
                max_size=2,
            ),
        },
    ),
    max_size=3,
)


@settings(max_examples=600, deadline=None)
@given(PACKAGES, st.booleans())
def test_ok_says_what_validate_finds_for_packages(
    packages: list[dict[str, Any]], versioned: bool
) -> None:
    data: dict[str, Any] = {"package": packages}
    if versioned:
        data["ballerina"] = {"dependencies-toml-version": "2"}
    assert _compiled_schema(DEPENDENCIES_TOML).ok(data) == (validate(DEPENDENCIES_TOML, data) == [])


def test_generated_packages_are_often_valid() -> None:
    seen = {True: 0, False: 0}

    @settings(max_examples=300, deadline=None)
    @given(PACKAGES)
    def count(packages: list[dict[str, Any]]) -> None:
        seen[_compiled_schema(DEPENDENCIES_TOML).ok({"package": packages})] += 1

    count()
    assert seen[True] >= 25 and seen[False] >= 25, seen


def test_a_big_valid_file_and_one_broken_package() -> None:
    packages = [
        {"org": "acme", "name": f"p{i}", "version": "1.0.0", "dependencies": [{"org": "a"}]}
        for i in range(50)
    ]
    data = tomllib.loads(render_dependencies_toml(packages))
    assert validate(DEPENDENCIES_TOML, data) == []
    data["package"][37]["version"] = 7
    data["package"][41]["bogus"] = "x"
    assert [(i.code, i.path) for i in validate(DEPENDENCIES_TOML, data)] == [
        ("TVE0002", ("package", 37, "version")),
        ("TVE0001", ("package", 41, "bogus")),
    ]


LINES = st.lists(
    st.sampled_from(["[a]", "  [b.c]", "\t[[d]]", "x = [", "[", " ", "", "y = 1", "\r", "]"]),
    max_size=12,
)


@settings(max_examples=500, deadline=None)
@given(LINES, st.sampled_from(["\n", "\r\n"]))
def test_header_starts_are_where_header_line_matches(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    assert header_starts(text) == [m.start() for m in HEADER_LINE.finditer(text)]


def test_bodies_read_once_are_shared_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document, "_bodies", {})
    monkeypatch.setattr(document, "MAX_BODIES", 8)
    first = render_dependencies_toml([{"org": "acme", "name": f"p{i}"} for i in range(6)])
    assert parse_toml(first).data == tomllib.loads(first)
    assert len(document._bodies) == 8  # the top, [ballerina], and one per package
    # Past the bound, only the bodies of the text being read are kept.
    second = render_dependencies_toml([{"org": "beta", "name": f"q{i}"} for i in range(6)])
    assert parse_toml(second).data == tomllib.loads(second)
    assert len(document._bodies) == 8
    assert not any("acme" in body for body in document._bodies)
    # What only tomllib reads is kept too, and so is a body nothing reads (None).
    third = '[t]\nk = 1\n[u]\nk = "x\n'
    assert parse_toml(third).error is not None
    assert document._bodies["k = 1\n"] == {"k": 1}
    assert document._bodies['k = "x\n'] is None


def reference_entry_rules(
    index: int, package: dict[str, Any], listed: set[tuple[str, str]]
) -> Iterable[Issue]:
    """The package rules as written before their shortcuts: every entry through the rules."""
    path: KeyPath = ("package", index)
    org, name = _text(package, "org"), _text(package, "name")
    scope = _text(package, "scope")
    if scope is not None and scope != "testOnly":
        yield Issue(
            "BMD1005",
            f"unknown scope '{scope}' under [[package]]: builds write only 'testOnly'",
            (*path, "scope"),
            Target.VALUE,
            Stage.SCHEMA,
        )
    dependencies = package.get("dependencies")
    if isinstance(dependencies, list):
        for i, entry in enumerate(dependencies):
            if not isinstance(entry, dict):
                continue
            at: KeyPath = (*path, "dependencies", i)
            dep_org, dep_name = _text(entry, "org"), _text(entry, "name")
            if dep_org is None or dep_name is None:
                missing = [k for k, v in (("org", dep_org), ("name", dep_name)) if v is None]
                yield _incomplete("dependencies", missing, at)
            elif (dep_org, dep_name) not in listed:
                owner = f" of '{org}/{name}'" if org is not None and name is not None else ""
                yield Issue(
                    "BMD1003",
                    f"dependency '{dep_org}/{dep_name}'{owner} is not listed as a [[package]] "
                    "in Dependencies.toml",
                    at,
                    Target.VALUE,
                    Stage.SCHEMA,
                )
    modules = package.get("modules")
    if isinstance(modules, list):
        for i, entry in enumerate(modules):
            if isinstance(entry, dict):
                yield from _module_rules(entry, (*path, "modules", i), org, name)


LOOSE = st.one_of(st.sampled_from(["acme", "http", "http.x", "httpx", "io", "testOnly"]), st.none())
LOOSE_PACKAGES = st.lists(
    st.one_of(
        st.dictionaries(
            st.sampled_from(["org", "name", "scope"]),
            st.one_of(LOOSE, st.integers(0, 1)),
        ).flatmap(
            lambda base: st.fixed_dictionaries(
                {},
                optional={
                    "dependencies": st.lists(
                        st.one_of(
                            st.dictionaries(st.sampled_from(["org", "name"]), LOOSE),
                            st.just("x"),
                        ),
                        max_size=3,
                    ),
                    "modules": st.lists(
                        st.one_of(
                            st.dictionaries(
                                st.sampled_from(["org", "packageName", "moduleName"]), LOOSE
                            ),
                            st.just(3),
                        ),
                        max_size=3,
                    ),
                },
            ).map(lambda more: {**base, **more})
        ),
        st.just("not a table"),
    ),
    max_size=5,
)


@settings(max_examples=800, deadline=None)
@given(LOOSE_PACKAGES)
def test_package_rules_say_what_every_entry_through_the_rules_says(packages: list[Any]) -> None:
    packages = [
        {k: v for k, v in p.items() if v is not None} if isinstance(p, dict) else p
        for p in packages
    ]
    expected: list[Issue] = []
    listed = {
        (p["org"], p["name"])
        for p in packages
        if isinstance(p, dict) and isinstance(p.get("org"), str) and isinstance(p.get("name"), str)
    }
    for index, package in enumerate(packages):
        if isinstance(package, dict):
            expected.extend(reference_entry_rules(index, package, listed))
    found = [i for i in _package_rules(packages) if i.code != "BMD1006"]
    assert found == expected
