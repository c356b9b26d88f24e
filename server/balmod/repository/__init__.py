"""Package repositories on disk (distribution, Central cache, local, custom)."""
