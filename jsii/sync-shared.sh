#!/usr/bin/env bash
# The jsii package's constructs are the cdk8s adapter's own code. jsii must compile every type of its API itself (it
# cannot re-export a bundled package's classes), and the glue is internal to the root package, so this script
# copies it into jsii/src:
# - src/cdk8s-common (the jsii-ready props, toShutdownSpec, the line-neutral glue) and src/cdk8s-plus-34/line.ts and props.ts
#   into jsii/src/shared/, only import paths changed: `../core` becomes `./core` (jsii/src/shared/core.ts: the
#   bundled graceful-k8s's public API, which is all the glue may use from the core), `../cdk8s-common` becomes `.`;
# the jsii classes (jsii/src/graceful-*.ts) are the package's own thin classes over that glue.
# `sync-shared.sh` rewrites the copies; `sync-shared.sh --check` (build.sh, test/jsii) fails when one differs.
set -euo pipefail
cd "$(dirname "$0")"
source_root="${GRACEFUL_K8S_SHARED_SOURCE:-..}"
if [ ! -d "$source_root/src/cdk8s-common" ]; then
  echo "sync-shared: src/cdk8s-common is not in this tree; the copies in jsii/src stay as committed" >&2
  exit 0
fi

shared() { # FILE: a glue file, import paths changed
  echo "// ~~ Copied from ${1#"$source_root"/} by jsii/sync-shared.sh (only import paths differ). Edit that file."
  sed -e "s#from '../core'#from './core'#" -e "s#from '../cdk8s-common'#from '.'#" "$1"
}

status=0
expected=(core.ts index.ts)
sync() { # TARGET GENERATOR SOURCE
  local target="$1" generator="$2" source="$3" text
  text="$("$generator" "$source")" || { status=1; return; }
  if [ "$mode" = check ]; then
    if [ "$text" != "$(cat "$target" 2>/dev/null)" ]; then
      echo "jsii/$target differs from what ${source#"$source_root"/} gives: run bash jsii/sync-shared.sh" >&2
      status=1
    fi
  else
    printf '%s\n' "$text" > "$target"
  fi
}
mode=write
[ "${1:-}" = "--check" ] && mode=check
for file in "$source_root"/src/cdk8s-common/*.ts "$source_root"/src/cdk8s-plus-34/line.ts "$source_root"/src/cdk8s-plus-34/props.ts; do
  name="$(basename "$file")"
  case "$name" in index.ts | public-api.ts) continue ;; esac
  expected+=("$name")
  sync "src/shared/$name" shared "$file"
done
# Every copy in jsii/src/shared has its source (core.ts and index.ts are the jsii package's own).
for copied in src/shared/*.ts; do
  case " ${expected[*]} " in *" $(basename "$copied") "*) ;; *) echo "jsii/$copied has no source in src/cdk8s-common" >&2; status=1 ;; esac
done
exit $status
