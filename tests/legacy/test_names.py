"""The 1.x rules for org and module names (BALLERINA.md section 9)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balmod.legacy.names import (
    MAX_NAME_LENGTH,
    is_valid_module,
    is_valid_org,
    module_problem,
    org_problem,
)


@pytest.mark.parametrize("name", ["natasha", "wso2", "my_org", "_", "a" * MAX_NAME_LENGTH, "123"])
def test_valid_orgs(name: str) -> None:
    assert org_problem(name) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Natasha", "lowercase"),
        ("my-org", "only lowercase letters, digits and '_'"),
        ("my.org", "only lowercase letters, digits and '_'"),
        ("orgé", "only lowercase letters, digits and '_'"),
        ("", "empty"),
        ("a" * (MAX_NAME_LENGTH + 1), "the maximum is 256"),
    ],
)
def test_invalid_orgs(name: str, reason: str) -> None:
    problem = org_problem(name)
    assert problem is not None and reason in problem


@pytest.mark.parametrize("name", ["http", "net.http.exception", "Foo_Bar2", "a" * MAX_NAME_LENGTH])
def test_valid_modules(name: str) -> None:
    assert module_problem(name) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("date-utils", "only letters, digits, '_' and '.'"),
        ("grüße", "only letters, digits, '_' and '.'"),
        (".hidden", "cannot start or end with '.'"),
        ("a..b", "two in a row"),
        ("a" * (MAX_NAME_LENGTH + 1), "the maximum is 256"),
        ("", "empty"),
    ],
)
def test_invalid_modules(name: str, reason: str) -> None:
    problem = module_problem(name)
    assert problem is not None and reason in problem


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=256))
def test_every_lowercase_name_is_both_an_org_and_a_module(name: str) -> None:
    assert is_valid_org(name)
    assert is_valid_module(name)


@given(st.text(min_size=0, max_size=300))
def test_checks_never_raise(name: str) -> None:
    assert isinstance(is_valid_org(name), bool)
    assert isinstance(is_valid_module(name), bool)
