import type { Duration } from 'cdk8s';
import { GracefulConfigError, specWithWorkloadRollout, toWholeSeconds, workloadRolloutOf, type RolloutSpec, type ShutdownSpec } from '../core';

/** A cdk8s-plus strategy of any line (DeploymentStrategy, StatefulSetUpdateStrategy), by its Kubernetes form. @internal */
export interface StrategySurface {
  _toKube(): { type?: string; rollingUpdate?: unknown };
}

/** The workload props the plan owns, as every line types them. @internal */
export interface PlanOwnedProps {
  readonly strategy?: StrategySurface;
  readonly minReady?: Duration;
  readonly progressDeadline?: Duration;
  readonly terminationGracePeriod?: Duration;
  /** A StatefulSet's (every line's `PodManagementPolicy` enum has the Kubernetes strings as values). */
  readonly podManagementPolicy?: string;
}

type MutableRollout = { -readonly [K in keyof RolloutSpec]: RolloutSpec[K] };

/**
 * The spec the construct plans: the mapped `shutdown` with the workload's own plan-owned props folded in. A
 * Deployment's `strategy` (rolling update: maxSurge, maxUnavailable), `minReady` and `progressDeadline`, and a
 * StatefulSet's `minReady`, `podManagementPolicy` and rolling-update `partition` (above 0: cdk8s-plus renders 0 for
 * a rolling update without one, Kubernetes' default), become `shutdown.rollout` values (and go through its
 * validation); a value set in both places must agree. The workload's `terminationGracePeriod` becomes
 * `shutdown.terminationGracePeriod`. A Deployment's Recreate strategy is refused: every old pod is stopped before a
 * new one is ready. A StatefulSet's OnDelete strategy is kept as it is (see `prepareStatefulSet`).
 * @internal
 */
export function specWithWorkloadProps(spec: ShutdownSpec, props: PlanOwnedProps, kind: 'Deployment' | 'StatefulSet'): ShutdownSpec {
  const withRollout = specWithWorkloadRollout(spec, { rollout: rolloutOf(props, kind) }, kind);
  if (props.terminationGracePeriod === undefined) return withRollout;
  if (spec.terminationGracePeriod !== undefined) {
    throw new GracefulConfigError(
      'terminationGracePeriod',
      toWholeSeconds('terminationGracePeriod', props.terminationGracePeriod),
      `is set both on the ${kind} and in shutdown.terminationGracePeriod; keep one of them`,
    );
  }
  return { ...withRollout, terminationGracePeriod: props.terminationGracePeriod };
}

/** The props' rollout values (a value given is the user's, even when it equals Kubernetes' default). */
function rolloutOf(props: PlanOwnedProps, kind: 'Deployment' | 'StatefulSet'): RolloutSpec {
  const fromProps: MutableRollout = {};
  if (kind === 'Deployment' && props.strategy !== undefined) Object.assign(fromProps, deploymentStrategyRollout(props.strategy));
  if (kind === 'StatefulSet' && props.strategy !== undefined) Object.assign(fromProps, statefulSetStrategyRollout(props.strategy));
  if (kind === 'StatefulSet' && props.podManagementPolicy !== undefined) {
    fromProps.podManagementPolicy = props.podManagementPolicy as RolloutSpec['podManagementPolicy'];
  }
  // Whole seconds rounded up, as every duration (Duration.millis(1500) is 2 s; cdk8s' own toSeconds() throws for it).
  if (props.minReady !== undefined) fromProps.minReady = toWholeSeconds('minReady', props.minReady);
  if (kind === 'Deployment' && props.progressDeadline !== undefined) fromProps.progressDeadline = toWholeSeconds('progressDeadline', props.progressDeadline);
  return fromProps;
}

function deploymentStrategyRollout(strategy: StrategySurface): MutableRollout {
  const kube = strategy._toKube();
  // The core's one reading refuses what the plan cannot keep (Recreate); the values below are the props' own.
  workloadRolloutOf('Deployment', { strategy: kube });
  const rolling = kube.rollingUpdate as { maxSurge?: { value?: number | string }; maxUnavailable?: { value?: number | string } } | undefined;
  const rollout: MutableRollout = {};
  if (rolling?.maxSurge?.value !== undefined) rollout.maxSurge = rolling.maxSurge.value;
  if (rolling?.maxUnavailable?.value !== undefined) rollout.maxUnavailable = rolling.maxUnavailable.value;
  return rollout;
}

/** A StatefulSet's rolling-update partition, when above Kubernetes' default 0; nothing for OnDelete. */
function statefulSetStrategyRollout(strategy: StrategySurface): MutableRollout {
  const kube = strategy._toKube();
  const partition = (kube.rollingUpdate as { partition?: number } | undefined)?.partition;
  return kube.type === 'RollingUpdate' && partition !== undefined && partition > 0 ? { partition } : {};
}
