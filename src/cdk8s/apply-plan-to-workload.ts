import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { IConstruct } from 'constructs';
import {
  applyPlanToWorkloadSpec,
  checkWorkload,
  DEFAULT_REPLICAS,
  factsFromContainer,
  GracefulConfigError,
  planForWorkload,
  type Container,
  type PlanWarning,
  type ShutdownPlan,
  type ShutdownSpec,
  type WorkloadFacts,
  type WorkloadKind,
} from '../core';
import { addPostSynthesisTransform } from './post-synthesis-transform';

/** cdk8s-plus-27 sets this grace period when none is given (`Pod` constructor, lib/pod.js). */
const CDK8S_PLUS_DEFAULT_GRACE_SECONDS = 30;

/**
 * Workloads that already render a plan (a GracefulDeployment, or an earlier applyPlanToWorkload): a second plan
 * would change the grace period but leave the first plan's env (GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS) and `.plan`
 * behind, so it is refused.
 */
const PLANNED = new WeakSet<kplus.Deployment | kplus.StatefulSet>();

/** The construct metadata type under which plan warnings are recorded. */
export const WARNING_METADATA_TYPE = 'graceful-k8s:warning';

/** What {@link applyPlanToWorkload} returns. */
export interface AppliedShutdownPlan {
  /** The plan applied to the workload: the given one, or the spec planned with the workload's longer grace period pinned. */
  readonly plan: ShutdownPlan;
  /** The plan's warnings plus the workload's (replicas, probes). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * Applies a shutdown plan to an existing cdk8s-plus `Deployment` or `StatefulSet`: preStop, env and
 * mounts on every app container, the grace period, init containers and volumes on the pod, and the
 * rollout settings. Validation (spec and workload) runs now; the change is rendered at synthesis.
 *
 * The workload's own grace period is never lowered (see `planForWorkload` in the core): a longer one is kept
 * and the plan sized for it, a shorter one is raised with a warning. cdk8s-plus fills in 30 s when none is set,
 * so raising exactly 30 s gets no warning.
 *
 * @param shutdown a spec (planned here) or a plan from `planShutdown`
 * @throws GracefulConfigError on invalid input, before anything is changed
 */
export function applyPlanToWorkload(
  workload: kplus.Deployment | kplus.StatefulSet,
  shutdown: ShutdownSpec | ShutdownPlan,
): AppliedShutdownPlan {
  if (PLANNED.has(workload)) {
    throw new GracefulConfigError(
      'workload',
      workload.node.path,
      `${JSON.stringify(workload.node.path)} already has a shutdown plan (a GracefulDeployment, or an earlier applyPlanToWorkload): a second plan would leave the first one's env ` +
        'and .plan stale; change the first plan\'s spec instead of applying another',
    );
  }
  const existing = workload.terminationGracePeriod?.toSeconds();
  const { plan, warnings: graceWarnings } = planForWorkload(
    shutdown,
    existing === undefined ? undefined : { seconds: existing, mayBeDefault: existing === CDK8S_PLUS_DEFAULT_GRACE_SECONDS },
  );
  const kind: WorkloadKind = workload instanceof kplus.StatefulSet ? 'StatefulSet' : 'Deployment';
  const warnings = [...plan.warnings, ...graceWarnings, ...checkWorkload(plan, factsOf(workload, kind))];
  for (const warning of warnings) workload.node.addMetadata(WARNING_METADATA_TYPE, `[${warning.code}] ${warning.message}`);
  PLANNED.add(workload);
  addPostSynthesisTransform(ApiObject.of(workload), (manifest) => ({
    ...manifest,
    spec: applyPlanToWorkloadSpec(manifest.spec, plan, kind),
  }));
  return { plan, warnings };
}

/**
 * Every plan warning recorded in a construct tree (an app, a chart or one workload), as
 * `path: [code] message` lines, for printing at synthesis.
 */
export function collectWarnings(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === WARNING_METADATA_TYPE).map((m) => `${c.node.path}: ${String(m.data)}`));
}

/** Reads what the checks need from cdk8s-plus containers (their Kubernetes form). */
function factsOf(workload: kplus.Deployment | kplus.StatefulSet, kind: WorkloadKind): WorkloadFacts {
  const defaultReplicas = kind === 'Deployment' ? DEFAULT_REPLICAS : 1; // cdk8s-plus-27's own defaults (Deployment 2, StatefulSet 1)
  return {
    kind,
    replicas: workload.hasAutoscaler ? undefined : workload.replicas ?? defaultReplicas,
    // A cdk8s-plus container's Kubernetes form (internal, stable in cdk8s-plus-27) is a plain core/v1 Container.
    containers: workload.containers.map((container) => factsFromContainer(container._toKube() as Container)),
  };
}

/**
 * The name {@link applyPlanToWorkload} had before 0.1.0: every "apply a plan" function is now named for the layer
 * it works on (`applyPlanToWorkloadSpec`: plain objects; `applyPlanToWorkload`: a cdk8s-plus workload;
 * `applyPlanToWorkloadArgs` / `applyPlanToSpecInputs`: Pulumi args and spec inputs).
 * @deprecated use {@link applyPlanToWorkload}
 */
export const applyShutdownPlan = applyPlanToWorkload;
