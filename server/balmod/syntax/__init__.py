"""Ballerina source text: the import section, qualified identifiers, module symbols."""
