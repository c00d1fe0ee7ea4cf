import * as http from 'node:http';
import { connect } from 'node:net';
import { sleep } from './sleep';
import type { ReadinessCheck } from './target';

/** One probe against 127.0.0.1:`port`: success for HTTP 200-399 or an accepted TCP connection. */
export function probeOnce(check: ReadinessCheck, port: number): Promise<boolean> {
  const timeoutMs = Math.max(check.timeoutMs, 50);
  if (check.kind === 'http') {
    return new Promise((resolve) => {
      // An HTTP probe succeeds for 200 <= status < 400
      // (https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#http-probes).
      const req = http.get({ host: '127.0.0.1', port, path: check.path ?? '/', agent: false, timeout: timeoutMs }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400);
      });
      req.once('timeout', () => req.destroy());
      req.once('error', () => resolve(false));
    });
  }
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/**
 * Probes as the kubelet does for a starting container: first after `initialDelaySeconds`, then
 * every `periodSeconds`, ready after `successThreshold` consecutive successes. Without a probe the
 * container is ready at once. Resolves `false` when `stop()` turns true (the process exited, or the
 * deadline passed) before that.
 */
export async function waitUntilReady(check: ReadinessCheck, port: number, stop: () => boolean): Promise<boolean> {
  if (check.kind === 'none') return !stop();
  await sleep(check.initialDelayMs);
  let successes = 0;
  while (!stop()) {
    const started = Date.now();
    successes = (await probeOnce(check, port)) ? successes + 1 : 0;
    if (successes >= check.successThreshold) return !stop();
    await sleep(check.periodMs - (Date.now() - started));
  }
  return false;
}
