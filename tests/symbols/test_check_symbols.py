"""`balmod check` over a package whose files use module symbols: findings, and the collector.

`check_paths` freezes, file by file, what the analyses leave behind (the symbols of every
module read stay cached to the end) so that the collector's passes skip them; it must give
the same findings, and leave nothing frozen when it returns.
"""

from __future__ import annotations

import gc
from pathlib import Path

from balmod.checking import check_paths
from balmod.languages import Homes, language_services
from builders import make_bala, make_dirs, make_package

IO_BAL = """\
# Prints values.
public function println(any... values) {
}

function helper() {
}
"""

MAIN_BAL = """\
import ballerina/io;

public function main() {
    io:println("hello");
    io:printn("typo");
    io:helper();
}
"""


def test_check_reports_symbol_findings_and_leaves_nothing_frozen(tmp_path: Path) -> None:
    dirs = make_dirs(tmp_path / "homes")
    make_bala(dirs.distribution, "ballerina", "io", "1.6.0", modules={"io": {"io.bal": IO_BAL}})
    package = make_package(
        tmp_path / "app",
        "acme",
        "app",
        modules={"": {"main.bal": MAIN_BAL}, "util": {"util.bal": "public const X = 1;\n"}},
    )
    services = language_services(Homes(dirs.ballerina_home, dirs.user_home))
    assert gc.get_freeze_count() == 0
    result = check_paths(services, [package])
    assert gc.get_freeze_count() == 0
    by_file = {report.path.name: report for report in result.reports}
    assert set(by_file) >= {"main.bal", "util.bal", "Ballerina.toml"}
    codes = [(item.finding.code, item.line, item.column) for item in by_file["main.bal"].findings]
    assert codes == [("BCE2011", 4, 7), ("BCE2037", 5, 7)]
    assert "did you mean 'println'?" in by_file["main.bal"].findings[0].finding.message
    assert not by_file["util.bal"].findings
