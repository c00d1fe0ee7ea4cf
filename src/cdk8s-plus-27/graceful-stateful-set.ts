// ~~ Generated from projenrc/cdk8s-lines.ts (one template for every cdk8s-plus line). To modify, edit it and run "npx projen".
import type { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import {
  applyPlanToLineWorkload,
  disruptionBudgetEnabled,
  DisruptionBudgetSlot,
  exposeStatefulSetViaService,
  prepareStatefulSet,
  type PodDisruptionBudgetPolicy,
  type ShutdownProps,
} from '../cdk8s-common';
import type { PlanWarning, ShutdownPlan, ShutdownSpec } from '../core';
import { LINE } from './line';

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

/**
 * A cdk8s-plus-27 `StatefulSet` that shuts down without dropping requests: every app container gets the
 * planned preStop and env, the pod the planned grace period (and the copied sleep's init container and volume
 * when needed), the StatefulSet the planned rolling update (one pod at a time; `minReadySeconds`, `partition`,
 * `podManagementPolicy`). `exposeViaService` adds a Service with the plan's load-balancer annotations.
 */
export class GracefulStatefulSet extends kplus.StatefulSet {
  /** The plan this StatefulSet renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;

  constructor(scope: Construct, id: string, props: GracefulStatefulSetProps) {
    const prepared = prepareStatefulSet(LINE, props);
    super(scope, id, prepared.props as kplus.StatefulSetProps);
    this.plan = prepared.plan;
    this.warnings = applyPlanToLineWorkload(LINE, this, prepared.plan, prepared.warnings).warnings;
    this.disruptionBudgetSlot = new DisruptionBudgetSlot(LINE, this, this.plan, disruptionBudgetEnabled(props.podDisruptionBudget));
    // An autoscaler marks the StatefulSet only after construction (markHasAutoscaler below decides again then).
    this.disruptionBudgetSlot.consider(this.replicas ?? LINE.defaultStatefulSetReplicas);
  }

  /** The PodDisruptionBudget, when one was created (see `podDisruptionBudget` in the props). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.disruptionBudgetSlot.created as kplus.k8s.KubePodDisruptionBudget | undefined;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this StatefulSet (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.disruptionBudgetSlot.consider(undefined);
  }

  /**
   * Exposes the pods through a Service (next to the governing headless one) that carries the plan's load-balancer
   * annotations, as GracefulDeployment.exposeViaService does: when those annotations only act on a load balancer
   * (`plan.serviceType`), the Service type defaults to `LoadBalancer`, and another `serviceType` is an error.
   * Ports: the given ones, else every container port.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    return exposeStatefulSetViaService(LINE, this, this.plan, options) as kplus.Service;
  }
}
