#!/usr/bin/env bash
# Rebuild a released template with that release's own code, refreshed by that release's own engine, so that
# its cached values are the figures that release computed: tests/data/released/investeringscase-VERSION.xlsx;
# that release's function examples with its results: tests/data/released/examples-VERSION.json; and its
# function signatures: tests/data/released/signatures-VERSION.txt.
#
#   tools/released_template.sh 0.1.0 a330d58     # the last commit with version = "0.1.0" in pyproject.toml
#   tools/released_template.sh 0.2.0 968fbfa     # 0.2.0 as the branches of the 0.3.0 session started from it
#
# Needs the app's packages installed (pip install -e '.[app]'); the old code is put on PYTHONPATH under the
# name trappen, from a temporary git worktree; nothing is installed.
set -euo pipefail
version="$1"; commit="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/code" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work/code" "$commit" >/dev/null
grep -q "^version = \"$version\"" "$work/code/pyproject.toml" || { echo "$commit is not version $version" >&2; exit 1; }
mkdir -p "$work/path/trappen"
for package in udfs addin templates; do ln -s "$work/code/$package" "$work/path/trappen/$package"; done
cd "$work"
PYTHONPATH="$work/path" python -c "import sys; from trappen.addin.cli import app; sys.argv[0] = 'trappen'; app()" \
  template "investeringscase-$version.xlsx"
PYTHONPATH="$work/path" python -c "import sys; from trappen.addin.cli import app; sys.argv[0] = 'trappen'; app()" \
  refresh "investeringscase-$version.xlsx" >/dev/null
cp "investeringscase-$version.xlsx" "$root/tests/data/released/"
PYTHONPATH="$work/path" python "$root/tools/released_examples.py" > "$root/tests/data/released/examples-$version.json"
PYTHONPATH="$work/path" python "$root/tools/released_signatures.py" > "$root/tests/data/released/signatures-$version.txt"
echo "tests/data/released/investeringscase-$version.xlsx, examples-$version.json and signatures-$version.txt" \
  "(built and computed by $commit)"
