// ~~ Written by jsii/sync-shared.sh from src/cdk8s-plus-34/graceful-stateful-set.ts (generated from projenrc/cdk8s-lines.ts): the plan's members in jsii types, import paths. Edit the template.
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  applyPlanToLineWorkload,
  disruptionBudgetEnabled,
  DisruptionBudgetSlot,
  exposeStatefulSetViaService,
  prepareStatefulSet,
  type PodDisruptionBudgetPolicy,
  type ShutdownProps,
} from './shared';
import type { PlanWarning, ShutdownPlan } from './shared/core';
import { LINE } from './shared/line';
import { asText } from './warnings-as-text';

/**
 * Props of {@link GracefulStatefulSet}: cdk8s-plus-34's `StatefulSetProps` plus `shutdown`.
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

/**
 * A cdk8s-plus-34 `StatefulSet` that shuts down without dropping requests: every app container gets the
 * planned preStop and env, the pod the planned grace period (and the copied sleep's init container and volume
 * when needed), the StatefulSet the planned rolling update (one pod at a time; `minReadySeconds`, `partition`,
 * `podManagementPolicy`). `exposeViaService` adds a Service with the plan's load-balancer annotations.
 */
export class GracefulStatefulSet extends kplus.StatefulSet {
  /** The plan this StatefulSet renders. */
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

  constructor(scope: Construct, id: string, props: GracefulStatefulSetProps) {
    const prepared = prepareStatefulSet(LINE, props);
    super(scope, id, prepared.props as kplus.StatefulSetProps);
    this.plan = prepared.plan;
    this.planWarnings = applyPlanToLineWorkload(LINE, this, prepared.plan, prepared.warnings).warnings;
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
