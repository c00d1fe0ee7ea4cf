/**
 * The replica count a workload gets when it names none: cdk8s-plus' Deployment default (`replicas ?? 2` in
 * cdk8s-plus-27 `lib/deployment.js`), which the Pulumi component follows so both adapters render the same.
 */
export const DEFAULT_REPLICAS = 2;

/**
 * Whether the adapters create a PodDisruptionBudget (maxUnavailable from the plan) for a workload: for 2 or
 * more replicas, and when the count is not known at construction (an autoscaler owns it, or a Pulumi Output).
 * A budget cannot protect a single pod (evicting it is always "one unavailable"), so one replica gets none and
 * the `single-replica` warning instead. The one place this policy is decided; both adapters ask it.
 * @param replicas the workload's replica count, or `undefined` when an autoscaler or an Output decides it
 */
export function wantsDisruptionBudget(replicas: number | undefined): boolean {
  return replicas === undefined || replicas >= 2;
}
