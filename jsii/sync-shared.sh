#!/usr/bin/env bash
# The jsii package's props are the cdk8s adapters' own declarations (src/cdk8s-common: ShutdownProps, Traffic,
# Framework, Sidecar, PodCount, the enums) and their mapping to the core's ShutdownSpec (toShutdownSpec). jsii must
# compile every type of its API itself, so jsii/src/shared/ holds copies whose only change is the core's import path
# (`../core` becomes the bundled `graceful-k8s`). `sync-shared.sh` rewrites the copies; `sync-shared.sh --check`
# (run by build.sh) fails when one differs from its source.
set -euo pipefail
cd "$(dirname "$0")"
FILES=(enums framework pod-count shutdown-props sidecar to-shutdown-spec traffic)
source_dir=../src/cdk8s-common
if [ ! -d "$source_dir" ]; then
  echo "sync-shared: $source_dir is not in this tree; jsii/src/shared/ stays as committed" >&2
  exit 0
fi
status=0
for name in "${FILES[@]}"; do
  {
    echo "// ~~ Copied from src/cdk8s-common/$name.ts by jsii/sync-shared.sh (only the core's import path differs). Edit that file."
    sed "s#from '../core'#from 'graceful-k8s'#" "$source_dir/$name.ts"
  } > "src/shared/$name.ts.new"
  if [ "${1:-}" = "--check" ]; then
    if ! cmp -s "src/shared/$name.ts.new" "src/shared/$name.ts"; then
      echo "jsii/src/shared/$name.ts differs from src/cdk8s-common/$name.ts: run bash jsii/sync-shared.sh" >&2
      status=1
    fi
    rm "src/shared/$name.ts.new"
  else
    mv "src/shared/$name.ts.new" "src/shared/$name.ts"
  fi
done
exit $status
