"""`python -m balmod` runs the language server over stdio, like `balmod serve`."""

import sys

from balmod.cli import main

sys.exit(main(sys.argv[1:] or ["serve"]))
