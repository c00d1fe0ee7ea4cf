/**
 * Comparisons of what an API server stored with what was sent and with what the plan decided.
 */
import type { ShutdownPlan, WorkloadKind } from '../../../src/core';

/**
 * Asserts that `stored` holds every field of `sent` with the same value (the server may add
 * defaults, never drop or change a field). Resource quantities are compared by value: the server
 * writes them in canonical form (`2048Mi` comes back as `2Gi`; apimachinery resource.Quantity).
 */
export function expectIntact(sent: any, stored: any): void {
  expect(withNumericQuantities(stored)).toMatchObject(withNumericQuantities(sent));
}

/**
 * Asserts every field the plan controls on a stored workload, against the plan itself: the pod
 * template's fields (see {@link expectTemplatePlanned}) and the rollout settings (Deployments:
 * strategy, minReadySeconds, progressDeadlineSeconds; StatefulSets: minReadySeconds).
 */
export function expectPlanApplied(stored: any, plan: ShutdownPlan, kind: WorkloadKind): void {
  expectTemplatePlanned(stored.spec.template, plan);
  expect(stored.spec.minReadySeconds).toBe(plan.rollout.minReadySeconds);
  if (kind === 'Deployment') {
    expect(stored.spec.progressDeadlineSeconds).toBe(plan.rollout.progressDeadlineSeconds);
    expect(stored.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: plan.rollout.maxSurge, maxUnavailable: plan.rollout.maxUnavailable },
    });
  }
}

/**
 * Asserts the pod template fields the plan controls: the grace period, each app container's preStop,
 * stop signal, env and mounts, the copied sleep's init container and volume, the pod annotations
 * (sidecars) and spec.os for a stop signal.
 */
export function expectTemplatePlanned(template: any, plan: ShutdownPlan): void {
  const pod = template.spec;
  expect(pod.terminationGracePeriodSeconds).toBe(plan.terminationGracePeriodSeconds);
  for (const container of pod.containers) {
    expect(container.lifecycle?.preStop).toEqual(plan.preStop);
    expect(container.lifecycle?.stopSignal).toEqual(plan.stopSignal);
    expect(container.env ?? []).toEqual(expect.arrayContaining(plan.env.map((e) => expect.objectContaining(e))));
    expect(container.volumeMounts ?? []).toEqual(expect.arrayContaining(plan.volumeMounts.map((m) => expect.objectContaining(m))));
  }
  for (const init of plan.initContainers) {
    const storedInit = (pod.initContainers ?? []).find((c: any) => c.name === init.name);
    expect(storedInit).toMatchObject(init);
  }
  for (const volume of plan.volumes) {
    expect((pod.volumes ?? []).find((v: any) => v.name === volume.name)).toEqual(volume);
  }
  if (plan.stopSignal) expect(pod.os).toEqual({ name: 'linux' });
  expect(template.metadata?.annotations ?? {}).toMatchObject(plan.podAnnotations);
}

/** Asserts the PodDisruptionBudget, Service and Ingress of a workload carry the plan's settings. */
export function expectCompanionsPlanned(stored: readonly any[], plan: ShutdownPlan): void {
  for (const object of stored) {
    if (object.kind === 'PodDisruptionBudget') expect(object.spec.maxUnavailable).toBe(plan.podDisruptionBudget.maxUnavailable);
    if (object.kind === 'Service') expect(object.metadata.annotations ?? {}).toMatchObject(plan.serviceAnnotations);
    if (object.kind === 'Ingress') expect(object.metadata.annotations ?? {}).toMatchObject(plan.ingressAnnotations);
  }
}

const SUFFIXES: Record<string, number> = {
  '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** A copy with every value under `resources.limits`/`resources.requests` turned into a number. */
function withNumericQuantities(value: any, key?: string): any {
  if (Array.isArray(value)) return value.map((item) => withNumericQuantities(item));
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, any> = {};
  for (const [k, v] of Object.entries(value)) {
    copy[k] = (key === 'resources' && (k === 'limits' || k === 'requests')) ? quantities(v as Record<string, unknown>) : withNumericQuantities(v, k);
  }
  return copy;
}

function quantities(values: Record<string, unknown>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, raw] of Object.entries(values)) {
    const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(raw));
    if (!match || SUFFIXES[match[2]] === undefined) throw new Error(`unexpected quantity ${name}: ${String(raw)}`);
    out[name] = Number(match[1]) * SUFFIXES[match[2]];
  }
  return out;
}
