import type { FailureCause } from './balancer';

/**
 * What can fail a request on a real cluster: the simulator's causes (but `cut-stream`: the cluster load
 * sends no streams) plus `unreachable` (no route to the pod's address: EHOSTUNREACH, ENETUNREACH) and
 * `other` (any other error; its sample says which).
 */
export type ClusterFailureCause = Exclude<FailureCause, 'cut-stream'> | 'unreachable' | 'other';

/** The cluster load's causes, in report order (the load program's `causes`). */
export const CLUSTER_FAILURE_CAUSES: readonly ClusterFailureCause[] = ['refused', 'reset', '5xx', 'timeout', 'unreachable', 'other'];

/** Requests of the whole run or of one second. */
export interface ClusterRequestCounts {
  readonly sent: number;
  readonly ok: number;
  readonly failed: number;
  readonly byCause: Readonly<Record<ClusterFailureCause, number>>;
}

/** One second of the load, by send time (`t` seconds after the load started measuring). */
export interface LoadSecond extends ClusterRequestCounts {
  readonly t: number;
}

/** One failed request of the cluster load. */
export interface ClusterFailureSample {
  readonly atMs: number;
  readonly cause: ClusterFailureCause;
  readonly detail: string;
}

/** The line the load program (test/e2e/node/images/load/main.go) prints when it stops. */
export interface LoadSummary {
  readonly kind: typeof LOAD_SUMMARY_KIND;
  readonly target: string;
  readonly path: string;
  readonly rps: number;
  readonly timeoutMs: number;
  readonly startedAtUnixMs: number;
  readonly warmupAttempts: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly stoppedBy: 'signal' | 'request' | 'duration';
  readonly requests: ClusterRequestCounts & { readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } };
  /** Times in ms since the load started measuring. */
  readonly failureSamples: readonly ClusterFailureSample[];
  readonly seconds: readonly LoadSecond[];
}

/** The `kind` of the summary line. */
export const LOAD_SUMMARY_KIND = 'graceful-k8s-load-summary';

/** The last summary line of the load pod's log, or `undefined` when it printed none. */
export function findLoadSummary(log: string): LoadSummary | undefined {
  const lines = log.split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{') || !line.includes(LOAD_SUMMARY_KIND)) continue;
    try {
      const parsed = JSON.parse(line) as LoadSummary;
      if (parsed.kind === LOAD_SUMMARY_KIND) return parsed;
    } catch {
      // not the summary: keep looking
    }
  }
  return undefined;
}
