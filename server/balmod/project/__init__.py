"""Ballerina packages in the workspace: Ballerina.toml, Dependencies.toml, modules."""

from balmod.project.loader import ProjectLoader, find_package_root, load_project
from balmod.project.model import DependencySpec, LockedPackage, LockForm, PackageKey, Project

__all__ = [
    "DependencySpec",
    "LockForm",
    "LockedPackage",
    "PackageKey",
    "Project",
    "ProjectLoader",
    "find_package_root",
    "load_project",
]
