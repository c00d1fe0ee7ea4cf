/**
 * The replica count a workload gets when it names none: cdk8s-plus' Deployment default (`replicas ?? 2` in
 * cdk8s-plus-27 `lib/deployment.js`), which the Pulumi component follows so both adapters render the same.
 * @internal
 */
export const DEFAULT_REPLICAS = 2;

/**
 * Whether the adapters create a PodDisruptionBudget (maxUnavailable from the plan) for a workload: for 2 or
 * more replicas, and when the count is not known at construction (an autoscaler owns it, or a Pulumi Output).
 * A budget cannot protect a single pod (evicting it is always "one unavailable"), so one replica gets none and
 * the `single-replica` warning instead. The one place this policy is decided; both adapters ask it.
 * @param replicas the workload's replica count, or `undefined` when an autoscaler or an Output decides it
 * @internal
 */
export function wantsDisruptionBudget(replicas: number | undefined): boolean {
  return replicas === undefined || replicas >= 2;
}

/**
 * The oldest minor where `spec.unhealthyPodEvictionPolicy` of a PodDisruptionBudget is on by default (KEP-3017, feature
 * gate PDBUnhealthyPodEvictionPolicy: alpha and off in 1.26, beta and on from 1.27, GA in 1.31; kubernetes
 * `pkg/features/kube_features.go`). With the gate off the API server drops the field (`dropDisabledFields` in kubernetes
 * `pkg/registry/policy/poddisruptionbudget/strategy.go`), so the plan sets it only from here.
 * @internal
 */
export const UNHEALTHY_POD_EVICTION_POLICY_MINOR = 27;

/** The PodDisruptionBudget the adapters create for workloads of 2 or more replicas (see {@link wantsDisruptionBudget}). */
export interface PodDisruptionBudgetPlan {
  /** `spec.maxUnavailable`, in pods: 1, so node drains and other voluntary evictions take one pod at a time. */
  readonly maxUnavailable: number;
  /**
   * `spec.unhealthyPodEvictionPolicy` (KEP-3017). `AlwaysAllow` for Deployment plans on kubernetesVersion 1.27 or newer:
   * a pod that is Running but not Ready (crash-looping, misconfigured) may always be evicted, so it cannot block a node
   * drain; the Kubernetes docs recommend it for most applications ("Specifying a Disruption Budget for your
   * Application", Unhealthy Pod Eviction Policy). StatefulSet plans leave it unset (Kubernetes' `IfHealthyBudget`): an
   * unready member of a quorum system (etcd, ZooKeeper, a database replica catching up) may be evicted only while the
   * budget holds, so a drain cannot take a second member of a degraded quorum.
   * @default undefined (Kubernetes' IfHealthyBudget): StatefulSet plans, and kubernetesVersion below 1.27
   */
  readonly unhealthyPodEvictionPolicy?: 'AlwaysAllow';
}

/**
 * The PodDisruptionBudget of a plan and the reason for its eviction policy.
 * @internal
 */
export function planDisruptionBudget(workloadKind: 'Deployment' | 'StatefulSet', kubernetesMinor: number): { budget: PodDisruptionBudgetPlan; policyReason: string } {
  if (workloadKind === 'StatefulSet') {
    return {
      budget: { maxUnavailable: 1 },
      policyReason: 'unset: Kubernetes\' IfHealthyBudget, deliberately for a StatefulSet. A pod that is Running but not Ready may be evicted only while ' +
        'the budget holds, so a node drain cannot take a second member of a degraded quorum (etcd, ZooKeeper, a replica catching up); the cost is that ' +
        'a crash-looping pod blocks the drain until it is fixed or deleted. Set AlwaysAllow on the budget yourself for a StatefulSet without quorum (KEP-3017)',
    };
  }
  if (kubernetesMinor < UNHEALTHY_POD_EVICTION_POLICY_MINOR) {
    return {
      budget: { maxUnavailable: 1 },
      policyReason: `unset: kubernetesVersion 1.${kubernetesMinor} is older than 1.${UNHEALTHY_POD_EVICTION_POLICY_MINOR}, where the PDBUnhealthyPodEvictionPolicy gate ` +
        'is on by default (KEP-3017); an API server with the gate off drops the field. Kubernetes\' IfHealthyBudget applies: unready pods block node drains',
    };
  }
  return {
    budget: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
    policyReason: 'AlwaysAllow: a pod that is Running but not Ready (crash-looping, misconfigured) serves nothing and may always be evicted, so it cannot ' +
      'block a node drain; with the default IfHealthyBudget it could be evicted only while every other pod is healthy. Recommended for most applications ' +
      `by the Kubernetes docs ("Specifying a Disruption Budget for your Application"); beta and on from 1.${UNHEALTHY_POD_EVICTION_POLICY_MINOR}, GA in 1.31 (KEP-3017)`,
  };
}
