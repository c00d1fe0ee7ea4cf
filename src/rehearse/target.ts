import { existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { declaredDrain, execCommandOf } from '../audit/declared';
import { parseManifest } from '../audit/manifest';
import { isRecord } from '../audit/object-path';
import { gracePeriodOf, servingContainerIndexes, workloadFromObject, type AuditedWorkload } from '../audit/workload';
import { GracefulConfigError, resolveRolloutBounds, SHUTDOWN_TIMEOUT_ENV, type Container, type EnvVar } from '../core';
import { describeHookStep, replayHookSteps, type HookStep } from './hook-replay';

/** What the kubelet runs before the stop signal, as the rehearsal runs it. */
export type PreStopAction =
  | { readonly kind: 'none' }
  /** Waits `ms` (native `sleep`, or an exec hook that only sleeps or whose commands were replaced by timers). */
  | { readonly kind: 'timer'; readonly ms: number; readonly description: string }
  /** Replays an exec hook's steps against the pod (signals, deregistration, waits); nothing runs on this machine. */
  | { readonly kind: 'steps'; readonly steps: readonly HookStep[]; readonly description: string }
  /** Runs the hook's command on this machine: only with {@link TargetOptions.runHooks}. */
  | { readonly kind: 'exec'; readonly command: readonly string[]; readonly description: string };

/** The readiness probe, with its port mapped to the pod's local port. Durations in ms (scaled). */
export interface ReadinessCheck {
  readonly kind: 'http' | 'tcp' | 'none';
  /** For `http`: the path, e.g. `/ready`. */
  readonly path?: string;
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly description: string;
}

/** One env var of the container: a literal, or a downward-API field resolved per pod. */
export type EnvSource =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly field: 'pod-name' | 'pod-ip' | 'namespace' };

/** Everything the rehearsal reads from the Deployment. Durations in ms, after the time scale. */
export interface RehearsalTarget {
  readonly deploymentName: string;
  readonly namespace: string;
  readonly containerName: string;
  readonly replicas: number;
  readonly maxSurge: number;
  readonly maxUnavailable: number;
  readonly minReadyMs: number;
  readonly gracePeriodMs: number;
  /** `progressDeadlineSeconds` (default 600 s), scaled. */
  readonly progressDeadlineMs: number;
  readonly preStop: PreStopAction;
  readonly readiness: ReadinessCheck;
  readonly env: readonly EnvSource[];
  /** The stop signal: `lifecycle.stopSignal` when set, else SIGTERM. */
  readonly stopSignal: NodeJS.Signals;
  /** The time scale applied to every duration above. */
  readonly timeScale: number;
  /** What the rehearsal changed or left out, for the report. */
  readonly notes: readonly string[];
}

/** Options of {@link loadRehearsalTarget}. */
export interface TargetOptions {
  /** The Deployment to rehearse. @default the only Deployment of the manifest */
  readonly deployment?: string;
  /** Multiplies every manifest duration (0.1 = ten times shorter). @default 1 */
  readonly timeScale?: number;
  /** Where the manifest came from, for messages. @default 'manifest' */
  readonly file?: string;
  /**
   * Runs a preStop `exec` hook's command on this machine, as it is written, instead of replaying it.
   * RISK: the manifest's command runs with your user's rights, outside any container: `kill -QUIT 1`
   * signals this machine's PID 1, a registry deregistration sends a real request, `rm` removes your files.
   * Only at time scale 1 and when the command exists here; otherwise the hook is replayed.
   * @default false
   */
  readonly runHooks?: boolean;
  /** Whether a command exists on this machine (for {@link runHooks}). @default a PATH lookup */
  readonly commandExists?: (command: string) => boolean;
}

/** Kubernetes' default probe timing (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#configure-probes). */
const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1 };
/** apps/v1 DeploymentSpec default. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
const BUSYBOX_SLEEP = /\/busybox$/;

/**
 * Reads the Deployment to rehearse from multi-document YAML (as synthesized by cdk8s or written by
 * hand). Throws a {@link GracefulConfigError} naming the field when the manifest cannot be rehearsed.
 */
export function loadRehearsalTarget(text: string, options: TargetOptions = {}): RehearsalTarget {
  const file = options.file ?? 'manifest';
  const scale = options.timeScale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new GracefulConfigError('timeScale', scale, 'must be a number > 0 (0.1 makes every manifest duration ten times shorter)');
  }
  const workload = pickDeployment(text, file, options.deployment);
  const notes: string[] = [];
  const spec = isRecord(workload.object.spec) ? workload.object.spec : {};
  const replicas = workload.replicas ?? 1; // apps/v1 defaults replicas to 1
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new GracefulConfigError('spec.replicas', replicas, 'must be at least 1 to rehearse a rolling update');
  }
  const strategy = isRecord(spec.strategy) ? spec.strategy : {};
  if (strategy.type === 'Recreate') {
    throw new GracefulConfigError('spec.strategy.type', 'Recreate', 'is not rehearsed: only RollingUpdate replaces pods one batch at a time');
  }
  const rolling = isRecord(strategy.rollingUpdate) ? strategy.rollingUpdate : {};
  const bounds = resolveRolloutBounds(replicas, rolling.maxSurge, rolling.maxUnavailable);

  const serving = servingContainerIndexes(workload);
  const index = serving[0] ?? 0;
  const container = workload.podSpec.containers[index];
  if (workload.podSpec.containers.length > 1) {
    notes.push(`only container "${container.name}" runs (as the app); the other ${workload.podSpec.containers.length - 1} container(s) are not rehearsed`);
  }
  const exists = options.commandExists ?? commandExistsOnPath;
  const ms = (seconds: number) => Math.round(seconds * 1000 * scale);
  if (scale !== 1) notes.push(`time scale ${scale}: every manifest duration, the routing lag and the kubelet's 2 s minimum are multiplied by ${scale}`);

  return {
    deploymentName: workload.name,
    namespace: workload.namespace ?? 'default',
    containerName: container.name,
    replicas,
    maxSurge: bounds.maxSurge,
    maxUnavailable: bounds.maxUnavailable,
    minReadyMs: ms(numberField(spec.minReadySeconds, 'spec.minReadySeconds', 0)),
    gracePeriodMs: ms(gracePeriodOf(workload).seconds),
    progressDeadlineMs: ms(numberField(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds', DEFAULT_PROGRESS_DEADLINE_SECONDS)),
    preStop: preStopAction(container, scale, options.runHooks === true ? exists : undefined, notes),
    readiness: readinessCheck(container, scale, notes),
    env: envSources(container, scale, notes),
    stopSignal: stopSignalOf(container),
    timeScale: scale,
    notes,
  };
}

function pickDeployment(text: string, file: string, name: string | undefined): AuditedWorkload {
  const parsed = parseManifest({ file, text });
  if (parsed.problems.length > 0 && parsed.objects.length === 0) {
    const p = parsed.problems[0];
    throw new GracefulConfigError('manifest', file, `cannot be read: ${p.message}${p.line ? ` (line ${p.line})` : ''}`);
  }
  const deployments = parsed.objects.filter((o) => o.object.kind === 'Deployment');
  const names = deployments.map((d) => (isRecord(d.object.metadata) ? String(d.object.metadata.name) : '(unnamed)'));
  let chosen = deployments[0];
  if (name !== undefined) {
    chosen = deployments[names.indexOf(name)];
    if (!chosen) {
      throw new GracefulConfigError('deployment', name, `${JSON.stringify(name)} is not in ${file}; it has ${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'no Deployment'}`);
    }
  } else if (deployments.length !== 1) {
    throw new GracefulConfigError(
      'deployment',
      undefined,
      deployments.length === 0
        ? `is missing: ${file} has no Deployment; give a manifest with one (kind: Deployment)`
        : `must be given: ${file} has ${deployments.length} Deployments (${names.join(', ')}); pick one with --deployment NAME`,
    );
  }
  const workload = workloadFromObject('Deployment', chosen.object, chosen.source);
  if ('problem' in workload) throw new GracefulConfigError('deployment', name ?? names[0], `cannot be rehearsed: ${workload.problem}`);
  return workload;
}

function numberField(value: unknown, field: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new GracefulConfigError(field, value, 'must be a number of seconds >= 0');
  }
  return value;
}

/**
 * The preStop hook as the rehearsal runs it. Nothing from the manifest runs on this machine unless
 * `runWhere` is given (the opt-in): a native sleep and a copied busybox sleep become a timer; an exec
 * hook is replayed step by step ({@link replayHookSteps}); a command the replay does not know becomes
 * a timer, and the report says so.
 * @param runWhere with `--run-hooks`: whether a command exists here (then it runs for real, at time scale 1).
 */
function preStopAction(container: Container, scale: number, runWhere: ((c: string) => boolean) | undefined, notes: string[]): PreStopAction {
  const drain = declaredDrain(container);
  const command = execCommandOf(container.lifecycle?.preStop)?.map(String);
  if (drain.kind === 'none') return { kind: 'none' };
  const timer = (seconds: number, description: string): PreStopAction => ({ kind: 'timer', ms: Math.round(seconds * 1000 * scale), description });
  if (drain.kind === 'sleep' && drain.via === 'native') return timer(drain.seconds, `sleep ${drain.seconds}s (native, as a timer)`);
  if (!command) {
    notes.push(`preStop ${drain.kind === 'no-wait' ? drain.description : 'handler'} is not rehearsed (only sleep and exec are)`);
    return { kind: 'none' };
  }
  const hook = `exec ${JSON.stringify(command)}`;
  if (BUSYBOX_SLEEP.test(command[0]) && command[1] === 'sleep' && drain.kind === 'sleep') {
    return timer(drain.seconds, `${command.join(' ')} (copied busybox sleep, as a timer)`);
  }
  if (runWhere) {
    if (scale === 1 && runWhere(command[0])) {
      notes.push(`preStop ${hook} ran on this machine (--run-hooks)`);
      return { kind: 'exec', command, description: `${hook} (run on this machine, --run-hooks)` };
    }
    notes.push(`--run-hooks: preStop ${hook} was replayed instead: ${scale === 1 ? `${command[0]} does not exist on this machine` : `a time scale of ${scale} applies`}`);
  }
  const steps = replayHookSteps(command, scale);
  for (const step of steps.filter((s) => s.kind === 'replaced')) {
    notes.push(`preStop command ${JSON.stringify(step.text)} was not run (nothing from the manifest runs on this machine): ` +
      `a timer of ${step.ms / 1000}s stands in for it; --run-hooks runs the hook for real`);
  }
  const described = steps.map(describeHookStep).join('; ');
  if (steps.every((s) => s.kind === 'wait' || s.kind === 'replaced')) {
    const ms = steps.reduce((sum, s) => sum + (s.kind === 'wait' || s.kind === 'replaced' ? s.ms : 0), 0);
    return { kind: 'timer', ms, description: `${hook} replayed: ${described}` };
  }
  notes.push(`preStop ${hook} was replayed, not run: ${steps.filter((s) => s.kind !== 'wait' && s.kind !== 'replaced').map(describeHookStep).join('; ')}`);
  return { kind: 'steps', steps, description: `${hook} replayed: ${described}` };
}

function readinessCheck(container: Container, scale: number, notes: string[]): ReadinessCheck {
  const probe = isRecord(container.readinessProbe) ? container.readinessProbe : undefined;
  const timing = (key: keyof typeof PROBE_DEFAULTS) => {
    const value = probe?.[key];
    return typeof value === 'number' && value >= 0 ? value : PROBE_DEFAULTS[key];
  };
  const base = {
    initialDelayMs: Math.round(timing('initialDelaySeconds') * 1000 * scale),
    periodMs: Math.round(timing('periodSeconds') * 1000 * scale),
    timeoutMs: Math.round(timing('timeoutSeconds') * 1000 * scale),
    successThreshold: Math.max(1, timing('successThreshold')),
  };
  const every = `every ${timing('periodSeconds')}s after ${timing('initialDelaySeconds')}s`;
  if (probe && isRecord(probe.httpGet)) {
    const path = typeof probe.httpGet.path === 'string' ? probe.httpGet.path : '/';
    return { kind: 'http', path, ...base, description: `HTTP GET ${path} (port ${String(probe.httpGet.port)} -> the pod's port), ${every}` };
  }
  if (probe && isRecord(probe.tcpSocket)) return { kind: 'tcp', ...base, description: `TCP connect (port ${String(probe.tcpSocket.port)} -> the pod's port), ${every}` };
  if (probe) {
    notes.push(`the readiness probe (${Object.keys(probe).filter((k) => !k.endsWith('Seconds') && !k.endsWith('Threshold')).join(', ')}) was replaced by a TCP connect to the pod's port`);
    return { kind: 'tcp', ...base, description: `TCP connect replacing the probe, ${every}` };
  }
  // Without a readiness probe a container counts as ready as soon as it runs
  // (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes).
  return { kind: 'none', ...base, description: 'none: ready as soon as the process starts' };
}

function envSources(container: Container, scale: number, notes: string[]): EnvSource[] {
  const sources: EnvSource[] = [];
  for (const env of (container.env ?? []) as EnvVar[]) {
    if (typeof env.value === 'string') {
      if (env.name === SHUTDOWN_TIMEOUT_ENV && scale !== 1) {
        const scaled = String(Number(env.value) * scale);
        notes.push(`${SHUTDOWN_TIMEOUT_ENV}=${env.value} is passed as ${scaled} (time scale)`);
        sources.push({ name: env.name, value: scaled });
      } else {
        sources.push({ name: env.name, value: env.value });
      }
      continue;
    }
    const fieldPath = env.valueFrom?.fieldRef?.fieldPath;
    const field = fieldPath === 'metadata.name' ? 'pod-name' : fieldPath === 'status.podIP' || fieldPath === 'status.hostIP' ? 'pod-ip' : fieldPath === 'metadata.namespace' ? 'namespace' : undefined;
    if (field) sources.push({ name: env.name, field });
    else if (env.value === undefined) notes.push(`env ${env.name} (${JSON.stringify(env.valueFrom ?? {})}) is not set: only literals and fieldRefs are rehearsed`);
  }
  if (sources.some((s) => s.name === 'PORT')) notes.push('env PORT from the manifest is replaced by the pod\'s local port');
  return sources.filter((s) => s.name !== 'PORT');
}

function stopSignalOf(container: Container): NodeJS.Signals {
  const signal = container.lifecycle?.stopSignal;
  // lifecycle.stopSignal is alpha since 1.33 (KEP-4960); SIGTERM otherwise (or the image's STOPSIGNAL).
  return typeof signal === 'string' && /^SIG[A-Z0-9]+$/.test(signal) ? (signal as NodeJS.Signals) : 'SIGTERM';
}

/** True when `command` is an executable path, or a name found on PATH. */
export function commandExistsOnPath(command: string): boolean {
  const candidates = isAbsolute(command) || command.includes('/') ? [command] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  return candidates.some((path) => {
    try {
      return existsSync(path) && statSync(path).isFile() && /[1357]/.test((statSync(path).mode % 0o1000).toString(8)); // any execute bit
    } catch {
      return false;
    }
  });
}
