import { GracefulConfigError } from './errors';

/** A Deployment's rolling-update bounds as pod counts. */
export interface RolloutBounds {
  /** Pods a rollout may run above `replicas`. */
  readonly maxSurge: number;
  /** Pods that may be unavailable during a rollout. */
  readonly maxUnavailable: number;
}

/**
 * Resolves `maxSurge`/`maxUnavailable` (an int or a percentage) against `replicas` as the Deployment
 * controller does: a surge percentage rounds up, an unavailable percentage rounds down, and when
 * both come out 0 maxUnavailable becomes 1
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#max-surge and
 * #max-unavailable; `ResolveFenceposts` in pkg/controller/deployment/util).
 * Both given as literal zeros is rejected by the API server, so it is rejected here too.
 * @default maxSurge '25%', maxUnavailable '25%' (the apps/v1 defaults) when a field is absent
 */
export function resolveRolloutBounds(replicas: number, maxSurge: unknown = '25%', maxUnavailable: unknown = '25%'): RolloutBounds {
  const surge = resolveIntOrPercent('strategy.rollingUpdate.maxSurge', maxSurge, replicas, 'up');
  const unavailable = resolveIntOrPercent('strategy.rollingUpdate.maxUnavailable', maxUnavailable, replicas, 'down');
  if (isLiteralZero(maxSurge) && isLiteralZero(maxUnavailable)) {
    throw new GracefulConfigError(
      'strategy.rollingUpdate',
      { maxSurge, maxUnavailable },
      'has maxSurge and maxUnavailable both 0, which Kubernetes rejects; set maxSurge to 1 (or more)',
    );
  }
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}

function isLiteralZero(value: unknown): boolean {
  return value === 0 || value === '0' || value === '0%';
}

/**
 * An int-or-percent rollout bound as a pod count for `replicas`, rounded the controller's way
 * (`'up'` for maxSurge, `'down'` for maxUnavailable). Used by the audit and by rehearse.
 * @throws GracefulConfigError when the value is neither a non-negative integer nor a percentage
 */
export function resolveIntOrPercent(field: string, value: unknown, replicas: number, round: 'up' | 'down'): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value.trim());
    if (match) {
      const exact = (Number(match[1]) * replicas) / 100;
      return round === 'up' ? Math.ceil(exact) : Math.floor(exact);
    }
    if (/^\d+$/.test(value.trim())) return Number(value);
  }
  throw new GracefulConfigError(field, value, `must be a non-negative integer or a percentage like '25%', got ${JSON.stringify(value)}`);
}
