"""The module systems: Ceylon is made when a file of its own is first met, and `balmod check`
imports neither Ceylon nor what only an editor's requests need.

The import tests run in a fresh interpreter, so that what an earlier test imported cannot
hide an eager import.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from balmod.analysis.engine import Engine
from balmod.ceylon import CeylonService
from balmod.languages import Deferred, Homes, ballerina, ceylon, language_services, service_for
from balmod.service import LanguageService
from builders import make_bala, make_dirs, make_package

# What a check of a Ballerina package must not import.
EDITOR_ONLY = (
    "balmod.ceylon",
    "balmod.analysis.completion",
    "balmod.analysis.definition",
    "balmod.analysis.fixes",
    "balmod.analysis.hover",
    "balmod.analysis.manifest_answers",
    "balmod.analysis.manifests.actions",
    "balmod.analysis.manifests.completion",
    "balmod.analysis.manifests.hover",
    "balmod.analysis.manifests.inlay",
    "balmod.manifest.edit",
    "tomlkit",
)

CHECK_SCRIPT = """
import json, sys
from balmod.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _check_in_fresh_interpreter(*args: str) -> tuple[int, list[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT, "check", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["modules"], done.stdout


DESCRIPTOR = 'module com.example.app "1.0.0" {\n    import com.example.gone "1.2.0";\n}\n'


def _descriptor(project: Path) -> tuple[str, Path]:
    """A Ceylon project with one descriptor, whose import is in no repository."""
    path = project / "source" / "com" / "example" / "app" / "module.ceylon"
    path.parent.mkdir(parents=True)
    path.write_text(DESCRIPTOR, encoding="utf-8")
    return DESCRIPTOR, path


def _loaded(modules: list[str], packages: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)]


def test_check_of_a_ballerina_package_loads_no_editor_module(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "repos")
    make_bala(dirs.distribution, "ballerina", "io", "1.9.0")
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={"": {"main.bal": "import ballerina/io;\nimport ballerina/nope;\n"}},
    )
    roots = ["--ballerina-home", str(dirs.ballerina_home), "--user-home", str(dirs.user_home)]
    code, modules, out = _check_in_fresh_interpreter(str(package), *roots)
    assert "BCE2003" in out  # the check ran: `ballerina/nope` is in no repository
    assert code == 1
    assert _loaded(modules, EDITOR_ONLY) == []


def test_check_of_a_ceylon_descriptor_makes_the_ceylon_service(tmp_path: Path) -> None:
    _, path = _descriptor(tmp_path / "project")
    code, modules, out = _check_in_fresh_interpreter(
        str(path), "--ceylon-home", str(tmp_path / "none"), "--ceylon-user-dir", str(tmp_path)
    )
    assert "CYL0003" in out  # the import is in no repository
    assert code == 1
    assert "balmod.ceylon.service" in modules


def test_deferred_service_answers_as_the_service_does(tmp_path: Path) -> None:
    text, path = _descriptor(tmp_path / "project")
    homes = Homes(ceylon_home=tmp_path / "none", ceylon_user_dir=tmp_path)
    deferred = ceylon(homes)
    assert isinstance(deferred, LanguageService)
    assert not deferred.made
    assert not deferred.repositories_changed()  # nothing made, nothing cached
    probes = [tmp_path / "source" / name for name in ("module.ceylon", "run.ceylon", "main.bal")]
    owned = [deferred.handles(probe) for probe in probes]
    assert not deferred.made
    made = deferred.service
    assert isinstance(made, CeylonService)
    assert owned == [made.handles(probe) for probe in probes] == [True, False, False]
    assert deferred.findings(text, path) == made.findings(text, path)
    assert [f.code for f in deferred.findings(text, path)] == ["CYL0003"]
    assert deferred.hover(text, path, text.index("gone")) == made.hover(
        text, path, text.index("gone")
    )


def test_a_service_made_inside_a_steady_scope_is_in_it(tmp_path: Path) -> None:
    homes = Homes(ballerina_home=tmp_path / "home", user_home=tmp_path / "user")
    deferred = Deferred("ballerina", lambda path: path.suffix == ".bal", lambda: ballerina(homes))
    with deferred.steady_disk():
        engine: Engine = deferred.service.engine  # type: ignore[attr-defined]
        assert engine._steady is not None
    assert engine._steady is None
    with deferred.steady_disk():  # made before the scope opened
        assert engine._steady is not None
    assert engine._steady is None


def test_every_file_goes_to_its_module_system(tmp_path: Path) -> None:
    services = language_services(Homes(ceylon_home=tmp_path, ceylon_user_dir=tmp_path))
    names = {
        "main.bal": "ballerina",
        "Ballerina.toml": "ballerina",
        "Dependencies.toml": "ballerina",
        "module.ceylon": "ceylon",
        "run.ceylon": None,
        "README.md": None,
    }
    for name, system in names.items():
        found = service_for(services, tmp_path / name)
        assert (found.name if found is not None else None) == system, name
    assert not any(s.made for s in services if isinstance(s, Deferred))
