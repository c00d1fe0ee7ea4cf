import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import { GracefulWorkload, prepareDeployment, warningText } from './generated/cdk8s-common';
import { LINE } from './generated/cdk8s-plus-34/line';
import type { GracefulDeploymentProps } from './generated/cdk8s-plus-34/props';

/**
 * A cdk8s-plus-34 `Deployment` that shuts down without dropping requests: every app container
 * gets the planned preStop and env, the pod the planned grace period (and the copied sleep's init
 * container and volume when needed), the Deployment the planned rolling update.
 *
 * graceful-k8s/cdk8s-plus-34's `GracefulDeployment` with the plan's members in jsii types (jsii cannot type the core's
 * `ShutdownPlan` and `PlanWarning`): `terminationGracePeriodSeconds`, `warnings` as text and `explain()`.
 */
export class GracefulDeployment extends kplus.Deployment {
  private readonly graceful: GracefulWorkload;

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const prepared = prepareDeployment(LINE, props);
    super(scope, id, prepared.props as kplus.DeploymentProps);
    this.graceful = new GracefulWorkload(LINE, this, prepared, props.podDisruptionBudget);
  }

  /** The planned `terminationGracePeriodSeconds`, in seconds. */
  public get terminationGracePeriodSeconds(): number {
    return this.graceful.plan.terminationGracePeriodSeconds;
  }

  /** The plan's warnings plus this workload's, as `[code] message` (also recorded as construct metadata). */
  public get warnings(): string[] {
    return this.graceful.warnings.map(warningText);
  }

  /** The plan in words: every number, where it comes from, and the shutdown timeline. */
  public explain(): string {
    return this.graceful.plan.explain();
  }

  /** The PodDisruptionBudget, when one was created (see `podDisruptionBudget` in the props). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.graceful.disruptionBudget as kplus.k8s.KubePodDisruptionBudget | undefined;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this Deployment (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.graceful.autoscaled();
  }

  /**
   * Exposes the pods through a Service that carries the plan's load-balancer annotations. When those
   * annotations only act on a load balancer (aws-nlb, alibaba-clb, alibaba-nlb), the Service type defaults to
   * `LoadBalancer`, and another `serviceType` is an error.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    return this.graceful.annotatedService(super.exposeViaService(this.graceful.serviceOptions(options)));
  }

  /** Exposes the pods through an Ingress (and a Service) that carry the plan's load-balancer annotations. */
  public exposeViaIngress(path: string, options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    return this.graceful.annotatedIngress(super.exposeViaIngress(path, options));
  }
}
