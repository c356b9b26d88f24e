"""The schema validator: the compiler's codes and default wording, on small schemas."""

from __future__ import annotations

import datetime
from typing import Any

from balmod.manifest.issues import Issue, Stage, Target
from balmod.manifest.schema import Schema
from balmod.manifest.validator import validate

SCHEMA: Schema = {
    "title": "Test Spec",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 3, "minLength": 2},
        "count": {"type": "integer", "minimum": 1, "maximum": 10},
        "ratio": {"type": "number"},
        "flag": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string", "pattern": "^t.*"}},
        "table": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"x": {"type": "string"}},
            "required": ["x", "y"],
        },
        "free": {"type": "object"},
        "checked": {
            "type": "string",
            "message": {"pattern": "own pattern message"},
            "pattern": "^a.*",
            "allOf": [
                {"type": "string", "pattern": ".*b$", "message": {"pattern": "must end in b"}},
                {"type": "string", "pattern": "^.{0,3}$"},
            ],
        },
    },
}


def problems(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(i.code, i.message, ".".join(map(str, i.path))) for i in validate(SCHEMA, data)]


def test_a_valid_document_has_no_issues() -> None:
    data = {"name": "ab", "count": 3, "ratio": 1, "flag": False, "tags": ["t1"], "free": {"z": 1}}
    assert validate(SCHEMA, data) == []


def test_unknown_keys_name_their_parent_or_the_schema_title() -> None:
    assert problems({"other": 1, "table": {"x": "a", "y": 1, "z": 2}}) == [
        ("TVE0001", "key 'other' not supported in schema 'Test Spec'", "other"),
        ("TVE0001", "key 'y' not supported in schema 'table'", "table.y"),
        ("TVE0001", "key 'z' not supported in schema 'table'", "table.z"),
    ]


def test_types_use_the_compilers_names() -> None:
    assert problems(
        {
            "name": 1,
            "count": True,
            "ratio": "x",
            "flag": 1.5,
            "tags": {"a": 1},
            "table": [],
            "free": datetime.date(2024, 1, 1),
        }
    ) == [
        ("TVE0002", "incompatible type for key 'name': expected 'STRING', found 'NUMBER'", "name"),
        (
            "TVE0002",
            "incompatible type for key 'count': expected 'INTEGER', found 'BOOLEAN'",
            "count",
        ),
        (
            "TVE0002",
            "incompatible type for key 'ratio': expected 'NUMBER', found 'STRING'",
            "ratio",
        ),
        ("TVE0002", "incompatible type for key 'flag': expected 'BOOLEAN', found 'NUMBER'", "flag"),
        ("TVE0002", "incompatible type for key 'tags': expected 'ARRAY', found 'OBJECT'", "tags"),
        ("TVE0002", "incompatible type for key 'table': expected 'OBJECT', found 'ARRAY'", "table"),
        (
            "TVE0002",
            "incompatible type for key 'free': expected 'OBJECT', found 'DATETIME'",
            "free",
        ),
    ]


def test_type_problems_are_the_structure_stage() -> None:
    issue = validate(SCHEMA, {"flag": "no"})[0]
    assert issue == Issue(
        "TVE0002",
        "incompatible type for key 'flag': expected 'BOOLEAN', found 'STRING'",
        ("flag",),
        Target.VALUE,
        Stage.STRUCTURE,
    )


def test_pattern_and_lengths_default_wording() -> None:
    assert problems({"name": "ABCD"}) == [
        ("TVE0003", "value for key 'name' expected to match the regex: ^[a-z]+$", "name"),
        (
            "TVE0007",
            "length of the value for key 'name' is greater than defined max length 3",
            "name",
        ),
    ]
    assert problems({"name": "a"}) == [
        (
            "TVE0008",
            "length of the value for key 'name' is lower than defined min length 2",
            "name",
        ),
    ]


def test_the_whole_value_must_match_a_pattern() -> None:
    # Java's Matcher.matches(): "abc\n" does not match ^[a-z]+$ even though $ could.
    assert problems({"name": "ab\n"})[0][0] == "TVE0003"


def test_lengths_count_utf16_units_like_java() -> None:
    assert problems({"tags": ["t"], "name": "😀"}) == [
        ("TVE0003", "value for key 'name' expected to match the regex: ^[a-z]+$", "name"),
    ]
    assert [p[0] for p in problems({"name": "😀😀"})] == ["TVE0003", "TVE0007"]


def test_minimum_and_maximum() -> None:
    assert problems({"count": 0}) == [
        ("TVE0004", "value for key 'count' can't be lower than 1.000000", "count")
    ]
    assert problems({"count": 11}) == [
        ("TVE0005", "value for key 'count' can't be higher than 10.000000", "count")
    ]


def test_required_fields_are_reported_on_their_table() -> None:
    issues = validate(SCHEMA, {"table": {}})
    assert [(i.code, i.message, i.path, i.target) for i in issues] == [
        ("TVE0006", "missing required field 'x'", ("table",), Target.KEY),
        ("TVE0006", "missing required field 'y'", ("table",), Target.KEY),
    ]


def test_array_items_are_checked_under_the_arrays_key() -> None:
    assert problems({"tags": ["t1", "x", 3]}) == [
        ("TVE0003", "value for key 'tags' expected to match the regex: ^t.*", "tags.1"),
        (
            "TVE0002",
            "incompatible type for key 'tags': expected 'STRING', found 'NUMBER'",
            "tags.2",
        ),
    ]


def test_all_of_members_follow_the_values_own_rules() -> None:
    assert problems({"checked": "xyzzy"}) == [
        ("TVE0003", "own pattern message", "checked"),
        ("TVE0003", "must end in b", "checked"),
        ("TVE0003", "value for key 'checked' expected to match the regex: ^.{0,3}$", "checked"),
    ]
    assert problems({"checked": "ab"}) == []


def test_custom_required_and_unknown_key_messages() -> None:
    schema: Schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["org"],
        "message": {
            "required": "'${property}' is missing",
            "additionalProperties": "no ${property}",
        },
    }
    assert [i.message for i in validate(schema, {"bad": 1})] == ["no bad", "'org' is missing"]
