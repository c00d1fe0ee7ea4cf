// ~~ Copied from src/cdk8s-common/rollout-from-props.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { Duration } from 'cdk8s';
import { GracefulConfigError, type RolloutSpec, type ShutdownSpec } from './core';

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
  const rollout = rolloutOf(spec, props, kind);
  const withRollout: ShutdownSpec = rollout === spec.rollout ? spec : { ...spec, rollout };
  if (props.terminationGracePeriod === undefined) return withRollout;
  if (spec.terminationGracePeriod !== undefined) {
    throw new GracefulConfigError(
      'terminationGracePeriod',
      props.terminationGracePeriod.toSeconds(),
      `is set both on the ${kind} and in shutdown.terminationGracePeriod; keep one of them`,
    );
  }
  return { ...withRollout, terminationGracePeriod: props.terminationGracePeriod };
}

function rolloutOf(spec: ShutdownSpec, props: PlanOwnedProps, kind: 'Deployment' | 'StatefulSet'): RolloutSpec | undefined {
  const given = spec.rollout;
  const fromProps: MutableRollout = {};
  if (kind === 'Deployment' && props.strategy !== undefined) Object.assign(fromProps, deploymentStrategyRollout(props.strategy));
  if (kind === 'StatefulSet' && props.strategy !== undefined) Object.assign(fromProps, statefulSetStrategyRollout(props.strategy));
  if (kind === 'StatefulSet' && props.podManagementPolicy !== undefined) {
    fromProps.podManagementPolicy = props.podManagementPolicy as RolloutSpec['podManagementPolicy'];
  }
  if (props.minReady !== undefined) fromProps.minReady = props.minReady.toSeconds();
  if (kind === 'Deployment' && props.progressDeadline !== undefined) fromProps.progressDeadline = props.progressDeadline.toSeconds();
  if (Object.keys(fromProps).length === 0) return given;
  for (const key of Object.keys(fromProps) as Array<keyof RolloutSpec>) {
    const ours = given?.[key];
    if (ours !== undefined && JSON.stringify(ours) !== JSON.stringify(fromProps[key])) {
      throw new GracefulConfigError(
        `shutdown.rollout.${key}`,
        ours,
        `is ${JSON.stringify(ours)} but the ${kind}'s own ${['maxSurge', 'maxUnavailable', 'partition'].includes(key) ? 'strategy' : key} says ` +
          `${JSON.stringify(fromProps[key])}; keep one of them`,
      );
    }
  }
  return { ...given, ...fromProps };
}

function deploymentStrategyRollout(strategy: StrategySurface): MutableRollout {
  const kube = strategy._toKube();
  if (kube.type !== 'RollingUpdate') {
    throw new GracefulConfigError(
      'strategy',
      kube.type,
      `is ${JSON.stringify(kube.type)}: every old pod is stopped before a new one is ready, so requests fail during each rollout; ` +
        'remove strategy and set shutdown.rollout (maxSurge, maxUnavailable) if the planned rolling update does not fit',
    );
  }
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
