import { describeValue, GracefulConfigError } from './errors';
import type { ShutdownPlan } from './shutdown-plan';
import type { IntOrPercent, PodManagementPolicy, RolloutSpec, ShutdownSpec } from './spec';
import type { WorkloadKind } from './workload-kind';

type MutableRollout = { -readonly [K in keyof RolloutSpec]: RolloutSpec[K] };

/**
 * The rollout facts an existing Deployment or StatefulSet declares, as the spec's values: what the plan must keep.
 * Read by {@link workloadRolloutOf}; folded into a spec by {@link specWithWorkloadRollout}.
 * @internal
 */
export interface WorkloadRollout {
  /**
   * The workload's own rollout settings, as `ShutdownSpec.rollout` values: a Deployment's rolling-update `maxSurge` and
   * `maxUnavailable`, `minReady` and `progressDeadline` (seconds); a StatefulSet's rolling-update `partition`,
   * `podManagementPolicy` and `minReady`. A value equal to Kubernetes' own default is not listed (see {@link workloadRolloutOf}).
   */
  readonly rollout: RolloutSpec;
  /**
   * `spec.replicas`, in pods, when the workload gives a plain number.
   * @default undefined (not given, or not a plain number)
   */
  readonly replicas?: number;
}

/**
 * The Kubernetes fields {@link workloadRolloutOf} reads: a Deployment or StatefulSet spec, or any part of one.
 * @internal
 */
export interface WorkloadRolloutFields {
  /** `spec.replicas`, in pods. */
  readonly replicas?: unknown;
  /** A Deployment's `spec.strategy`. */
  readonly strategy?: unknown;
  /** A StatefulSet's `spec.updateStrategy`. */
  readonly updateStrategy?: unknown;
  /** `spec.minReadySeconds`, in seconds. */
  readonly minReadySeconds?: unknown;
  /** A Deployment's `spec.progressDeadlineSeconds`, in seconds. */
  readonly progressDeadlineSeconds?: unknown;
  /** A StatefulSet's `spec.podManagementPolicy`. */
  readonly podManagementPolicy?: unknown;
}

/** Kubernetes' defaults (`SetDefaults_Deployment`, `SetDefaults_StatefulSet` in `pkg/apis/apps/v1/defaults.go`). */
const KUBERNETES_DEFAULTS = {
  maxSurge: '25%',
  maxUnavailable: '25%',
  minReadySeconds: 0,
  progressDeadlineSeconds: 600,
  partition: 0,
  podManagementPolicy: 'OrderedReady',
} as const;

/**
 * The one reading of an existing workload's rollout facts, used by every adapter (`applyPlanToWorkload`,
 * `applyPlanToWorkloadArgs`, `applyPlanToWorkloadSpec`) and by the graceful constructs for their own props.
 *
 * A value equal to Kubernetes' own default (rolling update 25 % / 25 %, minReadySeconds 0, progressDeadlineSeconds 600,
 * partition 0, podManagementPolicy OrderedReady) is the default the plan exists to replace, not a choice to keep: the
 * plan's own values apply (cdk8s-plus renders those defaults when the user set nothing). Any other value is the
 * user's and is kept. A StatefulSet's `OnDelete` strategy and rolling-update `maxUnavailable` are kept by
 * `applyPlanToWorkloadSpec` itself.
 * @throws GracefulConfigError for a Deployment's `Recreate` strategy (every old pod stops before a new one is ready:
 * the plan cannot keep it), a StatefulSet's `Recreate`-like unknown type, or a value that is not a plain number where
 * one is needed
 * @internal
 */
export function workloadRolloutOf(kind: WorkloadKind, spec: WorkloadRolloutFields): WorkloadRollout {
  const rollout: MutableRollout = {};
  if (kind === 'Deployment') {
    Object.assign(rollout, deploymentStrategy(spec.strategy));
    const progressDeadline = wholeSeconds('progressDeadlineSeconds', spec.progressDeadlineSeconds);
    if (progressDeadline !== undefined && progressDeadline !== KUBERNETES_DEFAULTS.progressDeadlineSeconds) {
      rollout.progressDeadline = progressDeadline;
    }
  } else {
    const strategy = record(spec.updateStrategy);
    const rolling = record(strategy?.rollingUpdate);
    const partition = wholeSeconds('updateStrategy.rollingUpdate.partition', rolling?.partition, 'pods');
    if ((strategy?.type === undefined || strategy.type === 'RollingUpdate') && partition !== undefined && partition !== KUBERNETES_DEFAULTS.partition) {
      rollout.partition = partition;
    }
    if (spec.podManagementPolicy !== undefined && spec.podManagementPolicy !== KUBERNETES_DEFAULTS.podManagementPolicy) {
      rollout.podManagementPolicy = spec.podManagementPolicy as PodManagementPolicy;
    }
  }
  const minReady = wholeSeconds('minReadySeconds', spec.minReadySeconds);
  if (minReady !== undefined && minReady !== KUBERNETES_DEFAULTS.minReadySeconds) rollout.minReady = minReady;
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : undefined;
  return { rollout, ...(replicas !== undefined ? { replicas } : {}) };
}

function deploymentStrategy(value: unknown): MutableRollout {
  if (value === undefined || value === null) return {};
  const strategy = record(value);
  if (strategy === undefined || (strategy.type !== undefined && strategy.type !== 'RollingUpdate')) {
    const type = strategy?.type ?? value;
    throw new GracefulConfigError(
      'strategy',
      type,
      `is ${describeValue(type)}: every old pod is stopped before a new one is ready, so requests fail during each rollout, and the plan ` +
        'cannot keep it; remove strategy (or use RollingUpdate) and set shutdown.rollout (maxSurge, maxUnavailable) if the planned rolling update does not fit',
    );
  }
  const rolling = record(strategy.rollingUpdate);
  const maxSurge = intOrPercent(rolling?.maxSurge);
  const maxUnavailable = intOrPercent(rolling?.maxUnavailable);
  if (String(maxSurge ?? KUBERNETES_DEFAULTS.maxSurge) === KUBERNETES_DEFAULTS.maxSurge &&
    String(maxUnavailable ?? KUBERNETES_DEFAULTS.maxUnavailable) === KUBERNETES_DEFAULTS.maxUnavailable) {
    return {};
  }
  return { ...(maxSurge !== undefined ? { maxSurge } : {}), ...(maxUnavailable !== undefined ? { maxUnavailable } : {}) };
}

/**
 * The spec with the workload's rollout facts folded in: each becomes a `rollout` value (and goes through the one
 * validation step), the workload's replicas become `replicas` unless the spec gives them. A value the spec gives too
 * must agree.
 * @param source how the error names the workload's values, e.g. `the Deployment's own`
 * @default source: `the ${kind}'s own`
 * @throws GracefulConfigError when the spec's `rollout` and the workload disagree
 * @internal
 */
export function specWithWorkloadRollout(spec: ShutdownSpec, workload: WorkloadRollout, kind: WorkloadKind, source = `the ${kind}'s own`): ShutdownSpec {
  const fromWorkload = workload.rollout;
  const withReplicas = spec.replicas !== undefined || workload.replicas === undefined ? spec : { ...spec, replicas: workload.replicas };
  if (Object.keys(fromWorkload).length === 0) return withReplicas;
  const given = spec.rollout;
  for (const key of Object.keys(fromWorkload) as Array<keyof RolloutSpec>) {
    const ours = given?.[key];
    if (ours !== undefined && String(ours) !== String(fromWorkload[key])) {
      throw new GracefulConfigError(
        `shutdown.rollout.${key}`,
        ours,
        `is ${JSON.stringify(ours)} but ${source} ${['maxSurge', 'maxUnavailable', 'partition'].includes(key) ? 'strategy' : key} says ` +
          `${JSON.stringify(fromWorkload[key])}; keep one of them`,
      );
    }
  }
  return { ...withReplicas, rollout: { ...given, ...fromWorkload } };
}

/**
 * Refuses a plan that would replace a rollout setting the workload has ({@link workloadRolloutOf}): a plan made
 * without the workload's values (a given plan, or `applyPlanToWorkloadSpec` called directly) cannot keep them.
 * @throws GracefulConfigError naming the field, both values and the fix
 * @internal
 */
export function checkPlanKeepsRollout(plan: ShutdownPlan, workload: WorkloadRollout, kind: WorkloadKind): void {
  const planned: Record<string, unknown> = kind === 'Deployment'
    ? {
      maxSurge: plan.rollout.maxSurge,
      maxUnavailable: plan.rollout.maxUnavailable,
      minReady: plan.rollout.minReadySeconds,
      progressDeadline: plan.rollout.progressDeadlineSeconds,
    }
    : {
      // applyPlanToWorkloadSpec keeps a StatefulSet's partition and podManagementPolicy where the plan sets none.
      partition: plan.rollout.statefulSet?.partition,
      podManagementPolicy: plan.rollout.statefulSet?.podManagementPolicy,
      minReady: plan.rollout.minReadySeconds,
    };
  for (const [key, value] of Object.entries(workload.rollout)) {
    if (value === undefined || planned[key] === undefined || String(planned[key]) === String(value)) continue;
    throw new GracefulConfigError(
      FIELD_NAMES[key] ?? key,
      value,
      `is the workload's own, but the plan sets ${describeValue(planned[key])} and would replace it; plan from the spec with the workload ` +
        `(applyPlanToWorkload / applyPlanToWorkloadArgs keep it), or give shutdown.rollout.${key}: ${describeValue(value)}`,
    );
  }
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  maxSurge: 'strategy.rollingUpdate.maxSurge',
  maxUnavailable: 'strategy.rollingUpdate.maxUnavailable',
  minReady: 'minReadySeconds',
  progressDeadline: 'progressDeadlineSeconds',
  partition: 'updateStrategy.rollingUpdate.partition',
  podManagementPolicy: 'podManagementPolicy',
};

/** An int-or-string, also as cdk8s' generated classes hold it before synthesis resolves it (`{ value: '25%' }`). */
function intOrPercent(value: unknown): IntOrPercent | undefined {
  const held = record(value);
  return (held !== undefined && 'value' in held ? held.value : value) as IntOrPercent | undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function wholeSeconds(field: string, value: unknown, unit = 'seconds'): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new GracefulConfigError(
      field,
      value,
      `must be a plain whole number of ${unit} (the plan keeps the workload's value, so it must see it), got ${describeValue(value)}`,
    );
  }
  return value;
}
