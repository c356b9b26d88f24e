#!/usr/bin/env bash
# Builds, checks, tests and packages the VS Code client (vscode-client/).
# Progress goes to stderr; the only line on stdout is the path of the .vsix.
# Needs Node 20+ with npm, and Python 3.11+ ($BALMOD_PYTHON, else .venv, else python3)
# for the bundled server; network access only to the npm registry and PyPI.
set -euo pipefail

exec 3>&1 1>&2
client="$(cd "$(dirname "${BASH_SOURCE[0]}")/../vscode-client" && pwd)"
cd "$client"

step() { printf '\n== vscode-client: %s\n' "$*"; }

step "npm ci"
npm ci --no-audit --no-fund

step "typecheck"
npm run typecheck

step "lint"
npm run lint

step "unit tests (and the real server over stdio)"
npm test

step "bundle the extension"
npm run bundle

step "bundle the Python server into bundled/libs"
npm run bundle:python

step "the bundled server over stdio"
BALMOD_REQUIRE_BUNDLED=1 node --test out/test/server.test.js

step "vsce package"
version="$(node -p "require('./package.json').version")"
vsix="$client/balmod-$version.vsix"
rm -f "$client"/balmod-*.vsix
npm run package -- --out "$vsix" </dev/null

test -s "$vsix"
echo "$vsix" >&3
