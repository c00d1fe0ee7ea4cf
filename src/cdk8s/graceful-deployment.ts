import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { GracefulConfigError, planShutdown, type PlanWarning, type ShutdownPlan, type ShutdownSpec } from '../core';
import { applyShutdownPlan } from './apply-shutdown-plan';

/**
 * Props of {@link GracefulDeployment}: cdk8s-plus-27's `DeploymentProps` plus `shutdown`.
 * `strategy`, `minReady` and `progressDeadline` come from the plan (set them in `shutdown.rollout`).
 */
export interface GracefulDeploymentProps extends Omit<kplus.DeploymentProps, 'strategy' | 'minReady' | 'progressDeadline'> {
  /** The numbers the plan is derived from. Required. */
  readonly shutdown: ShutdownSpec;

  /**
   * A pinned grace period (same as `shutdown.terminationGracePeriod`; set one of them). It must
   * cover the plan's drain + app shutdown + margin.
   * @default derived by the plan
   */
  readonly terminationGracePeriod?: Duration;
}

/**
 * A cdk8s-plus-27 `Deployment` that shuts down without dropping requests: every app container
 * gets the planned preStop and env, the pod the planned grace period (and the copied sleep's init
 * container and volume when needed), the Deployment the planned rolling update.
 */
export class GracefulDeployment extends kplus.Deployment {
  /** The plan this Deployment renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const plan = planShutdown(shutdownSpecOf(props));
    const { shutdown: _shutdown, ...deploymentProps } = props;
    super(scope, id, {
      ...deploymentProps,
      terminationGracePeriod: Duration.seconds(plan.terminationGracePeriodSeconds),
      minReady: Duration.seconds(plan.rollout.minReadySeconds),
      progressDeadline: Duration.seconds(plan.rollout.progressDeadlineSeconds),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: toPercentOrAbsolute(plan.rollout.maxSurge),
        maxUnavailable: toPercentOrAbsolute(plan.rollout.maxUnavailable),
      }),
    });
    this.plan = plan;
    this.warnings = applyShutdownPlan(this, plan).warnings;
  }
}

function shutdownSpecOf(props: GracefulDeploymentProps): ShutdownSpec {
  if (props.shutdown == null) {
    throw new GracefulConfigError('shutdown', props.shutdown, 'is required: give at least { appShutdownTimeout: \'30s\' }');
  }
  if (props.terminationGracePeriod === undefined) return props.shutdown;
  if (props.shutdown.terminationGracePeriod !== undefined) {
    throw new GracefulConfigError(
      'terminationGracePeriod',
      props.terminationGracePeriod.toSeconds(),
      'is set both on the Deployment and in shutdown.terminationGracePeriod; keep one of them',
    );
  }
  return { ...props.shutdown, terminationGracePeriod: props.terminationGracePeriod };
}

function toPercentOrAbsolute(value: number | string): kplus.PercentOrAbsolute {
  return typeof value === 'number' ? kplus.PercentOrAbsolute.absolute(value) : kplus.PercentOrAbsolute.percent(Number(value.slice(0, -1)));
}
