import * as http from 'node:http';
import { UPSTREAM_CAUSE_HEADER, type FailureCause } from './balancer';
import { percentile } from './latency';

/** What the load generator sends. Durations in ms. */
export interface LoadSettings {
  /** The balancer's port on 127.0.0.1 (the only address the generator ever targets). */
  readonly port: number;
  /** Short requests per second. */
  readonly rps: number;
  /** The generator stops by itself after this many short requests. */
  readonly maxRequests: number;
  /** ...or after this long, whichever comes first. */
  readonly maxDurationMs: number;
  /** A request without a complete response after this long counts as `timeout`. */
  readonly requestTimeoutMs: number;
  /** How long the app works on each short request (`/work?ms=`). */
  readonly workMs: number;
  /** Streams (`/stream?ms=`) kept open at all times. @default 0 */
  readonly longConnections: number;
  /** How long each stream lasts when nothing cuts it. */
  readonly streamMs: number;
}

export const FAILURE_CAUSES: readonly FailureCause[] = ['refused', 'reset', '5xx', 'timeout', 'cut-stream'];

/** One failed request, for the report's sample. */
export interface FailureSample {
  readonly atMs: number;
  readonly cause: FailureCause;
  readonly detail: string;
}

/** Counts of one kind of request. */
export interface RequestCounts {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly byCause: Readonly<Record<FailureCause, number>>;
}

/** What the load generator saw. */
export interface LoadResult {
  readonly requests: RequestCounts & { readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } };
  readonly streams: RequestCounts;
  /** The first failures, in time order. */
  readonly failureSamples: readonly FailureSample[];
}

const MAX_SAMPLES = 20;
const TICK_MS = 5;
/** Sends per tick at most, so a stalled event loop does not fire a burst. */
const MAX_BURST = 50;

class Counter {
  public sent = 0;
  public ok = 0;
  public readonly byCause: Record<FailureCause, number> = { 'refused': 0, 'reset': 0, '5xx': 0, 'timeout': 0, 'cut-stream': 0 };
  public get failed(): number {
    return Object.values(this.byCause).reduce((a, b) => a + b, 0);
  }
  public snapshot(): RequestCounts {
    return { sent: this.sent, ok: this.ok, failed: this.failed, byCause: { ...this.byCause } };
  }
}

/**
 * A bounded load generator on loopback: short requests at a fixed rate, alternating a kept-alive
 * connection and a new connection per request, plus a fixed number of long streams. It stops by
 * itself after `maxRequests` or `maxDurationMs`, and `stop()` waits for what is in flight (each
 * request is bounded by its timeout).
 */
export class LoadGenerator {
  private readonly requests = new Counter();
  private readonly streams = new Counter();
  private readonly latencies: number[] = [];
  private readonly samples: FailureSample[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly keepAlive = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private stopping = false;

  constructor(private readonly settings: LoadSettings, private readonly now: () => number) {}

  /** Short requests sent so far and how many failed (for progress). */
  public get progress(): { readonly sent: number; readonly failed: number } {
    return { sent: this.requests.sent + this.streams.sent, failed: this.requests.failed + this.streams.failed };
  }

  public start(): void {
    this.startedAt = Date.now();
    for (let i = 0; i < this.settings.longConnections; i++) this.openStream();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Stops sending and waits for every request and stream in flight. */
  public async stop(): Promise<LoadResult> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    this.keepAlive.destroy();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests: {
        ...this.requests.snapshot(),
        latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 },
      },
      streams: this.streams.snapshot(),
      failureSamples: [...this.samples].sort((a, b) => a.atMs - b.atMs),
    };
  }

  private expired(): boolean {
    return this.stopping || Date.now() - this.startedAt >= this.settings.maxDurationMs;
  }

  private tick(): void {
    if (this.expired() || this.requests.sent >= this.settings.maxRequests) {
      if (this.timer) clearInterval(this.timer);
      return;
    }
    const owed = Math.floor(((Date.now() - this.startedAt) * this.settings.rps) / 1000) - this.requests.sent;
    const burst = Math.min(owed, MAX_BURST, this.settings.maxRequests - this.requests.sent);
    for (let i = 0; i < burst; i++) this.sendShort(this.requests.sent % 2 === 0 ? 'keep-alive' : 'new-connection');
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private fail(counter: Counter, cause: FailureCause, detail: string): void {
    counter.byCause[cause]++;
    if (this.samples.length < MAX_SAMPLES) this.samples.push({ atMs: this.now(), cause, detail });
  }

  private sendShort(connection: 'keep-alive' | 'new-connection'): void {
    this.requests.sent++;
    const started = Date.now();
    this.track(
      this.exchange(`/work?ms=${this.settings.workMs}`, connection, this.settings.requestTimeoutMs).then((outcome) => {
        if (outcome.cause) {this.fail(this.requests, outcome.cause, outcome.detail);} else {
          this.requests.ok++;
          this.latencies.push(Date.now() - started);
        }
      }),
    );
  }

  private openStream(): void {
    if (this.expired()) return;
    this.streams.sent++;
    this.track(
      this.exchange(`/stream?ms=${this.settings.streamMs}`, 'new-connection', this.settings.streamMs + this.settings.requestTimeoutMs).then((outcome) => {
        if (outcome.cause) this.fail(this.streams, outcome.cause, outcome.detail);
        else if (!/^event: end$/m.test(outcome.body)) this.fail(this.streams, 'cut-stream', 'the stream ended before its "end" event');
        else this.streams.ok++;
        this.openStream();
      }),
    );
  }

  private exchange(path: string, connection: 'keep-alive' | 'new-connection', timeoutMs: number): Promise<{ cause?: FailureCause; detail: string; body: string }> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: { cause?: FailureCause; detail: string; body: string }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const req = http.get(
        {
          host: '127.0.0.1',
          port: this.settings.port,
          path,
          agent: connection === 'keep-alive' ? this.keepAlive : false,
          headers: connection === 'keep-alive' ? {} : { connection: 'close' },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            body += chunk;
          });
          const status = res.statusCode ?? 0;
          res.once('end', () => {
            const upstreamCause = res.headers[UPSTREAM_CAUSE_HEADER];
            if (typeof upstreamCause === 'string') done({ cause: upstreamCause as FailureCause, detail: `502 from the balancer: ${body.trim()}`, body });
            else if (status >= 500) done({ cause: '5xx', detail: `HTTP ${status}`, body });
            else done({ detail: '', body });
          });
          res.once('aborted', () => done({ cause: path.startsWith('/stream') ? 'cut-stream' : 'reset', detail: 'the response was cut', body }));
          res.once('error', () => done({ cause: path.startsWith('/stream') ? 'cut-stream' : 'reset', detail: 'the response was cut', body }));
        },
      );
      const timer = setTimeout(() => {
        done({ cause: 'timeout', detail: `no complete response after ${timeoutMs} ms`, body: '' });
        req.destroy();
      }, timeoutMs);
      req.once('error', (error: NodeJS.ErrnoException) => {
        done({ cause: error.code === 'ECONNREFUSED' ? 'refused' : 'reset', detail: error.code ?? error.message, body: '' });
      });
    });
  }
}
