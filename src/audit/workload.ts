import type { Container, PodSpec } from '../core';
import { malformedFields } from './malformed-fields';
import { formatFieldPath, getPath, isRecord, stringRecord, type FieldPath } from './object-path';

/** The kinds the audit reads; Jobs and CronJobs run to completion and are skipped. */
export type AuditedKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Pod';

/**
 * Every {@link AuditedKind}: the kinds whose pods the audit plans a shutdown for.
 * @internal
 */
export const AUDITED_KINDS: readonly AuditedKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Pod'];

/** Where an object came from. */
export interface SourceLocation {
  /** The file as given on the command line (`-` for stdin). */
  readonly file: string;
  /** 1-based line of the object's first line. */
  readonly line: number;
}

/** One workload read from a manifest, with what the rules need. Plain data. */
export interface AuditedWorkload {
  /** The object's kind. */
  readonly kind: AuditedKind;
  /** `metadata.name`, or `(unnamed)`. */
  readonly name: string;
  /** `undefined` when the manifest leaves it to `kubectl apply -n`. */
  readonly namespace?: string;
  /** The file and the 1-based line where the object starts. */
  readonly source: SourceLocation;
  /** The whole object as parsed. */
  readonly object: Record<string, unknown>;
  /** Where the pod spec sits in the object: `['spec', 'template', 'spec']`, or `['spec']` for a Pod. */
  readonly podSpecPath: FieldPath;
  /** The pod spec at `podSpecPath`, as the core planner reads it. */
  readonly podSpec: PodSpec;
  /** The pod template's labels (what Services, PDBs and autoscalers select). */
  readonly podLabels: Readonly<Record<string, string>>;
  /**
   * `spec.replicas` as written; `undefined` when it is omitted (apps/v1 defaults it to 1) or the kind
   * has none (DaemonSet, Pod).
   */
  readonly replicas?: number;
}

/**
 * The object's kind when the audit reads it.
 * @internal
 */
export function auditedKindOf(object: Record<string, unknown>): AuditedKind | undefined {
  return AUDITED_KINDS.find((k) => k === object.kind);
}

/**
 * Reads an {@link AuditedWorkload} from a parsed object of an audited kind, or explains why it
 * cannot (a missing pod spec or containers list).
 * @internal
 */
export function workloadFromObject(
  kind: AuditedKind,
  object: Record<string, unknown>,
  source: SourceLocation,
): AuditedWorkload | { readonly problem: string; readonly path?: FieldPath } {
  const podSpecPath: FieldPath = kind === 'Pod' ? ['spec'] : ['spec', 'template', 'spec'];
  const podSpec = getPath(object, podSpecPath);
  if (!isRecord(podSpec) || !Array.isArray(podSpec.containers)) {
    return { problem: `${kind} has no ${podSpecPath.join('.')}.containers list` };
  }
  const [malformed] = malformedFields(object, podSpecPath, podSpec);
  if (malformed !== undefined) {
    return {
      problem: `${kind} ${nameOf(object)}: ${formatFieldPath(malformed.path)} is ${malformed.value}, but Kubernetes takes ${malformed.expected} there; ` +
        'fix the value (the API server would refuse this object)',
      path: malformed.path,
    };
  }
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const labelsPath = kind === 'Pod' ? ['metadata', 'labels'] : ['spec', 'template', 'metadata', 'labels'];
  const labels = getPath(object, labelsPath);
  const spec = isRecord(object.spec) ? object.spec : {};
  const replicas = kind === 'Pod' || kind === 'DaemonSet' || typeof spec.replicas !== 'number' ? undefined : spec.replicas;
  return {
    kind,
    name: nameOf(object),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    source,
    object,
    podSpecPath,
    podSpec: { ...podSpec, containers: podSpec.containers as Container[] },
    podLabels: stringRecord(labels),
    ...(replicas !== undefined ? { replicas } : {}),
  };
}

/**
 * `metadata.name`, or `(unnamed)`.
 * @internal
 */
export function nameOf(object: Record<string, unknown>): string {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  return typeof metadata.name === 'string' ? metadata.name : '(unnamed)';
}

/**
 * `spec.template.spec.containers[i]` (or `spec.containers[i]` for a Pod).
 * @internal
 */
export function containerPath(workload: AuditedWorkload, index: number, ...rest: Array<string | number>): FieldPath {
  return [...workload.podSpecPath, 'containers', index, ...rest];
}

/**
 * Sidecars injected by service meshes: the mesh manages their shutdown, not the workload's author.
 * @internal
 */
export const MESH_PROXIES: ReadonlySet<string> = new Set(['istio-proxy', 'linkerd-proxy']);

/**
 * The indexes of the containers that serve traffic: those that declare `ports` (mesh proxies
 * excluded); when none declares ports, the first container (a Service may target a port the
 * container never declared).
 * @internal
 */
export function servingContainerIndexes(workload: AuditedWorkload): number[] {
  const containers = workload.podSpec.containers;
  const serving = containers
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => Array.isArray(c.ports) && c.ports.length > 0 && !MESH_PROXIES.has(c.name))
    .map(({ i }) => i);
  return serving.length > 0 || containers.length === 0 ? serving : [0];
}

/**
 * Kubernetes' default `terminationGracePeriodSeconds` when the pod spec omits it
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
 * @internal
 */
export const KUBERNETES_DEFAULT_GRACE_SECONDS = 30;

/**
 * The pod's grace period and whether the manifest set it.
 * @internal
 */
export function gracePeriodOf(workload: AuditedWorkload): { readonly seconds: number; readonly declared: boolean } {
  const value = workload.podSpec.terminationGracePeriodSeconds;
  return typeof value === 'number' ? { seconds: value, declared: true } : { seconds: KUBERNETES_DEFAULT_GRACE_SECONDS, declared: false };
}
