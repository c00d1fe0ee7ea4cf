import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { PlanWarning, ShutdownPlan, ShutdownSpec } from '../core';
import type { GracefulWorkloadArgs, PodDisruptionBudgetOptions } from './graceful-workload-args';
import { addWorkloadCompanions, DEFAULT_SELECTOR_LABEL, mergeLabels, planWorkloadComponent } from './workload-component';

export { DEFAULT_SELECTOR_LABEL };

/** The Pulumi type token of {@link GracefulDeployment}. */
export const GRACEFUL_DEPLOYMENT_TYPE = 'graceful-k8s:index:GracefulDeployment';

/** Arguments of {@link GracefulDeployment}. */
export interface GracefulDeploymentArgs extends GracefulWorkloadArgs {
  /** The numbers the plan is derived from, planned for a Deployment; plain values (the plan is computed at construction). Required. */
  readonly shutdown: ShutdownSpec;
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
