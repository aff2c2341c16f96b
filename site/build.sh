#!/usr/bin/env bash
# Build the course's website into site/_build/html/: the English edition at the top, the Chinese
# one under zh-CN/ when notebooks/zh-CN/ and README.zh-CN.md are committed. The notebooks are shown
# with their committed outputs, never re-executed. A warning of the builder is an error.
# Only site/install.sh's first run uses the network (the package registries); the build does not.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash site/install.sh

stage="$PWD/site/_build/src"
out=site/_build/html
rm -rf "$out" site/_build/doctrees
site/.venv/bin/python site/prepare.py "$stage"
for edition in en zh-CN; do
  [ -d "$stage/$edition" ] || continue
  dest="$out"; [ "$edition" = en ] || dest="$out/$edition"
  SITE_EDITION="$edition" SITE_STAGE="$stage" site/.venv/bin/sphinx-build -q -W --keep-going -b html \
    -c site -d "site/_build/doctrees/$edition" "$stage/$edition" "$dest"
done
touch "$out/.nojekyll"  # GitHub Pages: serve _static/ and _images/ as they are
echo "site built in $out in $(( $(date +%s) - start )) s"
