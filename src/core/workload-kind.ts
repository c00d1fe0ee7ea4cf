/** The workload kinds a plan is made for and applies to (see {@link WorkloadKind}). */
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet'] as const;

/**
 * The kind of workload a plan is made for (`planShutdown(spec, { workloadKind })`) and applied to. It decides the
 * rollout settings: a Deployment surges (`strategy.rollingUpdate`, `progressDeadlineSeconds`); a StatefulSet
 * replaces one pod at a time, deleting the old pod first (`updateStrategy.rollingUpdate`, `podManagementPolicy`).
 */
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
