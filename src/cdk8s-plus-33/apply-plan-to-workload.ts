import type * as kplus from 'cdk8s-plus-33';
import { applyPlanToLineWorkload, type AppliedShutdownPlan, type ShutdownProps } from '../cdk8s-common';
import type { ShutdownPlan, ShutdownSpec } from '../core';
import { LINE } from './line';

/**
 * Applies a shutdown plan to an existing cdk8s-plus-33 `Deployment` or `StatefulSet`: preStop, env and
 * mounts on every app container, the grace period, init containers and volumes on the pod, and the
 * rollout settings. Validation (spec and workload) runs now; the change is rendered at synthesis.
 *
 * The workload's own grace period is never lowered (see `planForWorkload` in the core): a longer one is kept
 * and the plan sized for it, a shorter one is raised with a warning. cdk8s-plus fills in 30 s when none is set,
 * so raising exactly 30 s gets no warning.
 *
 * The workload's own rollout settings are kept (the core's `workloadRolloutOf`): a rolling update's maxSurge and
 * maxUnavailable, minReady, progressDeadline, a StatefulSet's partition and podManagementPolicy become the plan's;
 * a Recreate strategy, or a given plan that would replace one of them, is an error. Values equal to Kubernetes'
 * defaults (which cdk8s-plus renders when none is set) are the plan's to choose.
 *
 * @param shutdown a spec (a ShutdownSpec or ShutdownProps, planned here) or a plan from `planShutdown`
 * @throws GracefulConfigError on invalid input, before anything is changed
 */
export function applyPlanToWorkload(
  workload: kplus.Deployment | kplus.StatefulSet,
  shutdown: ShutdownSpec | ShutdownProps | ShutdownPlan,
): AppliedShutdownPlan {
  return applyPlanToLineWorkload(LINE, workload, shutdown);
}
