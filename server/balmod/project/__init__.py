"""Ballerina packages in the workspace: Ballerina.toml, Dependencies.toml, modules."""
