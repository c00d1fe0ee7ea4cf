import { checkWorkload, comparableProbe, type Container, type PlanWarning, type ShutdownPlan, type WorkloadFacts } from '../core';
import { planFor } from './container-plan';
import type { AuditContext } from './context';
import type { RuleFinding } from './finding';
import { containerPath, type AuditedWorkload } from './workload';

/**
 * The core's workload warnings (`checkWorkload`) for one container, so the audit and the adapters
 * say the same thing with the same numbers. The container's own preStop is left out of the facts:
 * in a hand-written manifest it is the thing audited, not a conflict with a plan being applied.
 * @internal
 */
export function coreContainerWarnings(plan: ShutdownPlan, container: Container): PlanWarning[] {
  const facts: WorkloadFacts = {
    kind: 'Deployment',
    replicas: undefined,
    containers: [{
      name: container.name,
      readinessProbe: comparableProbe(container, container.readinessProbe),
      livenessProbe: comparableProbe(container, container.livenessProbe),
    }],
  };
  return checkWorkload(plan, facts);
}

/**
 * The core's replica-count warnings (`checkWorkload` with no containers).
 * @internal
 */
export function coreReplicaWarnings(plan: ShutdownPlan, replicas: number, replicasSource?: string): PlanWarning[] {
  return checkWorkload(plan, { kind: 'Deployment', replicas, ...(replicasSource ? { replicasSource } : {}), containers: [] });
}

/**
 * One finding per listed container for which the core's `checkWorkload` gives a warning of `code`,
 * located at `containers[i].<field>`, with the warning's problem and fix.
 * @internal
 */
export function coreWarningFindings(
  workload: AuditedWorkload,
  context: AuditContext,
  code: string,
  containerIndexes: readonly number[],
  field: string,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const i of containerIndexes) {
    const container = workload.podSpec.containers[i];
    const plan = planFor(workload, container, context).plan;
    for (const warning of coreContainerWarnings(plan, container)) {
      if (warning.code !== code) continue;
      findings.push({ severity: 'warning', container: container.name, path: containerPath(workload, i, field), message: warning.problem, fix: warning.fix });
    }
  }
  return findings;
}
