import type { EndpointCount } from './balancer';
import type { FailureSample, RequestCounts } from './load-generator';
import type { PodTimeline } from './pod';
import type { RolloutRecord } from './rolling-update';

/** The settings a rehearsal ran with, as rehearsed (durations in seconds, after the time scale). */
export interface RehearsalSettings {
  readonly replicas: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly minReadySeconds: number;
  readonly terminationGracePeriodSeconds: number;
  readonly preStop: string;
  readonly readiness: string;
  readonly stopSignal: string;
  readonly routingLagSeconds: number;
  readonly timeScale: number;
  readonly rps: number;
  readonly rollouts: number;
  readonly longConnections: number;
  readonly streamSeconds: number;
  readonly workMs: number;
}

/** Everything a rehearsal measured. Times in ms since the rehearsal started. */
export interface RehearsalReport {
  readonly deployment: string;
  readonly app: string;
  readonly settings: RehearsalSettings;
  readonly requests: RequestCounts & { readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } };
  readonly streams: RequestCounts;
  readonly failureSamples: readonly FailureSample[];
  readonly rollouts: readonly RolloutRecord[];
  /** Every pod the rehearsal started. */
  readonly pods: readonly PodTimeline[];
  readonly endpoints: readonly EndpointCount[];
  /** What the rehearsal changed, replaced or left out. */
  readonly notes: readonly string[];
  /** `'failed'` when any request or stream failed. */
  readonly outcome: 'passed' | 'failed';
}

/** A rollout's duration: from its start until the last old pod's processes were gone. */
export function rolloutDurationMs(rollout: RolloutRecord): number {
  return rollout.endedAtMs - rollout.startedAtMs;
}

/** How long a pod took from the stop signal to its exit (or SIGKILL), when it got one. */
export function drainMs(pod: PodTimeline): number | undefined {
  if (pod.stopSignalAtMs === undefined || pod.exitAtMs === undefined) return undefined;
  return pod.exitAtMs - pod.stopSignalAtMs;
}
