import { DEFAULT_REPLICAS } from './disruption-budget';
import type { WorkloadKind } from './workload-kind';

/**
 * The replica count a StatefulSet gets when it names none: 1, Kubernetes' own default (apps/v1 `StatefulSetSpec`,
 * `SetDefaults_StatefulSet`) and cdk8s-plus's (`replicas ?? 1` in `lib/stateful-set.js`). Unlike a Deployment's pods,
 * each StatefulSet pod has its own identity and PersistentVolumeClaim: a second one is a new member the app must know
 * how to join (a database replica), not spare capacity the library may add on its own. One pod gets the
 * `single-replica` warning and no PodDisruptionBudget.
 * @internal
 */
export const DEFAULT_STATEFULSET_REPLICAS = 1;

/**
 * The replica count a workload of `kind` gets when it names none, the one default every adapter renders (cdk8s
 * constructs, Pulumi components): {@link DEFAULT_REPLICAS} (2) for a Deployment, {@link DEFAULT_STATEFULSET_REPLICAS}
 * (1) for a StatefulSet.
 * @returns a number of pods
 * @internal
 */
export function defaultReplicas(kind: WorkloadKind): number {
  return kind === 'StatefulSet' ? DEFAULT_STATEFULSET_REPLICAS : DEFAULT_REPLICAS;
}
