#!/usr/bin/env bash
# `npm run test:python`: builds the Python wheel (jsii/build.sh), installs it into a fresh venv with cdk8s and
# cdk8s-plus-34 from PyPI (test/python/requirements.txt), installs the jsii package's npm tarball into a fresh
# TypeScript consumer project, and runs test/python/ with pytest: the Python examples, the README's Python program,
# and the parity of every Python example with its TypeScript twin (examples/python/*.ts).
# Downloads are cached outside the repository (pip: ~/.cache/graceful-k8s/pip; npm: its own cache).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
bash "$root/jsii/build.sh" python >&2
echo "test:python: wheel built in ${SECONDS}s"

export PIP_CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/graceful-k8s/pip"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/test/python/requirements.txt" "$root"/jsii/dist/python/*.whl
echo "test:python: fresh venv with the wheel at ${SECONDS}s"

# The TypeScript twins, compiled (and type-checked) against the jsii package as a TypeScript user installs it.
ts="$work/ts"
mkdir -p "$ts/src"
cp "$root"/examples/python/*.ts "$ts/src/"
tarball="$(ls "$root"/jsii/dist/js/*.tgz)"
node -e '
  const [tarball, file] = process.argv.slice(1);
  const jsii = require(file);
  const pins = Object.fromEntries(["cdk8s", "cdk8s-plus-34", "constructs"].map((n) => [n, jsii.devDependencies[n]]));
  process.stdout.write(JSON.stringify({ private: true, dependencies: { [jsii.name]: `file:${tarball}`, ...pins } }, null, 2));
' "$tarball" "$root/jsii/package.json" > "$ts/package.json"
cat > "$ts/tsconfig.json" <<'JSON'
{ "compilerOptions": { "strict": true, "target": "ES2022", "module": "nodenext",
  "types": [], "rootDir": "src", "outDir": "out" }, "include": ["src"] }
JSON
(cd "$ts" && npm install --no-audit --no-fund --loglevel=error >/dev/null && node "$root/node_modules/typescript/bin/tsc" -p .)

# The same twins against the TypeScript entry point graceful-k8s/cdk8s-plus-34 (the root package's own adapter, built
# in lib/ by the compile step), when this tree has it: its node_modules links to the root and the root's peers.
entry_root="${GRACEFUL_K8S_TS_ENTRY_ROOT:-$root}"
if [ -f "$entry_root/lib/cdk8s-plus-34/index.js" ]; then
  entry="$work/ts-entry"
  mkdir -p "$entry/src" "$entry/node_modules"
  for twin in "$root"/examples/python/*.ts; do
    sed "s#from 'graceful-k8s-cdk8s-plus-34'#from 'graceful-k8s/cdk8s-plus-34'#" "$twin" > "$entry/src/$(basename "$twin")"
  done
  ln -s "$entry_root" "$entry/node_modules/graceful-k8s"
  for peer in cdk8s cdk8s-plus-34 constructs; do ln -s "$entry_root/node_modules/$peer" "$entry/node_modules/$peer"; done
  cp "$ts/tsconfig.json" "$entry/"
  (cd "$entry" && node "$root/node_modules/typescript/bin/tsc" -p .)
  export GRACEFUL_K8S_TS_ENTRY_TWINS="$entry"
fi

echo "test:python: TypeScript twins compiled at ${SECONDS}s"

cd "$root"
GRACEFUL_K8S_TS_TWINS="$ts" PYTHONDONTWRITEBYTECODE=1 \
  "$work/venv/bin/python" -m pytest -p no:cacheprovider -v test/python "$@"
