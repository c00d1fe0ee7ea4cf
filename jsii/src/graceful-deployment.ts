// ~~ Written by jsii/sync-shared.sh from src/cdk8s-plus-34/graceful-deployment.ts (generated from projenrc/cdk8s-lines.ts): the plan's members in jsii types, import paths. Edit the template.
import * as kplus from 'cdk8s-plus-34';
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
} from './shared';
import type { PlanWarning, ShutdownPlan } from './shared/core';
import { LINE } from './shared/line';
import { asText } from './warnings-as-text';

/**
 * Props of {@link GracefulDeployment}: cdk8s-plus-34's `DeploymentProps` plus `shutdown`.
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
 * A cdk8s-plus-34 `Deployment` that shuts down without dropping requests: every app container
 * gets the planned preStop and env, the pod the planned grace period (and the copied sleep's init
 * container and volume when needed), the Deployment the planned rolling update.
 */
export class GracefulDeployment extends kplus.Deployment {
  /** The plan this Deployment renders. */
  private readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  private readonly planWarnings: readonly PlanWarning[];
  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;

  /** The planned `terminationGracePeriodSeconds`, in seconds. */
  public get terminationGracePeriodSeconds(): number {
    return this.plan.terminationGracePeriodSeconds;
  }

  /** The plan's warnings plus this workload's, as `[code] message` (also recorded as construct metadata). */
  public get warnings(): string[] {
    return asText(this.planWarnings);
  }

  /** The plan in words: every number, where it comes from, and the shutdown timeline. */
  public explain(): string {
    return this.plan.explain();
  }

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const prepared = prepareDeployment(LINE, props);
    super(scope, id, prepared.props as kplus.DeploymentProps);
    this.plan = prepared.plan;
    this.planWarnings = applyPlanToLineWorkload(LINE, this, prepared.plan, prepared.warnings).warnings;
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
