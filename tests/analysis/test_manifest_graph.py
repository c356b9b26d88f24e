"""Dependency graphs read from bala directories, and incompatible claims among them."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from balmod.analysis.manifests.graph import (
    Claim,
    compatibility_class,
    find_conflicts,
    graph_claims,
    manifest_claim,
    read_graph,
)
from balmod.versions import parse_version


def claim(version: str, source: str = "g", owner: tuple[str, str] | None = ("a", "b")) -> Claim:
    return Claim(parse_version(version), version, source, owner)


def test_read_graph_collects_every_package_once(tmp_path: Path) -> None:
    graph = {
        "packages": [
            {
                "org": "acme",
                "name": "a",
                "version": "1.0.0",
                "dependencies": [{"org": "ballerina", "name": "io", "version": "1.8.0"}],
            },
            {"org": "ballerina", "name": "io", "version": "1.8.0"},
            {"org": "ballerina", "name": 7},
            "junk",
        ]
    }
    (tmp_path / "dependency-graph.json").write_text(json.dumps(graph))
    assert read_graph(tmp_path) == (("acme", "a", "1.0.0"), ("ballerina", "io", "1.8.0"))
    claims = list(graph_claims(("acme", "a"), "1.0.0", tmp_path, read_graph(tmp_path)))
    assert [(package, c.text, c.source) for package, c in claims] == [
        (("ballerina", "io"), "1.8.0", "the dependency graph of acme/a 1.0.0")
    ]


def test_broken_or_missing_graphs_are_empty(tmp_path: Path) -> None:
    assert read_graph(tmp_path) == ()
    (tmp_path / "dependency-graph.json").write_text("{not json")
    assert read_graph(tmp_path) == ()
    (tmp_path / "dependency-graph.json").write_text("[1, 2]")
    assert read_graph(tmp_path) == ()


def test_compatibility_classes_follow_the_compiler() -> None:
    assert compatibility_class(parse_version("1.2.3")) == compatibility_class(
        parse_version("1.9.0-beta.1")
    )
    assert compatibility_class(parse_version("0.2.3")) == compatibility_class(
        parse_version("0.2.9")
    )
    assert compatibility_class(parse_version("0.2.3")) != compatibility_class(
        parse_version("0.3.0")
    )


def test_conflicts_start_from_the_manifest_claim() -> None:
    lock = manifest_claim("2.0.0", "Dependencies.toml", None)
    assert lock is not None and manifest_claim("2.x", "Dependencies.toml", None) is None
    io = ("ballerina", "io")
    conflicts = find_conflicts({io: [claim("1.1.0"), lock, claim("1.0.0")]})
    assert conflicts[io].message == (
        "Two incompatible versions exist in the dependency graph: ballerina/io versions: "
        "2.0.0, 1.1.0"
    )
    assert conflicts[io].involves("Dependencies.toml")
    agreeing = {io: [claim("1.1.0"), claim("1.4.0"), claim("1.0.0")]}
    assert find_conflicts(agreeing) == {}
    among_graphs = find_conflicts({io: [claim("1.1.0"), claim("1.4.0"), claim("2.0.0")]})
    assert (among_graphs[io].first.text, among_graphs[io].second.text) == ("1.1.0", "2.0.0")


def test_a_graph_that_is_no_regular_file_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "dependency-graph.json").mkdir()
    caplog.set_level(logging.WARNING)
    assert read_graph(tmp_path) == ()
    assert "dependency-graph.json: not a regular file" in caplog.text
    caplog.clear()
    assert read_graph(tmp_path / "missing") == ()
    assert caplog.text == ""  # no graph at all is no problem
