import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GracefulConfigError, describeValue, type PlanWarning, type ShutdownPlan, type ShutdownSpec } from '../core';
import type { GracefulWorkloadArgs, PodDisruptionBudgetOptions } from './graceful-workload-args';
import { addWorkloadCompanions, mergeLabels, planWorkloadComponent } from './workload-component';

/** The Pulumi type token of {@link GracefulStatefulSet}. */
export const GRACEFUL_STATEFULSET_TYPE = 'graceful-k8s:index:GracefulStatefulSet';

/**
 * The headless Service (`clusterIP: None`) that governs a StatefulSet: it gives each pod its DNS name
 * `<pod>.<service>.<namespace>.svc` (kubernetes.io "StatefulSets", Stable Network ID). It must exist before the
 * StatefulSet, which the component ensures by naming it in `serviceName`.
 */
export interface HeadlessServiceOptions {
  /**
   * The Service's ports (the pods' DNS names work without any; SRV records need named ports).
   * @default none
   */
  readonly ports?: pulumi.Input<pulumi.Input<k8s.types.input.core.v1.ServicePort>[]>;
  /**
   * Whether the pods' DNS records exist before they are Ready, for members that must find each other to become
   * Ready (a database cluster bootstrapping).
   * @default false (Kubernetes' default)
   */
  readonly publishNotReadyAddresses?: pulumi.Input<boolean>;
  /**
   * Extra Service metadata (name, annotations, more labels). The namespace and the selector labels come from the
   * component.
   * @default an auto-named Service with the selector labels
   */
  readonly metadata?: Omit<k8s.types.input.meta.v1.ObjectMeta, 'namespace'>;
}

/** Arguments of {@link GracefulStatefulSet}: the shared workload arguments, and a StatefulSet's own. */
export interface GracefulStatefulSetArgs extends GracefulWorkloadArgs {
  /**
   * The numbers the plan is derived from, planned for a StatefulSet (`planShutdown(shutdown, { workloadKind:
   * 'StatefulSet' })`); plain values. Its `rollout` may give `partition`, `podManagementPolicy` and, from
   * kubernetesVersion 1.37, `maxUnavailable`; `maxSurge` and `progressDeadline` are errors (a StatefulSet has
   * neither). Required.
   */
  readonly shutdown: ShutdownSpec;

  /**
   * The claims each pod gets its own volume from (`spec.volumeClaimTemplates`); a pod keeps its claim across a
   * rollout, which is why a StatefulSet deletes the old pod before it starts the new one.
   * @default none
   */
  readonly volumeClaimTemplates?: pulumi.Input<pulumi.Input<k8s.types.input.core.v1.PersistentVolumeClaim>[]>;

  /**
   * What happens to the claims when the StatefulSet is deleted or scaled down (`spec.persistentVolumeClaimRetentionPolicy`).
   * @default Kubernetes' (Retain for both)
   */
  readonly persistentVolumeClaimRetentionPolicy?: pulumi.Input<k8s.types.input.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy>;

  /**
   * The name of a governing headless Service you manage (`spec.serviceName`): no headless Service is created then.
   * @default the name of the headless Service the component creates (see `headlessService`)
   */
  readonly serviceName?: pulumi.Input<string>;

  /**
   * The governing headless Service: `'auto'` creates one over the pods (no ports) and names it in
   * `spec.serviceName`; options create one with your ports and metadata; `'none'` creates none (the pods get no
   * DNS names). Ignored when `serviceName` is given, and an error when given with it as options.
   * @default 'auto'
   */
  readonly headlessService?: 'auto' | 'none' | HeadlessServiceOptions;
}

/** What {@link planGracefulStatefulSet} returns: the StatefulSet's spec and what it was derived from. */
export interface GracefulStatefulSetPlan {
  /**
   * The StatefulSet's spec with the plan applied: replicas, selector, pod template, minReadySeconds, updateStrategy,
   * podManagementPolicy, the volume claim templates; `serviceName` only when the user named a Service (the
   * component fills in the one it creates).
   */
  readonly statefulSetSpec: k8s.types.input.apps.v1.StatefulSetSpec;
  /** The headless Service to create, when one is created (`headlessService` not `'none'`, no `serviceName`). */
  readonly headlessService?: HeadlessServiceOptions;
  /** The PodDisruptionBudget's numbers, when one is created. */
  readonly podDisruptionBudget?: PodDisruptionBudgetOptions;
  /** The labels that select the pods: `labels`, or `{ 'app.kubernetes.io/name': <resource name> }` (DEFAULT_SELECTOR_LABEL). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The load-balancing Service's type, when `service` is given: the user's, or the one the plan's annotations need. */
  readonly serviceType?: pulumi.Input<string>;
  /** The StatefulSet plan: `shutdown`, planned with a longer `podSpec.terminationGracePeriodSeconds` pinned if there is one. */
  readonly plan: ShutdownPlan;
  /** The plan's warnings plus the workload's (grace period, replicas, probes, env, command, no surge). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * The pure part of {@link GracefulStatefulSet}: validates the args, plans `shutdown` for a StatefulSet and builds
 * the StatefulSet spec with the plan applied (by the same core function the cdk8s adapter uses). Creates no
 * resource.
 * @throws GracefulConfigError on invalid input (same messages as the core)
 */
export function planGracefulStatefulSet(name: string, args: GracefulStatefulSetArgs): GracefulStatefulSetPlan {
  const headless = args?.headlessService ?? 'auto';
  if (headless !== 'auto' && headless !== 'none' && (headless === null || typeof headless !== 'object')) {
    throw new GracefulConfigError('headlessService', headless, `must be 'auto', 'none' or { ports, publishNotReadyAddresses, metadata }, got ${describeValue(headless)}`);
  }
  if (args?.serviceName !== undefined && typeof headless === 'object') {
    throw new GracefulConfigError(
      'headlessService',
      headless,
      'is given with serviceName: a named governing Service is yours and none is created; remove one of the two',
    );
  }
  const extraSpec = {
    ...(args?.serviceName !== undefined ? { serviceName: args.serviceName } : {}),
    ...(args?.volumeClaimTemplates !== undefined ? { volumeClaimTemplates: args.volumeClaimTemplates } : {}),
    ...(args?.persistentVolumeClaimRetentionPolicy !== undefined
      ? { persistentVolumeClaimRetentionPolicy: args.persistentVolumeClaimRetentionPolicy }
      : {}),
  };
  const { spec, ...planned } = planWorkloadComponent<k8s.types.input.apps.v1.StatefulSetSpec>(name, args, 'StatefulSet', extraSpec);
  const headlessService = args.serviceName !== undefined || headless === 'none' ? undefined : headless === 'auto' ? {} : headless;
  return { statefulSetSpec: spec, ...(headlessService ? { headlessService } : {}), ...planned };
}

/**
 * A Kubernetes StatefulSet that shuts down without dropping requests: every app container gets the planned
 * preStop and env, the pod the planned grace period, the StatefulSet the planned rolling update (one pod at a
 * time from the highest ordinal, the old pod first; `partition`, `podManagementPolicy`, `minReadySeconds`). A
 * governing headless Service unless you name your own, and optionally a load-balancing Service and a
 * PodDisruptionBudget over the same pods. Warnings go to `pulumi.log.warn` on this component; invalid input throws
 * before any resource (this one included) is registered.
 */
export class GracefulStatefulSet extends pulumi.ComponentResource {
  /** The StatefulSet plan this StatefulSet renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also logged). */
  public readonly warnings: readonly PlanWarning[];
  /** The StatefulSet child. */
  public readonly statefulSet: k8s.apps.v1.StatefulSet;
  /** The governing headless Service child, when one was created (see `headlessService`). */
  public readonly headlessService?: k8s.core.v1.Service;
  /** The load-balancing Service child, when `service` was given. */
  public readonly service?: k8s.core.v1.Service;
  /** The PodDisruptionBudget child, when one was created (see `podDisruptionBudget`). */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;

  constructor(name: string, args: GracefulStatefulSetArgs, opts?: pulumi.ComponentResourceOptions) {
    const planned = planGracefulStatefulSet(name, args);
    super(GRACEFUL_STATEFULSET_TYPE, name, {}, opts);
    this.plan = planned.plan;
    this.warnings = planned.warnings;
    for (const warning of planned.warnings) void pulumi.log.warn(`[${warning.code}] ${warning.message}`, this);

    const labels = planned.selectorLabels;
    if (planned.headlessService) {
      const options = planned.headlessService;
      this.headlessService = new k8s.core.v1.Service(
        `${name}-headless`,
        {
          metadata: { ...options.metadata, namespace: args.namespace, labels: mergeLabels(options.metadata?.labels, labels) },
          spec: {
            clusterIP: 'None',
            selector: labels,
            ...(options.ports !== undefined ? { ports: options.ports } : {}),
            ...(options.publishNotReadyAddresses !== undefined ? { publishNotReadyAddresses: options.publishNotReadyAddresses } : {}),
          },
        },
        { parent: this },
      );
    }
    this.statefulSet = new k8s.apps.v1.StatefulSet(
      name,
      {
        metadata: { ...args.metadata, namespace: args.namespace, labels: mergeLabels(args.metadata?.labels, labels) },
        // Naming the headless Service's Output makes the StatefulSet wait for it: it must exist first.
        spec: this.headlessService ? { ...planned.statefulSetSpec, serviceName: this.headlessService.metadata.name } : planned.statefulSetSpec,
      },
      { parent: this },
    );
    const companions = addWorkloadCompanions(this, name, args, { ...planned, spec: planned.statefulSetSpec });
    this.service = companions.service;
    this.podDisruptionBudget = companions.podDisruptionBudget;
    // Plain values only, as GracefulDeployment (each Output here costs the runtime a serialization).
    this.registerOutputs({
      terminationGracePeriodSeconds: this.plan.terminationGracePeriodSeconds,
      preStopMechanism: this.plan.preStopMechanism,
    });
  }
}
