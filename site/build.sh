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
rm -rf "$out" site/_build/editions
site/.venv/bin/python site/prepare.py "$stage"
for edition in en zh-CN; do
  [ -d "$stage/$edition" ] || continue
  # Each edition in a folder of its own (myst-nb writes beside the output folder), then put together.
  if ! SITE_EDITION="$edition" SITE_STAGE="$stage" site/.venv/bin/sphinx-build -q -W --keep-going -b html \
    -c site -d "site/_build/editions/$edition/doctrees" "$stage/$edition" "site/_build/editions/$edition/html"; then
    echo "site/build.sh: the $edition edition has the warnings above (a warning is an error here). Mend the files in" >&2
    echo "the repository: site/_build/src/$edition/ holds their copies, line for line (index.md is the README)." >&2
    exit 1
  fi
  if [ "$edition" = en ]; then cp -a "site/_build/editions/$edition/html" "$out"; else cp -a "site/_build/editions/$edition/html" "$out/$edition"; fi
done
touch "$out/.nojekyll"  # GitHub Pages: serve _static/ and _images/ as they are
echo "site built in $out in $(( $(date +%s) - start )) s"
