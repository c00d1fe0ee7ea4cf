import type { Duration } from 'cdk8s';
import type { TrafficSource as CoreTrafficSource } from 'graceful-k8s';

/** Options of every traffic source. */
export interface TrafficLagOptions {
  /**
   * How long the router keeps sending new requests to a terminating pod.
   * @default the core's conservative figure for this router (README "Traffic sources")
   */
  readonly lag?: Duration;
}

/** Options of a cloud load balancer whose controller can hold new pods unready until their target is healthy. */
export interface LoadBalancerTrafficOptions extends TrafficLagOptions {
  /**
   * Whether new pods carry the load balancer's readiness gate (AWS Load Balancer Controller's injected gate, GKE's
   * `cloud.google.com/load-balancer-neg-ready`). Without a gate, `minReadySeconds` covers the registration instead.
   * @default true
   */
  readonly readinessGate?: boolean;
}

/** Options of a Nacos service registry. */
export interface NacosTrafficOptions extends TrafficLagOptions {
  /** Nacos server `host:port`, e.g. `nacos.infra:8848`. */
  readonly serverAddr: string;
  /** The registered service name. */
  readonly serviceName: string;
  /** The port the instance is registered with. */
  readonly port: number;
  /**
   * The Nacos namespace id.
   * @default 'public'
   */
  readonly namespaceId?: string;
}

/**
 * A router that sends traffic to the pods (the core's `TrafficSource`). Without an explicit `drainDelay`, the
 * drain delay is the largest lag; load balancers also get their draining annotations.
 */
export class TrafficSource {
  /** kube-proxy (in-cluster Services). */
  public static kubeProxy(options: TrafficLagOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'kube-proxy', ...lagOf(options) });
  }
  /** The ingress-nginx controller. */
  public static ingressNginx(options: TrafficLagOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'ingress-nginx', ...lagOf(options) });
  }
  /** AWS Load Balancer Controller, Ingress (ALB). */
  public static awsAlb(options: LoadBalancerTrafficOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'aws-alb', ...lagOf(options), ...gateOf(options) });
  }
  /** AWS Load Balancer Controller, Service (NLB). */
  public static awsNlb(options: LoadBalancerTrafficOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'aws-nlb', ...lagOf(options), ...gateOf(options) });
  }
  /** GKE container-native load balancing (NEG). */
  public static gkeNeg(options: LoadBalancerTrafficOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'gke-neg', ...lagOf(options), ...gateOf(options) });
  }
  /** Alibaba Cloud CLB (Service annotations). */
  public static alibabaClb(options: TrafficLagOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'alibaba-clb', ...lagOf(options) });
  }
  /** Alibaba Cloud NLB (Service annotations). */
  public static alibabaNlb(options: TrafficLagOptions = {}): TrafficSource {
    return new TrafficSource({ kind: 'alibaba-nlb', ...lagOf(options) });
  }
  /** A Nacos service registry: the pod deregisters itself in preStop, then clients' caches expire. */
  public static nacos(options: NacosTrafficOptions): TrafficSource {
    const { lag: _lag, ...rest } = options;
    return new TrafficSource({ kind: 'nacos', ...rest, ...lagOf(options) });
  }

  private constructor(private readonly source: CoreTrafficSource) {}

  /**
   * The core's form.
   * @internal
   */
  public _toCore(): CoreTrafficSource {
    return this.source;
  }
}

function lagOf(options: TrafficLagOptions): { lag?: Duration } {
  return options.lag === undefined ? {} : { lag: options.lag };
}

function gateOf(options: LoadBalancerTrafficOptions): { readinessGate?: boolean } {
  return options.readinessGate === undefined ? {} : { readinessGate: options.readinessGate };
}
