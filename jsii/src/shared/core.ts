/*
 * What the shared glue (the copies in this folder) imports as `../core` in the root package: here the bundled
 * graceful-k8s's public API, plus the one internal helper the glue uses. The jsii package's own file.
 */
import type { PlanWarning } from 'graceful-k8s';

export * from 'graceful-k8s';

/**
 * A plan warning: the same as the core's `planWarning` (src/core/plan.ts), which the root entry point does not
 * export.
 * @internal
 */
export function planWarning(code: string, problem: string, fix: string): PlanWarning {
  return { code, problem, fix, message: `${problem}; ${fix}` };
}
