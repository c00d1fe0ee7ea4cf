import { stringify } from 'yaml';

/** A Deployment and its Service, as `graceful-k8s plan -o yaml` or a cdk8s synthesis gives them, plus extras. */
export interface AppManifestOptions {
  readonly namespace?: string;
  readonly extra?: Record<string, unknown>[];
  readonly serviceNamespace?: string;
  readonly serviceType?: string;
  readonly podSpec?: Record<string, unknown>;
  readonly hostPort?: number;
}

export function appManifest(options: AppManifestOptions = {}): string {
  const ns = options.namespace ? { namespace: options.namespace } : {};
  const docs: Record<string, unknown>[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', ...ns },
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web', tier: 'front' } },
          spec: {
            terminationGracePeriodSeconds: 12,
            ...options.podSpec,
            containers: [{
              name: 'app',
              image: 'graceful-k8s.local/drain-server:h1',
              ports: [{ containerPort: 8080, ...(options.hostPort ? { hostPort: options.hostPort } : {}) }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
            }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', ...(options.serviceNamespace ? { namespace: options.serviceNamespace } : ns) },
      spec: {
        ...(options.serviceType ? { type: options.serviceType } : {}),
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080, ...(options.serviceType === 'NodePort' ? { nodePort: 30080 } : {}) }],
      },
    },
    ...(options.extra ?? []),
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}
