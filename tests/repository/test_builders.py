"""The shared test builders lay trees out exactly as Ballerina does."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from builders import make_bala, make_dirs, make_package, render_dependencies_toml


def test_make_bala_layout(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path)
    bala = make_bala(
        dirs.central,
        "ballerina",
        "http",
        "2.16.4",
        "java21",
        modules={"http": {"client.bal": "// c\n"}, "http.httpscerr": {"e.bal": ""}},
    )
    assert bala == dirs.central / "ballerina/http/2.16.4/java21"
    assert dirs.central == tmp_path / ".ballerina/repositories/central.ballerina.io/bala"
    assert dirs.distribution == tmp_path / "ballerina-2201.13.0/repo/bala"
    meta = json.loads((bala / "package.json").read_text())
    assert {k: meta[k] for k in ("organization", "name", "version", "export", "platform")} == {
        "organization": "ballerina",
        "name": "http",
        "version": "2.16.4",
        "export": ["http", "http.httpscerr"],
        "platform": "java21",
    }
    assert json.loads((bala / "bala.json").read_text()) == {
        "bala_version": "2.0.0",
        "built_by": "WSO2",
    }
    graph = json.loads((bala / "dependency-graph.json").read_text())
    assert [m["module_name"] for m in graph["modules"]] == ["http", "http.httpscerr"]
    assert (bala / "modules/http/client.bal").read_text() == "// c\n"
    assert (bala / "modules/http.httpscerr/e.bal").is_file()


def test_make_bala_overrides(tmp_path: Path) -> None:
    bala = make_bala(tmp_path, "foo", "bar", "1.0.0", package_json={"export": None, "x": 1})
    meta = json.loads((bala / "package.json").read_text())
    assert "export" not in meta and meta["x"] == 1
    assert (bala / "modules/bar/bar.bal").is_file()
    broken = make_bala(tmp_path, "foo", "bar", "2.0.0", package_json_text="{")
    assert (broken / "package.json").read_text() == "{"


def test_make_package_and_dependencies_toml(tmp_path: Path) -> None:
    root = make_package(
        tmp_path / "hello",
        "acme",
        "hello_world",
        "0.2.0",
        modules={"": {"main.bal": "x"}, "util": {"u.bal": "y"}},
        dependencies_toml=[
            {
                "org": "ballerina",
                "name": "io",
                "version": "1.8.0",
                "dependencies": [{"org": "ballerina", "name": "jballerina.java"}],
                "modules": [{"org": "ballerina", "packageName": "io", "moduleName": "io"}],
            }
        ],
        ballerina_toml_extra="[build-options]\nobservabilityIncluded = true\n",
    )
    manifest = tomllib.loads((root / "Ballerina.toml").read_text())
    assert manifest["package"] == {
        "org": "acme",
        "name": "hello_world",
        "version": "0.2.0",
        "distribution": "2201.13.0",
    }
    assert manifest["build-options"] == {"observabilityIncluded": True}
    assert (root / "main.bal").read_text() == "x"
    assert (root / "modules/util/u.bal").read_text() == "y"
    lock = tomllib.loads((root / "Dependencies.toml").read_text())
    assert lock["ballerina"]["dependencies-toml-version"] == "2"
    assert [(p["org"], p["name"]) for p in lock["package"]] == [
        ("ballerina", "io"),
        ("acme", "hello_world"),
    ]
    assert lock["package"][0]["modules"][0]["moduleName"] == "io"
    old = tomllib.loads(render_dependencies_toml([{"org": "a", "name": "b"}], old_format=True))
    assert old == {"dependency": [{"org": "a", "name": "b"}]}
