"""Dependencies.toml forms, including broken files (BALLERINA.md section 6)."""

from __future__ import annotations

from pathlib import Path

from balmod.project import LockedPackage, LockForm
from balmod.project.manifests import read_dependencies_toml


def read(
    tmp_path: Path, text: str
) -> tuple[LockForm | None, dict[tuple[str, str], LockedPackage], list[str]]:
    path = tmp_path / "Dependencies.toml"
    path.write_text(text)
    errors: list[str] = []
    lock = read_dependencies_toml(path, errors)
    return lock.form, lock.packages, errors


def test_header_only_is_version_2(tmp_path: Path) -> None:
    assert read(tmp_path, '[ballerina]\ndependencies-toml-version = "2"\n') == (
        LockForm.PACKAGE,
        {},
        [],
    )


def test_empty_file(tmp_path: Path) -> None:
    assert read(tmp_path, "# nothing yet\n") == (None, {}, [])


def test_missing_file(tmp_path: Path) -> None:
    errors: list[str] = []
    lock = read_dependencies_toml(tmp_path / "Dependencies.toml", errors)
    assert (lock.form, lock.packages, errors) == (None, {}, [])


def test_broken_file_keeps_plain_entries(tmp_path: Path) -> None:
    form, packages, errors = read(
        tmp_path,
        '[ballerina]\ndependencies-toml-version = "2"\n\n'
        '[[package]]\norg = "ballerina"\nname = "io"\nversion = "1.8.0"\n'
        'dependencies = [\n\t{org = "ballerina", name = "jballerina.java"}\n]\n\n'
        '[[package]]\norg = "ballerina"\nname = "http"\nversion = "2.16.4\n',
    )
    assert form is LockForm.PACKAGE
    # The unterminated string is lost; the rest of that entry is kept.
    assert packages == {
        ("ballerina", "io"): LockedPackage("ballerina", "io", "1.8.0"),
        ("ballerina", "http"): LockedPackage("ballerina", "http", None),
    }
    assert len(errors) == 1 and errors[0].startswith("Dependencies.toml: ")
    assert "line 15" in errors[0]


def test_package_must_be_an_array_of_tables(tmp_path: Path) -> None:
    form, packages, errors = read(tmp_path, '[package]\norg = "x"\n')
    assert (form, packages) == (LockForm.PACKAGE, {})
    assert errors == ["Dependencies.toml: 'package' must be an array of tables ([[package]])"]
