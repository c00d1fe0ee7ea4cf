import { parseManifest, type ParsedObject } from '../audit/manifest';
import { isRecord } from '../audit/object-path';
import { GracefulConfigError, resolveRolloutBounds } from '../core';

/** The kinds a cluster rehearsal applies (into its scratch namespace), by `apiVersion/kind`. */
export const APPLIED_KINDS: readonly string[] = [
  'apps/v1/Deployment',
  'apps/v1/StatefulSet',
  'v1/Service',
  'v1/ConfigMap',
  'v1/Secret',
  'v1/ServiceAccount',
  'policy/v1/PodDisruptionBudget',
];

/**
 * Namespaced kinds that act outside their namespace or change the rehearsal itself: left out (the
 * report's notes name each one), not refused, since a synthesized app commonly has them.
 */
const LEFT_OUT: Readonly<Record<string, string>> = {
  Ingress: 'an Ingress configures the cluster\'s shared ingress controller (its hosts and paths are outside the namespace); the load goes through the Service',
  HorizontalPodAutoscaler: 'an autoscaler would change the replica count during the rehearsal',
  NetworkPolicy: 'a NetworkPolicy could block the load pod, which the manifest does not know',
};

/**
 * Cluster-scoped kinds (https://kubernetes.io/docs/reference/kubernetes-api/ : `kubectl api-resources
 * --namespaced=false` of a plain cluster): refused with a message that says so.
 */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'VolumeAttachment',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'APIService', 'CertificateSigningRequest', 'FlowSchema',
  'PriorityLevelConfiguration', 'ComponentStatus', 'GatewayClass', 'ClusterIssuer',
]);

/** The workload a cluster rehearsal rolls out. */
export interface ClusterWorkload {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
  readonly replicas: number;
  /** Deployments only. */
  readonly maxSurge?: number;
  readonly maxUnavailable?: number;
  readonly minReadySeconds: number;
  readonly terminationGracePeriodSeconds: number;
  /** `progressDeadlineSeconds` of a Deployment (default 600), the wait for a StatefulSet. */
  readonly progressDeadlineSeconds: number;
  /** The pod template's labels: what the workload's pods carry. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** `spec.selector.matchLabels`, to list the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The images of its containers, for the report. */
  readonly images: readonly string[];
  /** The serving container's preStop, e.g. `sleep 5s (native)`, `exec: sh -c "sleep 5"`, `none`. */
  readonly preStop: string;
  /** The serving container's readiness probe, e.g. `HTTP GET /ready every 10s`, `none`. */
  readonly readiness: string;
  /** `lifecycle.stopSignal`, else the image's (SIGTERM unless the image says otherwise). */
  readonly stopSignal: string;
}

/** The Service the load goes through. */
export interface ClusterService {
  readonly name: string;
  /** The first TCP port of the Service. */
  readonly port: number;
}

/** A manifest checked for a cluster rehearsal. */
export interface ClusterManifest {
  /** The objects to apply, as written (see {@link intoNamespace}). */
  readonly objects: readonly Record<string, unknown>[];
  readonly workload: ClusterWorkload;
  readonly service: ClusterService;
  /** The one namespace the manifest names, when it names one. */
  readonly sourceNamespace?: string;
  /** What the rehearsal leaves out or changes. */
  readonly notes: readonly string[];
}

/** Options of {@link readClusterManifest}. */
export interface ClusterManifestOptions {
  /** Where the manifest came from, for messages. @default 'manifest' */
  readonly file?: string;
  /** The Deployment or StatefulSet to rehearse. @default the only one */
  readonly workload?: string;
}

/**
 * Checks a manifest (the user's Deployment or StatefulSet and its Service, e.g. `graceful-k8s plan -o
 * yaml` output or a cdk8s synthesis) for a rehearsal in a scratch namespace, before anything is sent to
 * the cluster. It refuses, naming the object and its line: cluster-scoped objects, kinds it does not
 * apply, objects naming a namespace other than the manifest's one, pods on the host's network or
 * ports or paths. An Ingress, HorizontalPodAutoscaler or NetworkPolicy is left out with a note.
 */
export function readClusterManifest(text: string, options: ClusterManifestOptions = {}): ClusterManifest {
  const file = options.file ?? 'manifest';
  const parsed = parseManifest({ file, text });
  if (parsed.problems.length > 0) {
    const p = parsed.problems[0];
    throw new GracefulConfigError('manifest', file, `cannot be read: ${p.message}${p.line ? ` (line ${p.line})` : ''}`);
  }
  const notes: string[] = [];
  const objects: ParsedObject[] = [];
  const namespaces = new Map<string, string>();
  for (const parsedObject of parsed.objects) {
    const o = parsedObject.object;
    const kind = String(o.kind);
    const where = describe(parsedObject);
    if (CLUSTER_SCOPED.has(kind) || kind.startsWith('Cluster')) {
      throw new GracefulConfigError('manifest', file, `${where} is cluster-scoped: rehearse creates and deletes objects only in its own scratch namespace; remove it from the manifest`);
    }
    if (LEFT_OUT[kind] !== undefined) {
      notes.push(`${kindName(o)} is not applied: ${LEFT_OUT[kind]}`);
      continue;
    }
    if (!APPLIED_KINDS.includes(`${String(o.apiVersion)}/${kind}`)) {
      throw new GracefulConfigError(
        'manifest', file,
        `${where} (${String(o.apiVersion)}) is not one of the kinds rehearse applies in its scratch namespace (${APPLIED_KINDS.map((k) => k.split('/').pop()).join(', ')}); remove it from the manifest`,
      );
    }
    const metadata = isRecord(o.metadata) ? o.metadata : {};
    if (typeof metadata.name !== 'string' || metadata.name === '') {
      throw new GracefulConfigError('manifest', file, `${where} has no metadata.name`);
    }
    if (metadata.namespace !== undefined) namespaces.set(String(metadata.namespace), where);
    const template = isRecord(o.spec) && isRecord(o.spec.template) && isRecord(o.spec.template.metadata) ? o.spec.template.metadata : undefined;
    if (template?.namespace !== undefined) namespaces.set(String(template.namespace), `${where} (spec.template.metadata.namespace)`);
    if (namespaces.size > 1) {
      const [[first, firstWhere], [other, otherWhere]] = [...namespaces];
      throw new GracefulConfigError(
        'manifest', file,
        `${otherWhere} names namespace "${other}" but ${firstWhere} names "${first}": rehearse moves one namespace's objects into its scratch namespace and touches no other; rehearse one namespace at a time`,
      );
    }
    refuseHostAccess(parsedObject, file);
    objects.push(parsedObject);
  }
  const workload = pickWorkload(objects, file, options.workload);
  const service = pickService(objects, workload, file, notes);
  for (const p of objects) {
    if (p.object.kind !== 'Service') continue;
    const spec = isRecord(p.object.spec) ? p.object.spec : {};
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      notes.push(`${kindName(p.object)} is applied as type ClusterIP (not ${String(spec.type)}): a node port is opened on every node and a load balancer is a cloud resource, both outside the namespace`);
    }
    if (Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) notes.push(`${kindName(p.object)} is applied without its externalIPs (node routing outside the namespace)`);
  }
  return {
    objects: objects.map((p) => p.object),
    workload: describeWorkload(workload),
    service,
    sourceNamespace: namespaces.keys().next().value,
    notes,
  };
}

/**
 * The objects to apply in `namespace`: each one's `metadata.namespace` is set to it (and a pod
 * template's removed). A NodePort or LoadBalancer Service becomes a ClusterIP one without its node
 * ports, fixed cluster IPs and external IPs; nothing else changes.
 */
export function intoNamespace(objects: readonly Record<string, unknown>[], namespace: string): Record<string, unknown>[] {
  return objects.map((original) => {
    const o = structuredClone(original);
    o.metadata = { ...(isRecord(o.metadata) ? o.metadata : {}), namespace };
    const spec = isRecord(o.spec) ? o.spec : undefined;
    if (spec && isRecord(spec.template) && isRecord(spec.template.metadata)) delete spec.template.metadata.namespace;
    if (o.kind === 'Service' && spec) {
      const headless = spec.clusterIP === 'None';
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
        spec.type = 'ClusterIP';
        for (const field of ['externalTrafficPolicy', 'loadBalancerIP', 'loadBalancerSourceRanges', 'loadBalancerClass', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort']) delete spec[field];
      }
      if (Array.isArray(spec.ports)) spec.ports = spec.ports.map((p) => (isRecord(p) ? omit(p, 'nodePort') : p));
      if (!headless) {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      }
      delete spec.externalIPs;
    }
    return o;
  });
}

function omit(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

function kindName(o: Record<string, unknown>): string {
  const name = isRecord(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : '(unnamed)';
  return `${String(o.kind)}/${name}`;
}

function describe(p: ParsedObject): string {
  return `${kindName(p.object)} (${p.source.file}:${p.source.line})`;
}

function podSpecOf(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = isRecord(o.spec) ? o.spec : undefined;
  const template = spec && isRecord(spec.template) ? spec.template : undefined;
  return template && isRecord(template.spec) ? template.spec : undefined;
}

function refuseHostAccess(p: ParsedObject, file: string): void {
  const podSpec = podSpecOf(p.object);
  if (!podSpec) return;
  const where = describe(p);
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (podSpec[field] === true) throw new GracefulConfigError('manifest', file, `${where} sets ${field}: its pods would act on the node, outside the namespace; rehearse it without ${field}`);
  }
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  const hostPath = volumes.find((v) => isRecord(v) && v.hostPath !== undefined);
  if (isRecord(hostPath)) throw new GracefulConfigError('manifest', file, `${where} mounts hostPath volume "${String(hostPath.name)}": a node's files are outside the namespace`);
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  const containers = [...list(podSpec.containers), ...list(podSpec.initContainers)];
  for (const c of containers) {
    const ports = isRecord(c) && Array.isArray(c.ports) ? c.ports : [];
    const hostPort = ports.find((port) => isRecord(port) && port.hostPort !== undefined);
    if (isRecord(hostPort)) throw new GracefulConfigError('manifest', file, `${where} container "${String((c as Record<string, unknown>).name)}" binds hostPort ${String(hostPort.hostPort)} on the node, outside the namespace`);
  }
}

function pickWorkload(objects: readonly ParsedObject[], file: string, name: string | undefined): ParsedObject {
  const workloads = objects.filter((p) => p.object.kind === 'Deployment' || p.object.kind === 'StatefulSet');
  const names = workloads.map((p) => kindName(p.object)).join(', ');
  if (name !== undefined) {
    const found = workloads.find((p) => isRecord(p.object.metadata) && p.object.metadata.name === name);
    if (!found) throw new GracefulConfigError('deployment', name, `is not a Deployment or StatefulSet of ${file}${names ? ` (it has ${names})` : ''}`);
    return found;
  }
  if (workloads.length === 0) throw new GracefulConfigError('manifest', file, 'has no Deployment or StatefulSet to rehearse');
  if (workloads.length > 1) throw new GracefulConfigError('deployment', undefined, `must name the workload to rehearse: ${file} has ${names}`);
  return workloads[0];
}

function labelsOf(value: unknown): Record<string, string> {
  return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])) : {};
}

function pickService(objects: readonly ParsedObject[], workload: ParsedObject, file: string, notes: string[]): ClusterService {
  const spec = workload.object.spec;
  const template = isRecord(spec) && isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : undefined;
  const podLabels = labelsOf(template?.labels);
  const selecting = objects.filter((p) => {
    if (p.object.kind !== 'Service' || !isRecord(p.object.spec)) return false;
    const selector = labelsOf(p.object.spec.selector);
    return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => podLabels[k] === v);
  });
  const withClusterIp = selecting.filter((p) => (p.object.spec as Record<string, unknown>).clusterIP !== 'None' && (p.object.spec as Record<string, unknown>).type !== 'ExternalName');
  const workloadName = kindName(workload.object);
  if (withClusterIp.length === 0) {
    throw new GracefulConfigError(
      'manifest', file,
      selecting.length > 0
        ? `has only headless Services selecting ${workloadName} (${selecting.map((p) => kindName(p.object)).join(', ')}): the load goes through a Service's cluster IP; add a ClusterIP Service`
        : `has no Service that selects ${workloadName}'s pods: the load goes through the Service, as clients reach the app`,
    );
  }
  const chosen = withClusterIp[0];
  if (withClusterIp.length > 1) notes.push(`the load goes through ${kindName(chosen.object)}, the first of ${withClusterIp.length} Services that select the pods`);
  const chosenSpec = chosen.object.spec as Record<string, unknown>;
  const ports = Array.isArray(chosenSpec.ports) ? (chosenSpec.ports as unknown[]) : [];
  const tcp = ports.find((p) => isRecord(p) && (p.protocol === undefined || p.protocol === 'TCP') && typeof p.port === 'number');
  if (!isRecord(tcp)) throw new GracefulConfigError('manifest', file, `${kindName(chosen.object)} has no TCP port for the load`);
  return { name: String((chosen.object.metadata as Record<string, unknown>).name), port: tcp.port as number };
}

function describeWorkload(p: ParsedObject): ClusterWorkload {
  const o = p.object;
  const kind = o.kind as 'Deployment' | 'StatefulSet';
  const spec = isRecord(o.spec) ? o.spec : {};
  const podSpec = podSpecOf(o) ?? {};
  const containers = (Array.isArray(podSpec.containers) ? podSpec.containers : []).filter(isRecord);
  const serving = containers.find((c) => Array.isArray(c.ports) && c.ports.length > 0) ?? containers[0] ?? {};
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const bounds = kind === 'Deployment' ? resolveRolloutBounds(replicas, rolling.maxSurge, rolling.maxUnavailable) : undefined;
  const lifecycle = isRecord(serving.lifecycle) ? serving.lifecycle : {};
  const selector = isRecord(spec.selector) ? labelsOf(spec.selector.matchLabels) : {};
  const template = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {};
  return {
    kind,
    name: String((o.metadata as Record<string, unknown>).name),
    replicas,
    maxSurge: bounds?.maxSurge,
    maxUnavailable: bounds?.maxUnavailable,
    minReadySeconds: typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0,
    terminationGracePeriodSeconds: typeof podSpec.terminationGracePeriodSeconds === 'number' ? podSpec.terminationGracePeriodSeconds : 30,
    progressDeadlineSeconds: typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : 600,
    podLabels: labelsOf(template.labels),
    selector,
    images: containers.map((c) => String(c.image)),
    preStop: describeHandler(lifecycle.preStop),
    readiness: describeProbe(serving.readinessProbe),
    stopSignal: typeof lifecycle.stopSignal === 'string' ? lifecycle.stopSignal : 'SIGTERM (unless the image sets another)',
  };
}

function describeHandler(handler: unknown): string {
  if (!isRecord(handler)) return 'none';
  if (isRecord(handler.sleep)) return `sleep ${String(handler.sleep.seconds)}s (native)`;
  if (isRecord(handler.exec) && Array.isArray(handler.exec.command)) return `exec ${handler.exec.command.map((a) => JSON.stringify(String(a))).join(' ')}`;
  if (isRecord(handler.httpGet)) return `HTTP GET ${String(handler.httpGet.path ?? '/')}`;
  return 'set';
}

function describeProbe(probe: unknown): string {
  if (!isRecord(probe)) return 'none';
  const how = isRecord(probe.httpGet) ? `HTTP GET ${String(probe.httpGet.path ?? '/')}` : isRecord(probe.tcpSocket) ? 'TCP' : isRecord(probe.exec) ? 'exec' : isRecord(probe.grpc) ? 'gRPC' : 'set';
  return `${how} every ${typeof probe.periodSeconds === 'number' ? probe.periodSeconds : 10}s`;
}
