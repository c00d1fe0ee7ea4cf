/**
 * The local single-node cluster (scripts/node.sh) as the node suite and the real-node benchmark use it:
 * start it (or reuse the running one), build and import images, run kubectl against it, check the network
 * rule before any load, stop it only when this process started it.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const NODE_SCRIPT = resolve(__dirname, '../../../scripts/node.sh');
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/** The node's minor (test/e2e/README.md "Real node": containerd 1.6 speaks CRI v1, which kubelet 1.33 accepts). */
export const NODE_MINOR = process.env.GRACEFUL_K8S_NODE_MINOR ?? '1.33';
export const BRIDGE = 'gk8s0';
export const POD_CIDR_PREFIX = '10.244.0.';
export const SERVICE_CIDR = '10.96.0.0/24';
export const GUARD_CHAIN = 'GRACEFUL-K8S-GUARD';

export interface LocalNode {
  readonly kubeconfig: string;
  readonly stateDir: string;
  /** True when the node was running already: this process leaves it running. */
  readonly reused: boolean;
  /** The server's gitVersion, e.g. v1.33.13. */
  readonly version: string;
}

/** Why the node suite cannot run here, or undefined when it can (root on Linux). */
export function nodeUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'the local node needs Linux';
  if (process.getuid?.() !== 0) return 'the local node needs root (kubelet, containerd, iptables)';
  return undefined;
}

/** Starts the node (building what is missing: many minutes when cold) or reuses the running one. */
export async function startNode(): Promise<LocalNode> {
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [NODE_SCRIPT, 'start', NODE_MINOR, '--owner-pid', String(process.pid)], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error: any) {
    throw new Error(`node.sh start ${NODE_MINOR} failed (exit ${error.code}):\n${error.stderr ?? ''}`);
  }
  const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(stdout)?.[1];
  const stateDir = /^export GRACEFUL_K8S_NODE=(.+)$/m.exec(stdout)?.[1];
  const reused = /^export GRACEFUL_K8S_NODE_REUSED=1$/m.test(stdout);
  if (!kubeconfig || !stateDir) throw new Error(`node.sh start printed no KUBECONFIG:\n${stdout}`);
  const { stdout: v } = await kubectl(kubeconfig, ['version', '-o', 'json']);
  return { kubeconfig, stateDir, reused, version: JSON.parse(v).serverVersion.gitVersion };
}

/** Stops the node if this process started it. */
export async function stopNode(node: LocalNode | undefined): Promise<void> {
  if (node && !node.reused) await run('bash', [NODE_SCRIPT, 'stop']);
}

/** Builds and imports test/e2e/node/images/<name>; returns its reference. */
export async function nodeImage(name: string): Promise<string> {
  const { stdout } = await run('bash', [NODE_SCRIPT, 'image', name], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n').pop()!;
}

/** Runs kubectl against the node; rejects with kubectl's stderr. */
export async function kubectl(kubeconfig: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 256 * 1024 * 1024 });
  } catch (error: any) {
    throw new Error(`kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
}

/**
 * The network rule, checked before any load (test/e2e/README.md "Real node"): forwarding off (v4 and v6) on every
 * interface, the bridge's included, the
 * Service CIDR routed into the bridge, the guard chain first in mangle FORWARD, and no pod network namespace with a
 * default route or any route that leaves the bridge's subnet except the Service CIDR via the bridge address.
 * Returns the problems found (empty: the rule holds).
 */
export async function networkProblems(): Promise<string[]> {
  const problems: string[] = [];
  const sysctl = (path: string) => readFileSync(`/proc/sys/${path}`, 'utf8').trim();
  if (sysctl('net/ipv4/ip_forward') !== '0') problems.push('net.ipv4.ip_forward is not 0');
  // No interface forwards, the bridge included (the project's rule: IP forwarding stays off).
  for (const dev of readdirSync('/proc/sys/net/ipv4/conf')) {
    if (sysctl(`net/ipv4/conf/${dev}/forwarding`) !== '0') problems.push(`net.ipv4.conf.${dev}.forwarding is not 0`);
  }
  if (sysctl('net/ipv6/conf/all/forwarding') !== '0') problems.push('net.ipv6.conf.all.forwarding is not 0');
  const { stdout: svcRoute } = await run('ip', ['-4', 'route', 'show', SERVICE_CIDR]);
  if (!svcRoute.includes(`dev ${BRIDGE}`)) problems.push(`the Service CIDR ${SERVICE_CIDR} is not routed into ${BRIDGE}: ${svcRoute.trim()}`);
  for (const bin of ['iptables', 'ip6tables']) {
    const { stdout } = await run(bin, ['-t', 'mangle', '-S', 'FORWARD']);
    const first = stdout.split('\n').find((l) => l.startsWith('-A FORWARD'));
    if (first !== `-A FORWARD -j ${GUARD_CHAIN}`) problems.push(`${bin}: the first mangle FORWARD rule is not the guard: ${first}`);
  }
  if (existsSync('/run/netns')) {
    for (const ns of readdirSync('/run/netns').filter((n) => n.startsWith('cni-'))) {
      // A pod being deleted (another namespace's, another suite's) may take its namespace away meanwhile.
      const routes = async (family: string) => run('ip', ['netns', 'exec', ns, 'ip', family, 'route', 'show']).then(
        (r) => r.stdout,
        (error) => {
          if (existsSync(`/run/netns/${ns}`)) throw error;
          return '';
        });
      for (const line of (await routes('-4')).split('\n').filter(Boolean)) {
        const ok = line.startsWith(`${POD_CIDR_PREFIX}0/24 dev eth0`) || line.startsWith(`${SERVICE_CIDR} via ${POD_CIDR_PREFIX}1 dev eth0`);
        if (!ok) problems.push(`pod network namespace ${ns} has the route "${line}"`);
      }
      for (const line of (await routes('-6')).split('\n').filter(Boolean)) {
        if (!/^(fe80::\/64|multicast|local|ff00::\/8)/.test(line)) problems.push(`pod network namespace ${ns} has the IPv6 route "${line}"`);
      }
    }
  }
  return problems;
}
