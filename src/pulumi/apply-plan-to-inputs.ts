import * as pulumi from '@pulumi/pulumi';
import {
  applyPlanToPodSpec,
  applyPlanToWorkloadSpec,
  checkWorkload,
  factsFromWorkloadSpec,
  GracefulConfigError,
  isShutdownPlan,
  planForWorkload,
  type PlanWarning,
  type PodSpec,
  type ShutdownPlan,
  type ShutdownSpec,
  type WorkloadFacts,
  type WorkloadKind,
  type WorkloadPlan,
  type WorkloadSpec,
  unacknowledged,
  workloadRolloutOf,
} from '../core';
import { isOpaque, isPlaceholder, sealInputs } from './opaque-inputs';

/** What {@link applyPlanToSpecInputs} returns. */
export interface PlannedWorkloadSpec<S> {
  /** A new spec with the plan applied; the input is not changed. */
  readonly spec: S;
  /** The plan applied: the given one, or the spec planned with the spec's longer `terminationGracePeriodSeconds` pinned. */
  readonly plan: ShutdownPlan;
  /** The plan's warnings plus the workload's (replicas, probes, env). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * Applies a shutdown plan to a Deployment or StatefulSet spec made of Pulumi inputs, with the same
 * core function the cdk8s adapter uses (`applyPlanToWorkloadSpec`). Validation runs first: invalid
 * input throws a `GracefulConfigError` before anything is returned.
 *
 * Outputs are handled without resolving them where the plan does not need their value: an Output
 * as an image, probe, env value or any field the plan does not merge is passed through untouched.
 * Where a container's `env` or `volumeMounts`, or the pod's `initContainers` or `volumes`, is an
 * Output (or holds Outputs as items), the plan's entries are merged in an `apply`, by the same core
 * function. The plan must see a container's `name` and `lifecycle` at construction (it owns
 * `lifecycle.preStop`), and the pod's `terminationGracePeriodSeconds` (a value there pins the grace
 * period): those must be plain values.
 *
 * A `terminationGracePeriodSeconds` already in the spec is never lowered (`planForWorkload` in the core): a
 * longer one is kept and the plan sized for it, a shorter one is raised to what the plan needs, with a warning.
 *
 * @param shutdown a spec (planned here for `kind`) or a plan from `planShutdown`
 * @param kind the workload's kind: a spec is planned for it (`planShutdown(spec, { workloadKind: kind })`)
 * @default kind: a given plan's own kind; for a spec, 'Deployment'
 * @throws GracefulConfigError on invalid input
 */
export function applyPlanToSpecInputs<S extends object>(
  spec: S,
  shutdown: ShutdownSpec | ShutdownPlan,
  kind?: WorkloadKind,
): PlannedWorkloadSpec<S> {
  const workloadKind = kind ?? (shutdown != null && isShutdownPlan(shutdown) ? shutdown.workloadKind : 'Deployment');
  if (spec == null || typeof spec !== 'object' || isOpaque(spec)) {
    throw new GracefulConfigError('spec', spec, `must be a plain ${workloadKind} spec object (its fields may be Outputs), not an Output or a promise`);
  }
  const sealed = sealInputs(spec);
  const plain = sealed.plain as unknown as WorkloadSpec;
  const podSpec = plainPodSpecOf(plain);
  const { plan, warnings: graceWarnings } = planFor(shutdown, podSpec.terminationGracePeriodSeconds, workloadKind, plain);

  const deferred = deferredFieldsOf(plain, podSpec, sealed.restore);
  const visible: WorkloadSpec = { ...plain, template: withoutDeferred(plain.template, podSpec, deferred) };
  const warnings = unacknowledged(plan, [...plan.warnings, ...graceWarnings, ...checkWorkload(plan, factsOf(workloadKind, visible))]);

  const applied = sealed.restore(applyPlanToWorkloadSpec(visible, plan, workloadKind));
  return { spec: withDeferredMerged(applied, deferred, plan) as unknown as S, plan, warnings };
}

/** The rollout fields the plan keeps: it must see them at construction. */
const ROLLOUT_FIELDS = ['strategy', 'updateStrategy', 'minReadySeconds', 'progressDeadlineSeconds', 'podManagementPolicy'] as const;

function planFor(shutdown: ShutdownSpec | ShutdownPlan, existingGrace: unknown, kind: WorkloadKind, spec: WorkloadSpec): WorkloadPlan {
  for (const field of ROLLOUT_FIELDS) {
    const value = spec[field];
    const rolling = (value as { rollingUpdate?: unknown } | undefined)?.rollingUpdate;
    if (isPlaceholder(value) || (isPlainRecord(value) && (isPlaceholder(rolling) || Object.values(value).some(isPlaceholder) ||
      (isPlainRecord(rolling) && Object.values(rolling).some(isPlaceholder))))) {
      throw new GracefulConfigError(
        `spec.${field}`,
        value,
        'must be a plain value (not an Output): the plan keeps the workload\'s rollout settings and must see them at construction; ' +
          'pass a plain value, or remove it and set shutdown.rollout',
      );
    }
  }
  if (existingGrace !== undefined && (typeof existingGrace !== 'number' || isPlaceholder(existingGrace))) {
    throw new GracefulConfigError(
      'template.spec.terminationGracePeriodSeconds',
      existingGrace,
      'must be a plain number (the plan checks it at construction), not an Output; remove it to let the plan choose, or pin it with shutdown.terminationGracePeriod',
    );
  }
  return planForWorkload(
    shutdown,
    existingGrace === undefined ? undefined : { seconds: existingGrace },
    kind,
    workloadRolloutOf(kind, { ...spec, replicas: isPlaceholder(spec.replicas) ? undefined : spec.replicas }),
  );
}

function plainPodSpecOf(spec: WorkloadSpec): PodSpec {
  const template: unknown = spec.template;
  if (!isPlainRecord(template)) {
    throw new GracefulConfigError('spec.template', template, 'must be a plain object (its fields may be Outputs): the plan adds to the pod template at construction');
  }
  if (template.metadata !== undefined && !isPlainRecord(template.metadata)) {
    throw new GracefulConfigError('spec.template.metadata', template.metadata, 'must be a plain object (its fields may be Outputs): the plan adds pod annotations at construction');
  }
  const podSpec: unknown = template.spec;
  if (!isPlainRecord(podSpec)) {
    throw new GracefulConfigError('spec.template.spec', podSpec, 'must be a plain object (its fields may be Outputs): the plan adds to the pod spec at construction');
  }
  const containers: unknown = podSpec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    throw new GracefulConfigError(
      'spec.template.spec.containers',
      containers,
      'must be a non-empty plain array of containers (their fields may be Outputs): the plan adds preStop, env and mounts to each at construction',
    );
  }
  containers.forEach((c: unknown, i) => {
    if (!isPlainRecord(c) || typeof c.name !== 'string') {
      throw new GracefulConfigError(`containers[${i}]`, c, 'must be a plain object with a plain string name (its other fields may be Outputs)');
    }
    if (c.lifecycle !== undefined && (!isPlainRecord(c.lifecycle) || isPlaceholder(c.lifecycle))) {
      throw new GracefulConfigError(
        `containers[${c.name}].lifecycle`,
        c.lifecycle,
        'is an Output or a promise: the plan owns lifecycle.preStop and must see the lifecycle at construction; pass a plain object (its handlers may hold Outputs)',
      );
    }
  });
  return podSpec as PodSpec;
}

/** The list fields the plan merges into, per container and for the pod. */
const CONTAINER_LISTS = [
  { field: 'env', key: 'name' },
  { field: 'volumeMounts', key: 'mountPath' },
] as const;
const POD_LISTS = [
  { field: 'initContainers', key: 'name' },
  { field: 'volumes', key: 'name' },
] as const;

/**
 * The merged fields the plan cannot see into at construction (an Output, or Outputs as list items),
 * with their original values: lists of each container, of the pod, and the pod template's annotations.
 */
interface DeferredFields {
  readonly containers: ReadonlyArray<ReadonlyMap<string, unknown>>;
  readonly pod: ReadonlyMap<string, unknown>;
  readonly template: ReadonlyMap<string, unknown>;
}

/** Finds the deferred fields in the sealed spec; keeps their original (restored) values. */
function deferredFieldsOf(spec: WorkloadSpec, podSpec: PodSpec, restore: <U>(v: U) => U): DeferredFields {
  const opaqueLists = (obj: Record<string, unknown>, lists: ReadonlyArray<{ field: string; key: string }>) =>
    new Map(lists.filter(({ field, key }) => !isVisibleList(obj[field], key)).map(({ field }) => [field, restore(obj[field])]));
  const annotations = spec.template.metadata?.annotations;
  return {
    containers: podSpec.containers.map((c) => opaqueLists(c, CONTAINER_LISTS)),
    pod: opaqueLists(podSpec, POD_LISTS),
    template: new Map(isPlaceholder(annotations) ? [['annotations', restore(annotations)]] : []),
  };
}

/** A list the plan can merge now: absent, or a plain array of plain objects with a plain key. */
function isVisibleList(value: unknown, key: string): boolean {
  if (value === undefined) return true;
  return Array.isArray(value) && value.every((item) => isPlainRecord(item) && typeof item[key] === 'string');
}

function withoutDeferred(template: WorkloadSpec['template'], podSpec: PodSpec, deferred: DeferredFields): WorkloadSpec['template'] {
  return {
    ...template,
    ...(template.metadata ? { metadata: omit(template.metadata, deferred.template) } : {}),
    spec: {
      ...omit(podSpec, deferred.pod),
      containers: podSpec.containers.map((c, i) => omit(c, deferred.containers[i])),
    } as PodSpec,
  };
}

/**
 * Merges the plan's entries into the fields it could not see, in an `apply`, with the same core
 * functions on a minimal object that holds only the resolved field (`pulumi.output` resolves nested
 * Outputs, so the resolved values are plain).
 */
function withDeferredMerged(spec: WorkloadSpec, deferred: DeferredFields, plan: ShutdownPlan): WorkloadSpec {
  if (deferred.pod.size === 0 && deferred.template.size === 0 && deferred.containers.every((d) => d.size === 0)) return spec;
  const podSpec = spec.template.spec;
  const containers = podSpec.containers.map((c, i) => {
    const merged: Record<string, unknown> = { ...c };
    for (const [field, original] of deferred.containers[i]) {
      merged[field] = pulumi.output(original as pulumi.Input<object[]>).apply((resolved) => {
        const planned = applyPlanToPodSpec({ containers: [{ name: c.name, [field]: resolved }] }, plan).containers[0];
        return planned[field];
      });
    }
    return merged;
  });
  const pod: Record<string, unknown> = { ...podSpec, containers };
  for (const [field, original] of deferred.pod) {
    pod[field] = pulumi.output(original as pulumi.Input<object[]>).apply(
      (resolved) => (applyPlanToPodSpec({ containers: [], [field]: resolved }, plan) as Record<string, unknown>)[field],
    );
  }
  const metadata: Record<string, unknown> | undefined = spec.template.metadata && { ...spec.template.metadata };
  for (const [field, original] of deferred.template) {
    metadata![field] = pulumi.output(original as pulumi.Input<Record<string, string>>).apply((resolved) => {
      const planned = applyPlanToWorkloadSpec({ template: { metadata: { [field]: resolved }, spec: { containers: [] } } }, plan);
      return planned.template.metadata?.[field];
    });
  }
  return { ...spec, template: { ...spec.template, ...(metadata ? { metadata } : {}), spec: pod as PodSpec } };
}

/**
 * The checks' view of the workload. A value the plan cannot see (an Output) is reported as
 * unknown rather than guessed: an Output replica count skips the replica check, an Output env
 * value skips the env check, an Output command or args skips the shell-form check.
 */
function factsOf(kind: WorkloadKind, spec: WorkloadSpec): WorkloadFacts {
  const facts = factsFromWorkloadSpec(kind, spec);
  return {
    ...facts,
    replicas: isPlaceholder(spec.replicas) ? undefined : facts.replicas,
    containers: facts.containers.map((c) => ({
      ...c,
      env: c.env?.map((e) => (isPlaceholder(e.value) ? { name: e.name } : e)),
      command: seenWhole(c.command),
      args: seenWhole(c.args),
    })),
  };
}

/** A list of strings the checks may read, or `undefined` when it (or any item) is an Output. */
function seenWhole(list: readonly string[] | undefined): readonly string[] | undefined {
  return Array.isArray(list) && list.every((item) => typeof item === 'string') ? list : undefined;
}

function omit<T extends object>(obj: T, fields: ReadonlyMap<string, unknown>): T {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !fields.has(k))) as T;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isPlaceholder(value);
}
