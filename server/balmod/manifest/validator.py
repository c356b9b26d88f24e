"""The compiler's schema validation, in its words and codes, over tomllib's data.

What the compiler does (ballerina-lang, ``misc/toml-parser``: ``SchemaValidator``,
``schema/Schema.java``, ``schema/StringSchema.java``, ``schema/NumericSchema.java``,
``ValidationUtil.java``; message formats confirmed by its ``TomlValidateTest`` and
``DependenciesTomlTests``):

- TVE0001 ``key '{key}' not supported in schema '{parent}'``: a key an object schema does
  not list when ``additionalProperties`` is false. ``parent`` is the key the object sits
  under (``dependency``, ``java21``, ``dependencies``), or the schema title at the top
  (``Dependencies Toml Spec``).
- TVE0002 ``incompatible type for key '{key}': expected '{TYPE}', found '{TYPE}'``, with the
  compiler's type names: OBJECT, ARRAY, STRING, BOOLEAN, INTEGER, NUMBER (integers and
  floats are both found as NUMBER; arrays of tables are ARRAY, inline tables OBJECT). TOML
  dates, which the compiler's own parser does not read, are found as DATETIME here.
- TVE0003 the schema's ``message.pattern``, else ``value for key '{key}' expected to match
  the regex: {pattern}``. The whole value must match (Java's ``Matcher.matches``).
- TVE0004 / TVE0005 ``value for key '{key}' can't be lower/higher than {limit}`` (Java
  ``%f``), or the schema's ``minimum``/``maximum`` message.
- TVE0006 the schema's ``message.required`` with ``${property}`` replaced, else
  ``missing required field '{field}'``.
- TVE0007 / TVE0008 the schema's ``maxLength``/``minLength`` message, else ``length of the
  value for key '{key}' is greater than defined max length {n}`` / ``... is lower than
  defined min length {n}``. Lengths count UTF-16 units, as Java's ``String.length()`` does.
  (The compiler also once used TVE0007/TVE0008 for anyOf/oneOf; these schemas use neither.)
- ``allOf`` members are checked after the value's own rules, each with its own message.
- Array items are checked under the array's key.

All are errors, as in the compiler. A value of the wrong type is not looked into further.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from balmod.manifest.issues import Issue, Stage, Target
from balmod.manifest.keypath import KeyPath
from balmod.manifest.schema import Schema

_PROPERTY = "${property}"


@lru_cache(maxsize=256)
def compiled_pattern(pattern: str) -> re.Pattern[str]:
    # Java's \d, \s and \w are ASCII unless asked otherwise.
    return re.compile(pattern, re.ASCII)


def found_type(value: Any) -> str:
    """The compiler's name for the type of a TOML value, as its schema validator words it."""
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int | float):
        return "NUMBER"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, list):
        return "ARRAY"
    if isinstance(value, dict):
        return "OBJECT"
    if isinstance(value, datetime.date | datetime.time):
        return "DATETIME"
    return type(value).__name__.upper()


# tomllib builds values of exactly these types, so a type check is one identity test.
_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "number": (int, float),
}


def _utf16_length(value: str) -> int:
    if value.isascii():
        return len(value)  # one unit per character (and no codec to load)
    return len(value.encode("utf-16-le", "surrogatepass")) // 2


Problem = tuple[str, str]  # (code, message)


class _Node:
    """One schema, compiled for the key it is reached under: every message is ready.

    String checks are memoised per value: a Dependencies.toml repeats the same orgs and
    names hundreds of times.
    """

    __slots__ = (
        "all_of",
        "closed",
        "extra_message",
        "items",
        "key",
        "maximum",
        "minimum",
        "properties",
        "required",
        "required_message",
        "string_rules",
        "strings",
        "type",
        "type_custom",
        "types",
    )

    def __init__(self, schema: Schema, key: str | None, title: str) -> None:
        messages: Mapping[str, str] = schema.get("message", {})
        self.key = key
        expected = schema.get("type")
        self.type = expected if isinstance(expected, str) else None
        self.types = _TYPES.get(self.type or "")
        self.type_custom = messages.get("type")
        parent = key or title
        self.properties = {
            name: _Node(member, name, title)
            for name, member in schema.get("properties", {}).items()
        }
        self.closed = schema.get("additionalProperties", True) is False
        custom = messages.get("additionalProperties")
        self.extra_message = custom or f"key '{_PROPERTY}' not supported in schema '{parent}'"
        self.required: tuple[str, ...] = tuple(schema.get("required", ()))
        self.required_message = messages.get("required") or f"missing required field '{_PROPERTY}'"
        items = schema.get("items")
        self.items = _Node(items, key, title) if isinstance(items, dict) else None
        self.all_of = tuple(_Node(member, key, title) for member in schema.get("allOf", ()))
        self.string_rules = _string_rules(schema, key, messages)
        self.strings: dict[str, tuple[Problem, ...]] = {}
        self.maximum = _limit(schema, "maximum", key, messages, "TVE0005", "higher")
        self.minimum = _limit(schema, "minimum", key, messages, "TVE0004", "lower")

    def type_message(self, value: Any) -> str:
        return self.type_custom or (
            f"incompatible type for key '{self.key}': expected '{(self.type or '').upper()}', "
            f"found '{found_type(value)}'"
        )

    def ok(self, value: Any) -> bool:
        """Whether :func:`_check` finds nothing wrong with ``value`` (nothing built to say
        where: the usual answer for each of a big file's packages)."""
        kind = type(value)
        if self.types is not None and kind not in self.types:
            return False
        if kind is dict:
            properties = self.properties
            for name, member in value.items():
                node = properties.get(name)
                if node is None:
                    if self.closed:
                        return False
                elif not node.ok(member):
                    return False
            for name in self.required:
                if name not in value:
                    return False
        elif kind is list:
            items = self.items
            if items is not None:
                for item in value:
                    if not items.ok(item):
                        return False
        elif kind is str:
            if self.string_problems(value):
                return False
        elif kind is int or kind is float:
            if self.maximum is not None and value > self.maximum[0]:
                return False
            if self.minimum is not None and value < self.minimum[0]:
                return False
        # Most nodes have no allOf: no generator made for them.
        return not self.all_of or all(member.ok(value) for member in self.all_of)

    def string_problems(self, value: str) -> tuple[Problem, ...]:
        found = self.strings.get(value)
        if found is None:
            found = tuple(problem for rule in self.string_rules if (problem := rule(value)))
            if len(self.strings) > 4096:
                self.strings.clear()
            self.strings[value] = found
        return found


StringRule = Callable[[str], Problem | None]


def _string_rules(schema: Schema, key: str | None, messages: Mapping[str, str]) -> list[StringRule]:
    rules: list[StringRule] = []
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        compiled = compiled_pattern(pattern)
        message = messages.get("pattern") or (
            f"value for key '{key}' expected to match the regex: {pattern}"
        )
        problem = ("TVE0003", message)
        rules.append(lambda value: None if compiled.fullmatch(value) else problem)
    maximum = schema.get("maxLength")
    if isinstance(maximum, int):
        message = messages.get("maxLength") or (
            f"length of the value for key '{key}' is greater than defined max length {maximum}"
        )
        too_long = ("TVE0007", message)
        rules.append(lambda value: too_long if _utf16_length(value) > maximum else None)
    minimum = schema.get("minLength")
    if isinstance(minimum, int):
        message = messages.get("minLength") or (
            f"length of the value for key '{key}' is lower than defined min length {minimum}"
        )
        too_short = ("TVE0008", message)
        rules.append(lambda value: too_short if _utf16_length(value) < minimum else None)
    return rules


def _limit(
    schema: Schema,
    name: str,
    key: str | None,
    messages: Mapping[str, str],
    code: str,
    word: str,
) -> tuple[float, Problem] | None:
    limit = schema.get(name)
    if not isinstance(limit, int | float) or isinstance(limit, bool):
        return None
    message = messages.get(name) or f"value for key '{key}' can't be {word} than {float(limit):f}"
    return float(limit), (code, message)


_COMPILED: dict[int, tuple[Schema, _Node]] = {}


def _compiled_schema(schema: Schema) -> _Node:
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = (schema, _Node(schema, None, schema.get("title", "")))
        _COMPILED[id(schema)] = entry
    return entry[1]


def prepare(schema: Schema) -> None:
    """Compile ``schema`` now (its messages, its patterns), not on its first use: for the
    modules that use it to call when they are loaded, before a first document is opened."""
    _compiled_schema(schema)


def validate(schema: Schema, data: Mapping[str, Any]) -> list[Issue]:
    """Every way ``data`` breaks ``schema``, as the compiler reports it."""
    issues: list[Issue] = []
    _check(_compiled_schema(schema), data, (), issues)
    return issues


def _add(issues: list[Issue], problem: Problem, path: KeyPath, target: Target) -> None:
    code, message = problem
    stage = Stage.STRUCTURE if code == "TVE0002" else Stage.SCHEMA
    issues.append(Issue(code, message, path, target, stage))


def _check(node: _Node, value: Any, path: KeyPath, issues: list[Issue]) -> None:
    if node.types is not None and type(value) not in node.types:
        _add(issues, ("TVE0002", node.type_message(value)), path, Target.VALUE)
        return
    kind = type(value)
    if kind is dict:
        _object(node, value, path, issues)
    elif kind is list:
        items = node.items
        if items is not None:
            for index, item in enumerate(value):
                if not items.ok(item):
                    _check(items, item, (*path, index), issues)
    elif kind is str:
        for problem in node.string_problems(value):
            _add(issues, problem, path, Target.VALUE)
    elif kind is int or kind is float:
        if node.maximum is not None and value > node.maximum[0]:
            _add(issues, node.maximum[1], path, Target.VALUE)
        if node.minimum is not None and value < node.minimum[0]:
            _add(issues, node.minimum[1], path, Target.VALUE)
    for member in node.all_of:
        _check(member, value, path, issues)


def _object(node: _Node, value: Mapping[str, Any], path: KeyPath, issues: list[Issue]) -> None:
    properties = node.properties
    for name, member in value.items():
        member_node = properties.get(name)
        if member_node is not None:
            _check(member_node, member, (*path, name), issues)
        elif node.closed:
            message = node.extra_message.replace(_PROPERTY, name)
            _add(issues, ("TVE0001", message), (*path, name), Target.KEY)
    for name in node.required:
        if name not in value:
            message = node.required_message.replace(_PROPERTY, name)
            _add(issues, ("TVE0006", message), path, Target.KEY)
