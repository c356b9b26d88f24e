"""`balmod check`: analyse files from disk with the same engine the server uses."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balmod.findings import Finding, Severity, finding
from balmod.languages import service_for
from balmod.service import LanguageService
from balmod.text import LineIndex, Span
from balmod.workspace import SOURCE_SUFFIX, UnreadableFile, find_files, read_source


@dataclass(frozen=True, slots=True)
class LocatedFinding:
    finding: Finding
    line: int  # 0-based, code points
    column: int
    end_line: int
    end_column: int

    def to_json(self, path: str) -> dict[str, Any]:
        f = self.finding
        return {
            "path": path,
            "line": self.line + 1,
            "column": self.column + 1,
            "endLine": self.end_line + 1,
            "endColumn": self.end_column + 1,
            "severity": f.severity.label,
            "code": f.code,
            "message": f.message,
            "source": f.source,
            "related": [
                {"message": r.message, "path": str(r.path) if r.path else None} for r in f.related
            ],
        }


@dataclass(frozen=True, slots=True)
class FileReport:
    path: Path
    findings: tuple[LocatedFinding, ...]


@dataclass(slots=True)
class CheckResult:
    reports: list[FileReport] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(
            item.finding.severity == Severity.ERROR for r in self.reports for item in r.findings
        )


def locate(findings: Sequence[Finding], text: str) -> tuple[LocatedFinding, ...]:
    if not findings:
        return ()  # most files: no line index to build
    lines = LineIndex(text)
    located = []
    for item in findings:
        line, column = lines.position(item.span.start)
        end_line, end_column = lines.position(item.span.end)
        located.append(LocatedFinding(item, line, column, end_line, end_column))
    return tuple(located)


# Below this many files a second process costs more than it saves.
PARALLEL_FROM_FILES = 200
# Files per task handed to a worker: enough to keep the pipe quiet, few enough to balance.
_TASK_FILES = 16


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def check_paths(
    services: Sequence[LanguageService], paths: Iterable[Path], jobs: int = 1
) -> CheckResult:
    """Check every file under ``paths`` that one of the module systems owns, in up to
    ``jobs`` processes (more than one only where processes can be forked, and only for
    :data:`PARALLEL_FROM_FILES` files or more). The result is the same either way."""
    # The symbols of every module read stay cached to the end of a check, and the cyclic
    # collector's full passes would walk them all, again and again (2 s of 15 on 1,000 files
    # importing 2,500 modules). So what a file leaves behind is frozen once the file is done
    # and later passes look only at what is new. Analyses make next to no reference cycles:
    # the peak memory is the same with the collector off.
    already_frozen = gc.get_freeze_count()
    try:
        with ExitStack() as steady:
            for service in services:
                steady.enter_context(service.steady_disk())
            files = find_files(paths, lambda p: service_for(services, p) is not None)
            if jobs > 1 and len(files) >= PARALLEL_FROM_FILES and _can_fork():
                outcomes = _in_processes(services, files, jobs)
            else:
                outcomes = [_check_file(services, path) for path in files]
    finally:
        if not already_frozen:
            gc.unfreeze()
    result = CheckResult()
    for outcome in outcomes:
        if isinstance(outcome, str):
            result.unreadable.append(outcome)
        else:
            result.reports.append(outcome)
    return result


_Outcome = FileReport | str  # a file's findings, or why it could not be read


def _check_file(services: Sequence[LanguageService], path: Path) -> _Outcome:
    gc.freeze()
    service = service_for(services, path)
    if service is None:  # named on the command line, but no module system's file
        return f"{path}: not a file balmod checks"
    try:
        source = read_source(path)
    except UnreadableFile as exc:
        return str(exc)
    findings = service.findings(source.text, path)
    if source.lossy:
        findings.insert(
            0,
            finding(
                "BMD0005",
                "file is not valid UTF-8; undecodable bytes were read as U+FFFD",
                Span(0, 0),
            ),
        )
    return FileReport(path, locate(findings, source.text))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# What forked workers find in their copy of the parent: set just before the pool starts.
_work: tuple[Sequence[LanguageService], list[Path]] | None = None


def _check_task(indexes: list[int]) -> list[tuple[int, _Outcome]]:
    assert _work is not None
    services, files = _work
    return [(i, _check_file(services, files[i])) for i in indexes]


def _in_processes(
    services: Sequence[LanguageService], files: list[Path], jobs: int
) -> list[_Outcome]:
    """Each worker is a fork of this process, with its engine and what it has cached; tasks
    go to whichever worker is free. Manifests (one can take as long as a hundred source
    files) go first, each a task of its own, so that no worker is left with one at the end;
    source files go in runs of neighbours, as files of one folder tend to import the same
    modules."""
    global _work
    sources = [i for i, path in enumerate(files) if path.suffix == SOURCE_SUFFIX]
    tasks = [[i] for i, path in enumerate(files) if path.suffix != SOURCE_SUFFIX]
    tasks += [sources[at : at + _TASK_FILES] for at in range(0, len(sources), _TASK_FILES)]
    outcomes: list[_Outcome | None] = [None] * len(files)
    _work = (services, files)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(tasks))) as pool:
            for done in pool.imap_unordered(_check_task, tasks):
                for index, outcome in done:
                    outcomes[index] = outcome
    finally:
        _work = None
    assert all(outcome is not None for outcome in outcomes)
    return [outcome for outcome in outcomes if outcome is not None]
