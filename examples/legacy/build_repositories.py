"""Write the module archives of the legacy example: `python build_repositories.py`.

The archives are zip files, so they are generated from the sources below rather than edited
by hand. Timestamps are fixed: the same sources always give the same bytes, and a test checks
that the archives in this directory are exactly what this script writes.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = (2020, 3, 1, 12, 0, 0)


def zip_archive(entries: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in entries.items():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def balo(org: str, module: str, version: str, platform: str, sources: dict[str, str]) -> bytes:
    """A 1.x balo: metadata/ and src/<module>/."""
    entries = {
        "metadata/BALO.toml": 'balo_version = "1.0.0"\nbuilt_by = "WSO2"\n',
        "metadata/MODULE.toml": (
            f'module_name = "{module}"\nmodule_organization = "{org}"\n'
            f'module_version = "{version}"\nplatform = "{platform}"\n'
            'ballerina_version = "1.2.0"\ntemplate = "false"\n'
        ),
        "metadata/Ballerina.toml": f'[project]\norg-name = "{org}"\nversion = "{version}"\n',
        "docs/Module.md": f"Module {org}/{module}.\n",
    }
    entries.update({f"src/{module}/{name}": text for name, text in sources.items()})
    return zip_archive(entries)


def module_zip(sources: dict[str, str]) -> bytes:
    """A 0.990 module zip: the sources under src/."""
    return zip_archive({f"src/{name}": text for name, text in sources.items()})


MATHUTILS_1_1 = {
    "math.bal": (
        "# Adds two integers.\n"
        "# + a - the first\n"
        "# + b - the second\n"
        "# + return - their sum\n"
        "public function add(int a, int b) returns int {\n"
        "    return a + b;\n"
        "}\n"
    ),
}
MATHUTILS_1_2 = {
    "math.bal": MATHUTILS_1_1["math.bal"]
    + "\n# The larger of two integers.\npublic function max(int a, int b) returns int {\n"
    "    return a > b ? a : b;\n}\n",
}
STRUTILS = {
    "strutils.bal": (
        "# The text in capitals.\n"
        "public function upper(string text) returns string {\n"
        "    return text.toUpperAscii();\n"
        "}\n"
    ),
}
TWITTER = {
    "twitter_client.bal": (
        "# A client of the Twitter API.\n"
        "public type Client client object {\n"
        "    public remote function tweet(string status) returns string|error;\n"
        "};\n\n"
        "# The text of a tweet, shortened to 280 characters.\n"
        "public function shorten(string status) returns string {\n"
        "    return status.length() > 280 ? status.substring(0, 280) : status;\n"
        "}\n"
    ),
}
IO = {
    "io.bal": (
        "# Prints the values to the standard output, followed by a new line.\n"
        "public function println(any... values) {\n"
        "}\n\n"
        "# Prints the values to the standard output.\n"
        "public function print(any... values) {\n"
        "}\n"
    ),
}
LOG = {
    "log.bal": (
        "# Logs a message at the INFO level.\n"
        "public function printInfo(string msg) {\n"
        "}\n\n"
        "# Logs a message at the ERROR level.\n"
        "public function printError(string msg, error? err = ()) {\n"
        "}\n"
    ),
}

ARCHIVES: dict[str, bytes] = {
    # The project repository of greeter (0.990 layout).
    "greeter/.ballerina/repo/acme/strutils/0.2.0/strutils.zip": module_zip(STRUTILS),
    # The home repository: 0.990's Central cache, and 1.x's balo_cache.
    "user-home/caches/central.ballerina.io/natasha/mathutils/1.1.0/mathutils.zip": module_zip(
        MATHUTILS_1_1
    ),
    "user-home/caches/central.ballerina.io/natasha/mathutils/1.2.0/mathutils.zip": module_zip(
        MATHUTILS_1_2
    ),
    "user-home/balo_cache/wso2/twitter/0.10.0/twitter-2020r1-java8-0.10.0.balo": balo(
        "wso2", "twitter", "0.10.0", "java8", TWITTER
    ),
    # The system repository of the distribution (1.2 layout).
    "ballerina-home/lib/repo/ballerina/io/0.5.1/io.balo": balo(
        "ballerina", "io", "0.5.1", "any", IO
    ),
    "ballerina-home/lib/repo/ballerina/log/1.0.1/log.balo": balo(
        "ballerina", "log", "1.0.1", "any", LOG
    ),
}


def main(base: Path = HERE) -> int:
    for relative, data in ARCHIVES.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))
