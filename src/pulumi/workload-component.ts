import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { defaultReplicas, describeValue, GracefulConfigError, wantsDisruptionBudget, type PlanWarning, type ShutdownPlan, type ShutdownSpec, type WorkloadKind } from '../core';
import { applyPlanToSpecInputs } from './apply-plan-to-inputs';
import type { GracefulWorkloadArgs, PodDisruptionBudgetOptions } from './graceful-workload-args';

/** The label key of the default selector: `app.kubernetes.io/name: <resource name>`. */
export const DEFAULT_SELECTOR_LABEL = 'app.kubernetes.io/name';

/**
 * The pure plan of a workload component: the workload spec with the plan applied and what goes beside it.
 * @internal
 */
export interface PlannedWorkloadComponent<S> {
  readonly spec: S;
  readonly podDisruptionBudget?: PodDisruptionBudgetOptions;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly serviceType?: pulumi.Input<string>;
  readonly plan: ShutdownPlan;
  readonly warnings: readonly PlanWarning[];
}

/**
 * Validates the shared args and applies the plan to the workload spec (the core's `applyPlanToWorkloadSpec`, through
 * `applyPlanToSpecInputs`), for `kind`; `extraSpec` holds the kind's own spec fields. Creates no resource.
 * @throws GracefulConfigError on invalid input (same messages as the core)
 * @internal
 */
export function planWorkloadComponent<S extends object>(
  name: string,
  args: GracefulWorkloadArgs,
  kind: WorkloadKind,
  extraSpec: Record<string, unknown> = {},
): PlannedWorkloadComponent<S> {
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
    ...extraSpec,
    replicas: args.replicas ?? defaultReplicas(kind),
    selector: { matchLabels: selectorLabels },
    template: {
      metadata: { ...args.podMetadata, labels: mergeLabels(args.podMetadata?.labels, selectorLabels) },
      spec: { ...args.podSpec, containers: args.containers },
    },
  };
  const planned = applyPlanToSpecInputs(spec, shutdownWithReplicas(args, kind), kind);
  const podDisruptionBudget = pdbOption === 'none' ? undefined
    : pdbOption !== 'auto' ? pdbOption
      : !wantsDisruptionBudget(typeof spec.replicas === 'number' ? spec.replicas : undefined) ? undefined
        : { ...planned.plan.podDisruptionBudget };
  const serviceType = args.service === undefined ? undefined : serviceTypeOf(args.service.type, planned.plan);
  return { spec: planned.spec as unknown as S, podDisruptionBudget, selectorLabels, serviceType, plan: planned.plan, warnings: planned.warnings };
}

/**
 * The spec the component plans: `shutdown.replicas` when given, else the workload's own replica count (a plain number;
 * the core's `defaultReplicas(kind)` when unset), so the rollout estimate and the partition checks count the pods the workload runs,
 * as the cdk8s constructs do (src/cdk8s-common/prepare-workload.ts). A replica count that is an Output is unknown
 * while planning: the spec's default stays.
 */
function shutdownWithReplicas(args: GracefulWorkloadArgs, kind: WorkloadKind): ShutdownSpec {
  const shutdown = args.shutdown;
  if (shutdown == null || typeof shutdown !== 'object' || shutdown.replicas !== undefined) return shutdown;
  const replicas = args.replicas ?? defaultReplicas(kind);
  return typeof replicas === 'number' ? { ...shutdown, replicas } : shutdown;
}

/**
 * Logs the warnings on the component and creates the optional Service (with the plan's annotations) and
 * PodDisruptionBudget over the workload's pods, as children of `parent`.
 * @internal
 */
export function addWorkloadCompanions(
  parent: pulumi.ComponentResource,
  name: string,
  args: GracefulWorkloadArgs,
  planned: PlannedWorkloadComponent<unknown>,
): { service?: k8s.core.v1.Service; podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget } {
  const labels = planned.selectorLabels;
  let service: k8s.core.v1.Service | undefined;
  let podDisruptionBudget: k8s.policy.v1.PodDisruptionBudget | undefined;
  if (args.service) {
    service = new k8s.core.v1.Service(
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
      { parent },
    );
  }
  if (planned.podDisruptionBudget) {
    podDisruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
      name,
      {
        metadata: { namespace: args.namespace, labels },
        spec: { ...planned.podDisruptionBudget, selector: { matchLabels: labels } },
      },
      { parent },
    );
  }
  return { service, podDisruptionBudget };
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

/** Kubernetes allows only one of minAvailable and maxUnavailable per PodDisruptionBudget (policy/v1). */
function checkPodDisruptionBudget(pdb: GracefulWorkloadArgs['podDisruptionBudget']): void {
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

/**
 * User labels (or annotations) plus the component's, which win: the selector must match, the plan's numbers hold.
 * @internal
 */
export function mergeLabels(extra: pulumi.Input<Record<string, pulumi.Input<string>> | undefined>, labels: Readonly<Record<string, string>>) {
  return extra === undefined ? { ...labels } : pulumi.output(extra).apply((e) => ({ ...e, ...labels }));
}
