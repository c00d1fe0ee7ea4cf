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
  expect(withNumericQuantities(stored)).toMatchObject(withNumericQuantities(withoutOmittedZeros(sent, stored)));
}

/**
 * `sent` without the zero values (`false`, `0`, `''`, `[]`, `{}`) that `stored` lacks: the API types
 * mark such fields `omitempty` (k8s.io/api, e.g. PodSpec.HostNetwork, ServiceSpec.ExternalIPs), so
 * the server's JSON leaves them out, and an omitted zero means the same as a sent one.
 */
function withoutOmittedZeros(sent: any, stored: any): any {
  if (Array.isArray(sent)) return sent.map((item, i) => withoutOmittedZeros(item, Array.isArray(stored) ? stored[i] : undefined));
  if (sent === null || typeof sent !== 'object') return sent;
  const copy: Record<string, any> = {};
  for (const [key, value] of Object.entries(sent)) {
    const storedValue = stored?.[key];
    if (storedValue === undefined && isZero(value)) continue;
    copy[key] = withoutOmittedZeros(value, storedValue);
  }
  return copy;
}

function isZero(value: unknown): boolean {
  if (value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return value !== null && typeof value === 'object' && Object.keys(value).length === 0;
}

/**
 * Asserts every field the plan controls on a stored workload, against the plan itself: the pod
 * template's fields (see {@link expectTemplatePlanned}) and the rollout settings (Deployments:
 * strategy, minReadySeconds, progressDeadlineSeconds; StatefulSets: minReadySeconds, a RollingUpdate
 * updateStrategy with the planned partition and maxUnavailable, and the planned podManagementPolicy).
 */
export function expectPlanApplied(stored: any, plan: ShutdownPlan, kind: WorkloadKind): void {
  expectTemplatePlanned(stored.spec.template, plan);
  expect(stored.spec.minReadySeconds ?? 0).toBe(plan.rollout.minReadySeconds); // omitempty: 0 is left out
  if (kind === 'Deployment') {
    expect(stored.spec.progressDeadlineSeconds).toBe(plan.rollout.progressDeadlineSeconds);
    expect(stored.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: plan.rollout.maxSurge, maxUnavailable: plan.rollout.maxUnavailable },
    });
  } else {
    const settings = plan.rollout.statefulSet ?? {};
    expect(stored.spec.updateStrategy.type).toBe('RollingUpdate');
    if (settings.partition !== undefined) expect(stored.spec.updateStrategy.rollingUpdate.partition).toBe(settings.partition);
    if (settings.maxUnavailable !== undefined) expect(stored.spec.updateStrategy.rollingUpdate.maxUnavailable).toBe(settings.maxUnavailable);
    if (settings.podManagementPolicy !== undefined) expect(stored.spec.podManagementPolicy).toBe(settings.podManagementPolicy);
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
    // Each planned entry, found by name (env) or path (mounts); the server may default subfields
    // (a downward-API fieldRef gets apiVersion v1).
    for (const env of plan.env) expect((container.env ?? []).find((e: any) => e.name === env.name)).toMatchObject(env);
    for (const mount of plan.volumeMounts) {
      expect((container.volumeMounts ?? []).find((m: any) => m.mountPath === mount.mountPath)).toMatchObject(mount);
    }
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
    if (object.kind === 'PodDisruptionBudget') {
      expect(object.spec.maxUnavailable).toBe(plan.podDisruptionBudget.maxUnavailable);
      // KEP-3017: stored as planned on every served minor (beta and on from 1.27, GA in 1.31); unset stays unset.
      expect(object.spec.unhealthyPodEvictionPolicy).toBe(plan.podDisruptionBudget.unhealthyPodEvictionPolicy);
    }
    if (object.kind === 'Service') expect(object.metadata.annotations ?? {}).toMatchObject(plan.serviceAnnotations);
    if (object.kind === 'Ingress') expect(object.metadata.annotations ?? {}).toMatchObject(plan.ingressAnnotations);
  }
}

/** Quantity suffixes (apimachinery resource.Quantity): decimal powers of 1000, binary powers of 1024, milli. */
const DECIMAL = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

function suffixFactor(suffix: string): number | undefined {
  if (suffix === 'm') return 1e-3;
  if (DECIMAL.includes(suffix)) return 1000 ** DECIMAL.indexOf(suffix);
  if (BINARY.includes(suffix)) return 1024 ** BINARY.indexOf(suffix);
  return undefined;
}

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
    const factor = match ? suffixFactor(match[2]) : undefined;
    if (!match || factor === undefined) throw new Error(`unexpected quantity ${name}: ${String(raw)}`);
    out[name] = Number(match[1]) * factor;
  }
  return out;
}
