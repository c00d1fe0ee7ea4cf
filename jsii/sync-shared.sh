#!/usr/bin/env bash
# The jsii package's constructs run the cdk8s adapters' own code: the jsii-ready props (ShutdownProps, Traffic,
# Framework, Sidecar, PodCount, the enums), toShutdownSpec and the line-neutral glue (src/cdk8s-common), and
# cdk8s-plus-34's line facts (src/cdk8s-plus-34/line.ts). jsii must compile every type of its API itself and cannot
# re-export a bundled package's classes, and the glue is internal to the root package (not in its entry points), so
# jsii/src/shared/ holds copies in which only the import paths differ: `../core` becomes `./core` (jsii/src/shared/
# core.ts: the bundled graceful-k8s's public API), `../cdk8s-common` becomes `.`.
# `sync-shared.sh` rewrites the copies; `sync-shared.sh --check` (run by build.sh) fails when one differs.
set -euo pipefail
cd "$(dirname "$0")"
source_dir=../src/cdk8s-common
if [ ! -d "$source_dir" ]; then
  echo "sync-shared: $source_dir is not in this tree; jsii/src/shared/ stays as committed" >&2
  exit 0
fi
copy() { # copy SOURCE TARGET_NAME
  echo "// ~~ Copied from ${1#../} by jsii/sync-shared.sh (only import paths differ). Edit that file."
  sed -e "s#from '../core'#from './core'#" -e "s#from '../cdk8s-common'#from '.'#" "$1"
}
status=0
names=()
for file in "$source_dir"/*.ts ../src/cdk8s-plus-34/line.ts; do
  name="$(basename "$file")"
  case "$name" in index.ts | public-api.ts) continue ;; esac
  names+=("$name")
  if [ "${1:-}" = "--check" ]; then
    if ! copy "$file" | cmp -s - "src/shared/$name"; then
      echo "jsii/src/shared/$name differs from ${file#../}: run bash jsii/sync-shared.sh" >&2
      status=1
    fi
  else
    copy "$file" > "src/shared/$name"
  fi
done
# Every copy has its source (core.ts and index.ts are the jsii package's own).
for copied in src/shared/*.ts; do
  name="$(basename "$copied")"
  case " ${names[*]} core.ts index.ts " in *" $name "*) ;; *) echo "jsii/src/shared/$name has no source in src/cdk8s-common" >&2; status=1 ;; esac
done
exit $status
