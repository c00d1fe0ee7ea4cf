import type { RolloutPlan } from './rollout';
import { resolveRolloutBounds } from './rollout-bounds';

/** What a rollout and a node drain cost under the plan, estimated for a replica count. Seconds. */
export interface RolloutEstimate {
  /** The replica count estimated for, in pods (`ShutdownSpec.replicas`, default 2; the adapters fill it from the workload). */
  readonly replicas: number;
  /** The pod start (creation to Ready) the estimate assumes. */
  readonly podStartupSeconds: number;
  /** Pods replaced per step: maxSurge + maxUnavailable as the controller resolves them. */
  readonly podsPerStep: number;
  /** Rollout steps: replicas / podsPerStep, rounded up. */
  readonly steps: number;
  /** Until every new pod is available: steps x (pod start + minReadySeconds). */
  readonly rolloutSeconds: number;
  /** Until the last old pod is gone too: the last step's old pods may stay Terminating a whole grace period. */
  readonly rolloutCompleteSeconds: number;
  /** How long each old pod may stay Terminating (holding its node resources): the grace period. */
  readonly terminatingSeconds: number;
  /**
   * A node drain evicts this workload's pods one at a time (PodDisruptionBudget maxUnavailable 1): each next
   * eviction waits for the replacement to be Ready, and the node is empty only once the last pod has
   * terminated. For `replicas` pods on one node: (replicas - 1) x pod start + grace period.
   */
  readonly nodeDrainSeconds: number;
}

/**
 * Estimates a Deployment rollout under the plan: the controller replaces maxSurge + maxUnavailable pods per
 * step (resolved against the replicas as `ResolveFenceposts` does, kubernetes
 * `pkg/controller/deployment/util/deployment_util.go`) and starts the next step once the new pods are
 * available, i.e. Ready for minReadySeconds; old pods terminate in the background. The pod start is the
 * user's estimate (`rollout.podStartup`). An estimate, not a measurement: image pulls, scheduling and
 * slow readiness probes add to it.
 */
export function estimateRollout(rollout: RolloutPlan, gracePeriodSeconds: number, replicas: number, podStartupSeconds: number): RolloutEstimate {
  const bounds = resolveRolloutBounds(replicas, rollout.maxSurge, rollout.maxUnavailable);
  const podsPerStep = Math.max(1, bounds.maxSurge + bounds.maxUnavailable);
  const steps = Math.ceil(replicas / podsPerStep);
  const rolloutSeconds = steps * (podStartupSeconds + rollout.minReadySeconds);
  return {
    replicas,
    podStartupSeconds,
    podsPerStep,
    steps,
    rolloutSeconds,
    rolloutCompleteSeconds: rolloutSeconds + gracePeriodSeconds,
    terminatingSeconds: gracePeriodSeconds,
    nodeDrainSeconds: Math.max(0, replicas - 1) * podStartupSeconds + gracePeriodSeconds,
  };
}
