import { checkWorkload, type Container, type PlanWarning, type ShutdownPlan, type WorkloadFacts } from '../core';

/**
 * The core's workload warnings (`checkWorkload`) for one container, so the audit and the adapters
 * say the same thing with the same numbers. The container's own preStop is left out of the facts:
 * in a hand-written manifest it is the thing audited, not a conflict with a plan being applied.
 */
export function coreContainerWarnings(plan: ShutdownPlan, container: Container): PlanWarning[] {
  const facts: WorkloadFacts = {
    kind: 'Deployment',
    replicas: undefined,
    containers: [{ name: container.name, readinessProbe: container.readinessProbe, livenessProbe: container.livenessProbe }],
  };
  return checkWorkload(plan, facts);
}

/** The core's replica-count warnings (`checkWorkload` with no containers). */
export function coreReplicaWarnings(plan: ShutdownPlan, replicas: number): PlanWarning[] {
  return checkWorkload(plan, { kind: 'Deployment', replicas, containers: [] });
}
