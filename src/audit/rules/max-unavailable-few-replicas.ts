import { GracefulConfigError, isZeroIntOrPercent, planShutdown, resolveIntOrPercent, workloadRolloutOf, type IntOrPercent, type RolloutSpec } from '../../core';
import { autoscalerFor } from '../context';
import type { AuditRule } from '../finding';
import { trafficOf } from '../traffic';
import { getPath } from '../workload';

/** At or below this many replicas, one unavailable pod is a third of the capacity or more. */
export const FEW_REPLICAS = 3;

/**
 * Deployment `maxUnavailable` defaults to 25% and a percentage rounds down; `maxSurge` defaults to
 * 25% and rounds up (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-unavailable).
 */
const DEFAULT_MAX_UNAVAILABLE = '25%';

export const maxUnavailableFewReplicas: AuditRule = {
  id: 'max-unavailable-few-replicas',
  defaultSeverity: 'warning',
  title: 'a rolling update may take pods down before their replacements are ready, with few replicas',
  description:
    'With maxUnavailable above 0, a rolling update terminates old pods before new ones are available. With three replicas or fewer, each such ' +
    'pod is a third of the capacity or more, and the remaining pods take its load while they may themselves be draining.',
  check(workload, context) {
    if (workload.kind !== 'Deployment') return [];
    if (trafficOf(workload, context).state === 'not-routed') return []; // a rollout of a worker drops no request
    const replicas = workload.replicas ?? autoscalerFor(workload, context)?.minReplicas ?? 1;
    if (replicas > FEW_REPLICAS) return [];
    const declared = getPath(workload.object, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']) as IntOrPercent | undefined;
    const maxUnavailable = declared ?? DEFAULT_MAX_UNAVAILABLE;
    const pods = podsOrUndefined(maxUnavailable, replicas);
    if (pods === undefined || pods < 1 || isZeroIntOrPercent(maxUnavailable)) return [];
    const rollout = planShutdown({ appShutdownTimeout: 0, rollout: { ...keptSurge(workload.object), maxUnavailable: 0 } }).rollout;
    return [
      {
        severity: 'warning',
        path: declared === undefined ? ['spec', 'strategy'] : ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
        message:
          `maxUnavailable ${JSON.stringify(maxUnavailable)} lets a rollout take ${pods} of ${replicas} pod(s) down before replacements are ready: ` +
          `capacity drops by ${Math.round((100 * Math.min(pods, replicas)) / replicas)}%`,
        fix: `set strategy.rollingUpdate.maxUnavailable: ${JSON.stringify(rollout.maxUnavailable)} and maxSurge: ${JSON.stringify(rollout.maxSurge)} ` +
          '(new pods start before old ones stop)',
      },
    ];
  },
};

/**
 * The workload's own maxSurge, by the core's one reading of a workload's rollout (`workloadRolloutOf`), when it lets a
 * pod start: the fix keeps it, as the adapters do, and changes only maxUnavailable.
 */
function keptSurge(object: unknown): Pick<RolloutSpec, 'maxSurge'> {
  try {
    const spec = getPath(object, ['spec']) as object | undefined;
    const surge = workloadRolloutOf('Deployment', spec ?? {}).rollout.maxSurge;
    return surge !== undefined && !isZeroIntOrPercent(surge) ? { maxSurge: surge } : {};
  } catch (error) {
    if (error instanceof GracefulConfigError) return {}; // Recreate or a malformed field: the plan's own surge
    throw error;
  }
}

/** maxUnavailable as pods (a percentage rounds down, as the controller does); undefined for a value Kubernetes would reject. */
function podsOrUndefined(maxUnavailable: IntOrPercent, replicas: number): number | undefined {
  try {
    return resolveIntOrPercent('spec.strategy.rollingUpdate.maxUnavailable', maxUnavailable, replicas, 'down');
  } catch (error) {
    if (error instanceof GracefulConfigError) return undefined;
    throw error;
  }
}
