import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { IntOrPercent, ShutdownSpec } from '../core';

/**
 * A PodDisruptionBudget (policy/v1) over the workload's pods with numbers of your own. Set exactly
 * one of the two fields (https://kubernetes.io/docs/tasks/run-application/configure-pdb/).
 */
export interface PodDisruptionBudgetOptions {
  /**
   * Pods of this workload that a voluntary disruption (node drain) may take down at once.
   * @default unset (set this or minAvailable)
   */
  readonly maxUnavailable?: IntOrPercent;
  /**
   * Pods of this workload that must stay available during a voluntary disruption.
   * @default unset (set this or maxUnavailable)
   */
  readonly minAvailable?: IntOrPercent;
}

/**
 * An optional Service selecting the workload's pods. It carries the plan's load-balancer
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

/**
 * The arguments GracefulDeployment and GracefulStatefulSet share: the plan's spec, the pod, the selector, the
 * Service and the PodDisruptionBudget.
 */
export interface GracefulWorkloadArgs {
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
   * @default the core's `defaultReplicas(kind)`, as the cdk8s constructs render: 2 for a Deployment (DEFAULT_REPLICAS, as
   * cdk8s-plus' Deployment: one pod alone cannot survive a node drain), 1 for a StatefulSet (DEFAULT_STATEFULSET_REPLICAS:
   * Kubernetes' and cdk8s-plus' default; each pod is a member with its own volume, not spare capacity)
   */
  readonly replicas?: pulumi.Input<number>;

  /**
   * The namespace of the workload (and of its Services and PodDisruptionBudget).
   * @default the provider's namespace
   */
  readonly namespace?: pulumi.Input<string>;

  /**
   * Labels that select the pods: put on the pod template, the workload, the Services' selectors
   * and the PodDisruptionBudget's selector. Plain strings (a selector cannot change later).
   * @default { 'app.kubernetes.io/name': <resource name> }
   */
  readonly labels?: Readonly<Record<string, string>>;

  /**
   * Extra workload metadata (name, annotations, more labels).
   * @default an auto-named workload with `labels`
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
   * the workload has 2 or more replicas (or an Output replica count), as the cdk8s adapter does;
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
