import { GracefulConfigError, isZeroIntOrPercent, planShutdown, resolveRolloutBounds, workloadRolloutOf, type IntOrPercent, type RolloutSpec } from '../../core';
import { autoscalerFor } from '../context';
import type { AuditRule } from '../finding';
import { getPath } from '../object-path';
import { trafficOf } from '../traffic';

/**
 * At or below this many replicas, one unavailable pod is a third of the capacity or more.
 * @internal
 */
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
    'pod is a third of the capacity or more, and the remaining pods take its load while they may themselves be draining. Warning when a ' +
    'Service of the input routes to the pods; the same, marked unverified, when the input has no Service; nothing when no Service of the input selects them.',
  check(workload, context) {
    if (workload.kind !== 'Deployment') return [];
    const state = trafficOf(workload, context).state;
    if (state === 'not-routed' || state === 'unselected') return []; // a rollout of a worker drops no request
    const replicas = workload.replicas ?? autoscalerFor(workload, context)?.minReplicas ?? 1;
    if (replicas > FEW_REPLICAS) return [];
    const declared = getPath(workload.object, ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable']) as IntOrPercent | undefined;
    const maxUnavailable = declared ?? DEFAULT_MAX_UNAVAILABLE;
    const surge = getPath(workload.object, ['spec', 'strategy', 'rollingUpdate', 'maxSurge']) as IntOrPercent | undefined;
    // As the Deployment controller resolves them (ResolveFenceposts): when both round to 0, maxUnavailable is 1.
    const pods = podsOrUndefined(replicas, surge, maxUnavailable);
    if (pods === undefined || pods < 1) return [];
    const rollout = planShutdown({ appShutdownTimeout: 0, rollout: { ...keptSurge(workload.object), maxUnavailable: 0 } }).rollout;
    return [
      {
        severity: 'warning',
        path: declared === undefined ? ['spec', 'strategy'] : ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'],
        message: (state === 'routed' ? '' : 'unverified (no Service of the input selects it): ') +
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

/**
 * maxUnavailable as pods, as the Deployment controller resolves the pair (a percentage rounds down, maxSurge rounds
 * up, and 1 when both come out 0: `ResolveFenceposts`, kubernetes pkg/controller/deployment/util/deployment_util.go);
 * undefined for values Kubernetes would reject.
 */
function podsOrUndefined(replicas: number, maxSurge: IntOrPercent | undefined, maxUnavailable: IntOrPercent): number | undefined {
  try {
    return resolveRolloutBounds(replicas, maxSurge ?? '25%', maxUnavailable).maxUnavailable;
  } catch (error) {
    if (error instanceof GracefulConfigError) return undefined;
    throw error;
  }
}
