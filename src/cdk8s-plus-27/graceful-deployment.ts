// ~~ Generated from projenrc/cdk8s-lines.ts (one template for every cdk8s-plus line). To modify, edit it and run "npx projen".
import type { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import {
  addPlannedAnnotations,
  applyPlanToLineWorkload,
  disruptionBudgetEnabled,
  DisruptionBudgetSlot,
  prepareDeployment,
  withPlannedServiceType,
  type PodDisruptionBudgetPolicy,
  type ShutdownProps,
} from '../cdk8s-common';
import type { PlanWarning, ShutdownPlan, ShutdownSpec } from '../core';
import { LINE } from './line';

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
 * A cdk8s-plus-27 `Deployment` that shuts down without dropping requests: every app container
 * gets the planned preStop and env, the pod the planned grace period (and the copied sleep's init
 * container and volume when needed), the Deployment the planned rolling update.
 */
export class GracefulDeployment extends kplus.Deployment {
  /** The plan this Deployment renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const prepared = prepareDeployment(LINE, props);
    super(scope, id, prepared.props as kplus.DeploymentProps);
    this.plan = prepared.plan;
    this.warnings = applyPlanToLineWorkload(LINE, this, prepared.plan, prepared.warnings).warnings;
    this.disruptionBudgetSlot = new DisruptionBudgetSlot(LINE, this, this.plan, disruptionBudgetEnabled(props.podDisruptionBudget));
    // An autoscaler marks the Deployment only after construction (markHasAutoscaler below decides again then).
    this.disruptionBudgetSlot.consider(this.replicas ?? LINE.defaultDeploymentReplicas);
  }

  /** The PodDisruptionBudget, when one was created (see `podDisruptionBudget` in the props). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.disruptionBudgetSlot.created as kplus.k8s.KubePodDisruptionBudget | undefined;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this Deployment (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.disruptionBudgetSlot.consider(undefined);
  }

  /**
   * Exposes the pods through a Service that carries the plan's load-balancer annotations. When those
   * annotations only act on a load balancer (aws-nlb, alibaba-clb, alibaba-nlb: `plan.serviceType`), the
   * Service type defaults to `LoadBalancer`, and another `serviceType` is an error.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    const service = super.exposeViaService(withPlannedServiceType(LINE, this.plan, options));
    addPlannedAnnotations(service.metadata, this.plan.serviceAnnotations);
    return service;
  }

  /** Exposes the pods through an Ingress (and a Service) that carry the plan's load-balancer annotations. */
  public exposeViaIngress(path: string, options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    const ingress = super.exposeViaIngress(path, options);
    addPlannedAnnotations(ingress.metadata, this.plan.ingressAnnotations);
    return ingress;
  }
}
