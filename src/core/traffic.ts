import { toWholeSeconds, type DurationInput } from './duration';
import { GracefulConfigError, describeValue } from './errors';

/**
 * A router that sends traffic to the pods. Each has a lag: how long it keeps sending new requests
 * to a pod after the pod turned Terminating. The drain delay must cover the slowest one.
 * The default lags are conservative figures; measure yours and set `lag`.
 */
export type TrafficSource =
  | { readonly kind: 'kube-proxy'; readonly lag?: DurationInput }
  | { readonly kind: 'ingress-nginx'; readonly lag?: DurationInput }
  | LoadBalancerTrafficSource
  | { readonly kind: 'alibaba-clb'; readonly lag?: DurationInput }
  | { readonly kind: 'alibaba-nlb'; readonly lag?: DurationInput }
  | NacosTrafficSource;

/** A cloud load balancer whose controller can hold new pods unready until their target is healthy. */
export interface LoadBalancerTrafficSource {
  /**
   * The load balancer: `aws-alb` (AWS Load Balancer Controller, Ingress), `aws-nlb` (AWS Load Balancer
   * Controller, Service) or `gke-neg` (GKE container-native load balancing).
   */
  readonly kind: 'aws-alb' | 'aws-nlb' | 'gke-neg';
  /** How long the load balancer keeps sending new requests to a terminating pod. */
  readonly lag?: DurationInput;
  /**
   * Whether new pods carry the load balancer's readiness gate, so a pod is Ready only once its target is
   * registered and healthy. AWS Load Balancer Controller (ALB and NLB alike, IP targets): its webhook injects the
   * gate only into pods of a namespace labelled `elbv2.k8s.aws/pod-readiness-gate-inject: enabled` (LBC docs,
   * "Pod readiness gate"); the plan lists the label in `namespaceLabels` and warns (`namespace-label`), since
   * nothing graceful-k8s renders creates it. Set `false` when the namespace cannot be labelled: `minReadySeconds`
   * then covers the registration (ALB 30 s, NLB 120 s, estimates). GKE injects
   * `cloud.google.com/load-balancer-neg-ready` itself for container-native load balancing.
   * @default true (the gate is assumed: label the namespace)
   */
  readonly readinessGate?: boolean;
}

/** A Nacos service registry: the pod deregisters itself in preStop, then clients' caches expire. */
export interface NacosTrafficSource {
  /** A Nacos service registry. */
  readonly kind: 'nacos';
  /** Nacos server `host:port`, e.g. `nacos.infra:8848`. Required. */
  readonly serverAddr: string;
  /** The registered service name. Required. */
  readonly serviceName: string;
  /** The port the instance is registered with. Required. */
  readonly port: number;
  /**
   * The Nacos namespace id.
   * @default 'public'
   */
  readonly namespaceId?: string;
  /**
   * How long Nacos clients cache the instance list, plus their refresh. This is the lag.
   * @default 35 seconds (client cache 30 s + refresh, as in the field)
   */
  readonly lag?: DurationInput;
}

/** Every traffic kind, in the order the docs list them: the CLI's choices and the messages derive from it. */
export const TRAFFIC_KINDS = ['kube-proxy', 'ingress-nginx', 'aws-alb', 'aws-nlb', 'gke-neg', 'alibaba-clb', 'alibaba-nlb', 'nacos'] as const;

/** The kind of a router the plan knows a lag for (see {@link TrafficSource}). */
export type TrafficKind = (typeof TRAFFIC_KINDS)[number];

/** Compile-time check: TRAFFIC_KINDS and the TrafficSource union name the same kinds. */
type SameKinds<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _trafficKindsMatch: SameKinds<TrafficKind, TrafficSource['kind']> = true;
void _trafficKindsMatch;

/** Where an annotation goes. */
export type AnnotationTarget = 'Service' | 'Ingress' | 'Namespace';

/** Annotations (or labels, for a Namespace) a traffic source needs on an object the user or the adapter owns. */
export interface TrafficAnnotations {
  /** The traffic source that needs them. */
  readonly source: TrafficKind;
  /** The object they go on: the Service, the Ingress, or the Namespace (as labels). */
  readonly target: AnnotationTarget;
  /** The annotations (labels, for a Namespace), with the plan's numbers filled in (draining timeouts in seconds). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Why, and anything that cannot be expressed as an annotation. */
  readonly note: string;
  /**
   * The Service type the annotations take effect on (Service targets only): a load-balancer
   * controller reconciles only Services of type `LoadBalancer`, so on a `ClusterIP` Service the
   * annotations are silently ignored.
   * @default any type
   */
  readonly serviceType?: 'LoadBalancer';
}

/**
 * A traffic source after validation: its lag in seconds and what it needs.
 * @internal
 */
export interface ResolvedTraffic {
  readonly kind: TrafficKind;
  readonly lagSeconds: number;
  /** Why this lag (with the source of the default). */
  readonly lagReason: string;
  /**
   * How long after a new pod is Ready the router may still not send it requests (it has not registered the
   * new target yet). 0 when the router only routes to Ready endpoints or a readiness gate holds the pod.
   */
  readonly registrationLagSeconds: number;
  /** Why this registration lag. */
  readonly registrationReason: string;
  /**
   * The namespace label that makes the load balancer's controller inject its readiness gate, when the plan assumes
   * the gate (aws-alb, aws-nlb without `readinessGate: false`); the plan lists it and warns that it must be set.
   */
  readonly gateNamespaceLabel?: string;
  /** For Nacos: the deregistration call preStop makes before the drain sleep. */
  readonly deregistration?: { readonly script: string; readonly budgetSeconds: number };
}

interface TrafficDefaults {
  readonly lagSeconds: number;
  readonly reason: string;
  /**
   * Registration: how long after a new pod is Ready the router may still not route to it, without a readiness
   * gate; `gate` names the readiness gate that closes that window where the router has one.
   */
  readonly registration: { readonly seconds: number; readonly reason: string; readonly gate?: string; readonly gateNamespaceLabel?: string };
}

/**
 * The AWS Load Balancer Controller's webhook injects its target-health readiness gate only into new pods of a namespace
 * carrying this label, for ALB and NLB alike and only with IP targets
 * (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/). Without it a rollout can
 * leave the target group with only initial and draining targets: an outage of about the registration time, measured
 * at 127-128 s on an NLB in IP mode (AWS China blog, "Use the readiness gate to solve the service interruption caused
 * by the rolling upgrade of EKS pods"). The injected gate's condition type starts with `target-health.elbv2.k8s.aws`
 * (`TargetHealthPodConditionTypePrefix` in the controller's source).
 */
const AWS_READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';

/**
 * kube-proxy and ingress controllers route only to endpoints that are Ready in the EndpointSlice (the
 * EndpointSlice controller sets `conditions.ready` from the pod's Ready condition, `podutil.IsPodReady` in
 * kubernetes `staging/src/k8s.io/endpointslice/utils.go`), so a new pod gets nothing before it can serve, and
 * minReadySeconds would not keep it out of a Service anyway (it only delays counting the pod available,
 * kubernetes.io "Deployments": minReadySeconds).
 */
const ROUTES_READY_ENDPOINTS = 'it routes only to endpoints Ready in the EndpointSlice, so a Ready pod is routed to as soon as it is known: nothing to wait for';

/* Default lags, each with its reason and source, or marked an estimate. */
const DEFAULT_LAG: Record<TrafficKind, TrafficDefaults> = {
  'kube-proxy': {
    lagSeconds: 5,
    reason: 'conservative estimate (no upstream figure): the EndpointSlice controller marks the endpoint terminating (podToEndpoint, ' +
      'k8s.io/endpointslice utils.go) and kube-proxy rewrites rules on every node no more often than its minSyncPeriod (1 s by default); ' +
      'about 1-2 s in a quiet cluster, more under API server load (https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions)',
    registration: { seconds: 0, reason: ROUTES_READY_ENDPOINTS },
  },
  'ingress-nginx': {
    lagSeconds: 10,
    reason: 'conservative estimate (no upstream figure): ingress-nginx updates its upstreams without a reload; the controller syncs at most ' +
      '0.3 times a second (--sync-rate-limit) and each nginx worker picks the backends up within 1 s (rootfs/etc/nginx/lua/balancer.lua, ' +
      'BACKENDS_SYNC_INTERVAL), after the endpoint change itself: about 1-5 s',
    registration: { seconds: 0, reason: ROUTES_READY_ENDPOINTS },
  },
  'aws-alb': {
    lagSeconds: 30,
    reason: 'estimate (AWS publishes no figure): the AWS Load Balancer Controller deregisters the IP target after the endpoint changes and the ALB ' +
      'stops routing to it once that propagated (https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html); field reports: 25-70 s ' +
      '(kubernetes-sigs/aws-load-balancer-controller#1064, #2106), about 2 minutes in some setups (#3270): measure yours and set lag',
    registration: {
      seconds: 30,
      gate: 'target-health.elbv2.k8s.aws',
      gateNamespaceLabel: AWS_READINESS_GATE_LABEL,
      reason: 'estimate: registration, then 2 health checks 15 s apart (the controller\'s healthy-threshold-count and interval defaults)',
    },
  },
  'aws-nlb': {
    lagSeconds: 120,
    reason: 'AWS: "It can take a few minutes for the deregistration process to complete and for the load balancer to stop routing requests to the ' +
      'target" (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html); IP targets measured at ' +
      'least 2 minutes (kubernetes-sigs/aws-load-balancer-controller#2366): measure yours and set lag',
    registration: {
      seconds: 120,
      gate: 'target-health.elbv2.k8s.aws',
      gateNamespaceLabel: AWS_READINESS_GATE_LABEL,
      reason: 'AWS: "It can take a few minutes for the registration process to complete and health checks to start" (target-group-register-targets.html); 120 s is an estimate',
    },
  },
  'gke-neg': {
    lagSeconds: 30,
    reason: 'estimate (no documented figure; 10-30 s reported, up to 60 s): container-native load balancing detaches the endpoint from the NEG after ' +
      'the EndpointSlice changes and the Google front end follows (https://cloud.google.com/load-balancing/docs/enabling-connection-draining)',
    registration: {
      seconds: 30,
      gate: 'cloud.google.com/load-balancer-neg-ready',
      reason: 'estimate: a new endpoint joins the NEG and passes health checks with about the lag an old one is removed',
    },
  },
  'alibaba-clb': {
    lagSeconds: 15,
    reason: 'estimate: the Alibaba Cloud CCM removes the backend from the CLB after the endpoint changes; no documented figure',
    registration: { seconds: 15, reason: 'estimate: the CCM adds a new backend with about the lag it removes an old one (no readiness gate)' },
  },
  'alibaba-nlb': {
    lagSeconds: 15,
    reason: 'estimate: the Alibaba Cloud CCM removes the backend from the NLB after the endpoint changes; no documented figure',
    registration: { seconds: 15, reason: 'estimate: the CCM adds a new backend with about the lag it removes an old one (no readiness gate)' },
  },
  'nacos': {
    lagSeconds: 35,
    reason: 'conservative estimate: Nacos 2.x pushes changes to subscribers over gRPC (about 1 s) but falls back to polling (Nacos 1.x every ' +
      '10 s; client ServiceInfoUpdateService) and consumer-side load-balancer caches add their own TTL (30 s in the field, from the seeds)',
    registration: {
      seconds: 0,
      reason: 'an old instance keeps serving for the drain delay after it deregistered, which covers the clients\' refresh that brings them the new one',
    },
  },
};

/**
 * Lifecycle notes on a router, said once in explain() (a decision, not a warning: the plan stays right for it).
 * ingress-nginx: Kubernetes SIG Network and the Security Response Committee retired it; best-effort maintenance ended in
 * March 2026, with no further releases, bug fixes or security patches (the kubernetes/ingress-nginx README; kubernetes.io
 * blog "Ingress NGINX Retirement: What You Need to Know", 2025-11-11). Existing installations keep working, so the preset
 * and its lag stay.
 * @internal
 */
export const TRAFFIC_NOTES: Partial<Record<TrafficKind, { readonly value: string; readonly reason: string }>> = {
  'ingress-nginx': {
    value: 'retired',
    reason: 'the ingress-nginx project is retired: best-effort maintenance ended in March 2026, with no further releases or security fixes ' +
      '(kubernetes/ingress-nginx README; kubernetes.io blog "Ingress NGINX Retirement", 2025-11-11). Running controllers keep working and the ' +
      'preset still plans for them; plan a move to a maintained controller (a Gateway API implementation, or another Ingress controller)',
  },
};

/**
 * How long the Nacos deregistration call may take (curl `-m`), counted in the grace period.
 * @internal
 */
export const NACOS_DEREGISTRATION_BUDGET_SECONDS = 5;


/**
 * Validates traffic sources (objects or bare kinds). Part of the one validation step.
 * @internal
 */
export function resolveTraffic(sources: ReadonlyArray<TrafficSource | TrafficKind> | undefined): ResolvedTraffic[] {
  if (sources === undefined) return [];
  if (!Array.isArray(sources)) {
    throw new GracefulConfigError('traffic', sources, `must be a list of traffic sources, got ${describeValue(sources)}; e.g. ['kube-proxy', { kind: 'aws-alb' }]`);
  }
  return sources.map((entry, i) => resolveOne(`traffic[${i}]`, typeof entry === 'string' ? ({ kind: entry } as TrafficSource) : entry));
}

function resolveOne(field: string, source: TrafficSource): ResolvedTraffic {
  if (source == null || typeof source !== 'object' || !(TRAFFIC_KINDS as readonly unknown[]).includes(source.kind)) {
    throw new GracefulConfigError(
      `${field}.kind`,
      (source as { kind?: unknown } | null)?.kind ?? source,
      `must be one of ${TRAFFIC_KINDS.map((k) => `'${k}'`).join(', ')}, got ${describeValue((source as { kind?: unknown } | null)?.kind ?? source)}`,
    );
  }
  const defaults = DEFAULT_LAG[source.kind];
  const lagSeconds = source.lag === undefined ? defaults.lagSeconds : toWholeSeconds(`${field}.lag`, source.lag);
  const lagReason = source.lag === undefined ? defaults.reason : 'set by the user';
  const registration = resolveRegistration(field, source, defaults);
  if (source.kind !== 'nacos') return { kind: source.kind, lagSeconds, lagReason, ...registration };
  return { kind: 'nacos', lagSeconds, lagReason, ...registration, deregistration: nacosDeregistration(field, source) };
}

function resolveRegistration(
  field: string,
  source: TrafficSource,
  defaults: TrafficDefaults,
): Pick<ResolvedTraffic, 'registrationLagSeconds' | 'registrationReason' | 'gateNamespaceLabel'> {
  const gate = defaults.registration.gate;
  const readinessGate = (source as LoadBalancerTrafficSource).readinessGate;
  if (readinessGate !== undefined && (typeof readinessGate !== 'boolean' || gate === undefined)) {
    throw new GracefulConfigError(
      `${field}.readinessGate`,
      readinessGate,
      gate === undefined
        ? `applies only to aws-alb, aws-nlb and gke-neg (load balancers with a pod readiness gate); remove it from ${source.kind}`
        : `must be true or false, got ${describeValue(readinessGate)}`,
    );
  }
  if (gate !== undefined && readinessGate !== false) {
    const label = defaults.registration.gateNamespaceLabel;
    return {
      registrationLagSeconds: 0,
      registrationReason: `${source.kind}: the readiness gate ${gate} keeps a new pod unready until its target is registered and healthy` +
        (label ? ` (injected only in a namespace labelled ${label}=enabled: see the namespace-label warning)` : ''),
      ...(label ? { gateNamespaceLabel: label } : {}),
    };
  }
  return {
    registrationLagSeconds: defaults.registration.seconds,
    registrationReason: `${source.kind}${gate ? ' without a readiness gate' : ''}: ${defaults.registration.reason}`,
  };
}

/**
 * Marks the instance disabled (`PUT /nacos/v1/ns/instance` with `enabled=false`, Nacos Open API) so
 * clients stop choosing it; an ephemeral instance deleted instead would be re-registered by the
 * client's next heartbeat. `;` after the call, not `&&`: the drain must happen even if it fails.
 */
function nacosDeregistration(field: string, source: NacosTrafficSource): { script: string; budgetSeconds: number } {
  const text = /^[A-Za-z0-9._:-]+$/;
  if (typeof source.serverAddr !== 'string' || !text.test(source.serverAddr)) {
    throw new GracefulConfigError(`${field}.serverAddr`, source.serverAddr, `must be host:port, got ${describeValue(source.serverAddr)}; e.g. 'nacos.infra:8848'`);
  }
  if (typeof source.serviceName !== 'string' || !text.test(source.serviceName)) {
    throw new GracefulConfigError(`${field}.serviceName`, source.serviceName, `must be a Nacos service name (letters, digits, . _ : -), got ${describeValue(source.serviceName)}`);
  }
  if (!Number.isInteger(source.port) || source.port < 1 || source.port > 65535) {
    throw new GracefulConfigError(`${field}.port`, source.port, `must be a port number from 1 to 65535, got ${describeValue(source.port)}`);
  }
  const namespaceId = source.namespaceId ?? 'public';
  if (typeof namespaceId !== 'string' || !text.test(namespaceId)) {
    throw new GracefulConfigError(`${field}.namespaceId`, source.namespaceId, `must be a Nacos namespace id, got ${describeValue(source.namespaceId)}`);
  }
  const query = `serviceName=${source.serviceName}&ip=\${POD_IP}&port=${source.port}&enabled=false&namespaceId=${namespaceId}`;
  return {
    script: `curl -s -m ${NACOS_DEREGISTRATION_BUDGET_SECONDS} -X PUT "http://${source.serverAddr}/nacos/v1/ns/instance?${query}"`,
    budgetSeconds: NACOS_DEREGISTRATION_BUDGET_SECONDS,
  };
}

/** Provider limits for the connection-draining timeout a load balancer accepts, in seconds. */
const DRAIN_TIMEOUT_RANGE: Partial<Record<TrafficKind, readonly [number, number]>> = {
  'aws-alb': [0, 3600],
  'aws-nlb': [0, 3600],
  'gke-neg': [0, 3600],
  'alibaba-clb': [10, 900],
  'alibaba-nlb': [0, 900],
};

/**
 * The draining timeout for a load balancer: the pod's whole grace period, clamped to the provider's range.
 * @internal
 */
export function drainTimeoutFor(kind: TrafficKind, gracePeriodSeconds: number): { seconds: number; clamped: boolean } {
  const range = DRAIN_TIMEOUT_RANGE[kind];
  if (!range) return { seconds: gracePeriodSeconds, clamped: false };
  const seconds = Math.min(Math.max(gracePeriodSeconds, range[0]), range[1]);
  return { seconds, clamped: seconds !== gracePeriodSeconds };
}

/**
 * The annotations each source needs, with the plan's numbers. A load balancer keeps in-flight
 * connections to a deregistered target for its draining timeout: the plan sets it to the grace
 * period, so connections live exactly as long as the pod may.
 * @internal
 */
export function trafficAnnotations(traffic: readonly ResolvedTraffic[], gracePeriodSeconds: number): TrafficAnnotations[] {
  const out: TrafficAnnotations[] = [];
  for (const source of traffic) {
    const drain = drainTimeoutFor(source.kind, gracePeriodSeconds).seconds;
    switch (source.kind) {
      case 'aws-alb':
        out.push({
          source: source.kind,
          target: 'Ingress',
          annotations: {
            'alb.ingress.kubernetes.io/target-type': 'ip',
            'alb.ingress.kubernetes.io/target-group-attributes': `deregistration_delay.timeout_seconds=${drain}`,
          },
          note: `IP targets drain for ${drain}s (the grace period; AWS default 300s)` +
            (source.gateNamespaceLabel ? `. Label the namespace ${source.gateNamespaceLabel}=enabled so a new pod counts as ready only once the ALB target is healthy` : ''),
        });
        out.push(...readinessGateLabel(source));
        break;
      case 'aws-nlb':
        out.push({
          source: source.kind,
          target: 'Service',
          annotations: {
            'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
            'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
            'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes':
              `deregistration_delay.timeout_seconds=${drain},deregistration_delay.connection_termination.enabled=true`,
          },
          note: `IP targets drain for ${drain}s (the grace period), then the NLB closes the remaining connections instead of leaving them half-open`,
          // "The AWS Load Balancer Controller supports reconciliation for Kubernetes Service resources of type
          // LoadBalancer" (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/service/nlb/).
          serviceType: 'LoadBalancer',
        });
        out.push(...readinessGateLabel(source));
        break;
      case 'gke-neg':
        out.push({
          source: source.kind,
          target: 'Service',
          annotations: { 'cloud.google.com/neg': '{"ingress": true}' },
          note: `container-native load balancing; set the BackendConfig connectionDraining.drainingTimeoutSec: ${drain} ` +
            '(referenced by the Service annotation cloud.google.com/backend-config)',
        });
        break;
      case 'alibaba-clb':
      case 'alibaba-nlb':
        out.push({
          source: source.kind,
          target: 'Service',
          annotations: {
            'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain': 'on',
            'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout': String(drain),
          },
          note: `connection draining keeps existing connections to a removed backend for ${drain}s instead of dropping them`,
          // The Alibaba Cloud CCM creates and configures a CLB/NLB for "a Service of type LoadBalancer" (Alibaba Cloud
          // ACK docs, "Add annotations to the YAML file of a Service to configure CLB instances").
          serviceType: 'LoadBalancer',
        });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The namespace label an AWS load balancer's readiness gate needs, when the plan assumes the gate. */
function readinessGateLabel(source: ResolvedTraffic): TrafficAnnotations[] {
  if (source.gateNamespaceLabel === undefined) return [];
  return [{
    source: source.kind,
    target: 'Namespace',
    annotations: { [source.gateNamespaceLabel]: 'enabled' },
    note: 'a namespace label, not an annotation: the AWS Load Balancer Controller injects target-health readiness gates only into new pods ' +
      'of a labelled namespace, for ALB and NLB alike (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/pod_readiness_gate/); ' +
      'minReadySeconds 0 relies on it',
  }];
}

/**
 * The registration lag of a load balancer without its readiness gate (the minReadySeconds `readinessGate: false` gives).
 * @internal
 */
export function ungatedRegistrationLagSeconds(kind: TrafficKind): number {
  return DEFAULT_LAG[kind].registration.seconds;
}
