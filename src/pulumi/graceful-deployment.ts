import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { IntOrPercent, PlanWarning, ShutdownPlan, ShutdownSpec } from '../core';
import { addWorkloadCompanions, DEFAULT_SELECTOR_LABEL, mergeLabels, planWorkloadComponent } from './workload-component';

export { DEFAULT_SELECTOR_LABEL };

/** The Pulumi type token of {@link GracefulDeployment}. */
export const GRACEFUL_DEPLOYMENT_TYPE = 'graceful-k8s:index:GracefulDeployment';

/**
 * A PodDisruptionBudget (policy/v1) over the Deployment's pods with numbers of your own. Set exactly
 * one of the two fields (https://kubernetes.io/docs/tasks/run-application/configure-pdb/).
 */
export interface PodDisruptionBudgetOptions {
  /**
   * Pods of this Deployment that a voluntary disruption (node drain) may take down at once.
   * @default unset (set this or minAvailable)
   */
  readonly maxUnavailable?: IntOrPercent;
  /**
   * Pods of this Deployment that must stay available during a voluntary disruption.
   * @default unset (set this or maxUnavailable)
   */
  readonly minAvailable?: IntOrPercent;
}

/**
 * An optional Service selecting the Deployment's pods. It carries the plan's load-balancer
 * annotations (`plan.serviceAnnotations`, e.g. a connection-drain timeout derived from the grace
 * period), as the cdk8s adapter's `exposeViaService` does.
 */
export interface ServiceOptions {
  /** The Service's ports. Required. */
  readonly ports: pulumi.Input<pulumi.Input<k8s.types.input.core.v1.ServicePort>[]>;
  /**
   * The Service type. When the plan's annotations act only on a load balancer (aws-nlb, alibaba-clb,
   * alibaba-nlb: `plan.serviceType`), it defaults to `LoadBalancer` and another value is an error (at
   * construction for a plain value, when it resolves for an Output).
   * @default 'LoadBalancer' when `plan.serviceType` says so, else 'ClusterIP'
   */
  readonly type?: pulumi.Input<string>;
  /**
   * Extra Service metadata (name, more annotations). The namespace, the labels and the plan's
   * annotations come from the component; a plan annotation wins over one of yours with the same key.
   * @default none
   */
  readonly metadata?: Omit<k8s.types.input.meta.v1.ObjectMeta, 'namespace'>;
}

/** Arguments of {@link GracefulDeployment}. */
export interface GracefulDeploymentArgs {
  /** The numbers the plan is derived from; plain values (the plan is computed at construction). Required. */
  readonly shutdown: ShutdownSpec;

  /**
   * The pod's app containers. Each gets the planned preStop, env and mounts. The list, each
   * container's `name` and `lifecycle` must be plain values; other fields may be Outputs, and an
   * Output `env` or `volumeMounts` is merged with the plan in an `apply`. Required.
   */
  readonly containers: k8s.types.input.core.v1.Container[];

  /**
   * Desired pods. An Output skips the single-replica check.
   * @default 2 (as cdk8s-plus' Deployment: one pod alone cannot survive a node drain)
   */
  readonly replicas?: pulumi.Input<number>;

  /**
   * The namespace of the Deployment (and of the Service and the PodDisruptionBudget).
   * @default the provider's namespace
   */
  readonly namespace?: pulumi.Input<string>;

  /**
   * Labels that select the pods: put on the pod template, the Deployment, the Service's selector
   * and the PodDisruptionBudget's selector. Plain strings (a selector cannot change later).
   * @default { 'app.kubernetes.io/name': <resource name> }
   */
  readonly labels?: Readonly<Record<string, string>>;

  /**
   * Extra Deployment metadata (name, annotations, more labels).
   * @default an auto-named Deployment with `labels`
   */
  readonly metadata?: Omit<k8s.types.input.meta.v1.ObjectMeta, 'namespace'>;

  /**
   * Extra pod template metadata (annotations, more labels).
   * @default the pod gets `labels`
   */
  readonly podMetadata?: k8s.types.input.meta.v1.ObjectMeta;

  /**
   * Extra pod spec fields (service account, security context, init containers, volumes, ...).
   * A `terminationGracePeriodSeconds` here pins the grace period, as `shutdown.terminationGracePeriod` does.
   * @default none
   */
  readonly podSpec?: Omit<k8s.types.input.core.v1.PodSpec, 'containers'>;

  /**
   * A PodDisruptionBudget over the pods: `'auto'` creates one with the plan's `maxUnavailable` when
   * the Deployment has 2 or more replicas (or an Output replica count), as the cdk8s adapter does;
   * `'none'` creates none; an object gives your own numbers.
   * @default 'auto'
   */
  readonly podDisruptionBudget?: 'auto' | 'none' | PodDisruptionBudgetOptions;

  /**
   * A Service over the pods.
   * @default none
   */
  readonly service?: ServiceOptions;
}

/** What {@link planGracefulDeployment} returns: the Deployment's spec and what it was derived from. */
export interface GracefulDeploymentPlan {
  /** The Deployment's spec with the plan applied: replicas, selector, pod template (labels, pod spec, containers) and rollout settings. */
  readonly deploymentSpec: k8s.types.input.apps.v1.DeploymentSpec;
  /** The PodDisruptionBudget's numbers, when one is created. */
  readonly podDisruptionBudget?: PodDisruptionBudgetOptions;
  /** The labels that select the pods: `labels`, or `{ 'app.kubernetes.io/name': <resource name> }` (DEFAULT_SELECTOR_LABEL). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The Service's type, when a Service is created: the user's, or the one the plan's annotations need. */
  readonly serviceType?: pulumi.Input<string>;
  /** The plan the Deployment renders: `shutdown`, planned with a longer `podSpec.terminationGracePeriodSeconds` pinned if there is one. */
  readonly plan: ShutdownPlan;
  /** The plan's warnings plus the workload's (grace period, replicas, probes, env, command). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * The pure part of {@link GracefulDeployment}: validates the args and builds the Deployment spec
 * with the plan applied (by the same core function the cdk8s adapter uses). Creates no resource.
 * @throws GracefulConfigError on invalid input (same messages as the core)
 */
export function planGracefulDeployment(name: string, args: GracefulDeploymentArgs): GracefulDeploymentPlan {
  const { spec, ...planned } = planWorkloadComponent<k8s.types.input.apps.v1.DeploymentSpec>(name, args, 'Deployment');
  return { deploymentSpec: spec, ...planned };
}

/**
 * A Kubernetes Deployment that shuts down without dropping requests: every app container gets the
 * planned preStop and env, the pod the planned grace period (and the copied sleep's init container
 * and volume when needed), the Deployment the planned rolling update. Optionally a Service and a
 * PodDisruptionBudget over the same pods. Warnings go to `pulumi.log.warn` on this component;
 * invalid input throws before any resource (this one included) is registered.
 */
export class GracefulDeployment extends pulumi.ComponentResource {
  /** The plan this Deployment renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also logged). */
  public readonly warnings: readonly PlanWarning[];
  /** The Deployment child. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The Service child, when `service` was given. */
  public readonly service?: k8s.core.v1.Service;
  /** The PodDisruptionBudget child, when one was created (see `podDisruptionBudget`). */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;

  constructor(name: string, args: GracefulDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    const planned = planGracefulDeployment(name, args);
    super(GRACEFUL_DEPLOYMENT_TYPE, name, {}, opts);
    this.plan = planned.plan;
    this.warnings = planned.warnings;
    for (const warning of planned.warnings) void pulumi.log.warn(`[${warning.code}] ${warning.message}`, this);

    const labels = planned.selectorLabels;
    this.deployment = new k8s.apps.v1.Deployment(
      name,
      {
        metadata: { ...args.metadata, namespace: args.namespace, labels: mergeLabels(args.metadata?.labels, labels) },
        spec: planned.deploymentSpec,
      },
      { parent: this },
    );
    const companions = addWorkloadCompanions(this, name, args, { ...planned, spec: planned.deploymentSpec });
    this.service = companions.service;
    this.podDisruptionBudget = companions.podDisruptionBudget;
    // Plain values only: every Output or resource reference here costs the Pulumi runtime a
    // serialization (4 more internal promises per workload for the two children, measured in
    // bench/); the children are reachable as properties and are tracked through `parent` anyway.
    this.registerOutputs({
      terminationGracePeriodSeconds: this.plan.terminationGracePeriodSeconds,
      preStopMechanism: this.plan.preStopMechanism,
    });
  }
}
