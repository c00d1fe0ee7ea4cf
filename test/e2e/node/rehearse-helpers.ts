/**
 * What the node suites of `rehearse --kubeconfig` share: finding the node, building images, a manifest.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const SCRIPT = process.env.GRACEFUL_K8S_NODE_SCRIPT ?? resolve(__dirname, '../../../scripts/node.sh');
export const LOAD_DIR = resolve(__dirname, 'images/load');

/**
 * rehearse's flags for the load pod on the local node: in the node's network namespace. IP forwarding stays off
 * there, the bridge's included (test/e2e/README.md "The network rule"), so a pod cannot reach a ClusterIP; from
 * the host's network namespace kube-proxy's OUTPUT rules rewrite the load's connections and nothing is forwarded.
 */
export const LOCAL_NODE_LOAD_FLAGS = ['--load-host-network'];
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** The node's kubeconfig, or why there is none (see rehearse.test.ts). */
export function findNode(): { kubeconfig: string } | { skip: string } {
  if (!existsSync(SCRIPT)) return { skip: `no ${SCRIPT} (the node branch's scripts/node.sh)` };
  try {
    const dir = execFileSync('bash', [SCRIPT, 'status'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop()!;
    return { kubeconfig: join(dir, 'kubeconfig') };
  } catch {
    // no node running
  }
  if (process.env.GRACEFUL_K8S_NODE_NO_START === '1') return { skip: 'no node is running and GRACEFUL_K8S_NODE_NO_START=1' };
  if (process.getuid?.() !== 0) return { skip: 'no node is running, and starting one needs root' };
  const out = execFileSync('bash', [SCRIPT, 'start', '--owner-pid', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(out)?.[1];
  return kubeconfig ? { kubeconfig } : { skip: `node.sh start printed no KUBECONFIG: ${out}` };
}


export function image(name: string): string {
  return execFileSync('bash', [SCRIPT, 'image', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
}

export function kubectl(kubeconfig: string, args: string[]): string {
  return execFileSync(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A 2-replica Deployment of `image` behind a Service, in namespace "shop" (rehearse moves it). */
export function manifest(appImage: string, preStopSeconds: number | undefined): string {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 2,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 10,
          containers: [{
            name: 'app',
            image: appImage,
            ports: [{ containerPort: 8080 }],
            env: [
              { name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '5' },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 1 },
            ...(preStopSeconds !== undefined ? { lifecycle: { preStop: { sleep: { seconds: preStopSeconds } } } } : {}),
          }],
        },
      },
    },
  };
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } };
  return `${stringify(deployment)}---\n${stringify(service)}`;
}
