import type { Duration } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import type { PodDisruptionBudgetPolicy, ShutdownProps } from '../cdk8s-common';
import type { ShutdownSpec } from '../core';

/**
 * Props of {@link GracefulDeployment}: cdk8s-plus-27's `DeploymentProps` plus `shutdown`.
 * `strategy`, `minReady` and `progressDeadline` come from the plan (set them in `shutdown.rollout`); passed anyway
 * (from JavaScript), a rolling update's values and the durations become `shutdown.rollout` values, and a
 * Recreate strategy is refused.
 */
export interface GracefulDeploymentProps extends Omit<kplus.DeploymentProps, 'strategy' | 'minReady' | 'progressDeadline'> {
  /** The numbers the plan is derived from: a ShutdownSpec (`{ appShutdownTimeout: '30s' }`) or the jsii-ready ShutdownProps. */
  readonly shutdown: ShutdownSpec | ShutdownProps;

  /**
   * A pinned grace period (same as `shutdown.terminationGracePeriod`; set one of them). It must
   * cover the plan's drain + app shutdown + margin.
   * @default derived by the plan
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Whether to create a PodDisruptionBudget (policy/v1, `maxUnavailable` from the plan) over the
   * pods: `AUTO` creates one when the Deployment has 2 or more replicas or an autoscaler.
   * @default 'auto'
   */
  readonly podDisruptionBudget?: 'auto' | 'none' | PodDisruptionBudgetPolicy;
}

/**
 * Props of {@link GracefulStatefulSet}: cdk8s-plus-27's `StatefulSetProps` plus `shutdown`.
 * `minReady` comes from the plan (set it in `shutdown.rollout.minReady`).
 * `strategy` (a rolling update's `partition`) and `podManagementPolicy` become `shutdown.rollout` values (set
 * each in one place); an `OnDelete` strategy is kept with a warning (the controller then replaces no pod by itself).
 */
export interface GracefulStatefulSetProps extends Omit<kplus.StatefulSetProps, 'minReady'> {
  /** The numbers the plan is derived from: a ShutdownSpec (`{ appShutdownTimeout: '30s' }`) or the jsii-ready ShutdownProps. */
  readonly shutdown: ShutdownSpec | ShutdownProps;

  /**
   * A pinned grace period (same as `shutdown.terminationGracePeriod`; set one of them). It must
   * cover the plan's drain + app shutdown + margin.
   * @default derived by the plan
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Whether to create a PodDisruptionBudget (policy/v1, `maxUnavailable` from the plan) over the
   * pods: `AUTO` creates one when the StatefulSet has 2 or more replicas or an autoscaler.
   * @default 'auto'
   */
  readonly podDisruptionBudget?: 'auto' | 'none' | PodDisruptionBudgetPolicy;
}
