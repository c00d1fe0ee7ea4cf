import { GracefulConfigError } from '../core';
import { Balancer } from './balancer';
import { splitCommandLine } from './command-line';
import { RehearsalError } from './errors';
import { LoadGenerator, type LoadResult } from './load-generator';
import type { RehearsalPod } from './pod';
import type { RehearsalReport } from './report';
import { createAvailablePod, rollOut, type ClusterContext, type RolloutRecord } from './rolling-update';
import { definedOnly, validateLoadSettings } from './settings';
import { sleep } from './sleep';
import { loadRehearsalTarget, type RehearsalTarget, type TargetOptions } from './target';

/** What to rehearse and how hard. Durations in ms, before the time scale. */
export interface RehearsalOptions {
  /** The manifest's YAML text (multi-document). */
  readonly manifest: string;
  /** Where the manifest came from, for messages. @default 'manifest' */
  readonly manifestFile?: string;
  /** The Deployment to rehearse. @default the only Deployment of the manifest */
  readonly deployment?: string;
  /** The command that starts the app, run as an exec-form command with `PORT` set. */
  readonly app: string;
  /** The app's working directory. @default process.cwd() */
  readonly cwd?: string;
  /** How long routers keep sending new requests to a Terminating pod (and take to register a ready one). @default 2000 */
  readonly routingLagMs?: number;
  /** Short requests per second. @default 200 */
  readonly rps?: number;
  /** Rollouts in a row. @default 3 */
  readonly rollouts?: number;
  /** Streams kept open throughout. @default 0 */
  readonly longConnections?: number;
  /** Length of each stream. @default 5000 */
  readonly streamMs?: number;
  /** The app's work per short request (`/work?ms=`), not scaled. @default 20 */
  readonly workMs?: number;
  /** A short request without a response after this long counts as `timeout`. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** Multiplies every manifest duration, the routing lag and the stream length. @default 1 */
  readonly timeScale?: number;
  /**
   * Runs the manifest's preStop `exec` hook on this machine instead of replaying it (see
   * {@link TargetOptions.runHooks} for the risk: the command runs with your rights, outside any container).
   * @default false
   */
  readonly runHooks?: boolean;
  /** The whole rehearsal stops (and fails) after this long. @default 600000 */
  readonly maxDurationMs?: number;
  /** Called about five times a second while the rehearsal runs. */
  readonly onProgress?: (progress: RehearsalProgress) => void;
}

/** Where a running rehearsal is. */
export interface RehearsalProgress {
  readonly phase: 'starting' | 'rolling out' | 'draining';
  /** The rollout in progress (1-based), 0 before the first. */
  readonly rollout: number;
  readonly rollouts: number;
  readonly elapsedMs: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * The rehearsal's defaults, in one place: `rehearseRollout` fills them in and the CLI shows them.
 * @internal
 */
export const REHEARSAL_DEFAULTS = {
  routingLagMs: 2000,
  rps: 200,
  rollouts: 3,
  longConnections: 0,
  streamMs: 5000,
  workMs: 20,
  requestTimeoutMs: 10_000,
  maxDurationMs: 600_000,
};
/** Load keeps flowing this long after the last new pods are routed and the last old ones left the routers. */
const TAIL_MS = 500;

/**
 * Replays rolling updates of a Deployment against the app's real process on 127.0.0.1: pods as
 * local processes, a balancer with routing lag, the kubelet's termination sequence, bounded load.
 * Every process it starts is killed before it returns or throws.
 */
export async function rehearseRollout(options: RehearsalOptions): Promise<RehearsalReport> {
  const o = { ...REHEARSAL_DEFAULTS, ...definedOnly(options) };
  validate(o);
  const scale = options.timeScale ?? 1;
  const target = loadRehearsalTarget(options.manifest, {
    deployment: options.deployment, timeScale: scale, file: options.manifestFile, runHooks: options.runHooks,
  });
  const argv = splitCommandLine(options.app);
  const routingLagMs = Math.round(o.routingLagMs * scale);
  const streamMs = Math.round(o.streamMs * scale);
  const started = Date.now();
  const now = () => Date.now() - started;
  const balancer = new Balancer(routingLagMs, now);
  const ctx: ClusterContext = { target, argv, cwd: options.cwd, balancer, routingLagMs, now, pods: [] };
  let load: LoadGenerator | undefined;
  let loadResult: LoadResult | undefined;
  let phase: RehearsalProgress['phase'] = 'starting';
  let rollout = 0;
  const progress = options.onProgress
    ? setInterval(() => {
      options.onProgress!({ phase, rollout, rollouts: o.rollouts, elapsedMs: now(), ...(load?.progress ?? { sent: 0, failed: 0 }) });
    }, 200)
    : undefined;
  const records: RolloutRecord[] = [];
  try {
    const port = await balancer.listen();
    const deadline = Math.min(target.progressDeadlineMs, o.maxDurationMs);
    let pods: RehearsalPod[] = await Promise.all(Array.from({ length: target.replicas }, (_, i) => createAvailablePod(ctx, 0, i, deadline)));
    await Promise.all(pods.map((p) => p.registered)); // the load starts once every first pod is routed
    load = new LoadGenerator(
      {
        port,
        rps: o.rps,
        maxRequests: Math.ceil((o.rps * o.maxDurationMs) / 1000),
        maxDurationMs: o.maxDurationMs,
        requestTimeoutMs: o.requestTimeoutMs,
        workMs: o.workMs,
        longConnections: o.longConnections,
        streamMs,
      },
      now,
    );
    load.start();
    phase = 'rolling out';
    for (rollout = 1; rollout <= o.rollouts; rollout++) {
      if (now() > o.maxDurationMs) {
        throw new RehearsalError(`the rehearsal ran out of its ${o.maxDurationMs / 1000}s before rollout ${rollout}; raise --max-duration or rehearse fewer rollouts`);
      }
      const result = await rollOut(ctx, pods, rollout);
      records.push(result.record);
      pods = result.pods;
    }
    rollout = o.rollouts;
    phase = 'draining';
    // Until the last new pod is routed and the last old pod has left the routers (requests still routed to an
    // old pod that exited are late failures), then the tail.
    await Promise.all(pods.map((p) => p.registered));
    const lastRemovalMs = Math.max(0, ...records.flatMap((r) => r.terminated.map((t) => (t.terminatingAtMs ?? 0) + routingLagMs)));
    await sleep(lastRemovalMs - now());
    await sleep(TAIL_MS);
    loadResult = await load.stop();
  } finally {
    if (progress) clearInterval(progress);
    if (!loadResult && load) await load.stop();
    await Promise.all(ctx.pods.map((p) => p.process.destroy()));
    await balancer.close();
  }
  return buildReport(options.app, target, o, routingLagMs, streamMs, loadResult, records, ctx, balancer);
}

function buildReport(
  app: string,
  target: RehearsalTarget,
  o: typeof REHEARSAL_DEFAULTS,
  routingLagMs: number,
  streamMs: number,
  load: LoadResult,
  rollouts: RolloutRecord[],
  ctx: ClusterContext,
  balancer: Balancer,
): RehearsalReport {
  const counts = new Map(balancer.counts().map((c) => [c.pod, c.requests]));
  const pods = ctx.pods.map((p) => ({ ...p.timeline, requests: counts.get(p.name) ?? 0 }));
  const notes = [...target.notes];
  const lastEnd = rollouts[rollouts.length - 1]?.endedAtMs ?? 0;
  const crashed = pods.filter((p) => p.terminatingAtMs === undefined && p.exitAtMs !== undefined && p.exitAtMs < lastEnd);
  for (const p of crashed) notes.push(`pod ${p.pod} exited by itself at ${p.exitAtMs} ms without being deleted`);
  return {
    deployment: target.deploymentName,
    app,
    settings: {
      replicas: target.replicas,
      maxSurge: target.maxSurge,
      maxUnavailable: target.maxUnavailable,
      minReadySeconds: target.minReadyMs / 1000,
      terminationGracePeriodSeconds: target.gracePeriodMs / 1000,
      preStop: target.preStop.kind === 'none' ? 'none' : target.preStop.description,
      readiness: target.readiness.description,
      stopSignal: target.stopSignal,
      routingLagSeconds: routingLagMs / 1000,
      timeScale: target.timeScale,
      rps: o.rps,
      rollouts: o.rollouts,
      longConnections: o.longConnections,
      streamSeconds: streamMs / 1000,
      workMs: o.workMs,
    },
    requests: load.requests,
    streams: load.streams,
    failureSamples: load.failureSamples,
    rollouts,
    pods,
    endpoints: balancer.counts(),
    notes,
    outcome: load.requests.failed + load.streams.failed > 0 ? 'failed' : 'passed',
  };
}

function validate(o: typeof REHEARSAL_DEFAULTS): void {
  validateLoadSettings(o);
  if (!Number.isInteger(o.longConnections) || o.longConnections < 0) throw new GracefulConfigError('longConnections', o.longConnections, 'must be a whole number >= 0');
  if (!(o.routingLagMs >= 0)) throw new GracefulConfigError('routingLag', o.routingLagMs, 'must be >= 0 (e.g. 2s)');
  if (!(o.streamMs > 0)) throw new GracefulConfigError('streamDuration', o.streamMs, 'must be > 0 (e.g. 5s)');
}
