"""The text of a file the manifest features read besides the one being edited."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

log = logging.getLogger(__name__)

MAX_MANIFEST_BYTES = 8 * 1024 * 1024


def file_text(path: Path, overlays: Mapping[Path, str] | None = None) -> str | None:
    """The editor's unsaved buffer for ``path`` when there is one, else the file on disk.

    None when the file is missing or cannot be read (logged). Never raises.
    """
    if overlays:
        absolute = Path(os.path.abspath(path))
        for open_path, text in overlays.items():
            if Path(os.path.abspath(open_path)) == absolute:
                return text
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            log.warning("skipping %s: larger than %d bytes", path, MAX_MANIFEST_BYTES)
            return None
        return path.read_bytes().decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.warning("cannot read %s: %s", path, exc.strerror or exc)
        return None
