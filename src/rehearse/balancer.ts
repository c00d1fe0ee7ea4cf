import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Why a request failed, as the load generator reports it. */
export type FailureCause = 'refused' | 'reset' | '5xx' | 'timeout' | 'cut-stream';

/** The header the balancer sets on a 502 to say what happened upstream. */
export const UPSTREAM_CAUSE_HEADER = 'x-rehearse-upstream-error';

interface Endpoint {
  readonly pod: string;
  readonly port: number;
  readonly agent: http.Agent;
  /** Set when the pod is Terminating: routing continues until this time (the routing lag). */
  removeAtMs?: number;
  requests: number;
}

/** Requests the balancer sent to one pod. */
export interface EndpointCount {
  readonly pod: string;
  readonly requests: number;
}

/**
 * A round-robin HTTP balancer on 127.0.0.1 standing in for kube-proxy, ingress controllers and cloud
 * balancers. A new endpoint is added when the rehearsal says it is ready; a terminating one keeps
 * receiving new requests for the routing lag, because endpoint removal runs in parallel with the
 * kubelet and every router applies it with its own delay
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
 * It never retries: kube-proxy cannot, and retrying ingress controllers hide some failures.
 * Upstream connections are kept alive, as proxies do.
 */
export class Balancer {
  private readonly endpoints: Endpoint[] = [];
  private readonly removed: Endpoint[] = [];
  private next = 0;
  private readonly server: http.Server;

  constructor(private readonly routingLagMs: number, private readonly now: () => number = Date.now) {
    this.server = http.createServer((req, res) => this.route(req, res));
    // Longer than any rehearsal: idle client connections are never closed under a request.
    this.server.keepAliveTimeout = 120_000;
  }

  /** Listens on an ephemeral loopback port; resolves the port. */
  public async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    return (this.server.address() as AddressInfo).port;
  }

  /** Starts routing to a ready pod. */
  public add(pod: string, port: number): void {
    this.endpoints.push({ pod, port, agent: new http.Agent({ keepAlive: true, maxSockets: 256 }), requests: 0 });
  }

  /** The pod is Terminating: it leaves the rotation after the routing lag. */
  public markTerminating(pod: string): void {
    const endpoint = this.endpoints.find((e) => e.pod === pod);
    if (endpoint && endpoint.removeAtMs === undefined) endpoint.removeAtMs = this.now() + this.routingLagMs;
  }

  /**
   * The pod was deregistered from its registry: it leaves the rotation now, without the routing lag
   * (requests already sent to it continue).
   */
  public removeNow(pod: string): void {
    const endpoint = this.endpoints.find((e) => e.pod === pod);
    if (endpoint) endpoint.removeAtMs = Math.min(endpoint.removeAtMs ?? Infinity, this.now());
  }

  /** The pods currently receiving new requests. */
  public routable(): string[] {
    return this.pruned().map((e) => e.pod);
  }

  /** Requests sent to each pod so far. */
  public counts(): EndpointCount[] {
    return [...this.removed, ...this.endpoints].map((e) => ({ pod: e.pod, requests: e.requests }));
  }

  public async close(): Promise<void> {
    for (const e of [...this.endpoints, ...this.removed]) e.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pruned(): Endpoint[] {
    const now = this.now();
    for (let i = this.endpoints.length - 1; i >= 0; i--) {
      const e = this.endpoints[i];
      if (e.removeAtMs !== undefined && e.removeAtMs <= now) {
        this.endpoints.splice(i, 1);
        this.removed.push(e);
      }
    }
    return this.endpoints;
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse): void {
    const endpoints = this.pruned();
    if (endpoints.length === 0) {
      // A Service without endpoints: kube-proxy rejects the connection.
      res.writeHead(502, { [UPSTREAM_CAUSE_HEADER]: 'refused' }).end('no endpoint\n');
      return;
    }
    const endpoint = endpoints[this.next++ % endpoints.length];
    endpoint.requests++;
    const upstream = http.request(
      { host: '127.0.0.1', port: endpoint.port, method: req.method, path: req.url, headers: req.headers, agent: endpoint.agent },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
        // The pod went away in the middle of the body: cut the client's response too.
        upstreamRes.once('aborted', () => res.destroy());
        upstreamRes.once('error', () => res.destroy());
      },
    );
    upstream.once('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const cause: FailureCause = error.code === 'ECONNREFUSED' ? 'refused' : 'reset';
      res.writeHead(502, { [UPSTREAM_CAUSE_HEADER]: cause }).end(`upstream ${endpoint.pod}: ${error.code ?? error.message}\n`);
    });
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}
