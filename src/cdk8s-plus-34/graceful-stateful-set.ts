import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import { GracefulWorkload, prepareStatefulSet } from '../cdk8s-common';
import type { PlanWarning, ShutdownPlan } from '../core';
import { LINE } from './line';
import type { GracefulStatefulSetProps } from './props';

/**
 * A cdk8s-plus-34 `StatefulSet` that shuts down without dropping requests: every app container gets the
 * planned preStop and env, the pod the planned grace period (and the copied sleep's init container and volume
 * when needed), the StatefulSet the planned rolling update (one pod at a time; `minReadySeconds`, `partition`,
 * `podManagementPolicy`). `exposeViaService` adds a Service with the plan's load-balancer annotations.
 */
export class GracefulStatefulSet extends kplus.StatefulSet {
  /** The plan this StatefulSet renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private readonly graceful: GracefulWorkload;

  constructor(scope: Construct, id: string, props: GracefulStatefulSetProps) {
    const prepared = prepareStatefulSet(LINE, props);
    super(scope, id, prepared.props as kplus.StatefulSetProps);
    this.graceful = new GracefulWorkload(LINE, this, prepared, props.podDisruptionBudget);
    ({ plan: this.plan, warnings: this.warnings } = this.graceful);
  }

  /** The PodDisruptionBudget, when one was created (see `podDisruptionBudget` in the props). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.graceful.disruptionBudget as kplus.k8s.KubePodDisruptionBudget | undefined;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this StatefulSet (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.graceful.autoscaled();
  }

  /**
   * Exposes the pods through a Service (next to the governing headless one) that carries the plan's load-balancer
   * annotations, as GracefulDeployment.exposeViaService does: when those annotations only act on a load balancer
   * (`plan.serviceType`), the Service type defaults to `LoadBalancer`, and another `serviceType` is an error.
   * Ports: the given ones, else every container port.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    return this.graceful.exposeStatefulSet(options) as kplus.Service;
  }
}
