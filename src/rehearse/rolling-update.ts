import { STATUS_CODES } from 'node:http';
import type { Balancer } from './balancer';
import { RehearsalError } from './errors';
import { freeLoopbackPort } from './free-port';
import { terminatePod, KUBELET_MINIMUM_GRACE_MS } from './kubelet';
import { startPod, type PodTimeline, type RehearsalPod } from './pod';
import { waitUntilReady } from './readiness';
import { sleep } from './sleep';
import type { RehearsalTarget } from './target';

/** What the rolling-update driver needs: the Deployment, the app, the balancer and the clock. */
export interface ClusterContext {
  readonly target: RehearsalTarget;
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly balancer: Balancer;
  /** Routers register a new endpoint with this lag after it is ready, as they forget an old one. */
  readonly routingLagMs: number;
  /** ms since the rehearsal started. */
  readonly now: () => number;
  /** Every pod ever started, for the report and for cleanup. */
  readonly pods: RehearsalPod[];
}

/** One rollout: when it started, when the Deployment was complete, when the last old pod was gone. */
export interface RolloutRecord {
  /** 1 for the first rollout. */
  readonly index: number;
  readonly startedAtMs: number;
  /** All new pods available and no old pod left in the ReplicaSet (what `kubectl rollout status` waits for). */
  readonly completeAtMs: number;
  /** The last old pod's processes are gone. */
  readonly endedAtMs: number;
  /** The old pods' timelines, in termination order. */
  readonly terminated: readonly PodTimeline[];
}

const POLL_MS = 50;

/**
 * Starts one pod and resolves when it is available: ready by its readiness probe, registered by
 * the routers after the routing lag, and ready for `minReadySeconds`
 * (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds).
 */
export async function createAvailablePod(ctx: ClusterContext, generation: number, index: number, deadlineMs: number): Promise<RehearsalPod> {
  const name = `${ctx.target.deploymentName}-r${generation}-${index}`;
  const pod = startPod({
    name,
    port: await freeLoopbackPort(),
    generation,
    argv: ctx.argv,
    env: ctx.target.env,
    namespace: ctx.target.namespace,
    cwd: ctx.cwd,
    nowMs: ctx.now(),
  });
  ctx.pods.push(pod);
  void pod.process.exited.then(() => {
    pod.timeline.exitAtMs ??= ctx.now();
  });
  const ready = await waitUntilReady(ctx.target.readiness, pod.port, () => pod.process.exit !== undefined || ctx.now() > deadlineMs);
  if (ready.kind === 'refused') {
    throw new RehearsalError(
      `pod ${name}: the readiness probe GET ${ready.path} got HTTP ${ready.status} ${STATUS_CODES[ready.status] ?? ''}`.trimEnd() +
        `, so the pod would never be ready; the app must answer GET ${ready.path} (readinessProbe.httpGet.path) with a status from 200 to 399 ` +
        `once it can serve; its output:\n${pod.process.output.trim() || '(none)'}`,
    );
  }
  if (ready.kind === 'stopped') {
    const exit = pod.process.exit;
    const why = exit ? `exited (code ${exit.code}, signal ${exit.signal})` : `was not ready by its readiness probe (${ctx.target.readiness.description}) before the deadline`;
    throw new RehearsalError(`pod ${name} (${ctx.argv.join(' ')}) ${why}; its output:\n${pod.process.output.trim() || '(none)'}`);
  }
  pod.timeline.readyAtMs = ctx.now();
  pod.findServer();
  pod.registered = sleep(ctx.routingLagMs).then(() => {
    if (pod.timeline.terminatingAtMs === undefined) ctx.balancer.add(name, pod.port);
  });
  await sleep(Math.max(ctx.target.minReadyMs, 0));
  pod.timeline.availableAtMs = ctx.now();
  return pod;
}

/**
 * Replaces `oldPods` with `replicas` new pods as the Deployment controller does with maxSurge and
 * maxUnavailable (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment):
 * new pods are created while old + new <= replicas + maxSurge (terminating pods do not count);
 * old pods are deleted while the available pods stay >= replicas - maxUnavailable.
 */
export async function rollOut(
  ctx: ClusterContext,
  oldPods: readonly RehearsalPod[],
  index: number,
): Promise<{ readonly record: RolloutRecord; readonly pods: RehearsalPod[] }> {
  const t = ctx.target;
  const startedAtMs = ctx.now();
  const deadlineMs = startedAtMs + t.progressDeadlineMs;
  const old = [...oldPods];
  const fresh: RehearsalPod[] = [];
  let created = 0;
  let available = 0;
  let failure: unknown;
  const terminations: Array<Promise<void>> = [];
  const terminated: RehearsalPod[] = [];
  const settings = {
    gracePeriodMs: t.gracePeriodMs,
    preStop: t.preStop,
    stopSignal: t.stopSignal,
    minimumGraceMs: KUBELET_MINIMUM_GRACE_MS * t.timeScale,
    balancer: ctx.balancer,
    now: ctx.now,
  };
  for (;;) {
    if (failure !== undefined) throw failure;
    if (ctx.now() > deadlineMs) {
      throw new RehearsalError(`rollout ${index} made no progress within progressDeadlineSeconds (${t.progressDeadlineMs / 1000}s): ${available}/${t.replicas} new pods available`);
    }
    const toCreate = Math.min(t.replicas - created, t.replicas + t.maxSurge - (old.length + created));
    for (let i = 0; i < toCreate; i++) {
      const n = created++;
      createAvailablePod(ctx, index, n, deadlineMs).then(
        (pod) => {
          fresh.push(pod);
          available++;
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
    }
    const toDelete = Math.min(old.length, old.length + available - (t.replicas - t.maxUnavailable));
    for (let i = 0; i < toDelete; i++) {
      const pod = old.shift()!;
      terminated.push(pod);
      terminations.push(terminatePod(pod, settings));
    }
    if (available === t.replicas && old.length === 0) break;
    if (toCreate <= 0 && toDelete <= 0) await sleep(POLL_MS);
  }
  const completeAtMs = ctx.now();
  await Promise.all(terminations);
  return {
    record: { index, startedAtMs, completeAtMs, endedAtMs: ctx.now(), terminated: terminated.map((p) => p.timeline) },
    pods: fresh,
  };
}
