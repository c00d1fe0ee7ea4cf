import * as http from 'node:http';
import { connect } from 'node:net';
import { sleep } from './sleep';
import type { ReadinessCheck } from './target';

/** One probe's result: `status` is the HTTP status when an HTTP probe got an answer. */
export interface ProbeResult {
  readonly ok: boolean;
  readonly status?: number;
}

/** One probe against 127.0.0.1:`port`: success for HTTP 200-399 or an accepted TCP connection. */
export function probeOnce(check: ReadinessCheck, port: number): Promise<ProbeResult> {
  const timeoutMs = Math.max(check.timeoutMs, 50);
  if (check.kind === 'http') {
    return new Promise((resolve) => {
      // An HTTP probe succeeds for 200 <= status < 400
      // (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes).
      const req = http.get({ host: '127.0.0.1', port, path: check.path ?? '/', agent: false, timeout: timeoutMs }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 400, status });
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve({ ok: false }));
    });
  }
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', () => resolve({ ok: false }));
    socket.once('close', () => resolve({ ok: false }));
  });
}

/** How waiting for readiness ended. */
export type ReadinessOutcome =
  | { readonly kind: 'ready' }
  /** `stop()` turned true first (the process exited, or the deadline passed). */
  | { readonly kind: 'stopped' }
  /** The HTTP probe got a client error (404: the path is not served): it would never succeed. */
  | { readonly kind: 'refused'; readonly status: number; readonly path: string };

/**
 * Probes as the kubelet does for a starting container: first after `initialDelaySeconds`, then
 * every `periodSeconds`, ready after `successThreshold` consecutive successes. Without a probe the
 * container is ready at once. Ends `stopped` when `stop()` turns true (the process exited, or the
 * deadline passed) before that, and `refused` at once when the HTTP probe gets a 4xx status: the
 * kubelet would keep the pod unready for ever (a status outside 200-399 is a failure), and the
 * rehearsal would only wait out its deadline. A 5xx (an app still starting, or draining) is retried.
 */
export async function waitUntilReady(check: ReadinessCheck, port: number, stop: () => boolean): Promise<ReadinessOutcome> {
  if (check.kind === 'none') return stop() ? { kind: 'stopped' } : { kind: 'ready' };
  await sleep(check.initialDelayMs);
  let successes = 0;
  while (!stop()) {
    const started = Date.now();
    const result = await probeOnce(check, port);
    if (result.status !== undefined && result.status >= 400 && result.status < 500) {
      return { kind: 'refused', status: result.status, path: check.path ?? '/' };
    }
    successes = result.ok ? successes + 1 : 0;
    if (successes >= check.successThreshold) return stop() ? { kind: 'stopped' } : { kind: 'ready' };
    await sleep(check.periodMs - (Date.now() - started));
  }
  return { kind: 'stopped' };
}
