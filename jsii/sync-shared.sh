#!/usr/bin/env bash
# The jsii package's constructs are the cdk8s adapter's own code. jsii must compile every type of its API itself (it
# cannot re-export a bundled package's classes), and the glue is internal to the root package, so this script
# copies it into jsii/src:
# - src/cdk8s-common (the jsii-ready props, toShutdownSpec, the line-neutral glue) and src/cdk8s-plus-34/line.ts
#   into jsii/src/shared/, only import paths changed: `../core` becomes `./core` (jsii/src/shared/core.ts: the
#   bundled graceful-k8s's public API, which is all the glue may use from the core), `../cdk8s-common` becomes `.`;
# - cdk8s-plus-34's per-line classes (src/cdk8s-plus-34/graceful-*.ts, generated from projenrc/cdk8s-lines.ts) into
#   jsii/src/, with the plan's members in jsii types: `plan` and the PlanWarning list become private, and
#   `terminationGracePeriodSeconds`, `warnings` (text) and `explain()` are added.
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

JSII_MEMBERS='
  /** The planned `terminationGracePeriodSeconds`, in seconds. */
  public get terminationGracePeriodSeconds(): number {
    return this.plan.terminationGracePeriodSeconds;
  }

  /** The plan'"'"'s warnings plus this workload'"'"'s, as `[code] message` (also recorded as construct metadata). */
  public get warnings(): string[] {
    return asText(this.planWarnings);
  }

  /** The plan in words: every number, where it comes from, and the shutdown timeline. */
  public explain(): string {
    return this.plan.explain();
  }'

construct() { # FILE: a per-line class with the plan's members in jsii types
  local text
  text="$(grep -v '^// ~~ Generated from projenrc' "$1")"
  for pattern in "^  public readonly plan: ShutdownPlan;$" "^  public readonly warnings: readonly PlanWarning\[\];$" \
    "^    this.warnings = applyPlanToLineWorkload(" "^  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;$" "^import { LINE } from './line';$"; do
    if [ "$(grep -c -- "$pattern" <<<"$text")" != 1 ]; then
      echo "sync-shared: ${1#"$source_root"/} no longer has exactly one line matching '$pattern'; adapt jsii/sync-shared.sh" >&2
      return 1
    fi
  done
  echo "// ~~ Written by jsii/sync-shared.sh from ${1#"$source_root"/} (generated from projenrc/cdk8s-lines.ts): the plan's members in jsii types, import paths. Edit the template."
  sed -e "s#from '../core'#from './shared/core'#" -e "s#from '../cdk8s-common'#from './shared'#" \
    -e "s#^import { LINE } from './line';\$#import { LINE } from './shared/line';\nimport { asText } from './warnings-as-text';#" \
    -e "s#^  public readonly plan: ShutdownPlan;\$#  private readonly plan: ShutdownPlan;#" \
    -e "s#^  public readonly warnings: readonly PlanWarning\[\];\$#  private readonly planWarnings: readonly PlanWarning[];#" \
    -e "s#^    this.warnings = applyPlanToLineWorkload(#    this.planWarnings = applyPlanToLineWorkload(#" <<<"$text" |
    awk -v members="$JSII_MEMBERS" '{ print } /^  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;$/ { print members }'
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
for file in "$source_root"/src/cdk8s-common/*.ts "$source_root"/src/cdk8s-plus-34/line.ts; do
  name="$(basename "$file")"
  case "$name" in index.ts | public-api.ts) continue ;; esac
  expected+=("$name")
  sync "src/shared/$name" shared "$file"
done
for name in graceful-deployment.ts graceful-stateful-set.ts; do
  sync "src/$name" construct "$source_root/src/cdk8s-plus-34/$name"
done
# Every copy in jsii/src/shared has its source (core.ts and index.ts are the jsii package's own).
for copied in src/shared/*.ts; do
  case " ${expected[*]} " in *" $(basename "$copied") "*) ;; *) echo "jsii/$copied has no source in src/cdk8s-common" >&2; status=1 ;; esac
done
exit $status
