/**
 * Load sent from the host into a Service's ClusterIP on the local node (scripts/node.sh): kube-proxy programs
 * the host's OUTPUT chain, and the Service CIDR is routed into the node's bridge, so these requests reach the
 * pods and nothing else. One GET every 1000/rps ms, each on a new TCP connection (no agent, no keep-alive),
 * each bounded by a timeout; every outcome is classified with the simulator's cause names (src/rehearse
 * load-generator.ts: refused, reset, 5xx, timeout) plus `unreachable` (EHOSTUNREACH: a deleted pod's
 * address no longer answers ARP) and `other`, the names of the in-cluster load program
 * (test/e2e/node/images/load).
 */
import { request } from 'node:http';

export const CAUSES = ['refused', 'reset', '5xx', 'timeout', 'unreachable', 'other'] as const;
export type Cause = (typeof CAUSES)[number];

export interface LoadSummary {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly byCause: Record<Cause, number>;
  /** Failures by time since the load started (ms) and cause, the first 200. */
  readonly samples: readonly { readonly atMs: number; readonly cause: Cause; readonly detail: string }[];
  /** Pods that answered (the apps name themselves in every answer). */
  readonly answeredBy: readonly string[];
}

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  readonly rps: number;
  /** A request not answered in full within this many ms is a `timeout` (the simulator's default: 10 s). */
  readonly timeoutMs?: number;
  readonly path?: string;
}

export interface RunningLoad {
  /** Ms since the load started. */
  elapsedMs(): number;
  /** Stops sending, waits for every request in flight (each is bounded by its timeout), returns the counts. */
  stop(): Promise<LoadSummary>;
}

export function startLoad(options: LoadOptions): RunningLoad {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const path = options.path ?? '/work?ms=5';
  const started = Date.now();
  const byCause = Object.fromEntries(CAUSES.map((c) => [c, 0])) as Record<Cause, number>;
  const samples: { atMs: number; cause: Cause; detail: string }[] = [];
  const answeredBy = new Set<string>();
  let sent = 0;
  let ok = 0;
  const inFlight = new Set<Promise<void>>();

  const fail = (cause: Cause, detail: string, atMs: number) => {
    byCause[cause]++;
    if (samples.length < 200) samples.push({ atMs, cause, detail });
  };
  const one = () => {
    sent++;
    const atMs = Date.now() - started;
    const p = new Promise<void>((resolve) => {
      let settled = false;
      const done = (cause?: Cause, detail = '') => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (cause) fail(cause, detail, atMs);
        else ok++;
        resolve();
      };
      const req = request({ host: options.host, port: options.port, path, agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          if ((res.statusCode ?? 0) >= 500) return done('5xx', `HTTP ${res.statusCode}`);
          const pod = /^ok from (\S+)/.exec(body)?.[1];
          if (pod) answeredBy.add(pod);
          done();
        });
        res.on('aborted', () => done('reset', 'the response was cut'));
        res.on('error', (e: NodeJS.ErrnoException) => done('reset', e.code ?? e.message));
      });
      const timer = setTimeout(() => {
        done('timeout', `no complete response after ${timeoutMs} ms`);
        req.destroy();
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => {
        switch (e.code) {
          case 'ECONNREFUSED': return done('refused', e.code);
          case 'ECONNRESET': case 'EPIPE': return done('reset', e.code);
          case 'EHOSTUNREACH': case 'ENETUNREACH': return done('unreachable', e.code);
          case 'ETIMEDOUT': return done('timeout', e.code);
          default: return done(e.message === 'socket hang up' ? 'reset' : 'other', e.code ?? e.message);
        }
      });
      req.end();
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
  };

  // A fixed schedule (request k at k * interval), so a slow event loop sends late, not fewer.
  const intervalMs = 1000 / options.rps;
  let next = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped) return;
    const now = Date.now() - started;
    while (next * intervalMs <= now) {
      one();
      next++;
    }
    timer = setTimeout(tick, Math.max(1, next * intervalMs - (Date.now() - started)));
  };
  tick();

  return {
    elapsedMs: () => Date.now() - started,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      const failed = CAUSES.reduce((sum, c) => sum + byCause[c], 0);
      return { sent, ok, failed, byCause: { ...byCause }, samples, answeredBy: [...answeredBy].sort() };
    },
  };
}

/** Sends one request; true when it was answered with 2xx-4xx. */
export function probe(host: string, port: number, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/work', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve((res.statusCode ?? 0) < 500));
      res.on('error', () => resolve(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
