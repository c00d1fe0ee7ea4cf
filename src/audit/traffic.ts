import type { Container } from '../core';
import { autoscalerFor, sameNamespace, selects, type AuditContext, type ServiceFacts } from './context';
import { isRecord, MESH_PROXIES, type AuditedWorkload } from './workload';

/**
 * Whether requests reach a workload: `routed` when a Service of the input routes a request port to
 * one of its containers, `unknown` when no Service of the input selects it but a container looks
 * like it serves (ports that are not metrics ports, or a readiness probe), `not-routed` otherwise
 * (only metrics or unused webhook ports are selected, or nothing in the pod listens).
 */
export type TrafficState = 'routed' | 'unknown' | 'not-routed';

/** How requests reach one workload, decided per Service port. */
export interface Traffic {
  /** Whether requests reach the workload (see {@link TrafficState}). */
  readonly state: TrafficState;
  /** The Services that route request ports (not metrics ports) to the workload. */
  readonly services: readonly ServiceFacts[];
  /** Indexes of the containers that serve those requests (or, when `unknown`, that look like they do). */
  readonly containers: readonly number[];
  /** Pods behind the same Services, this workload's included (several Deployments may share one Service). */
  readonly podsBehind: number;
  /** The service registry the pods register in (`Nacos`, `Consul`, `Eureka`), when the manifest shows one. */
  readonly registry?: string;
}

/**
 * Port names that carry metrics scrapes, not requests: Prometheus' conventions (`metrics`,
 * `http-metrics`, exporters) and kube-state-metrics' `telemetry`. A scrape missed while a pod stops
 * is no dropped request. An estimate from common manifests; a port not named so counts as requests.
 */
const METRICS_PORT = /metrics|exporter|telemetry|prometheus|scrape/i;

/** Port names for the kubelet's own health checks (`healthz`, `readyz`, `livez`, `health`): probes, not requests. */
const HEALTH_PORT = /^(healthz?|readyz|livez|health-?check|probes?)$/i;

/** A port name that carries no requests: metrics scrapes or health checks. */
const notForRequests = (name: unknown) => typeof name === 'string' && (METRICS_PORT.test(name) || HEALTH_PORT.test(name));

/**
 * A Service whose name says it fronts an admission webhook: the API server is its only client, and
 * only when a webhook configuration names it (admissionregistration.k8s.io/v1 `clientConfig.service`).
 */
const WEBHOOK_SERVICE = /webhook|admission/i;

const CACHE = new WeakMap<AuditedWorkload, { readonly context: AuditContext; readonly traffic: Traffic }>();

/** How requests reach the workload (computed once per workload and context). */
export function trafficOf(workload: AuditedWorkload, context: AuditContext): Traffic {
  const cached = CACHE.get(workload);
  if (cached?.context === context) return cached.traffic;
  const traffic = computeTraffic(workload, context);
  CACHE.set(workload, { context, traffic });
  return traffic;
}

function computeTraffic(workload: AuditedWorkload, context: AuditContext): Traffic {
  const containers = workload.podSpec.containers;
  const selecting = servicesSelecting(workload, context);
  const routedServices: ServiceFacts[] = [];
  const routed = new Set<number>();
  for (const service of selecting) {
    if (isUnusedWebhookService(service, context)) continue;
    let routesRequests = false;
    for (const port of service.ports.length > 0 ? service.ports : [{ targetPort: -1 }]) {
      if (notForRequests(port.name)) continue;
      const index = containerOwning(workload, port.targetPort);
      if (index === undefined) continue;
      routed.add(index);
      routesRequests = true;
    }
    if (routesRequests) routedServices.push(service);
  }
  const registry = registryOf(workload);
  const maybeServing = containers.map((_, i) => i).filter((i) => looksServing(containers[i]));
  if (routedServices.length > 0) {
    // Containers of a routed pod that declare request ports serve the routed one over localhost
    // (nginx in front of php-fpm): they must outlive its drain too.
    for (const i of maybeServing) if (portsOf(containers[i]).some((p) => !notForRequests(p.name))) routed.add(i);
    return {
      state: 'routed',
      services: routedServices,
      containers: [...routed].sort((a, b) => a - b),
      podsBehind: podsBehind(routedServices, workload, context),
      ...(registry ? { registry } : {}),
    };
  }
  if (registry !== undefined) {
    // Registry clients call the pod IP directly: it serves though no Service selects it.
    const first = containers.findIndex((c) => !MESH_PROXIES.has(c.name) && !placeholder(c));
    const serving = maybeServing.length > 0 ? maybeServing : first >= 0 ? [first] : [];
    return { state: 'routed', services: [], containers: serving, podsBehind: replicasOf(workload, context), registry };
  }
  if (selecting.length > 0) return { state: 'not-routed', services: [], containers: [], podsBehind: 0 };
  return maybeServing.length > 0
    ? { state: 'unknown', services: [], containers: maybeServing, podsBehind: 0 }
    : { state: 'not-routed', services: [], containers: [], podsBehind: 0 };
}

function isUnusedWebhookService(service: ServiceFacts, context: AuditContext): boolean {
  if (!WEBHOOK_SERVICE.test(service.name)) return false;
  const named = context.webhookServices ?? new Set<string>();
  return ![...named].some((key) => {
    const [namespace, name] = key.split('/');
    return name === service.name && (namespace === '' || service.namespace === undefined || namespace === service.namespace);
  });
}

/**
 * The container that owns a Service's `targetPort`: by port name, or by number among the declared
 * `containerPort`s; an undeclared number goes to the first container that may serve (a Service may
 * target a port the container never declared). `undefined` for a metrics port or a name no container has.
 */
function containerOwning(workload: AuditedWorkload, targetPort: number | string): number | undefined {
  const containers = workload.podSpec.containers;
  for (let i = 0; i < containers.length; i++) {
    for (const port of portsOf(containers[i])) {
      const matches = typeof targetPort === 'string' ? port.name === targetPort : port.containerPort === targetPort;
      if (!matches) continue;
      // A `prometheus.io/port` annotation alone does not make a port metrics-only: apps often serve
      // requests and /metrics on one port (bookinfo's productpage).
      if (notForRequests(port.name)) return undefined;
      return placeholder(containers[i]) ? undefined : i;
    }
  }
  if (typeof targetPort === 'string') return undefined;
  const first = containers.findIndex((c) => !MESH_PROXIES.has(c.name) && !placeholder(c));
  return first < 0 ? undefined : first;
}

function portsOf(container: Container): Array<{ readonly name?: string; readonly containerPort?: number }> {
  return Array.isArray(container.ports) ? (container.ports as unknown[]).filter(isRecord) : [];
}

/**
 * A container whose process only waits (`sleep infinity`, `tail -f /dev/null`): a client or toolbox
 * pod that listens on nothing, whatever Service gives it an identity.
 */
export function placeholder(container: Container): boolean {
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  if (words.length === 0) return false;
  const program = words[0].slice(words[0].lastIndexOf('/') + 1);
  return (program === 'sleep' && words.length === 2) || (program === 'tail' && words.includes('/dev/null'));
}

/**
 * A container that may serve though no Service of the input selects it: ports that are not metrics
 * ports, or a readiness endpoint (an httpGet, tcpSocket or grpc probe; an exec probe checks a worker).
 */
function looksServing(container: Container): boolean {
  if (MESH_PROXIES.has(container.name) || placeholder(container)) return false;
  const requestPorts = portsOf(container).filter((p) => !notForRequests(p.name));
  const probe = container.readinessProbe;
  if (requestPorts.length > 0 || !isRecord(probe)) return requestPorts.length > 0;
  const endpoint = [probe.httpGet, probe.tcpSocket, probe.grpc].find(isRecord);
  return endpoint !== undefined && !notForRequests(endpoint.port);
}

/** Registries whose clients call pod IPs directly; the app (or its preStop) registers and deregisters. */
const REGISTRIES: ReadonlyArray<readonly [RegExp, string]> = [[/nacos/i, 'Nacos'], [/consul/i, 'Consul'], [/eureka/i, 'Eureka']];

/** The registry a workload's containers name in env, arguments or preStop (e.g. `spring.cloud.nacos`, a Nacos deregistration call). */
export function registryOf(workload: AuditedWorkload): string | undefined {
  for (const container of workload.podSpec.containers) {
    const env = Array.isArray(container.env) ? (container.env as unknown[]).filter(isRecord).map((e) => `${String(e.name)}=${String(e.value ?? '')}`) : [];
    const preStop = container.lifecycle?.preStop;
    const command = isRecord(preStop) && isRecord(preStop.exec) && Array.isArray(preStop.exec.command) ? preStop.exec.command.map(String) : [];
    const text = [...env, ...(container.command ?? []), ...(container.args ?? []), ...command].map(String).join(' ');
    for (const [pattern, name] of REGISTRIES) if (pattern.test(text)) return name;
  }
  return undefined;
}

/** Pods of every workload of the input behind these Services (replicas, else the autoscaler's minimum, else 1). */
function podsBehind(services: readonly ServiceFacts[], workload: AuditedWorkload, context: AuditContext): number {
  const members = indexOf(context).members;
  const behind = new Set<AuditedWorkload>([workload]);
  for (const service of services) for (const other of members.get(service) ?? []) behind.add(other);
  let pods = 0;
  for (const w of behind) pods += replicasOf(w, context);
  return pods;
}

/**
 * Services by one `key=value` of their selector, and the workloads each Service selects: built once per
 * context so that matching stays linear in the input (a selector matches only pods carrying its first pair).
 */
interface SelectorIndex {
  readonly byPair: Map<string, ServiceFacts[]>;
  readonly members: Map<ServiceFacts, AuditedWorkload[]>;
  /** Each Service's position in the input, to list them in input order. */
  readonly order: Map<ServiceFacts, number>;
}

const INDEXES = new WeakMap<AuditContext, SelectorIndex>();

function indexOf(context: AuditContext): SelectorIndex {
  const cached = INDEXES.get(context);
  if (cached) return cached;
  const byPair = new Map<string, ServiceFacts[]>();
  for (const service of context.services) {
    const first = Object.keys(service.selector).sort()[0];
    if (first === undefined) continue;
    const pair = `${first}=${service.selector[first]}`;
    byPair.set(pair, [...(byPair.get(pair) ?? []), service]);
  }
  const index: SelectorIndex = { byPair, members: new Map(), order: new Map(context.services.map((service, i) => [service, i])) };
  INDEXES.set(context, index);
  for (const workload of context.workloads ?? []) {
    for (const service of servicesSelecting(workload, context)) index.members.set(service, [...(index.members.get(service) ?? []), workload]);
  }
  return index;
}

/** The Services of the input whose selector matches the workload's pod labels, in input order. */
export function servicesSelecting(workload: AuditedWorkload, context: AuditContext): ServiceFacts[] {
  const index = indexOf(context);
  const { byPair } = index;
  const found = new Set<ServiceFacts>();
  for (const [key, value] of Object.entries(workload.podLabels)) {
    for (const service of byPair.get(`${key}=${value}`) ?? []) {
      if (sameNamespace(service, workload) && selects(service.selector, workload.podLabels)) found.add(service);
    }
  }
  return [...found].sort((a, b) => (index.order.get(a) ?? 0) - (index.order.get(b) ?? 0));
}

/** The pods a workload runs: `replicas`, else its autoscaler's `minReplicas`, else 1 (apps/v1 default); a DaemonSet counts as 2 (one per node, estimate). */
export function replicasOf(workload: AuditedWorkload, context: AuditContext): number {
  if (workload.kind === 'DaemonSet') return 2;
  if (workload.kind === 'Pod') return 1;
  return workload.replicas ?? autoscalerFor(workload, context)?.minReplicas ?? 1;
}
