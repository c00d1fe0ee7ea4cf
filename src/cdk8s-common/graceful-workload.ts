import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { PlanWarning, ShutdownPlan } from '../core';
import { applyPlanToLineWorkload, workloadKindOf, type WorkloadSurface } from './apply-plan-to-workload';
import type { ApiObjectMetadataHolder, Cdk8sPlusLine } from './cdk8s-plus-line';
import { disruptionBudgetEnabled, DisruptionBudgetSlot } from './disruption-budget';
import { addPlannedAnnotations, exposeStatefulSetViaService, withPlannedServiceType, type ExposeOptionsSurface, type ServiceTypeOptions } from './planned-service';
import type { PreparedWorkload } from './prepare-workload';

/**
 * A graceful construct of any line, as the glue reads it: a cdk8s-plus `Deployment` or `StatefulSet`.
 * @internal
 */
export interface GracefulWorkloadSurface extends Construct, WorkloadSurface {
  readonly matchLabels: Record<string, string>;
  readonly metadata: { readonly namespace?: string };
}

/** An object with cdk8s-plus metadata (a Service, an Ingress). @internal */
export interface AnnotatedResource {
  readonly metadata: { addAnnotation(key: string, value: string): unknown };
}

/**
 * Everything a graceful construct does beyond its line's own `Deployment` or `StatefulSet`, on any line: each line's
 * `GracefulDeployment` and `GracefulStatefulSet` (and the jsii package's) are thin classes that extend their line's
 * workload class, prepare their props (`prepareDeployment` / `prepareStatefulSet`) before `super()`, create one of
 * these right after it, and hand each override to it.
 *
 * Created after `super()`: the plan is applied to the workload (warnings recorded, rendering at synthesis) and the
 * PodDisruptionBudget decided from the workload's replica count (the line's default when unset); an autoscaler
 * marks the workload only after construction, so {@link autoscaled} decides again then.
 * @internal
 */
export class GracefulWorkload {
  /** The plan the workload renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus the workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private readonly budget: DisruptionBudgetSlot;

  constructor(
    private readonly line: Cdk8sPlusLine,
    private readonly workload: GracefulWorkloadSurface,
    prepared: PreparedWorkload,
    podDisruptionBudget: string | undefined,
  ) {
    this.plan = prepared.plan;
    this.warnings = applyPlanToLineWorkload(line, workload, prepared.plan, prepared.warnings).warnings;
    this.budget = new DisruptionBudgetSlot(line, workload, this.plan, disruptionBudgetEnabled(podDisruptionBudget));
    const defaultReplicas = workloadKindOf(line, workload) === 'StatefulSet' ? line.defaultStatefulSetReplicas : line.defaultDeploymentReplicas;
    this.budget.consider(workload.replicas ?? defaultReplicas);
  }

  /** The PodDisruptionBudget (the line's `KubePodDisruptionBudget`), when one was created. */
  public get disruptionBudget(): ApiObject | undefined {
    return this.budget.created;
  }

  /** The workload was marked as autoscaled: the replica count is the autoscaler's, so the budget is decided again. */
  public autoscaled(): void {
    this.budget.consider(undefined);
  }

  /** The options for the line's own `exposeViaService`, with the plan's Service type (see `withPlannedServiceType`). */
  public serviceOptions<T extends ServiceTypeOptions>(options?: T): T {
    return withPlannedServiceType(this.line, this.plan, options);
  }

  /** Adds the plan's Service annotations to a Service the line created; returns it. */
  public annotatedService<T extends AnnotatedResource>(service: T): T {
    addPlannedAnnotations(service.metadata, this.plan.serviceAnnotations);
    return service;
  }

  /** Adds the plan's Ingress annotations to an Ingress the line created; returns it. */
  public annotatedIngress<T extends AnnotatedResource>(ingress: T): T {
    addPlannedAnnotations(ingress.metadata, this.plan.ingressAnnotations);
    return ingress;
  }

  /** A StatefulSet's `exposeViaService` (see `exposeStatefulSetViaService`). */
  public exposeStatefulSet(options?: ExposeOptionsSurface): ApiObjectMetadataHolder {
    return exposeStatefulSetViaService(this.line, this.workload, this.plan, options);
  }
}
