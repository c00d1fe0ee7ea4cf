import type { RolloutPlan } from './rollout';
import { resolveRolloutBounds, statefulSetPodsPerStep } from './rollout-bounds';
import type { WorkloadKind } from './workload-kind';

/** What a rollout and a node drain cost under the plan, estimated for a replica count. Seconds. */
export interface RolloutEstimate {
  /** The workload kind estimated for: a StatefulSet plan (`rollout.statefulSet` set) or a Deployment plan. */
  readonly workloadKind: WorkloadKind;
  /** The replica count estimated for, in pods (`ShutdownSpec.replicas`, default 2; the adapters fill it from the workload). */
  readonly replicas: number;
  /** The pods a rollout replaces: all replicas, or for a StatefulSet those with an ordinal at or above the partition. */
  readonly updatedPods: number;
  /** The pod start (creation to Ready) the estimate assumes. */
  readonly podStartupSeconds: number;
  /**
   * Pods replaced per step. Deployments: maxSurge + maxUnavailable as the controller resolves them. StatefulSets: the
   * pods one step takes down (maxUnavailable, at least 1; 1 without it).
   */
  readonly podsPerStep: number;
  /** Rollout steps: updatedPods / podsPerStep, rounded up. */
  readonly steps: number;
  /**
   * Until every new pod is available. Deployments: steps x (pod start + minReadySeconds), old pods terminating in the
   * background. StatefulSets: each step also waits for the old pods to be gone (up to the grace period) before their
   * replacements are created.
   */
  readonly rolloutSeconds: number;
  /**
   * Until the last old pod is gone too. Deployments: the last step's old pods may stay Terminating a whole grace period
   * after rolloutSeconds. StatefulSets: equal to rolloutSeconds (every old pod is gone before its replacement starts).
   */
  readonly rolloutCompleteSeconds: number;
  /** How long each old pod may stay Terminating (holding its node resources): the grace period. */
  readonly terminatingSeconds: number;
  /**
   * A node drain evicts this workload's pods one at a time (PodDisruptionBudget maxUnavailable 1): each next
   * eviction waits for the replacement to be Ready, and the node is empty only once the last pod has
   * terminated. For `replicas` pods on one node: Deployments (the replacement starts at once)
   * (replicas - 1) x pod start + grace period; StatefulSets (the replacement starts once the old pod is gone)
   * (replicas - 1) x (grace period + pod start) + grace period.
   */
  readonly nodeDrainSeconds: number;
}

/**
 * Estimates a rollout under the plan, for the kind it was planned for. An estimate, not a measurement: the pod start
 * is the user's estimate (`rollout.podStartup`), the old pod's termination is taken at its longest (the grace period),
 * and image pulls, scheduling and slow readiness probes add to it.
 *
 * Deployments: the controller replaces maxSurge + maxUnavailable pods per step (resolved against the replicas as
 * `ResolveFenceposts` does, kubernetes `pkg/controller/deployment/util/deployment_util.go`) and starts the next step
 * once the new pods are available, i.e. Ready for minReadySeconds; old pods terminate in the background.
 *
 * StatefulSets (a plan with `rollout.statefulSet`): the controller deletes the pod with the highest ordinal that is not
 * updated and stops at the partition; the replacement has the same name, so it is created only once the old pod is
 * gone, and the next pod goes only once the replacement is available (`updateStatefulSet` in kubernetes
 * `pkg/controller/statefulset/stateful_set_control.go`; kubernetes.io "StatefulSets", Rolling Updates). Each step is
 * therefore grace period + pod start + minReadySeconds. With maxUnavailable k (KEP-961), a step takes k pods down at
 * once; under OrderedReady their replacements still start one after another, each Running, Ready and available before
 * the next is created (`processReplica`, same file), under Parallel together.
 * @internal
 */
export function estimateRollout(rollout: RolloutPlan, gracePeriodSeconds: number, replicas: number, podStartupSeconds: number): RolloutEstimate {
  if (rollout.statefulSet !== undefined) return estimateStatefulSetRollout(rollout, gracePeriodSeconds, replicas, podStartupSeconds);
  const bounds = resolveRolloutBounds(replicas, rollout.maxSurge, rollout.maxUnavailable);
  const podsPerStep = Math.max(1, bounds.maxSurge + bounds.maxUnavailable);
  const steps = Math.ceil(replicas / podsPerStep);
  const rolloutSeconds = steps * (podStartupSeconds + rollout.minReadySeconds);
  return {
    workloadKind: 'Deployment',
    replicas,
    updatedPods: replicas,
    podStartupSeconds,
    podsPerStep,
    steps,
    rolloutSeconds,
    rolloutCompleteSeconds: rolloutSeconds + gracePeriodSeconds,
    terminatingSeconds: gracePeriodSeconds,
    nodeDrainSeconds: Math.max(0, replicas - 1) * podStartupSeconds + gracePeriodSeconds,
  };
}

function estimateStatefulSetRollout(rollout: RolloutPlan, gracePeriodSeconds: number, replicas: number, podStartupSeconds: number): RolloutEstimate {
  const settings = rollout.statefulSet ?? {};
  const updatedPods = Math.max(0, replicas - (settings.partition ?? 0));
  const podsPerStep = statefulSetPodsPerStep(settings.maxUnavailable, replicas);
  const steps = Math.ceil(updatedPods / podsPerStep);
  const startSeconds = podStartupSeconds + rollout.minReadySeconds;
  // Parallel starts a step's replacements together; OrderedReady one after another.
  const sequentialStarts = settings.podManagementPolicy === 'Parallel' ? steps : updatedPods;
  const rolloutSeconds = steps * gracePeriodSeconds + sequentialStarts * startSeconds;
  return {
    workloadKind: 'StatefulSet',
    replicas,
    updatedPods,
    podStartupSeconds,
    podsPerStep,
    steps,
    rolloutSeconds,
    rolloutCompleteSeconds: rolloutSeconds,
    terminatingSeconds: gracePeriodSeconds,
    nodeDrainSeconds: replicas === 0 ? gracePeriodSeconds : (replicas - 1) * (gracePeriodSeconds + podStartupSeconds) + gracePeriodSeconds,
  };
}
