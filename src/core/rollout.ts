import type { IntOrPercent, ResolvedSpec, StatefulSetRolloutSettings } from './spec';
import { DEFAULTS } from './spec';

/** The rolling-update settings of the plan. */
export interface RolloutPlan {
  /**
   * `strategy.rollingUpdate.maxSurge` (Deployments): extra pods a rollout may start, `RolloutSpec.maxSurge` (default `'25%'`).
   * 0 in a StatefulSet plan: a StatefulSet has no surge (not rendered).
   */
  readonly maxSurge: IntOrPercent;
  /**
   * Pods that may be unavailable during a rollout. Deployments: `strategy.rollingUpdate.maxUnavailable`,
   * `RolloutSpec.maxUnavailable` (default 0). StatefulSets: the pods one step takes down, `RolloutSpec.maxUnavailable`
   * or 1; rendered only from {@link RolloutPlan.statefulSet}.
   */
  readonly maxUnavailable: IntOrPercent;
  /**
   * StatefulSet plans only: the StatefulSet settings the spec gave (`partition`, `maxUnavailable`,
   * `podManagementPolicy`), each rendered only when present; an empty object when the spec gave none.
   * @default undefined (a Deployment plan)
   */
  readonly statefulSet?: StatefulSetRolloutSettings;
  /**
   * `minReadySeconds`, in seconds: `RolloutSpec.minReady`, else the slowest registration lag of an external load
   * balancer without a readiness gate, else 0.
   */
  readonly minReadySeconds: number;
  /**
   * `progressDeadlineSeconds` (Deployments), in seconds: `RolloutSpec.progressDeadline`, else minReadySeconds + 600.
   * StatefulSets have no progress deadline: a StatefulSet plan holds the value a Deployment would get, never rendered.
   */
  readonly progressDeadlineSeconds: number;
}

/**
 * The rollout settings and why each has its value.
 * @internal
 */
export interface RolloutDecision {
  readonly rollout: RolloutPlan;
  readonly minReadyReason: string;
  readonly progressDeadlineReason: string;
}

/**
 * Derives the rollout settings from a validated spec. Pure.
 *
 * minReadySeconds does not keep a pod out of Services (the EndpointSlice controller reads only the pod's Ready
 * condition); it delays counting a Ready pod available, so with maxUnavailable 0 it holds the next old pod
 * back (kubernetes.io "Deployments", minReadySeconds). That only helps against a router that routes to a Ready
 * pod late: an external load balancer without a readiness gate that has not registered the new target yet.
 * So the default is the slowest such registration lag, 0 when every router routes only to Ready endpoints
 * or holds the pod with a readiness gate. Every second of it slows each step of every rollout.
 *
 * progressDeadlineSeconds: the Deployment controller counts a rise in updated, ready or available replicas as
 * progress (`DeploymentProgressing` in kubernetes `pkg/controller/deployment/util/deployment_util.go`), so
 * Kubernetes' default 600 s already allows for a slow pod start; the plan adds minReadySeconds, during which a
 * Ready pod is not yet available, as headroom for the step that waits on it.
 * @internal
 */
export function planRollout(spec: ResolvedSpec): RolloutDecision {
  const slowest = spec.traffic.reduce<ResolvedSpec['traffic'][number] | undefined>(
    (max, t) => (t.registrationLagSeconds > (max?.registrationLagSeconds ?? 0) ? t : max),
    undefined,
  );
  const minReadySeconds = spec.minReadySeconds ?? slowest?.registrationLagSeconds ?? 0;
  const minReadyReason = spec.minReadySeconds !== undefined
    ? 'set by the user'
    : slowest
      ? `= ${slowest.kind}'s registration lag ${slowest.registrationLagSeconds}s (${slowest.registrationReason}): a new pod counts as available, ` +
        'and the next old pod goes, only once the load balancer routes to it; minReadySeconds never keeps a pod out of Services'
      : '0: every router routes only to Ready pods (' +
        (spec.traffic.length > 0 ? spec.traffic.map((t) => t.registrationReason).join('; ') : 'in-cluster Services send traffic only to Ready endpoints') +
        '); minReadySeconds would not keep a pod out of Services, it would only slow every rollout step';
  const progressDeadlineSeconds = spec.progressDeadlineSeconds ?? minReadySeconds + DEFAULTS.progressDeadlineAllowanceSeconds;
  const progressDeadlineReason = spec.progressDeadlineSeconds !== undefined
    ? 'set by the user'
    : `minReadySeconds ${minReadySeconds}s + Kubernetes' default 600s: the controller counts a rise in updated, ready or available replicas ` +
      'as progress (DeploymentProgressing, pkg/controller/deployment/util/deployment_util.go); the extra minReadySeconds cover the step ' +
      'that waits for a Ready pod to become available';
  return {
    rollout: {
      maxSurge: spec.maxSurge,
      maxUnavailable: spec.maxUnavailable,
      ...(spec.statefulSet ? { statefulSet: spec.statefulSet } : {}),
      minReadySeconds,
      progressDeadlineSeconds,
    },
    minReadyReason,
    progressDeadlineReason,
  };
}
