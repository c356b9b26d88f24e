"""Where one keystroke's time goes inside the server: `python bench/breakdown.py --help`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from balmod_bench.breakdown import main

if __name__ == "__main__":
    sys.exit(main())
