#!/usr/bin/env bash
# Install what the site needs, pinned, from the package registries: the builder (site/requirements.txt,
# into site/.venv) and the browser test's driver (site/package-lock.json, into site/node_modules).
# The browser is Debian's chromium (apt-get install chromium); Playwright never downloads one.
# Runs again in a second when nothing changed.
set -euo pipefail
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

stamp=.venv/installed-requirements.txt
if ! cmp -s requirements.txt "$stamp" 2>/dev/null; then
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  cp requirements.txt "$stamp"
fi

if ! cmp -s package-lock.json node_modules/installed-package-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/installed-package-lock.json
fi
