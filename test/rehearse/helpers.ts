import { stringify } from 'yaml';
import { killAllLocalProcesses } from '../../src/rehearse';

/** The example apps, run from the repository root (jest's cwd). */
export const APPS = {
  drain: 'node examples/apps/drain-server.js',
  naive: 'node examples/apps/naive-server.js',
  shellWrapped: 'sh examples/apps/shell-wrapped.sh',
  sse: 'node examples/apps/sse-server.js',
};

/** A hand-written Deployment with the seeds' shape: no preStop, maxSurge 1, maxUnavailable 0. */
export function handWrittenManifest(options: {
  readonly replicas?: number;
  readonly gracePeriodSeconds?: number;
  readonly preStop?: Record<string, unknown>;
  /** `lifecycle.stopSignal` (alpha since Kubernetes 1.33, KEP-4960). */
  readonly stopSignal?: string;
  readonly env?: Record<string, string>;
  readonly minReadySeconds?: number;
  /** The readiness probe's HTTP path. @default '/ready' (the example apps serve it) */
  readonly readinessPath?: string;
}): string {
  return stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: options.replicas ?? 2,
      minReadySeconds: options.minReadySeconds ?? 0,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: options.gracePeriodSeconds ?? 30,
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1.0.0',
              ports: [{ containerPort: 8080 }],
              env: Object.entries(options.env ?? {}).map(([name, value]) => ({ name, value })),
              readinessProbe: { httpGet: { path: options.readinessPath ?? '/ready', port: 8080 }, periodSeconds: 1 },
              ...(options.preStop || options.stopSignal ? { lifecycle: lifecycleOf(options) } : {}),
            },
          ],
        },
      },
    },
  });
}

function lifecycleOf(options: { readonly preStop?: Record<string, unknown>; readonly stopSignal?: string }) {
  return { ...(options.preStop ? { preStop: options.preStop } : {}), ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}) };
}

/** Kills every app process group a test may have left (the engine already does; this is the belt). */
export function killAppsAfterAll(): void {
  afterAll(async () => killAllLocalProcesses());
}
