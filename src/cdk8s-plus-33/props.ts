import type * as kplus from 'cdk8s-plus-33';
import type { PodDisruptionBudgetPolicy, ShutdownProps } from '../cdk8s-common';

/**
 * Props of {@link GracefulDeployment}: cdk8s-plus-33's `DeploymentProps` plus `shutdown`.
 * `strategy` (a rolling update's maxSurge and maxUnavailable), `minReady` and `progressDeadline` become
 * `shutdown.rollout` values when given (set them in one place); a Recreate strategy is refused.
 */
export interface GracefulDeploymentProps extends kplus.DeploymentProps {
  /** The numbers the plan is derived from (a ShutdownSpec is accepted too at runtime, from JavaScript). */
  readonly shutdown: ShutdownProps;

  /**
   * Whether to create a PodDisruptionBudget (policy/v1, `maxUnavailable` from the plan) over the
   * pods: `AUTO` creates one when the Deployment has 2 or more replicas or an autoscaler.
   * @default PodDisruptionBudgetPolicy.AUTO
   */
  readonly podDisruptionBudget?: PodDisruptionBudgetPolicy;
}

/**
 * Props of {@link GracefulStatefulSet}: cdk8s-plus-33's `StatefulSetProps` plus `shutdown`.
 * `minReady` becomes `shutdown.rollout.minReady` when given (set it in one place).
 * `strategy` (a rolling update's `partition`) and `podManagementPolicy` become `shutdown.rollout` values (set
 * each in one place); an `OnDelete` strategy is kept with a warning (the controller then replaces no pod by itself).
 */
export interface GracefulStatefulSetProps extends kplus.StatefulSetProps {
  /** The numbers the plan is derived from (a ShutdownSpec is accepted too at runtime, from JavaScript). */
  readonly shutdown: ShutdownProps;

  /**
   * Whether to create a PodDisruptionBudget (policy/v1, `maxUnavailable` from the plan) over the
   * pods: `AUTO` creates one when the StatefulSet has 2 or more replicas or an autoscaler.
   * @default PodDisruptionBudgetPolicy.AUTO
   */
  readonly podDisruptionBudget?: PodDisruptionBudgetPolicy;
}
