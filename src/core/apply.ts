import { GracefulConfigError } from './errors';
import { quitsPidOne, sharedPidNamespaceError } from './framework';
import { mergeFrameworkEnv } from './framework-env';
import type { Container, PodSpec, WorkloadSpec } from './k8s-types';
import type { ShutdownPlan } from './shutdown-plan';
import type { StatefulSetRolloutSettings } from './spec';
import type { WorkloadKind } from './workload-kind';
import { checkPlanKeepsRollout, workloadRolloutOf } from './workload-rollout';

/**
 * Returns a copy of `podSpec` with the plan applied: the grace period (never lowered: a longer one the pod
 * already has is kept, see `planForWorkload`), the preStop hook, env and
 * volume mounts on every app container (`containers`; init and native sidecar containers get no
 * preStop), the plan's init containers (first) and volumes. Idempotent: applying twice changes
 * nothing more, and a name the pod already has (env, volume, init container) is left alone.
 * Pure; both adapters render the plan through this one function.
 * @throws GracefulConfigError for a pod with `shareProcessNamespace: true` whose plan sends nginx's or php-fpm's graceful
 * quit to PID 1 (`quitVia: 'prestop'`): PID 1 is then the pause process, which ignores SIGQUIT
 */
export function applyPlanToPodSpec<T extends PodSpec>(podSpec: T, plan: ShutdownPlan): T {
  if (podSpec.shareProcessNamespace === true && quitsPidOne(plan)) throw sharedPidNamespaceError(plan.framework);
  const initContainers = [
    ...plan.initContainers.filter((c) => !(podSpec.initContainers ?? []).some((existing) => existing.name === c.name)),
    ...(podSpec.initContainers ?? []),
  ];
  const volumes = mergeByName(podSpec.volumes, plan.volumes);
  return {
    ...podSpec,
    // lifecycle.stopSignal requires the pod's OS to be set (KEP-4960).
    ...(plan.stopSignal ? { os: { name: 'linux', ...(podSpec.os as object | undefined) } } : {}),
    terminationGracePeriodSeconds: Math.max(podSpec.terminationGracePeriodSeconds ?? 0, plan.terminationGracePeriodSeconds),
    containers: podSpec.containers.map((c) => applyPlanToContainer(c, plan)),
    ...(initContainers.length > 0 ? { initContainers: clone(initContainers) } : {}),
    ...(volumes.length > 0 ? { volumes: clone(volumes) } : {}),
  };
}

/**
 * Returns a copy of a Deployment or StatefulSet spec with the plan applied to its pod template (and
 * the plan's pod annotations, where the template does not set the key already) and its rollout settings:
 * - Deployments get `strategy` (RollingUpdate, maxSurge, maxUnavailable), `minReadySeconds` and
 *   `progressDeadlineSeconds`;
 * - StatefulSets get `minReadySeconds`, `updateStrategy` (type RollingUpdate, with the plan's `partition` and
 *   `maxUnavailable` where the spec gave them, the workload's other rollingUpdate fields kept) and
 *   `podManagementPolicy` where the spec gave it. A StatefulSet has no surge and no progress deadline.
 *
 * A workload's own `updateStrategy` of another type (`OnDelete`) is kept when the plan sets no rollingUpdate field, and
 * is an error when it does (the plan would silently replace it). Any other rollout setting of the workload
 * (`workloadRolloutOf`: a Deployment's strategy, minReadySeconds, progressDeadlineSeconds; a StatefulSet's partition,
 * podManagementPolicy, minReadySeconds) that the plan would replace is an error: plan from a spec with the workload's
 * facts (`planForWorkload(spec, grace, kind, workloadRolloutOf(kind, spec))`, what every adapter does) to keep them.
 *
 * A Deployment plan (`planShutdown(spec)`) may be applied to a StatefulSet: it renders what a StatefulSet plan of the
 * same spec without StatefulSet settings renders (its estimate in explain() is a Deployment's, though). A StatefulSet
 * plan applied to a Deployment is an error: it has no surge, and would take capacity down.
 * @param kind the workload's kind
 * @default kind: the kind the plan was made for (`plan.workloadKind`)
 * @throws GracefulConfigError for a StatefulSet plan on a Deployment, a rolling-update setting on an OnDelete StatefulSet, a
 * Deployment's Recreate strategy, or a rollout setting of the workload the plan would replace
 */
export function applyPlanToWorkloadSpec<T extends WorkloadSpec>(spec: T, plan: ShutdownPlan, kind: WorkloadKind = plan.workloadKind ?? 'Deployment'): T {
  if (kind === 'Deployment' && plan.workloadKind === 'StatefulSet') {
    throw new GracefulConfigError(
      'kind',
      kind,
      'is Deployment but the plan was made for a StatefulSet (no surge, one pod at a time); plan the Deployment with planShutdown(spec) ' +
        'or planShutdown(spec, { workloadKind: \'Deployment\' })',
    );
  }
  checkPlanKeepsRollout(plan, workloadRolloutOf(kind, spec), kind);
  const template = {
    ...spec.template,
    ...(Object.keys(plan.podAnnotations).length > 0
      ? {
        metadata: {
          ...spec.template.metadata,
          annotations: { ...plan.podAnnotations, ...(spec.template.metadata?.annotations as object | undefined) },
        },
      }
      : {}),
    spec: applyPlanToPodSpec(spec.template.spec, plan),
  };
  if (kind === 'StatefulSet') {
    const settings = plan.rollout.statefulSet ?? {};
    return {
      ...spec,
      minReadySeconds: plan.rollout.minReadySeconds,
      ...(settings.podManagementPolicy !== undefined ? { podManagementPolicy: settings.podManagementPolicy } : {}),
      ...statefulSetUpdateStrategy(spec.updateStrategy, settings),
      template,
    };
  }
  return {
    ...spec,
    minReadySeconds: plan.rollout.minReadySeconds,
    progressDeadlineSeconds: plan.rollout.progressDeadlineSeconds,
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: plan.rollout.maxSurge, maxUnavailable: plan.rollout.maxUnavailable },
    },
    template,
  };
}

/**
 * `{ updateStrategy }` for a StatefulSet: RollingUpdate (Kubernetes' default type, `SetDefaults_StatefulSet` in
 * `pkg/apis/apps/v1/defaults.go`) with the planned fields over the workload's own; `{}` to keep an `OnDelete` strategy
 * the plan adds nothing to.
 */
function statefulSetUpdateStrategy(existing: unknown, settings: StatefulSetRolloutSettings): { updateStrategy?: Record<string, unknown> } {
  const current = (existing ?? {}) as { type?: unknown; rollingUpdate?: Record<string, unknown> };
  const planned = {
    ...(settings.partition !== undefined ? { partition: settings.partition } : {}),
    ...(settings.maxUnavailable !== undefined ? { maxUnavailable: settings.maxUnavailable } : {}),
  };
  if (current.type !== undefined && current.type !== 'RollingUpdate') {
    if (Object.keys(planned).length === 0) return {};
    throw new GracefulConfigError(
      'updateStrategy.type',
      current.type,
      `is the workload's own, but the plan sets rollingUpdate ${Object.keys(planned).join(' and ')}, which only a RollingUpdate strategy reads; ` +
        'remove rollout.partition / rollout.maxUnavailable from the spec, or the workload\'s updateStrategy',
    );
  }
  const rollingUpdate = { ...current.rollingUpdate, ...planned };
  return {
    updateStrategy: {
      ...current,
      type: 'RollingUpdate',
      ...(Object.keys(rollingUpdate).length > 0 ? { rollingUpdate } : {}),
    },
  };
}

function applyPlanToContainer(container: Container, plan: ShutdownPlan): Container {
  // A name the container sets too keeps the container's value, merged with the plan's where it can be (GUNICORN_CMD_ARGS).
  const env = mergeByName(container.env, plan.env).map((e) => {
    const planned = plan.env.find((p) => p.name === e.name);
    return planned === undefined || planned === e ? e : mergeFrameworkEnv(e, planned);
  });
  const mounts = [
    ...(container.volumeMounts ?? []),
    ...plan.volumeMounts.filter((m) => !(container.volumeMounts ?? []).some((existing) => existing.mountPath === m.mountPath)),
  ];
  return {
    ...container,
    ...(env.length > 0 ? { env: clone(env) } : {}),
    ...(mounts.length > 0 ? { volumeMounts: clone(mounts) } : {}),
    ...(plan.preStop || plan.stopSignal
      ? {
        lifecycle: {
          ...container.lifecycle,
          ...(plan.preStop ? { preStop: clone(plan.preStop) } : {}),
          ...(plan.stopSignal ? { stopSignal: plan.stopSignal } : {}),
        },
      }
      : {}),
  };
}

/** Existing entries first; planned entries whose name is not taken are appended. */
function mergeByName<T extends { readonly name: string }>(existing: readonly T[] | undefined, planned: readonly T[]): T[] {
  const have = existing ?? [];
  return [...have, ...planned.filter((p) => !have.some((e) => e.name === p.name))];
}

/**
 * A deep copy of the plan's plain data (objects, arrays, primitives), so that no two workloads
 * share a mutable fragment. Plain recursion rather than `structuredClone`: about 5x faster on
 * these few small objects, and the copies belong to the caller's realm (structuredClone's do not
 * under a VM context such as jest's, and Pulumi's serializer checks `instanceof Array`).
 */
function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = clone(item);
    return copy as T;
  }
  return value;
}
