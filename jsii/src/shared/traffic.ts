// ~~ Copied from src/cdk8s-common/traffic.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { Duration } from 'cdk8s';
import type { TrafficSource } from './core';

/** Options of a router whose only setting is its lag. */
export interface TrafficOptions {
  /**
   * How long the router keeps sending new requests to a pod after the pod turned Terminating.
   * @default the router's default lag (README, "Traffic sources")
   */
  readonly lag?: Duration;
}

/** Options of a cloud load balancer whose controller can hold new pods unready until their target is healthy. */
export interface LoadBalancerTrafficOptions extends TrafficOptions {
  /**
   * Whether new pods carry the load balancer's readiness gate (see the core's `LoadBalancerTrafficSource`);
   * without one, `minReadySeconds` covers the registration instead.
   * @default true
   */
  readonly readinessGate?: boolean;
}

/** Options of a Nacos service registry: the pod deregisters itself in preStop, then clients' caches expire. */
export interface NacosTrafficOptions extends TrafficOptions {
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
 * A router that sends traffic to the pods (the core's `TrafficSource`), as an enum-like class so that it reaches
 * every jsii language: `Traffic.awsNlb()`, `Traffic.kubeProxy({ lag: Duration.seconds(3) })`.
 */
export class Traffic {
  /** kube-proxy (in-cluster Service traffic). */
  public static kubeProxy(options?: TrafficOptions): Traffic {
    return new Traffic({ kind: 'kube-proxy', ...lagOf(options ?? {}) });
  }

  /** The ingress-nginx controller. */
  public static ingressNginx(options?: TrafficOptions): Traffic {
    return new Traffic({ kind: 'ingress-nginx', ...lagOf(options ?? {}) });
  }

  /** An AWS Application Load Balancer (AWS Load Balancer Controller, Ingress). */
  public static awsAlb(options?: LoadBalancerTrafficOptions): Traffic {
    return new Traffic({ kind: 'aws-alb', ...loadBalancerOf(options ?? {}) });
  }

  /** An AWS Network Load Balancer (AWS Load Balancer Controller, Service). */
  public static awsNlb(options?: LoadBalancerTrafficOptions): Traffic {
    return new Traffic({ kind: 'aws-nlb', ...loadBalancerOf(options ?? {}) });
  }

  /** GKE container-native load balancing (network endpoint groups). */
  public static gkeNeg(options?: LoadBalancerTrafficOptions): Traffic {
    return new Traffic({ kind: 'gke-neg', ...loadBalancerOf(options ?? {}) });
  }

  /** An Alibaba Cloud Classic Load Balancer (Service annotations). */
  public static alibabaClb(options?: TrafficOptions): Traffic {
    return new Traffic({ kind: 'alibaba-clb', ...lagOf(options ?? {}) });
  }

  /** An Alibaba Cloud Network Load Balancer (Service annotations). */
  public static alibabaNlb(options?: TrafficOptions): Traffic {
    return new Traffic({ kind: 'alibaba-nlb', ...lagOf(options ?? {}) });
  }

  /** A Nacos service registry. */
  public static nacos(options: NacosTrafficOptions): Traffic {
    const { serverAddr, serviceName, port, namespaceId } = options;
    return new Traffic({ kind: 'nacos', serverAddr, serviceName, port, ...(namespaceId === undefined ? {} : { namespaceId }), ...lagOf(options) });
  }

  private constructor(private readonly source: TrafficSource) {}

  /**
   * The core's form.
   * @internal
   */
  public _toCore(): TrafficSource {
    return this.source;
  }
}

function lagOf(options: TrafficOptions): { lag?: Duration } {
  return options.lag === undefined ? {} : { lag: options.lag };
}

function loadBalancerOf(options: LoadBalancerTrafficOptions): { lag?: Duration; readinessGate?: boolean } {
  return { ...lagOf(options), ...(options.readinessGate === undefined ? {} : { readinessGate: options.readinessGate }) };
}
