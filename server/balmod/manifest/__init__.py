"""Ballerina.toml and Dependencies.toml: models with positions, staged checks, and edits.

- ``parse_ballerina_toml`` / ``parse_dependencies_toml``: the values and their spans.
- ``check_ballerina_toml`` / ``check_dependencies_toml``: findings in stages (syntax,
  structure, schema; resolution stages plug in through ``later=``), in the compiler's
  codes and words where it has them (TVE0001..TVE0008, BCE5001, BCE5101, BCE5102) and
  balmod's BMD1001..BMD1007 otherwise.
- ``locate``: every key path's key and value spans.
- ``set_value`` / ``remove_array_item`` / ``append_table``: edits through tomlkit.

Validity is tomllib's judgement; positions come from balmod's own scanner (locator.py).
"""

from typing import TYPE_CHECKING

from balmod.lazy import lazy_exports

if TYPE_CHECKING:
    from balmod.manifest.ballerina_toml import check_ballerina_toml, parse_ballerina_toml
    from balmod.manifest.dependencies_toml import check_dependencies_toml, parse_dependencies_toml
    from balmod.manifest.edit import (
        ManifestEditError,
        append_table,
        remove_array_item,
        set_value,
        text_edit,
    )
    from balmod.manifest.issues import Stage
    from balmod.manifest.keypath import KeyPath, format_path, parse_path
    from balmod.manifest.locator import Located, Locations, NodeKind, locate
    from balmod.manifest.model import (
        BallerinaManifest,
        DependenciesFormat,
        DependenciesManifest,
        DependencyEntry,
        Field,
        LockedPackage,
        ModuleEntry,
        ModuleRef,
        PackageInfo,
        PackageRef,
    )

__all__ = [
    "BallerinaManifest",
    "DependenciesFormat",
    "DependenciesManifest",
    "DependencyEntry",
    "Field",
    "KeyPath",
    "Located",
    "Locations",
    "LockedPackage",
    "ManifestEditError",
    "ModuleEntry",
    "ModuleRef",
    "NodeKind",
    "PackageInfo",
    "PackageRef",
    "Stage",
    "append_table",
    "check_ballerina_toml",
    "check_dependencies_toml",
    "format_path",
    "locate",
    "parse_ballerina_toml",
    "parse_dependencies_toml",
    "parse_path",
    "remove_array_item",
    "set_value",
    "text_edit",
]

# Every name is loaded with its module when first used: `balmod check` reads manifests
# but never edits them (tomlkit) nor locates every key.
__getattr__ = lazy_exports(
    __name__,
    {
        "BallerinaManifest": "balmod.manifest.model",
        "DependenciesFormat": "balmod.manifest.model",
        "DependenciesManifest": "balmod.manifest.model",
        "DependencyEntry": "balmod.manifest.model",
        "Field": "balmod.manifest.model",
        "KeyPath": "balmod.manifest.keypath",
        "Located": "balmod.manifest.locator",
        "Locations": "balmod.manifest.locator",
        "LockedPackage": "balmod.manifest.model",
        "ManifestEditError": "balmod.manifest.edit",
        "ModuleEntry": "balmod.manifest.model",
        "ModuleRef": "balmod.manifest.model",
        "NodeKind": "balmod.manifest.locator",
        "PackageInfo": "balmod.manifest.model",
        "PackageRef": "balmod.manifest.model",
        "Stage": "balmod.manifest.issues",
        "append_table": "balmod.manifest.edit",
        "check_ballerina_toml": "balmod.manifest.ballerina_toml",
        "check_dependencies_toml": "balmod.manifest.dependencies_toml",
        "format_path": "balmod.manifest.keypath",
        "locate": "balmod.manifest.locator",
        "parse_ballerina_toml": "balmod.manifest.ballerina_toml",
        "parse_dependencies_toml": "balmod.manifest.dependencies_toml",
        "parse_path": "balmod.manifest.keypath",
        "remove_array_item": "balmod.manifest.edit",
        "set_value": "balmod.manifest.edit",
        "text_edit": "balmod.manifest.edit",
    },
)
