import { LocalProcess } from './pod-process';
import { listeningPid } from './proc-inspect';
import type { EnvSource } from './target';

/** Whether the stop signal reached the process that serves the pod's port. */
export type SignalReach =
  /** The signalled process serves the port and handles the signal (or its default action ends it). */
  | 'yes'
  /** The signalled process serves the port but ignores the signal. */
  | 'ignored'
  /** The signal went to another process (a shell wrapper) and the server was still running at SIGKILL. */
  | 'no'
  /** The signal went to a wrapper and the server stopped before SIGKILL: the wrapper forwarded it. */
  | 'forwarded'
  /** /proc could not tell, or the pod was never signalled. */
  | 'unknown';

/** One pod's life, in ms since the rehearsal started. */
export interface PodTimeline {
  readonly pod: string;
  /** 0 for the pods before the first rollout, then the rollout number that created the pod. */
  readonly generation: number;
  readonly port: number;
  readonly startedAtMs: number;
  readyAtMs?: number;
  /** Ready and then `minReadySeconds` later: counts as available for the rollout. */
  availableAtMs?: number;
  terminatingAtMs?: number;
  preStopEndAtMs?: number;
  preStopOutcome?: 'none' | 'completed' | 'failed' | 'cut at grace period';
  /** A signal the replayed preStop hook sent to the main process (`kill -QUIT 1`, `nginx -s quit`), and when. */
  preStopSignal?: NodeJS.Signals;
  preStopSignalAtMs?: number;
  /** When the replayed preStop hook's registry deregistration took the pod out of the balancer. */
  deregisteredAtMs?: number;
  stopSignal?: NodeJS.Signals;
  stopSignalAtMs?: number;
  /** When the main process exited. */
  exitAtMs?: number;
  exitCode?: number | null;
  exitSignal?: NodeJS.Signals | null;
  /** True when the grace period ran out and the pod was SIGKILLed. */
  killed: boolean;
  killedAtMs?: number;
  signalReach: SignalReach;
  /** Which process got the signal and which one served the port, when they differ. */
  signalNote?: string;
  /** Requests the balancer routed to this pod. */
  requests?: number;
}

/** A running pod: its process, port and timeline. */
export class RehearsalPod {
  public readonly timeline: PodTimeline;
  /** The pid that listens on the pod's port, found once it is ready. */
  public serverPid: number | undefined;
  /**
   * Settles when the routers have registered the ready pod (the routing lag after ready), or know it
   * will not be (it turned Terminating first). The rehearsal waits on it, not on the clock.
   */
  public registered: Promise<void> = Promise.resolve();

  constructor(
    public readonly name: string,
    public readonly port: number,
    public readonly process: LocalProcess,
    /** The env the app runs with (preStop exec hooks get it too, as in the container). */
    public readonly env: Readonly<Record<string, string>>,
    generation: number,
    startedAtMs: number,
  ) {
    this.timeline = { pod: name, generation, port, startedAtMs, killed: false, signalReach: 'unknown' };
  }

  /** Finds the process serving the port (a child when the app runs under a shell). */
  public findServer(): number | undefined {
    this.serverPid ??= listeningPid(this.port, this.process.pid);
    return this.serverPid;
  }
}

/** Starts one pod of the app, its env resolved as the downward API would. */
export function startPod(options: {
  readonly name: string;
  readonly port: number;
  readonly generation: number;
  readonly argv: readonly string[];
  readonly env: readonly EnvSource[];
  readonly namespace: string;
  readonly cwd?: string;
  readonly nowMs: number;
}): RehearsalPod {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const source of options.env) {
    if ('value' in source) env[source.name] = source.value;
    else env[source.name] = source.field === 'pod-name' ? options.name : source.field === 'pod-ip' ? '127.0.0.1' : options.namespace;
  }
  env.PORT = String(options.port);
  const process_ = LocalProcess.start({ argv: options.argv, env, cwd: options.cwd });
  return new RehearsalPod(options.name, options.port, process_, env, options.generation, options.nowMs);
}
