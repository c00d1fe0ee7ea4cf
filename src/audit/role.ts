import { sameNamespace, type AuditContext } from './context';
import { getPath, isRecord } from './object-path';
import { replicasOf } from './traffic';
import { type AuditedWorkload } from './workload';

/**
 * What a workload's pods are, as far as stopping them goes:
 * - `rolling-server`: several pods, or one pod that a rollout replaces by starting the new one first: while one
 *   stops another can take its requests, so a drain keeps them;
 * - `single-instance`: one pod that cannot overlap with its replacement: a one-replica StatefulSet (OrderedReady,
 *   one pod at a time), or a one-replica Deployment or ReplicaSet with `strategy: Recreate` or a ReadWriteOnce claim
 *   (the new pod cannot mount the volume, or is not started, until the old one is gone). No other endpoint can
 *   take the requests a drain would divert: a drain only moves the outage, it does not avoid it.
 */
export type WorkloadRole = 'rolling-server' | 'single-instance';

/** The role and the evidence for it (shown in findings). */
export interface RoleFacts {
  readonly role: WorkloadRole;
  /** Why, e.g. `1 replica with strategy: Recreate`. */
  readonly evidence?: string;
}

/**
 * Access modes a claim shares between pods on several nodes (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes):
 * any other (ReadWriteOnce, ReadWriteOncePod) ties the volume to one node or one pod.
 */
const SHARED_ACCESS = new Set(['ReadWriteMany', 'ReadOnlyMany']);

/** The workload's role (see {@link WorkloadRole}). */
export function roleOf(workload: AuditedWorkload, context: AuditContext): RoleFacts {
  if (workload.kind === 'DaemonSet' || workload.kind === 'Pod') return { role: 'rolling-server' };
  if (replicasOf(workload, context) > 1) return { role: 'rolling-server' };
  if (workload.kind === 'StatefulSet') return { role: 'single-instance', evidence: 'a StatefulSet with 1 replica (OrderedReady: the old pod stops before the new one starts)' };
  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#recreate-deployment
  if (getPath(workload.object, ['spec', 'strategy', 'type']) === 'Recreate') {
    return { role: 'single-instance', evidence: '1 replica with strategy: Recreate (the old pod stops before the new one starts)' };
  }
  const claim = exclusiveClaim(workload, context);
  if (claim !== undefined) return { role: 'single-instance', evidence: `1 replica with the ${claim} (one pod at a time can use it)` };
  return { role: 'rolling-server' };
}

/**
 * The first `persistentVolumeClaim` volume whose claim is not shared: a claim of the input whose access modes
 * are ReadWriteOnce/ReadWriteOncePod only. A claim the input does not hold proves nothing (its access mode is not
 * visible), nor does one that also allows ReadWriteMany or ReadOnlyMany.
 */
function exclusiveClaim(workload: AuditedWorkload, context: AuditContext): string | undefined {
  const volumes = Array.isArray(workload.podSpec.volumes) ? (workload.podSpec.volumes as unknown[]) : [];
  for (const volume of volumes) {
    if (!isRecord(volume) || !isRecord(volume.persistentVolumeClaim)) continue;
    const name = volume.persistentVolumeClaim.claimName;
    if (typeof name !== 'string') continue;
    const claim = (context.claims ?? []).find((c) => c.name === name && sameNamespace(c, workload));
    // A claim the input does not hold has no access mode the audit can see (it may be ReadWriteMany): no evidence.
    if (claim === undefined) continue;
    if (claim.accessModes.length === 0 || claim.accessModes.some((m) => SHARED_ACCESS.has(m))) continue;
    return `ReadWriteOnce claim ${name}`;
  }
  return undefined;
}
