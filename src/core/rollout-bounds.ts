import { GracefulConfigError, describeValue } from './errors';
import { isZeroIntOrPercent, type IntOrPercent } from './spec';

/**
 * A Deployment's rolling-update bounds as pod counts.
 * @internal
 */
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
 * @internal
 */
export function resolveRolloutBounds(replicas: number, maxSurge: unknown = '25%', maxUnavailable: unknown = '25%'): RolloutBounds {
  const surge = resolveIntOrPercent('strategy.rollingUpdate.maxSurge', maxSurge, replicas, 'up');
  const unavailable = resolveIntOrPercent('strategy.rollingUpdate.maxUnavailable', maxUnavailable, replicas, 'down');
  if (isZeroIntOrPercent(maxSurge) && isZeroIntOrPercent(maxUnavailable)) {
    throw new GracefulConfigError(
      'strategy.rollingUpdate',
      { maxSurge, maxUnavailable },
      'has maxSurge and maxUnavailable both 0, which Kubernetes rejects; set maxSurge to 1 (or more)',
    );
  }
  if (surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/**
 * Which rollout bound a value is for: Kubernetes caps only maxUnavailable at 100 %.
 * @internal
 */
export type RolloutBoundField = 'maxSurge' | 'maxUnavailable';

/**
 * The one int-or-percent parser (the planner's spec, the audit and rehearse all use it), with the API
 * server's rules for a Deployment's rolling update (`ValidateRollingUpdateDeployment` in
 * kubernetes `pkg/apis/apps/validation/validation.go`): a non-negative integer, or a string that is a
 * whole percentage (`'25%'`; a bare `'1'` is not a percentage and the API server rejects it); only
 * maxUnavailable is capped at 100 % (`IsNotMoreThan100Percent`); maxSurge above 100 % is legal.
 * @param bound which bound `value` is: `'maxSurge'` or `'maxUnavailable'`
 * @throws GracefulConfigError naming `field`, the value and the fix
 * @internal
 */
export function parseIntOrPercent(field: string, value: unknown, bound: RolloutBoundField): number | string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^(\d{1,9})%$/.exec(value) : null;
  if (match && (bound === 'maxSurge' || Number(match[1]) <= 100)) return value as string;
  const range = bound === 'maxSurge' ? "a percentage such as '25%' (above '100%' is allowed)" : "a percentage from '0%' to '100%'";
  const hint = typeof value === 'string' && /^\d+$/.test(value.trim()) ? `; a number in quotes is not a percentage: use ${value.trim()} or '${value.trim()}%'` : '';
  throw new GracefulConfigError(field, value, `must be a whole number of pods >= 0 or ${range}, got ${describeValue(value)}${hint}`);
}

/**
 * An int-or-percent rollout bound as a pod count for `replicas`, rounded the controller's way
 * (`'up'` for maxSurge, `'down'` for maxUnavailable). Used by the audit and by rehearse.
 * @throws GracefulConfigError when the value is not a legal bound (see {@link parseIntOrPercent})
 * @internal
 */
export function resolveIntOrPercent(field: string, value: unknown, replicas: number, round: 'up' | 'down'): number {
  const parsed = parseIntOrPercent(field, value, round === 'up' ? 'maxSurge' : 'maxUnavailable');
  if (typeof parsed === 'number') return parsed;
  const exact = (Number(parsed.slice(0, -1)) * replicas) / 100;
  return round === 'up' ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * The pods one StatefulSet rollout step takes down, as the controller resolves `maxUnavailable` for `replicas`
 * (`getStatefulSetMaxUnavailable` in kubernetes `pkg/controller/statefulset/stateful_set_utils.go`): a percentage
 * rounds down, and the result is at least 1; without the field (or the gate), 1.
 * @internal
 */
export function statefulSetPodsPerStep(maxUnavailable: IntOrPercent | undefined, replicas: number): number {
  if (maxUnavailable === undefined) return 1;
  return Math.max(1, resolveIntOrPercent('updateStrategy.rollingUpdate.maxUnavailable', maxUnavailable, replicas, 'down'));
}
