import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { DEFAULT_REPLICAS, describeValue, GracefulConfigError, wantsDisruptionBudget, type IntOrPercent, type PlanWarning, type ShutdownPlan, type ShutdownSpec } from '../core';
import { applyPlanToSpecInputs } from './apply-plan-to-inputs';

/** The Pulumi type token of {@link GracefulDeployment}. */
export const GRACEFUL_DEPLOYMENT_TYPE = 'graceful-k8s:index:GracefulDeployment';

/** The label key of the default selector: `app.kubernetes.io/name: <resource name>`. */
export const DEFAULT_SELECTOR_LABEL = 'app.kubernetes.io/name';

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
  if (args == null || typeof args !== 'object') {
    throw new GracefulConfigError('args', args, 'must be an object with at least containers and shutdown');
  }
  const pdbOption = args.podDisruptionBudget ?? 'auto';
  checkPodDisruptionBudget(pdbOption);
  if (args.service !== undefined && args.service.ports === undefined) {
    throw new GracefulConfigError('service.ports', undefined, 'is required when service is set: give at least one port, e.g. [{ port: 80, targetPort: 8080 }]');
  }
  const selectorLabels = args.labels ?? { [DEFAULT_SELECTOR_LABEL]: name };
  const spec = {
    replicas: args.replicas ?? DEFAULT_REPLICAS,
    selector: { matchLabels: selectorLabels },
    template: {
      metadata: { ...args.podMetadata, labels: mergeLabels(args.podMetadata?.labels, selectorLabels) },
      spec: { ...args.podSpec, containers: args.containers },
    },
  };
  const planned = applyPlanToSpecInputs(spec, args.shutdown, 'Deployment');
  const podDisruptionBudget = pdbOption === 'none' ? undefined
    : pdbOption !== 'auto' ? pdbOption
      : !wantsDisruptionBudget(typeof spec.replicas === 'number' ? spec.replicas : undefined) ? undefined
        : { maxUnavailable: planned.plan.podDisruptionBudget.maxUnavailable };
  const serviceType = args.service === undefined ? undefined : serviceTypeOf(args.service.type, planned.plan);
  return { deploymentSpec: planned.spec, podDisruptionBudget, selectorLabels, serviceType, plan: planned.plan, warnings: planned.warnings };
}

/**
 * The plan's Service type over the user's; a different type would leave the annotations unread. A plain
 * type is checked here; an Output type when it resolves (the deployment fails with the same error).
 */
function serviceTypeOf(type: pulumi.Input<string> | undefined, plan: ShutdownPlan): pulumi.Input<string> | undefined {
  const needed = plan.serviceType;
  if (needed === undefined || type === needed) return type;
  if (type === undefined) return needed;
  const check = (value: string): string => {
    if (value === needed) return value;
    const sources = plan.trafficAnnotations.filter((a) => a.serviceType).map((a) => a.source).join(', ');
    throw new GracefulConfigError(
      'service.type',
      value,
      `is ${describeValue(value)} but the ${sources} annotations act only on a Service of type ${needed}; remove it or set '${needed}'`,
    );
  };
  return typeof type === 'string' ? check(type) : pulumi.output(type).apply(check);
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
    if (args.service) {
      this.service = new k8s.core.v1.Service(
        name,
        {
          metadata: {
            ...args.service.metadata,
            namespace: args.namespace,
            labels: mergeLabels(args.service.metadata?.labels, labels),
            ...(args.service.metadata?.annotations !== undefined || Object.keys(planned.plan.serviceAnnotations).length > 0
              ? { annotations: mergeLabels(args.service.metadata?.annotations, planned.plan.serviceAnnotations) }
              : {}),
          },
          spec: { type: planned.serviceType, selector: labels, ports: args.service.ports },
        },
        { parent: this },
      );
    }
    if (planned.podDisruptionBudget) {
      this.podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
        name,
        {
          metadata: { namespace: args.namespace, labels },
          spec: { ...planned.podDisruptionBudget, selector: { matchLabels: labels } },
        },
        { parent: this },
      );
    }
    // Plain values only: every Output or resource reference here costs the Pulumi runtime a
    // serialization (4 more internal promises per workload for the two children, measured in
    // bench/); the children are reachable as properties and are tracked through `parent` anyway.
    this.registerOutputs({
      terminationGracePeriodSeconds: this.plan.terminationGracePeriodSeconds,
      preStopMechanism: this.plan.preStopMechanism,
    });
  }
}

/** Kubernetes allows only one of minAvailable and maxUnavailable per PodDisruptionBudget (policy/v1). */
function checkPodDisruptionBudget(pdb: GracefulDeploymentArgs['podDisruptionBudget']): void {
  if (pdb === 'auto' || pdb === 'none') return;
  if (pdb === null || typeof pdb !== 'object') {
    throw new GracefulConfigError('podDisruptionBudget', pdb, `must be 'auto', 'none' or { maxUnavailable } / { minAvailable }, got ${describeValue(pdb)}`);
  }
  const given = [pdb.maxUnavailable, pdb.minAvailable].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new GracefulConfigError(
      'podDisruptionBudget',
      pdb,
      `must set exactly one of maxUnavailable and minAvailable (Kubernetes accepts only one per budget), got ${given}; ` +
        'e.g. { maxUnavailable: 1 }',
    );
  }
}

/** User labels (or annotations) plus the component's, which win: the selector must match, the plan's numbers hold. */
function mergeLabels(extra: pulumi.Input<Record<string, pulumi.Input<string>> | undefined>, labels: Readonly<Record<string, string>>) {
  return extra === undefined ? { ...labels } : pulumi.output(extra).apply((e) => ({ ...e, ...labels }));
}
