import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { GracefulConfigError, toDurationMilliseconds } from '../../core';
import {
  CLUSTER_FAILURE_CAUSES,
  CLUSTER_REHEARSAL_DEFAULTS,
  drainMs,
  FAILURE_CAUSES,
  rehearseOnCluster,
  type ClusterRehearsalOptions,
  type ClusterRehearsalReport,
  type ClusterRequestCounts,
  RehearsalError,
  REHEARSAL_DEFAULTS,
  rehearseRollout,
  rolloutDurationMs,
  type PodTimeline,
  type RehearsalOptions,
  type RehearsalProgress,
  type RehearsalReport,
  type RequestCounts,
} from '../../rehearse';
import { painter, type Painter } from '../color';
import { sessionOf, type CliOutput, type CliSession } from '../io';
import { reportConfigError, reportUsageError, EXIT_USAGE } from './report-config-error';

/** What `rehearse` prints. */
export type RehearseOutput = 'text' | 'json';

interface RehearseFlags {
  readonly manifest: string;
  readonly deployment?: string;
  readonly app?: string;
  readonly kubeconfig?: string;
  readonly loadImage: string;
  readonly loadHostNetwork?: boolean;
  readonly routingLag: string;
  readonly rps: string;
  readonly rollouts: string;
  readonly longConnections: string;
  readonly streamDuration: string;
  readonly work: string;
  readonly requestTimeout: string;
  readonly timeScale: string;
  readonly maxDuration: string;
  readonly runHooks?: boolean;
  readonly output: RehearseOutput;
}

/** Exit code when a request failed during the rehearsal. */
export const EXIT_REQUESTS_FAILED = 1;

/** The flag behind each option field, for error messages. */
const FLAGS: Record<string, string> = {
  deployment: '--deployment',
  app: '--app',
  routingLag: '--routing-lag',
  rps: '--rps',
  rollouts: '--rollouts',
  longConnections: '--long-connections',
  streamDuration: '--stream-duration',
  work: '--work',
  requestTimeout: '--request-timeout',
  timeScale: '--time-scale',
  maxDuration: '--max-duration',
  manifest: '--manifest',
  kubeconfig: '--kubeconfig',
  loadImage: '--load-image',
};

/** The simulator's own flags: refused with --kubeconfig (a cluster has its own routing, processes and clock). */
const SIMULATOR_ONLY: ReadonlyArray<readonly [string, string]> = [
  ['app', '--app'],
  ['routingLag', '--routing-lag'],
  ['longConnections', '--long-connections'],
  ['streamDuration', '--stream-duration'],
  ['timeScale', '--time-scale'],
  ['runHooks', '--run-hooks'],
];

/** Exit code when a cluster rehearsal was interrupted by SIGINT (Ctrl-C), after its namespace was deleted; 143 for SIGTERM. */
export const EXIT_INTERRUPTED = 130;
const EXIT_TERMINATED = 143;

/**
 * `graceful-k8s rehearse`: replays rolling updates of a Deployment against the app's real process
 * on 127.0.0.1 and counts the requests that fail. Parsing and printing only; the engine is
 * `rehearseRollout` in src/rehearse.
 */
export function rehearseCommand(): Command {
  return new Command('rehearse')
    .summary('replay rolling updates against the real app process (or roll out on a real cluster) and count failed requests')
    .description(
      'Starts the app as local "pods" (PORT, env from the manifest), routes bounded load through a local balancer that keeps\n' +
        'sending to a Terminating pod for the routing lag, and replays each rollout: maxSurge/maxUnavailable, readiness,\n' +
        'minReadySeconds, preStop, the stop signal, SIGKILL at the grace period. Loopback only; exits 1 when a request failed.\n' +
        'Nothing from the manifest runs on this machine: a preStop exec hook is replayed against the pod (sleep = timer, kill -SIG 1 and\n' +
        'nginx -s quit = the signal to the app, a registry deregistration = the pod leaves the balancer at once); any other command is\n' +
        'replaced by a timer and the report says so. --run-hooks runs the hook for real.\n' +
        '\n' +
        'With --kubeconfig, rehearses on that cluster instead, through kubectl ($KUBECTL or PATH): a scratch namespace\n' +
        'graceful-k8s-rehearse-<random>, the manifest applied there (only its namespace changes), a load pod (--load-image)\n' +
        'sending --rps requests a second through the Service, --rollouts times kubectl rollout restart + rollout status, then the\n' +
        'namespace deleted (also on failure, Ctrl-C and SIGTERM). Nothing outside the namespace is touched; cluster-scoped objects and\n' +
        'objects of another namespace are refused.',
    )
    .requiredOption('--manifest <file>', 'YAML with the Deployment (multi-document, as cdk8s synthesizes it)')
    .option('--deployment <name>', 'the Deployment to rehearse, or with --kubeconfig a StatefulSet (default: the only one)')
    .option('--app <command>', 'the command that starts the app (exec form; it must listen on 127.0.0.1:$PORT); required without --kubeconfig')
    .option('--kubeconfig <file>', 'rehearse on this cluster (kind, EKS, the local node...) instead of on this machine')
    .option('--load-image <image>', 'with --kubeconfig: the load program\'s image (build it: docs/rehearse.md "Rehearse on a real cluster")', CLUSTER_REHEARSAL_DEFAULTS.loadImage)
    .option('--load-host-network', 'with --kubeconfig: run the load pod in its node\'s network namespace, for clusters whose pods cannot reach Service IPs')
    .option('--routing-lag <duration>', 'how long routers keep sending to a Terminating pod', `${REHEARSAL_DEFAULTS.routingLagMs}ms`)
    .option('--rps <n>', 'short requests per second', String(REHEARSAL_DEFAULTS.rps))
    .option('--rollouts <n>', 'rollouts in a row', String(REHEARSAL_DEFAULTS.rollouts))
    .option('--long-connections <n>', 'streams (GET /stream) kept open throughout', String(REHEARSAL_DEFAULTS.longConnections))
    .option('--stream-duration <duration>', 'length of each stream', `${REHEARSAL_DEFAULTS.streamMs}ms`)
    .option('--work <duration>', 'the app\'s work per request (GET /work?ms=)', `${REHEARSAL_DEFAULTS.workMs}ms`)
    .option('--request-timeout <duration>', 'a request without a response after this counts as timeout', `${REHEARSAL_DEFAULTS.requestTimeoutMs}ms`)
    .option('--time-scale <factor>', 'multiply every manifest duration, the routing lag and the stream length (0.1 = 10x faster)', '1')
    .option('--max-duration <duration>', 'stop (and fail) after this long', `${REHEARSAL_DEFAULTS.maxDurationMs}ms`)
    .option(
      '--run-hooks',
      'run the manifest\'s preStop exec hook on this machine as written, instead of replaying it. RISK: it runs with your rights, outside ' +
        'any container (kill -QUIT 1 signals this machine\'s PID 1, a registry deregistration sends a real request)',
    )
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: RehearseFlags, command: Command) => {
      const session = sessionOf(command);
      if (flags.kubeconfig !== undefined) {
        const simulatorFlag = SIMULATOR_ONLY.find(([key]) => command.getOptionValueSource(key) === 'cli');
        if (simulatorFlag) {
          reportUsageError(session, `${simulatorFlag[1]} is an option of the local simulator: with --kubeconfig the cluster runs the app's image, routes and times the rollout itself`);
          return;
        }
        await rehearseClusterAction(flags, session);
        return;
      }
      if (flags.app === undefined) {
        reportUsageError(session, 'required option \'--app <command>\' not specified (or rehearse on a cluster with --kubeconfig)');
        return;
      }
      const clusterFlag = [['loadImage', '--load-image'], ['loadHostNetwork', '--load-host-network']].find(([key]) => command.getOptionValueSource(key) === 'cli');
      if (clusterFlag) {
        reportUsageError(session, `${clusterFlag[1]} needs --kubeconfig: the local simulator runs --app on this machine`);
        return;
      }
      let options: RehearsalOptions;
      try {
        options = optionsFrom(flags, session);
      } catch (error) {
        reportConfigError(session, error, FLAGS);
        return;
      }
      const bar = session.io.stderr.isTTY === true ? progressBar(session.io.stderr) : undefined;
      let report: RehearsalReport;
      try {
        report = await rehearseRollout({ ...options, onProgress: bar?.update });
      } catch (error) {
        bar?.clear();
        reportRehearsalFailure(session, error);
        return;
      }
      bar?.clear();
      session.io.stdout.write(flags.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatRehearsalText(report, painter(session.colorEnabled)));
      if (report.outcome === 'failed') session.fail(EXIT_REQUESTS_FAILED);
    });
}

async function rehearseClusterAction(flags: RehearseFlags, session: CliSession): Promise<void> {
  let options: ClusterRehearsalOptions;
  try {
    options = clusterOptionsFrom(flags, session);
  } catch (error) {
    reportConfigError(session, error, FLAGS);
    return;
  }
  const interrupt = new AbortController();
  let exitCode = EXIT_INTERRUPTED;
  const onSigint = () => interrupt.abort();
  const onSigterm = () => {
    exitCode = EXIT_TERMINATED;
    interrupt.abort();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  const progress = session.io.stderr.isTTY === true ? (step: string) => session.io.stderr.write(`rehearse: ${step}\n`) : undefined;
  let report: ClusterRehearsalReport;
  try {
    report = await rehearseOnCluster({ ...options, signal: interrupt.signal, onProgress: progress });
  } catch (error) {
    if (interrupt.signal.aborted) {
      const namespaceLine = error instanceof Error ? error.message.split('\n').pop() : undefined;
      session.io.stderr.write(`graceful-k8s: rehearse: interrupted${namespaceLine ? `; ${namespaceLine}` : ''}\n`);
      session.fail(exitCode);
      return;
    }
    reportRehearsalFailure(session, error);
    return;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigterm);
  }
  session.io.stdout.write(flags.output === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatClusterRehearsalText(report, painter(session.colorEnabled)));
  if (report.outcome === 'failed') session.fail(EXIT_REQUESTS_FAILED);
}

/** A rehearsal that could not run (exit 2): its own error, or a setting's error naming the flag. */
function reportRehearsalFailure(session: CliSession, error: unknown): void {
  if (error instanceof RehearsalError) {
    session.io.stderr.write(`graceful-k8s: rehearse: ${error.message}\n`);
    session.fail(EXIT_USAGE);
    return;
  }
  reportConfigError(session, error, FLAGS);
}

/**
 * The text of the file a flag names.
 * @throws GracefulConfigError naming the field and the file when it cannot be read
 */
function readOrRefuse(session: CliSession, field: string, path: string): string {
  try {
    return session.readFile(path);
  } catch (error) {
    throw new GracefulConfigError(field, path, `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function clusterOptionsFrom(flags: RehearseFlags, session: CliSession): ClusterRehearsalOptions {
  const manifest = readOrRefuse(session, 'manifest', flags.manifest);
  readOrRefuse(session, 'kubeconfig', flags.kubeconfig!);
  return {
    manifest,
    manifestFile: flags.manifest,
    workload: flags.deployment,
    kubeconfig: resolve(flags.kubeconfig!),
    env: session.io.env,
    loadImage: flags.loadImage,
    loadHostNetwork: flags.loadHostNetwork === true,
    rps: parseNumber('rps', flags.rps),
    rollouts: parseNumber('rollouts', flags.rollouts),
    workMs: toDurationMilliseconds('work', flags.work),
    requestTimeoutMs: toDurationMilliseconds('requestTimeout', flags.requestTimeout),
    maxDurationMs: toDurationMilliseconds('maxDuration', flags.maxDuration),
  };
}

function optionsFrom(flags: RehearseFlags, session: CliSession): RehearsalOptions {
  const manifest = readOrRefuse(session, 'manifest', flags.manifest);
  return {
    manifest,
    manifestFile: flags.manifest,
    deployment: flags.deployment,
    app: flags.app!,
    cwd: resolve('.'),
    routingLagMs: toDurationMilliseconds('routingLag', flags.routingLag),
    rps: parseNumber('rps', flags.rps),
    rollouts: parseNumber('rollouts', flags.rollouts),
    longConnections: parseNumber('longConnections', flags.longConnections),
    streamMs: toDurationMilliseconds('streamDuration', flags.streamDuration),
    workMs: toDurationMilliseconds('work', flags.work),
    requestTimeoutMs: toDurationMilliseconds('requestTimeout', flags.requestTimeout),
    timeScale: parseNumber('timeScale', flags.timeScale),
    maxDurationMs: toDurationMilliseconds('maxDuration', flags.maxDuration),
    runHooks: flags.runHooks === true,
  };
}

function parseNumber(field: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new GracefulConfigError(field, text, 'must be a number');
  return value;
}

function progressBar(stream: CliOutput): { update: (p: RehearsalProgress) => void; clear: () => void } {
  const width = 24;
  return {
    update: (p) => {
      const done = p.phase === 'starting' ? 0 : p.phase === 'draining' ? 1 : (p.rollout - 1) / p.rollouts;
      const filled = Math.round(done * width);
      const label = p.phase === 'rolling out' ? `rollout ${p.rollout}/${p.rollouts}` : p.phase;
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${label}  ${(p.elapsedMs / 1000).toFixed(1)} s  ${p.sent} sent  ${p.failed} failed\u001b[K`);
    },
    clear: () => stream.write('\r\u001b[K'),
  };
}

const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);
const after = (ms: number | undefined, from: number | undefined) => (ms === undefined || from === undefined ? '-' : `+${((ms - from) / 1000).toFixed(2)} s`);

/** The report as text: settings, counts by cause, latency, each rollout's pod timelines, notes, verdict. */
export function formatRehearsalText(report: RehearsalReport, paint: Painter = (_s, t) => t): string {
  const s = report.settings;
  const lines: string[] = [];
  lines.push(paint('bold', `rehearse ${report.deployment}: ${s.rollouts} rollout(s) of ${s.replicas} replica(s), app "${report.app}"`));
  lines.push(
    `  maxSurge ${s.maxSurge} · maxUnavailable ${s.maxUnavailable} · minReadySeconds ${s.minReadySeconds} · ` +
      `terminationGracePeriodSeconds ${s.terminationGracePeriodSeconds} · stop signal ${s.stopSignal}`,
  );
  lines.push(`  preStop: ${s.preStop}`);
  lines.push(`  readiness: ${s.readiness}`);
  lines.push(`  load: ${s.rps} rps (${s.workMs} ms of work each)${s.longConnections ? ` + ${s.longConnections} streams of ${s.streamSeconds} s` : ''} · routing lag ${s.routingLagSeconds} s${s.timeScale !== 1 ? ` · time scale ${s.timeScale}` : ''}`);
  lines.push('');
  const r = report.requests;
  lines.push(`requests  ${countsLine(r, paint)} · latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`);
  if (report.streams.sent > 0) lines.push(`streams   ${countsLine(report.streams, paint)}`);
  if (report.failureSamples.length > 0) lines.push('  first failures (s since start):');
  for (const f of report.failureSamples.slice(0, 5)) lines.push(paint('dim', `    ${seconds(f.atMs)} ${f.cause}: ${f.detail}`));
  for (const rollout of report.rollouts) {
    lines.push('');
    lines.push(
      `rollout ${rollout.index}: ${seconds(rolloutDurationMs(rollout))} until the last old pod exited ` +
        `(Deployment complete after ${seconds(rollout.completeAtMs - rollout.startedAtMs)})`,
    );
    lines.push(...podTable(rollout.terminated, rollout.startedAtMs, report, paint));
  }
  if (report.notes.length > 0) {
    lines.push('');
    lines.push('notes:');
    for (const note of report.notes) lines.push(`  - ${note}`);
  }
  lines.push('');
  const failed = r.failed + report.streams.failed;
  const total = r.sent + report.streams.sent;
  lines.push(report.outcome === 'passed' ? paint('green', `PASSED: 0 of ${total} requests failed`) : paint('red', `FAILED: ${failed} of ${total} requests failed`));
  return `${lines.join('\n')}\n`;
}

/**
 * A cluster rehearsal's report as text, in the simulator's layout: settings, requests by cause and
 * latency, the first failures, each rollout's times, notes, the verdict.
 */
export function formatClusterRehearsalText(report: ClusterRehearsalReport, paint: Painter = (_s, t) => t): string {
  const s = report.settings;
  const c = report.cluster;
  const lines: string[] = [];
  lines.push(paint('bold', `rehearse ${report.deployment}: ${s.rollouts} rollout(s) of ${s.replicas} replica(s) on ${c.serverVersion}, image ${report.app}`));
  const strategy = s.kind === 'Deployment' ? `maxSurge ${s.maxSurge} · maxUnavailable ${s.maxUnavailable} · ` : 'StatefulSet · ';
  lines.push(`  ${strategy}minReadySeconds ${s.minReadySeconds} · terminationGracePeriodSeconds ${s.terminationGracePeriodSeconds} · stop signal ${s.stopSignal}`);
  lines.push(`  preStop: ${s.preStop}`);
  lines.push(`  readiness: ${s.readiness}`);
  lines.push(`  load: ${s.rps} rps (${s.workMs} ms of work each, a new connection each) from pod ${c.namespace}/graceful-k8s-load through Service ${c.service}`);
  lines.push('');
  const r = report.requests;
  lines.push(`requests  ${countsLine(r, paint)} · latency p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`);
  if (report.failureSamples.length > 0) lines.push('  first failures (s since start):');
  for (const f of report.failureSamples.slice(0, 5)) lines.push(paint('dim', `    ${seconds(f.atMs)} ${f.cause}: ${f.detail}`));
  for (const rollout of report.rollouts) {
    lines.push('');
    lines.push(
      `rollout ${rollout.index}: ${seconds(rollout.completeAtMs - rollout.startedAtMs)} until kubectl rollout status completed, ` +
        `${seconds(rollout.endedAtMs - rollout.startedAtMs)} until the last old pod was gone`,
    );
    lines.push(...clusterPodTable(rollout.terminated, rollout.oldPods, rollout.startedAtMs));
  }
  const notes = [...report.notes, c.namespaceDeleted ? `namespace ${c.namespace} deleted` : undefined].filter((n): n is string => n !== undefined);
  lines.push('');
  lines.push('notes:');
  for (const note of notes) lines.push(`  - ${note}`);
  lines.push('');
  lines.push(report.outcome === 'passed' ? paint('green', `PASSED: 0 of ${r.sent} requests failed`) : paint('red', `FAILED: ${r.failed} of ${r.sent} requests failed`));
  return `${lines.join('\n')}\n`;
}

function clusterPodTable(pods: ClusterRehearsalReport['rollouts'][number]['terminated'], names: readonly string[], rolloutStart: number): string[] {
  const rows = [['pod', 'Terminating', 'gone']];
  const at = (name: string) => pods.find((t) => t.pod === name)?.terminatingAtMs ?? Infinity;
  for (const name of [...names].sort((a, b) => at(a) - at(b))) {
    const p = pods.find((t) => t.pod === name);
    rows.push([name, p?.terminatingAtMs === undefined ? '-' : seconds(p.terminatingAtMs - rolloutStart), after(p?.goneAtMs, p?.terminatingAtMs)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => `  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()}`);
}

function countsLine(c: RequestCounts | ClusterRequestCounts, paint: Painter): string {
  const byCause = c.byCause as Readonly<Record<string, number>>;
  const causes = [...new Set<string>([...FAILURE_CAUSES, ...CLUSTER_FAILURE_CAUSES])].filter((cause) => (byCause[cause] ?? 0) > 0).map((cause) => `${cause} ${byCause[cause]}`);
  const failed = c.failed > 0 ? paint('red', `${c.failed} failed (${causes.join(', ')})`) : '0 failed';
  return `${c.sent} sent · ${c.ok} ok · ${failed}`;
}

function podTable(pods: readonly PodTimeline[], rolloutStart: number, report: RehearsalReport, paint: Painter): string[] {
  const requests = new Map(report.pods.map((p) => [p.pod, p.requests ?? 0]));
  const rows = [['pod', 'Terminating', 'preStop end', 'stop signal', 'exit', 'drain', 'killed', 'got signal', 'requests']];
  for (const p of pods) {
    rows.push([
      p.pod,
      `${seconds((p.terminatingAtMs ?? rolloutStart) - rolloutStart)}`,
      after(p.preStopEndAtMs, p.terminatingAtMs),
      after(p.stopSignalAtMs, p.terminatingAtMs),
      after(p.exitAtMs, p.terminatingAtMs),
      seconds(drainMs(p)),
      p.killed ? paint('red', `SIGKILL ${after(p.killedAtMs, p.terminatingAtMs)}`) : 'no',
      p.signalReach === 'no' || p.signalReach === 'ignored' ? paint('red', p.signalReach) : p.signalReach,
      String(requests.get(p.pod) ?? 0),
    ]);
  }
  const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => visible(row[i]))));
  const out = rows.map((row) => `  ${row.map((cell, i) => cell + ' '.repeat(widths[i] - visible(cell))).join('  ').trimEnd()}`);
  for (const p of pods) if (p.signalNote && p.signalReach !== 'forwarded') out.push(paint('yellow', `  ${p.pod}: ${p.signalNote}`));
  return out;
}
