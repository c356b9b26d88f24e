"""balmod: a language server and checker for Ballerina module imports and manifests."""

__version__ = "0.1.0"
