"""The balmod benchmark: `python bench/run.py [--quick] [--out DIR]` (see bench/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from balmod_bench.main import main

if __name__ == "__main__":
    sys.exit(main())
