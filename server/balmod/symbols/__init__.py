"""Per-module symbol index: the module-level symbols of resolved modules, cached."""
