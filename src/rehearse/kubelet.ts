import { spawn } from 'node:child_process';
import type { Balancer } from './balancer';
import type { HookStep } from './hook-replay';
import type { RehearsalPod } from './pod';
import { commandNameOf, isAlive, signalDisposition } from './proc-inspect';
import { sleep } from './sleep';
import type { PreStopAction } from './target';

/**
 * The kubelet's minimum time between the stop signal and SIGKILL when preStop used up the grace
 * period (`minimumGracePeriodInSeconds` in the kubelet's killContainer): the documented "one-off
 * grace period extension of 2 seconds"
 * (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution).
 */
export const KUBELET_MINIMUM_GRACE_MS = 2000;

/** What the kubelet needs to stop one pod. Durations in ms. */
export interface TerminationSettings {
  readonly gracePeriodMs: number;
  readonly preStop: PreStopAction;
  readonly stopSignal: NodeJS.Signals;
  /** {@link KUBELET_MINIMUM_GRACE_MS}, scaled. */
  readonly minimumGraceMs: number;
  readonly balancer: Balancer;
  /** ms since the rehearsal started. */
  readonly now: () => number;
}

/**
 * Deletes a pod as Kubernetes does
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination):
 * 1. the pod turns Terminating; in parallel its endpoint leaves the routers after the routing lag;
 * 2. the grace period countdown starts before preStop and preStop runs (abandoned at the deadline);
 * 3. the stop signal goes to the main process when preStop returns;
 * 4. SIGKILL goes to every process of the container at the deadline, or 2 s after the stop signal
 *    when preStop left less than that
 *    (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution).
 * Resolves when the pod's processes are gone.
 */
export async function terminatePod(pod: RehearsalPod, settings: TerminationSettings): Promise<void> {
  const timeline = pod.timeline;
  const start = settings.now();
  timeline.terminatingAtMs = start;
  settings.balancer.markTerminating(pod.name);
  const deadline = start + settings.gracePeriodMs;

  timeline.preStopOutcome = await runPreStop(pod, settings);
  if (timeline.preStopOutcome !== 'none') timeline.preStopEndAtMs = settings.now();

  const remainingMs = Math.max(deadline - settings.now(), settings.minimumGraceMs);
  const signalled = pod.process.pid;
  const server = pod.findServer();
  timeline.stopSignal = settings.stopSignal;
  if (!pod.process.exit) {
    const disposition = signalDisposition(signalled, settings.stopSignal);
    timeline.stopSignalAtMs = settings.now();
    pod.process.signal(settings.stopSignal);
    if (server === undefined || disposition === undefined) timeline.signalReach = 'unknown';
    else if (server === signalled) timeline.signalReach = disposition === 'ignored' ? 'ignored' : 'yes';
    else timeline.signalNote = `${settings.stopSignal} went to pid ${signalled} (${commandNameOf(signalled) ?? '?'}); port ${pod.port} is served by pid ${server} (${commandNameOf(server) ?? '?'})`;
  }

  const exitedInTime = await Promise.race([pod.process.exited.then(() => true), sleep(remainingMs).then(() => false)]);
  if (!exitedInTime) {
    timeline.killed = true;
    timeline.killedAtMs = settings.now();
    if (server !== undefined && server !== signalled) timeline.signalReach = isAlive(server) ? 'no' : 'forwarded';
  } else if (server !== undefined && server !== signalled && timeline.stopSignalAtMs !== undefined) {
    timeline.signalReach = 'forwarded';
  }
  // When the main process exits the container ends and the runtime kills what is left of it.
  pod.process.killGroup();
  const exit = await pod.process.exited;
  timeline.exitAtMs ??= settings.now();
  timeline.exitCode = exit.code;
  timeline.exitSignal = exit.signal;
}

async function runPreStop(pod: RehearsalPod, settings: TerminationSettings): Promise<'none' | 'completed' | 'failed' | 'cut at grace period'> {
  const { preStop: action, gracePeriodMs } = settings;
  if (action.kind === 'none') return 'none';
  if (action.kind === 'timer') {
    await sleep(Math.min(action.ms, gracePeriodMs));
    return action.ms > gracePeriodMs ? 'cut at grace period' : 'completed';
  }
  if (action.kind === 'steps') {
    // The kubelet abandons the hook at the grace period: later steps never happen.
    const deadline = sleep(gracePeriodMs).then(() => 'deadline' as const);
    for (const step of action.steps) {
      if ((await Promise.race([replayStep(pod, step, settings), deadline])) === 'deadline') return 'cut at grace period';
    }
    return 'completed';
  }
  const hook = spawn(action.command[0], action.command.slice(1), { detached: true, stdio: 'ignore', env: { ...pod.env } });
  const done = new Promise<number | null>((resolve) => {
    hook.once('error', () => resolve(127));
    hook.once('exit', (code) => resolve(code));
  });
  const result = await Promise.race([done, sleep(gracePeriodMs).then(() => 'deadline' as const)]);
  if (hook.pid !== undefined) {
    try {
      process.kill(-hook.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (result === 'deadline') return 'cut at grace period';
  return result === 0 ? 'completed' : 'failed';
}

/** One replayed hook step, acting on the pod only (its main process, its endpoint). */
async function replayStep(pod: RehearsalPod, step: HookStep, settings: TerminationSettings): Promise<void> {
  switch (step.kind) {
    case 'wait':
    case 'replaced':
      await sleep(step.ms);
      return;
    case 'signal':
      pod.timeline.preStopSignal = step.signal;
      pod.timeline.preStopSignalAtMs = settings.now();
      pod.process.signal(step.signal);
      return;
    case 'wait-for-exit':
      await pod.process.exited;
      return;
    case 'deregister':
      pod.timeline.deregisteredAtMs = settings.now();
      settings.balancer.removeNow(pod.name);
      return;
  }
}
