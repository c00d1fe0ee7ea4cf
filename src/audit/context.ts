import type { DurationInput, KubernetesVersionInput } from '../core';
import { getPath, isRecord, stringRecord } from './object-path';
import type { AuditedWorkload } from './workload';

/** A Service, PodDisruptionBudget or HorizontalPodAutoscaler found in the same input. */
export interface Selecting {
  /** `Service`, `PodDisruptionBudget` or `HorizontalPodAutoscaler`. */
  readonly kind: string;
  /** `metadata.name`, or `(unnamed)`. */
  readonly name: string;
  /** `metadata.namespace`; `undefined` when the manifest leaves it to `kubectl apply -n`. */
  readonly namespace?: string;
}

/** A Service of the input: what decides whether, and to which ports, it routes requests to a workload's pods. */
export interface ServiceFacts extends Selecting {
  /** `spec.selector`; a Service without one routes to nothing the audit can see. */
  readonly selector: Readonly<Record<string, string>>;
  /** `spec.ports`: each port's name and the pod port it targets (`targetPort`, defaulting to `port`). */
  readonly ports: ReadonlyArray<{ readonly name?: string; readonly targetPort: number | string }>;
  /** `spec.type` (`ClusterIP` when omitted). */
  readonly type: string;
  /** `spec.externalTrafficPolicy: Local`. */
  readonly localTrafficPolicy: boolean;
  /** `spec.publishNotReadyAddresses: true`: terminating and unready pods stay in the endpoints. */
  readonly publishNotReadyAddresses: boolean;
  /** `metadata.annotations`, for load balancer settings. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** A ConfigMap of the input, for settings apps read from it (Spring's application.yaml, CoreDNS's Corefile). */
export interface ConfigMapFacts {
  /** `metadata.name`, or `(unnamed)`. */
  readonly name: string;
  /** `metadata.namespace`; `undefined` when the manifest leaves it to `kubectl apply -n`. */
  readonly namespace?: string;
  /** `data`, string values only. */
  readonly data: Readonly<Record<string, string>>;
}

/** A PodDisruptionBudget of the input. */
export interface PodDisruptionBudgetFacts extends Selecting {
  /** `spec.selector.matchLabels` (matchExpressions are not evaluated). */
  readonly matchLabels: Readonly<Record<string, string>>;
}

/** A HorizontalPodAutoscaler of the input. */
export interface AutoscalerFacts extends Selecting {
  /** `spec.scaleTargetRef.kind`, e.g. `Deployment` (empty when omitted). */
  readonly targetKind: string;
  /** `spec.scaleTargetRef.name` (empty when omitted). */
  readonly targetName: string;
  /** `spec.minReplicas`, which defaults to 1 (autoscaling/v2 HorizontalPodAutoscalerSpec). */
  readonly minReplicas: number;
}

/** What the audit assumes where a manifest says nothing. Each is fed to `planShutdown`. */
export interface AuditAssumptions {
  /**
   * The oldest Kubernetes version the manifests run on (chooses the preStop mechanism in fixes).
   * @default '1.30' (the planner's default)
   */
  readonly kubernetesVersion?: KubernetesVersionInput;
  /**
   * The app's shutdown time when no env or flag of the container declares it.
   * @default 30 seconds (Spring Boot's default phase timeout and Kubernetes' default grace period)
   */
  readonly appShutdownTimeout?: DurationInput;
  /**
   * The drain delay suggested when a container has no preStop wait.
   * @default the planner's default (5 seconds)
   */
  readonly drainDelay?: DurationInput;
}

/** Everything else in the input a rule may consult about a workload. */
export interface AuditContext {
  /** Every Service of the input, in every namespace. */
  readonly services: readonly ServiceFacts[];
  /** Every PodDisruptionBudget of the input, in every namespace. */
  readonly podDisruptionBudgets: readonly PodDisruptionBudgetFacts[];
  /** Every HorizontalPodAutoscaler of the input, in every namespace. */
  readonly autoscalers: readonly AutoscalerFacts[];
  /** What to assume where a manifest says nothing (`{}` keeps every default). */
  readonly assumptions: AuditAssumptions;
  /** ConfigMaps of the input. @default none */
  readonly configMaps?: readonly ConfigMapFacts[];
  /**
   * `namespace/name` of every Service a Validating- or MutatingWebhookConfiguration of the input
   * names (`webhooks[].clientConfig.service`). @default none
   */
  readonly webhookServices?: ReadonlySet<string>;
  /** Every workload of the input (to count the pods behind a Service). @default none */
  readonly workloads?: readonly AuditedWorkload[];
  /**
   * `namespace/name` of every Service an Ingress or a Gateway API route of the input sends requests to
   * (`backend.service.name`, `defaultBackend`, `backendRefs` of kind Service), with the object that does. @default none
   */
  readonly exposedServices?: ReadonlyMap<string, string>;
  /** PersistentVolumeClaims of the input, for the role of the pods that mount them. @default none */
  readonly claims?: readonly ClaimFacts[];
  /** Images the user declares to drain by themselves (`--config selfDraining`). @default none */
  readonly selfDrainingImages?: readonly SelfDrainingImage[];
}

/** A PersistentVolumeClaim of the input. */
export interface ClaimFacts {
  /** `metadata.name`, or `(unnamed)`. */
  readonly name: string;
  /** `metadata.namespace`. */
  readonly namespace?: string;
  /** `spec.accessModes`, e.g. `['ReadWriteOnce']`. */
  readonly accessModes: readonly string[];
}

/**
 * An image that keeps serving for a while after the stop signal, then stops by itself: what a preStop sleep
 * would do, done by the app. Declared by the user (config) or known to the project (src/audit/images.ts).
 */
export interface SelfDrainingImage {
  /** The image repository, without tag or digest (`registry.example/team/proxy`); matched exactly. */
  readonly image: string;
  /** How long it keeps serving after the stop signal, in seconds. */
  readonly seconds: number;
  /** Where that is documented (a URL, a file and function, or `estimate`). */
  readonly source: string;
}

/**
 * The assumed app shutdown timeout when the manifest does not declare one.
 * @internal
 */
export const ASSUMED_APP_SHUTDOWN_SECONDS = 30;

/**
 * An empty context (no Services, PDBs or autoscalers; default assumptions).
 * @internal
 */
export function emptyContext(assumptions: AuditAssumptions = {}): AuditContext {
  return { services: [], podDisruptionBudgets: [], autoscalers: [], assumptions };
}

/**
 * Reads a Service, PDB or HPA from a parsed object; `undefined` for any other kind.
 * https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service (selector),
 * https://kubernetes.io/docs/tasks/run-application/configure-pdb/ (selector),
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ (scaleTargetRef, minReplicas default 1)
 * @internal
 */
export function selectingObjectOf(object: Record<string, unknown>): ServiceFacts | PodDisruptionBudgetFacts | AutoscalerFacts | undefined {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const base: Selecting = {
    kind: String(object.kind),
    name: typeof metadata.name === 'string' ? metadata.name : '(unnamed)',
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
  };
  switch (object.kind) {
    case 'Service':
      return {
        ...base,
        selector: stringRecord(getPath(object, ['spec', 'selector'])),
        ports: servicePortsOf(getPath(object, ['spec', 'ports'])),
        type: String(getPath(object, ['spec', 'type']) ?? 'ClusterIP'),
        localTrafficPolicy: getPath(object, ['spec', 'externalTrafficPolicy']) === 'Local',
        publishNotReadyAddresses: getPath(object, ['spec', 'publishNotReadyAddresses']) === true,
        annotations: stringRecord(metadata.annotations),
      } satisfies ServiceFacts;
    case 'PodDisruptionBudget':
      return { ...base, matchLabels: stringRecord(getPath(object, ['spec', 'selector', 'matchLabels'])) } satisfies PodDisruptionBudgetFacts;
    case 'HorizontalPodAutoscaler': {
      const min = getPath(object, ['spec', 'minReplicas']);
      return {
        ...base,
        targetKind: String(getPath(object, ['spec', 'scaleTargetRef', 'kind']) ?? ''),
        targetName: String(getPath(object, ['spec', 'scaleTargetRef', 'name']) ?? ''),
        minReplicas: Number.isInteger(min) && (min as number) >= 0 ? (min as number) : 1,
      } satisfies AutoscalerFacts;
    }
    default:
      return undefined;
  }
}

/** `spec.ports` of a Service: `targetPort` defaults to `port` (core/v1 ServicePort). */
function servicePortsOf(value: unknown): ServiceFacts['ports'] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((p) => {
    const target = typeof p.targetPort === 'string' || typeof p.targetPort === 'number' ? p.targetPort : p.port;
    return {
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      targetPort: typeof target === 'string' || typeof target === 'number' ? target : -1,
    };
  });
}

/**
 * A PersistentVolumeClaim's name, namespace and access modes, or `undefined` for another kind.
 * @internal
 */
export function claimOf(object: Record<string, unknown>): ClaimFacts | undefined {
  if (object.kind !== 'PersistentVolumeClaim') return undefined;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const modes = getPath(object, ['spec', 'accessModes']);
  return {
    name: typeof metadata.name === 'string' ? metadata.name : '(unnamed)',
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    accessModes: Array.isArray(modes) ? modes.map(String) : [],
  };
}

/** Gateway API route kinds whose `spec.rules[].backendRefs` name Services (gateway.networking.k8s.io). */
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute']);

/**
 * The kinds {@link exposedServicesOf} reads.
 * @internal
 */
export const EXPOSING_KINDS: readonly string[] = ['Ingress', ...ROUTE_KINDS];

/**
 * The Services (`namespace/name`, namespace empty when the object leaves it to `kubectl apply -n`) an
 * Ingress (networking.k8s.io/v1 `spec.defaultBackend.service.name`, `spec.rules[].http.paths[].backend.service.name`)
 * or a Gateway API route (`spec.rules[].backendRefs[]`, kind Service by default, `namespace` defaulting to the
 * route's) sends requests to.
 * @internal
 */
export function exposedServicesOf(object: Record<string, unknown>): string[] {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  const rules = getPath(object, ['spec', 'rules']);
  const list = Array.isArray(rules) ? rules : [];
  if (object.kind === 'Ingress') {
    const names: unknown[] = [getPath(object, ['spec', 'defaultBackend', 'service', 'name'])];
    for (const rule of list) {
      const paths = getPath(rule, ['http', 'paths']);
      for (const path of Array.isArray(paths) ? paths : []) names.push(getPath(path, ['backend', 'service', 'name']));
    }
    return names.filter((n): n is string => typeof n === 'string').map((n) => `${namespace}/${n}`);
  }
  if (!ROUTE_KINDS.has(String(object.kind))) return [];
  const found: string[] = [];
  for (const rule of list) {
    const refs = isRecord(rule) && Array.isArray(rule.backendRefs) ? rule.backendRefs : [];
    for (const ref of refs) {
      if (!isRecord(ref) || typeof ref.name !== 'string') continue;
      if (ref.kind !== undefined && ref.kind !== 'Service') continue;
      if (ref.group !== undefined && ref.group !== '' && ref.group !== 'core') continue;
      found.push(`${typeof ref.namespace === 'string' ? ref.namespace : namespace}/${ref.name}`);
    }
  }
  return found;
}

/**
 * The object of `exposed` that sends requests to `service`, if any (namespaces compared as {@link sameNamespace} does).
 * @internal
 */
export function exposerOf(service: Selecting, context: AuditContext): string | undefined {
  for (const [key, by] of context.exposedServices ?? new Map<string, string>()) {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    if (key.slice(slash + 1) === service.name && (namespace === '' || service.namespace === undefined || namespace === service.namespace)) return by;
  }
  return undefined;
}

/**
 * A ConfigMap's name, namespace and string data, or `undefined` for another kind.
 * @internal
 */
export function configMapOf(object: Record<string, unknown>): ConfigMapFacts | undefined {
  if (object.kind !== 'ConfigMap') return undefined;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const data: Record<string, string> = {};
  if (isRecord(object.data)) for (const [k, v] of Object.entries(object.data)) if (typeof v === 'string') data[k] = v;
  return {
    name: typeof metadata.name === 'string' ? metadata.name : '(unnamed)',
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    data,
  };
}

/**
 * The Services a webhook configuration calls (`webhooks[].clientConfig.service`, namespace/name),
 * admissionregistration.k8s.io/v1.
 * @internal
 */
export function webhookServicesOf(object: Record<string, unknown>): string[] {
  if (object.kind !== 'ValidatingWebhookConfiguration' && object.kind !== 'MutatingWebhookConfiguration') return [];
  const webhooks = Array.isArray(object.webhooks) ? object.webhooks : [];
  return webhooks.flatMap((w) => {
    const service = getPath(w, ['clientConfig', 'service']);
    return isRecord(service) && typeof service.name === 'string' ? [`${String(service.namespace ?? '')}/${service.name}`] : [];
  });
}

/**
 * True when every key of a non-empty `selector` has the same value in `labels`.
 * @internal
 */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/**
 * Namespaces match when equal, or when either side leaves it to `kubectl apply -n`.
 * @internal
 */
export function sameNamespace(a: { readonly namespace?: string }, b: { readonly namespace?: string }): boolean {
  return a.namespace === undefined || b.namespace === undefined || a.namespace === b.namespace;
}

/**
 * The PDBs in the input that select the workload's pods.
 * @internal
 */
export function budgetsFor(workload: AuditedWorkload, context: AuditContext): PodDisruptionBudgetFacts[] {
  return context.podDisruptionBudgets.filter((p) => sameNamespace(p, workload) && selects(p.matchLabels, workload.podLabels));
}

/**
 * The autoscaler in the input that scales the workload, if any.
 * @internal
 */
export function autoscalerFor(workload: AuditedWorkload, context: AuditContext): AutoscalerFacts | undefined {
  return context.autoscalers.find((h) => sameNamespace(h, workload) && h.targetKind === workload.kind && h.targetName === workload.name);
}
