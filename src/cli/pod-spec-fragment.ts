import { applyPlanToWorkloadSpec, type ShutdownPlan, type WorkloadKind, type WorkloadSpec } from '../core';

/**
 * The workload `spec` fields the plan sets, rendered by the core's `applyPlanToWorkloadSpec` on a
 * template with one bare container: what to paste into a hand-written Deployment or StatefulSet.
 */
export function workloadSpecFragment(plan: ShutdownPlan, kind: WorkloadKind, containerName: string): WorkloadSpec {
  const bare: WorkloadSpec = { template: { spec: { containers: [{ name: containerName }] } } };
  return applyPlanToWorkloadSpec(bare, plan, kind);
}
