import type { Container } from '../core';
import { autoscalerFor, exposerOf, sameNamespace, selects, type AuditContext, type ServiceFacts } from './context';
import { getPath, isRecord, stringRecord } from './object-path';
import { MESH_PROXIES, type AuditedWorkload } from './workload';

/**
 * Whether requests reach a workload, and how strong the evidence is:
 * - `routed`: a Service of the input routes a request port to one of its containers, or the pods register
 *   in a service registry (Nacos, Consul, Eureka) whose clients call pod IPs;
 * - `unverified`: the input has no Service with a selector (or has a selectorless Service in the pod's namespace,
 *   whose endpoints come from elsewhere), and a container looks like it serves (a port not for metrics or health
 *   checks, or a readiness probe on a listening port): it may serve through a Service kept elsewhere (findings say
 *   they are unverified and are warnings at most);
 * - `unselected`: the input has Services but none selects the pods, though a container declares a request
 *   port: whoever wrote the input left this workload without one, so it is probably no server (info at most);
 * - `not-routed`: only metrics, health or unused webhook ports are selected, nothing in the pod listens for
 *   requests, the workload is a DaemonSet no Service routes to (a node agent), or its only request port is the app port an injected sidecar feeds over localhost (a Dapr
 *   subscriber takes messages from its daprd).
 * @internal
 */
export type TrafficState = 'routed' | 'unverified' | 'unselected' | 'not-routed';

/**
 * How requests reach one workload, decided per Service port.
 * @internal
 */
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
  /**
   * What sends requests to the routing Services from outside the cluster or through a proxy, one line per
   * Service that has any: `Service web is a NodePort`, `Ingress shop routes to Service web` (LoadBalancers have a note of their own).
   */
  readonly exposure?: readonly string[];
}

/**
 * Port names that carry metrics scrapes, not requests: Prometheus' conventions (`metrics`,
 * `http-metrics`, exporters) and kube-state-metrics' `telemetry`. A scrape missed while a pod stops
 * is no dropped request. An estimate from common manifests; a port not named so counts as requests.
 */
const METRICS_PORT = /metrics|exporter|telemetry|prometheus|scrape/i;

/**
 * Port names for the kubelet's own health checks (`healthz`, `readyz`, `livez`, `health`, `health-probe`,
 * controller-runtime's `healthz`/`health-probe`): probes, not requests.
 */
const HEALTH_PORT = /^(healthz?|readyz|livez|health-?(check|probe|z)?|probes?|readiness|liveness|status)$/i;

/** A port name that carries no requests: metrics scrapes or health checks. */
const notForRequests = (name: unknown) => typeof name === 'string' && (METRICS_PORT.test(name) || HEALTH_PORT.test(name));

/**
 * Flags that give a port the metrics or health role, whatever its name: controller-runtime's
 * `--metrics-bind-address` and `--health-probe-bind-address` (sigs.k8s.io/controller-runtime, the flags
 * kubebuilder's `cmd/main.go` scaffolds), the older `--metrics-addr` / `--health-addr`, and the common
 * `--metrics-port`, `--health-port`, `--healthz-port`, `--healthz-bind-address`, `--telemetry-port`.
 */
const ROLE_FLAG = /--(?:metrics-(?:bind-)?addr(?:ess)?|metrics-port|health-probe-(?:bind-)?addr(?:ess)?|health-addr(?:ess)?|health-port|healthz-(?:bind-)?(?:addr(?:ess)?|port)|telemetry-(?:port|addr(?:ess)?))(?:=|\s+)"?([^\s"]+)/g;

const ROLE_PORTS = new WeakMap<Container, ReadonlySet<number>>();

/** The port numbers a container's arguments give the metrics or health role. */
function rolePorts(container: Container): ReadonlySet<number> {
  const cached = ROLE_PORTS.get(container);
  if (cached) return cached;
  const ports = new Set<number>();
  const text = [...(container.command ?? []), ...(container.args ?? [])].map(String).join(' ');
  for (const match of text.matchAll(ROLE_FLAG)) {
    const port = /(?:^|:)(\d+)$/.exec(match[1])?.[1];
    if (port !== undefined && Number(port) > 0) ports.add(Number(port));
  }
  ROLE_PORTS.set(container, ports);
  return ports;
}

/** A declared port of the container that may carry requests: not named for metrics or health, not given that role by a flag. */
function isRequestPort(container: Container, port: { readonly name?: string; readonly containerPort?: number }): boolean {
  return !notForRequests(port.name) && !(port.containerPort !== undefined && rolePorts(container).has(port.containerPort));
}

/** The declared ports of the container that may carry requests. */
function requestPortsOf(container: Container): Array<{ readonly name?: string; readonly containerPort?: number }> {
  return portsOf(container).filter((p) => isRequestPort(container, p));
}

/**
 * A Service whose name says it fronts an admission webhook: the API server is its only client, and
 * only when a webhook configuration names it (admissionregistration.k8s.io/v1 `clientConfig.service`).
 */
const WEBHOOK_SERVICE = /webhook|admission/i;

/**
 * A Service whose name says it exposes metrics for scraping (`*-metrics`, `*-metrics-service`, as kubebuilder
 * scaffolds `controller-manager-metrics-service` with a port named `https`): its clients are scrapers, and a
 * scrape missed while a pod stops is no dropped request. A naming convention: an estimate.
 */
const METRICS_SERVICE = /(^|-)metrics(-service|-svc)?$/i;

const CACHE = new WeakMap<AuditedWorkload, { readonly context: AuditContext; readonly traffic: Traffic }>();

/**
 * How requests reach the workload (computed once per workload and context).
 * @internal
 */
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
  // Containers whose ports a Service that carries no requests targets (a metrics Service, an unused webhook
  // Service): their ports have clients, and they are not those of the routed container.
  const otherwiseServed = new Set<number>();
  for (const service of selecting) {
    if (isUnusedWebhookService(service, context) || METRICS_SERVICE.test(service.name)) {
      for (const port of service.ports) {
        const index = declaredOwner(workload, port.targetPort);
        if (index !== undefined) otherwiseServed.add(index);
      }
      continue;
    }
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
    for (const i of maybeServing) if (requestPortsOf(containers[i]).length > 0 && !otherwiseServed.has(i)) routed.add(i);
    const exposure = exposureOf(routedServices, context);
    return {
      state: 'routed',
      services: routedServices,
      containers: [...routed].sort((a, b) => a - b),
      podsBehind: podsBehind(routedServices, workload, context),
      ...(registry ? { registry } : {}),
      ...(exposure.length > 0 ? { exposure } : {}),
    };
  }
  if (registry !== undefined) {
    // Registry clients call the pod IP directly: it serves though no Service selects it.
    const first = containers.findIndex((c) => !MESH_PROXIES.has(c.name) && !placeholder(c));
    const serving = maybeServing.length > 0 ? maybeServing : first >= 0 ? [first] : [];
    return { state: 'routed', services: [], containers: serving, podsBehind: replicasOf(workload, context), registry };
  }
  const notRouted: Traffic = { state: 'not-routed', services: [], containers: [], podsBehind: 0 };
  if (selecting.length > 0) return notRouted;
  const sidecarPort = sidecarAppPort(workload);
  const serving = maybeServing.filter((i) => {
    const requestPorts = requestPortsOf(containers[i]);
    return requestPorts.length === 0 ? sidecarPort === undefined : requestPorts.some((p) => p.containerPort !== sidecarPort);
  });
  if (serving.length === 0) return notRouted;
  // A DaemonSet no Service of the input routes to is a node agent: it serves its own node (clients call the node
  // IP, a hostPort, a socket), not a Service's endpoints, and no other pod serves that node while it is replaced;
  // its readiness gates no endpoint. The traffic rules do not apply (no-prestop-drain says why for the drain).
  if (workload.kind === 'DaemonSet') return notRouted;
  // A Service without a selector (other than an ExternalName, a DNS alias) gets its endpoints from elsewhere (EndpointSlices written by hand, or a selector
  // a kustomization adds): it may route to these pods, so the input's Services prove nothing either way.
  const selectorless = context.services.some((s) => Object.keys(s.selector).length === 0 && s.type !== 'ExternalName' && sameNamespace(s, workload));
  const selectingServices = context.services.some((s) => Object.keys(s.selector).length > 0);
  return { state: selectingServices && !selectorless ? 'unselected' : 'unverified', services: [], containers: serving, podsBehind: 0 };
}

/**
 * The pod port an injected sidecar delivers requests and messages to over localhost: Dapr's `dapr.io/app-port`
 * with `dapr.io/enabled: "true"` (https://docs.dapr.io/reference/arguments-annotations-overview/). Callers and
 * brokers reach the sidecar, not this port.
 */
function sidecarAppPort(workload: AuditedWorkload): number | undefined {
  const annotations = stringRecord(getPath(workload.object, [...workload.podSpecPath.slice(0, -1), 'metadata', 'annotations']));
  if (annotations['dapr.io/enabled'] !== 'true') return undefined;
  const port = Number(annotations['dapr.io/app-port']);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** How the routing Services are reached beyond in-cluster clients: NodePort, and the Ingresses or Gateway API routes of the input. */
function exposureOf(services: readonly ServiceFacts[], context: AuditContext): string[] {
  const lines: string[] = [];
  for (const service of services) {
    if (service.type === 'NodePort') lines.push(`Service ${service.name} is a NodePort`); // a LoadBalancer has its own note
    const by = exposerOf(service, context);
    if (by !== undefined) lines.push(`${by} routes to Service ${service.name}`);
  }
  return lines;
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
      if (!isRequestPort(containers[i], port)) return undefined;
      return placeholder(containers[i]) ? undefined : i;
    }
  }
  if (typeof targetPort === 'string') return undefined;
  const first = containers.findIndex((c) => !MESH_PROXIES.has(c.name) && !placeholder(c));
  return first < 0 ? undefined : first;
}

/** The container that declares a Service's `targetPort` (by name, or by number), if any. */
function declaredOwner(workload: AuditedWorkload, targetPort: number | string): number | undefined {
  const containers = workload.podSpec.containers;
  const index = containers.findIndex((c) => portsOf(c).some((p) => (typeof targetPort === 'string' ? p.name === targetPort : p.containerPort === targetPort)));
  return index < 0 ? undefined : index;
}

function portsOf(container: Container): Array<{ readonly name?: string; readonly containerPort?: number }> {
  return Array.isArray(container.ports) ? (container.ports as unknown[]).filter(isRecord) : [];
}

/**
 * A container whose process only waits (`sleep infinity`, `tail -f /dev/null`): a client or toolbox
 * pod that listens on nothing, whatever Service gives it an identity.
 * @internal
 */
export function placeholder(container: Container): boolean {
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String);
  if (words.length === 0) return false;
  const program = words[0].slice(words[0].lastIndexOf('/') + 1);
  return (program === 'sleep' && words.length === 2) || (program === 'tail' && words.includes('/dev/null'));
}

/**
 * Paths of health endpoints (`/healthz`, `/readyz`, `/livez`, `/health`, `/ready`, `/ping`, `/status`, Spring's
 * `/actuator/health`): a readiness probe on one says the process is up, not that it serves requests.
 */
const HEALTH_PATH = /^\/?(actuator\/)?(healthz?|readyz?|livez|ready|alive|ping|status)(\/.*)?$/i;

/**
 * A container that may serve though no Service of the input selects it: it declares a port that is not for
 * metrics or health checks, or its readiness probe checks a listening port (tcpSocket, grpc, or an httpGet to a
 * path that is not a health endpoint; workers and controllers have health endpoints too).
 */
function looksServing(container: Container): boolean {
  if (MESH_PROXIES.has(container.name) || placeholder(container)) return false;
  if (requestPortsOf(container).length > 0) return true;
  const probe = container.readinessProbe;
  if (!isRecord(probe)) return false;
  const endpoint = [probe.httpGet, probe.tcpSocket, probe.grpc].find(isRecord);
  if (endpoint === undefined || notForRequests(endpoint.port) || (typeof endpoint.port === 'number' && rolePorts(container).has(endpoint.port))) return false;
  return !(endpoint === probe.httpGet && HEALTH_PATH.test(String(endpoint.path ?? '/')));
}

/** Registries whose clients call pod IPs directly; the app (or its preStop) registers and deregisters. */
const REGISTRIES: ReadonlyArray<readonly [RegExp, string]> = [[/nacos/i, 'Nacos'], [/consul/i, 'Consul'], [/eureka/i, 'Eureka']];

/**
 * A setting that turns registration off: Spring Cloud's `spring.cloud.nacos.discovery.register-enabled=false`,
 * `eureka.client.register-with-eureka=false` / `eureka.client.enabled=false`, `spring.cloud.consul.discovery.register=false`
 * (and their env forms, `EUREKA_CLIENT_REGISTERWITHEUREKA=false`...): the pod is a client of the registry, not in it.
 */
const REGISTRATION_OFF = /(regist\w*|enabled?)\s*[=:]\s*"?false\b/i;

/**
 * The registry a workload's containers name in env, arguments or preStop (e.g. `spring.cloud.nacos`, a Nacos deregistration call).
 * @internal
 */
export function registryOf(workload: AuditedWorkload): string | undefined {
  for (const container of workload.podSpec.containers) {
    const env = Array.isArray(container.env) ? (container.env as unknown[]).filter(isRecord).map((e) => `${String(e.name)}=${String(e.value ?? '')}`) : [];
    const named = [...env, ...(container.command ?? []), ...(container.args ?? [])].map(String);
    if (named.some((w) => REGISTRIES.some(([pattern]) => pattern.test(w)) && REGISTRATION_OFF.test(w))) continue;
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

/**
 * The Services of the input whose selector matches the workload's pod labels, in input order.
 * @internal
 */
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

/**
 * The pods a workload runs: `replicas`, else its autoscaler's `minReplicas`, else 1 (apps/v1 default); a DaemonSet counts as 2 (one per node, estimate).
 * @internal
 */
export function replicasOf(workload: AuditedWorkload, context: AuditContext): number {
  if (workload.kind === 'DaemonSet') return 2;
  if (workload.kind === 'Pod') return 1;
  return workload.replicas ?? autoscalerFor(workload, context)?.minReplicas ?? 1;
}
