/*
 * The rehearsal as a benchmark: the same app (examples/apps/drain-server.js, which drains on
 * SIGTERM) rolled out with a naive Deployment (cdk8s-plus-27 defaults: no preStop, maxSurge and
 * maxUnavailable 25 %, 30 s grace) and with the planned GracefulDeployment, under the same routing
 * lag and load. Prints failed requests and rollout duration side by side, and how close the planned
 * rollout comes to its lower bound: (D + the app's measured drain time) per pod batch.
 *
 * Run alone: node -r ts-node/register/transpile-only bench/rehearse.ts [--rollouts 2] [--rps 150]
 *   [--replicas 3] [--routing-lag-ms 1500] [--json file]
 * Loopback only; every app process is killed at the end.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { App, Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import { formatTable } from './table';
import { GracefulDeployment } from '../src/cdk8s-plus-27';
import { drainMs, rehearseRollout, rolloutDurationMs, type RehearsalReport } from '../src/rehearse';

/** What {@link benchRehearse} runs. */
export interface RehearseBenchOptions {
  /** @default 2 */
  readonly rollouts?: number;
  /** @default 150 */
  readonly rps?: number;
  /** @default 3 */
  readonly replicas?: number;
  /** @default 1500 */
  readonly routingLagMs?: number;
}

/** One manifest's result. */
export interface RehearseBenchRow {
  readonly variant: 'naive' | 'planned';
  readonly sent: number;
  readonly failed: number;
  readonly failedByCause: Readonly<Record<string, number>>;
  readonly p99Ms: number;
  /** Mean rollout duration (start until the last old pod exited). */
  readonly rolloutMs: number;
  /** (D + measured drain) x batches, for the planned manifest. */
  readonly lowerBoundMs?: number;
}

/** The planned manifest's numbers: D = 2 s over a 1.5 s routing lag, A = 1 s, minReady 1 s. */
export const PLANNED_SHUTDOWN = { appShutdownTimeout: 1, drainDelay: 2, safetyMargin: 1, rollout: { minReady: 1 } } as const;

const APP = `node ${join(__dirname, '..', 'examples', 'apps', 'drain-server.js')}`;
const CONTAINER: kplus.ContainerProps = {
  name: 'app',
  image: 'registry.example/app:1.0.0',
  portNumber: 8080,
  readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080, periodSeconds: Duration.seconds(1) }),
};

function manifestOf(variant: 'naive' | 'planned', replicas: number): string {
  const chart = new Chart(new App(), variant);
  if (variant === 'planned') new GracefulDeployment(chart, 'web', { replicas, containers: [CONTAINER], shutdown: PLANNED_SHUTDOWN });
  else new kplus.Deployment(chart, 'web', { replicas, containers: [CONTAINER] });
  return Testing.synth(chart).map((m) => stringify(m)).join('---\n');
}

/** Rehearses both manifests one after the other and returns a row for each. */
export async function benchRehearse(options: RehearseBenchOptions = {}): Promise<RehearseBenchRow[]> {
  const rows: RehearseBenchRow[] = [];
  for (const variant of ['naive', 'planned'] as const) {
    const report = await rehearseRollout({
      manifest: manifestOf(variant, options.replicas ?? 3),
      app: APP,
      rollouts: options.rollouts ?? 2,
      rps: options.rps ?? 150,
      routingLagMs: options.routingLagMs ?? 1500,
    });
    rows.push(rowOf(variant, report));
  }
  return rows;
}

function rowOf(variant: 'naive' | 'planned', report: RehearsalReport): RehearseBenchRow {
  const durations = report.rollouts.map(rolloutDurationMs);
  const rolloutMs = durations.reduce((a, b) => a + b, 0) / durations.length;
  const base = {
    variant,
    sent: report.requests.sent,
    failed: report.requests.failed,
    failedByCause: report.requests.byCause,
    p99Ms: report.requests.latencyMs.p99,
    rolloutMs,
  };
  if (variant === 'naive') return base;
  const drains = report.rollouts.flatMap((r) => r.terminated.map(drainMs)).filter((d): d is number => d !== undefined);
  const meanDrainMs = drains.reduce((a, b) => a + b, 0) / drains.length;
  const s = report.settings;
  const batches = Math.ceil(s.replicas / (s.maxSurge + s.maxUnavailable));
  return { ...base, lowerBoundMs: batches * (PLANNED_SHUTDOWN.drainDelay * 1000 + meanDrainMs) };
}

/** The rows as a table, with the planned rollout's distance to its lower bound. */
export function formatRehearseBench(rows: readonly RehearseBenchRow[]): string {
  const table = formatTable(
    ['manifest', 'requests', 'failed', 'by cause', 'p99 ms', 'rollout s', 'lower bound s', 'rollout / bound'],
    rows.map((r) => [
      r.variant,
      String(r.sent),
      String(r.failed),
      Object.entries(r.failedByCause).filter(([, n]) => n > 0).map(([cause, n]) => `${cause} ${n}`).join(', ') || '-',
      String(r.p99Ms),
      (r.rolloutMs / 1000).toFixed(2),
      r.lowerBoundMs === undefined ? '-' : (r.lowerBoundMs / 1000).toFixed(2),
      r.lowerBoundMs === undefined ? '-' : `${(r.rolloutMs / r.lowerBoundMs).toFixed(2)}x`,
    ]),
    2,
  );
  return `${table}\nlower bound = batches x (D + measured drain per pod); batches = ceil(replicas / (maxSurge + maxUnavailable))\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'rollouts': { type: 'string', default: '2' },
      'rps': { type: 'string', default: '150' },
      'replicas': { type: 'string', default: '3' },
      'routing-lag-ms': { type: 'string', default: '1500' },
      'json': { type: 'string' },
    },
  });
  const rows = await benchRehearse({
    rollouts: Number(values.rollouts),
    rps: Number(values.rps),
    replicas: Number(values.replicas),
    routingLagMs: Number(values['routing-lag-ms']),
  });
  process.stdout.write(`rehearse: the draining app, naive vs planned manifest (routing lag ${values['routing-lag-ms']} ms, ${values.rps} rps)\n`);
  process.stdout.write(formatRehearseBench(rows));
  if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
