#!/usr/bin/env bash
# Writes the jsii package's copy of the cdk8s adapter's glue, from its one source in src/, at build time (jsii/build.sh
# runs it before jsii; `npm run test:python` runs build.sh). The output folder, jsii/src/generated/, is git-ignored:
# nothing here is committed or edited by hand.
#
# Why a copy: jsii compiles every type of its API itself (it cannot re-export a bundled package's classes: the props,
# enums and enum-like classes must be declared in the jsii package), and the glue is internal to the root package. So
# jsii/src/generated/ mirrors the root's layout and holds, unchanged:
# - src/cdk8s-common/*.ts (the jsii-ready props, toShutdownSpec, GracefulWorkload and the rest of the glue);
# - src/cdk8s-plus-34/line.ts and props.ts (the line's facts and module, the constructs' props);
# - src/core/*.ts (the planner the glue imports as `../core`): compiled into the jsii package rather than taken from a
#   bundled graceful-k8s, whose published types leave out the core's @internal functions the glue calls
#   (tsconfig stripInternal).
# jsii/src/graceful-*.ts and index.ts are the jsii package's own committed sources, over this folder.
# Usage: bash jsii/generate-glue.sh [OUT]   (OUT defaults to jsii/src/generated; test/jsii writes elsewhere)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here/src/generated}"
rm -rf "$out"
mkdir -p "$out/core" "$out/cdk8s-common" "$out/cdk8s-plus-34"

copy() { # SOURCE (relative to the root) -> the same path under OUT, unchanged but for a first line naming the source
  { echo "// ~~ Copied from $1 by jsii/generate-glue.sh at build time (git-ignored). Edit that file."; cat "$root/$1"; } > "$out/${1#src/}"
}
for file in "$root"/src/core/*.ts; do copy "src/core/$(basename "$file")"; done
for file in "$root"/src/cdk8s-common/*.ts; do copy "src/cdk8s-common/$(basename "$file")"; done
copy src/cdk8s-plus-34/line.ts
copy src/cdk8s-plus-34/props.ts
