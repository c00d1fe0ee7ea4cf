import { ApiObject, type Duration } from 'cdk8s';
import type { IConstruct } from 'constructs';
import {
  applyPlanToWorkloadSpec,
  checkWorkload,
  factsFromContainer,
  GracefulConfigError,
  isShutdownPlan,
  planForWorkload,
  toWholeSeconds,
  unacknowledged,
  type Container,
  type PlanWarning,
  type ShutdownPlan,
  type ShutdownSpec,
  type WorkloadFacts,
  type WorkloadKind,
  workloadRolloutOf,
  type WorkloadRollout,
} from '../core';
import type { Cdk8sPlusLine } from './cdk8s-plus-line';
import { addPostSynthesisTransform } from './post-synthesis-transform';
import type { ShutdownProps } from './shutdown-props';
import { toShutdownSpec } from './to-shutdown-spec';
import { WARNING_METADATA_TYPE, warningText } from './warnings';

/** What `applyPlanToWorkload` returns. */
export interface AppliedShutdownPlan {
  /** The plan applied to the workload: the given one, or the spec planned with the workload's longer grace period pinned. */
  readonly plan: ShutdownPlan;
  /** The plan's warnings plus the workload's (replicas, probes). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * What the glue reads from a cdk8s-plus `Deployment` or `StatefulSet` of any line.
 * @internal
 */
export interface WorkloadSurface extends IConstruct {
  readonly terminationGracePeriod?: Duration;
  readonly hasAutoscaler: boolean;
  readonly replicas?: number;
  readonly containers: ReadonlyArray<{ _toKube(): unknown }>;
  /** A Deployment's `DeploymentStrategy` or a StatefulSet's `StatefulSetUpdateStrategy` (every line). */
  readonly strategy?: { _toKube(): unknown };
  readonly minReady?: Duration;
  /** A Deployment's. */
  readonly progressDeadline?: Duration;
  /** A StatefulSet's. */
  readonly podManagementPolicy?: string;
}

/**
 * Workloads that already render a plan (a graceful construct, or an earlier applyPlanToWorkload), on every line: a
 * second plan would change the grace period but leave the first plan's env (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS) and
 * `.plan` behind, so it is refused.
 */
const PLANNED = new WeakSet<IConstruct>();

/**
 * `applyPlanToWorkload` of every line: validation (spec and workload) now, rendering at synthesis (see the line
 * entry points' `applyPlanToWorkload` for the contract).
 * @internal
 */
export function applyPlanToLineWorkload(
  line: Cdk8sPlusLine,
  workload: WorkloadSurface,
  shutdown: ShutdownSpec | ShutdownProps | ShutdownPlan,
  extraWarnings: readonly PlanWarning[] = [],
): AppliedShutdownPlan {
  if (PLANNED.has(workload)) {
    throw new GracefulConfigError(
      'workload',
      workload.node.path,
      `${JSON.stringify(workload.node.path)} already has a shutdown plan (a graceful construct, or an earlier applyPlanToWorkload): a second plan would leave the ` +
        'first one\'s env and .plan stale; change the first plan\'s spec instead of applying another',
    );
  }
  const existing = workload.terminationGracePeriod === undefined ? undefined : toWholeSeconds('terminationGracePeriod', workload.terminationGracePeriod);
  const kind = workloadKindOf(line, workload);
  const facts = factsOf(line, workload, kind);
  const given = shutdown as ShutdownSpec | ShutdownPlan;
  const { plan, warnings: graceWarnings } = planForWorkload(
    isShutdownPlan(given) ? given : toShutdownSpec(shutdown as ShutdownSpec | ShutdownProps),
    existing === undefined ? undefined : { seconds: existing, mayBeDefault: existing === line.defaultGracePeriodSeconds },
    kind,
    rolloutOf(workload, kind, facts),
  );
  const warnings = unacknowledged(plan, [...plan.warnings, ...graceWarnings, ...checkWorkload(plan, facts), ...extraWarnings]);
  for (const warning of warnings) workload.node.addMetadata(WARNING_METADATA_TYPE, warningText(warning));
  PLANNED.add(workload);
  addPostSynthesisTransform(ApiObject.of(workload), (manifest) => ({
    ...manifest,
    spec: applyPlanToWorkloadSpec(manifest.spec, plan, kind),
  }));
  return { plan, warnings };
}

/**
 * The workload's rollout facts in their Kubernetes form, read by the core's one reading (`workloadRolloutOf`): what
 * cdk8s-plus renders for them (its defaults are Kubernetes' own, which the plan replaces), and the replica count the
 * line renders (for the estimate and the partition check).
 */
function rolloutOf(workload: WorkloadSurface, kind: WorkloadKind, facts: WorkloadFacts): WorkloadRollout {
  return workloadRolloutOf(kind, {
    replicas: facts.replicas,
    ...(kind === 'Deployment' ? { strategy: workload.strategy?._toKube() } : { updateStrategy: workload.strategy?._toKube() }),
    minReadySeconds: workload.minReady === undefined ? undefined : toWholeSeconds('minReady', workload.minReady),
    progressDeadlineSeconds: kind === 'Deployment' && workload.progressDeadline !== undefined ? toWholeSeconds('progressDeadline', workload.progressDeadline) : undefined,
    podManagementPolicy: workload.podManagementPolicy,
  });
}

/** @internal */
export function workloadKindOf(line: Cdk8sPlusLine, workload: object): WorkloadKind {
  return workload instanceof line.kplus.StatefulSet ? 'StatefulSet' : 'Deployment';
}

/** Reads what the checks need from cdk8s-plus containers (their Kubernetes form). */
function factsOf(line: Cdk8sPlusLine, workload: WorkloadSurface, kind: WorkloadKind): WorkloadFacts {
  const defaultReplicas = kind === 'Deployment' ? line.defaultDeploymentReplicas : line.defaultStatefulSetReplicas;
  return {
    kind,
    replicas: workload.hasAutoscaler ? undefined : workload.replicas ?? defaultReplicas,
    // A cdk8s-plus container's Kubernetes form (internal, present in every line) is a plain core/v1 Container.
    containers: workload.containers.map((container) => factsFromContainer(container._toKube() as Container)),
  };
}
