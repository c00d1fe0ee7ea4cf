/**
 * One naive-vs-planned case on the local node: a workload of 3 replicas behind a ClusterIP Service, load from
 * the host at a fixed rate (a new connection per request), `kubectl rollout restart` N times, every failure
 * counted by cause. The naive workload is the app as a user writes it (readiness probe, nothing for shutdown);
 * the planned one is the same workload through the project's own planner (planShutdown +
 * applyPlanToWorkloadSpec). Used by test/e2e/node/prestop.test.ts and bench/real-node.ts.
 *
 * Nothing here waits on the clock: every step waits on an event (rollout status, the old pods' deletion, the
 * Service answering, the load's last request).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { probe, startLoad, type LoadSummary } from './load';
import { kubectl, networkProblems, type LocalNode } from './node';
import { applyPlanToWorkloadSpec, planShutdown, type ShutdownSpec } from '../../../src/core';

const run = promisify(execFile);
export const APP = 'app';
export const REPLICAS = 3;
const PORT = 8080;

export interface CaseDefinition {
  /** Names the case in the summary line. */
  readonly title: string;
  /** A short name for the namespace. */
  readonly slug: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  /** The image of the naive and the planned workload. */
  readonly image: string;
  /** The planner's input (kubernetesVersion and replicas are filled in). */
  readonly spec: ShutdownSpec;
  /** StatefulSet: updateStrategy.rollingUpdate.partition of both variants. */
  readonly partition?: number;
}

export interface RolloutResult {
  /** `kubectl rollout restart` to the end of `kubectl rollout status`, in seconds. */
  readonly statusSeconds: number;
  /** To the deletion of the last old pod (Deployments) or the end of rollout status (StatefulSets), in seconds. */
  readonly oldPodsGoneSeconds: number;
}

export interface VariantResult {
  readonly load: LoadSummary;
  readonly rollouts: readonly RolloutResult[];
}

export interface CaseResult {
  readonly naive: VariantResult;
  readonly planned: VariantResult;
  /** StatefulSets with a partition: the pods that kept the old revision after the planned rollouts. */
  readonly untouchedPods?: readonly string[];
}

export interface RunOptions {
  readonly rollouts: number;
  readonly rps: number;
  readonly log?: (line: string) => void;
}

/** The workload as a user writes it: the app, its port, a readiness probe; nothing about shutdown. */
export function naiveWorkload(c: CaseDefinition): any {
  const labels = { app: APP };
  const template = {
    metadata: { labels },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      containers: [{
        name: APP,
        image: c.image,
        imagePullPolicy: 'Never',
        ports: [{ name: 'http', containerPort: PORT }],
        readinessProbe: { httpGet: { path: '/ready', port: PORT }, periodSeconds: 1, failureThreshold: 1 },
      }],
    },
  };
  const spec: any = { replicas: REPLICAS, selector: { matchLabels: labels }, template };
  if (c.kind === 'StatefulSet') {
    spec.serviceName = APP;
    spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { partition: c.partition ?? 0 } };
  }
  return { apiVersion: 'apps/v1', kind: c.kind, metadata: { name: APP, labels }, spec };
}

/** The same workload with the plan applied by the project's own renderer. */
export function plannedWorkload(c: CaseDefinition, minor: number): any {
  const naive = naiveWorkload(c);
  const spec: ShutdownSpec = {
    ...c.spec,
    kubernetesVersion: `1.${minor}`,
    replicas: REPLICAS,
    ...(c.kind === 'StatefulSet' ? { rollout: { ...(c.spec as any).rollout, partition: c.partition ?? 0 } } : {}),
  };
  const plan = planShutdown(spec, c.kind === 'StatefulSet' ? { workloadKind: 'StatefulSet' } : {});
  return { ...naive, spec: applyPlanToWorkloadSpec(naive.spec, plan, c.kind) };
}

function service(): any {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: APP },
    spec: { selector: { app: APP }, ports: [{ name: 'http', port: 80, targetPort: PORT }] },
  };
}

async function apply(node: LocalNode, namespace: string, objects: readonly any[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-k8s-node-'));
  try {
    const file = join(dir, 'objects.json');
    writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
    await kubectl(node.kubeconfig, ['apply', '-n', namespace, '-f', file]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function livePods(node: LocalNode, namespace: string): Promise<{ name: string; uid: string; revision: string }[]> {
  const { stdout } = await kubectl(node.kubeconfig, ['get', 'pods', '-n', namespace, '-l', `app=${APP}`, '-o', 'json']);
  return JSON.parse(stdout).items
    .filter((p: any) => !p.metadata.deletionTimestamp)
    .map((p: any) => ({
      name: p.metadata.name,
      uid: p.metadata.uid,
      revision: p.metadata.labels['controller-revision-hash'] ?? p.metadata.labels['pod-template-hash'],
    }));
}

/** Waits until the rollout is complete and no pod of an older revision is left (not even terminating). */
async function settle(node: LocalNode, namespace: string, kind: string): Promise<void> {
  const ref = `${kind.toLowerCase()}/${APP}`;
  await kubectl(node.kubeconfig, ['rollout', 'status', ref, '-n', namespace, '--timeout=600s']);
  const { stdout } = await kubectl(node.kubeconfig, ['get', 'pods', '-n', namespace, '-l', `app=${APP}`, '-o', 'json']);
  const terminating = JSON.parse(stdout).items.filter((p: any) => p.metadata.deletionTimestamp).map((p: any) => `pod/${p.metadata.name}`);
  if (terminating.length > 0 && kind === 'Deployment') {
    await kubectl(node.kubeconfig, ['wait', '--for=delete', '-n', namespace, '--timeout=600s', ...terminating]);
  }
}

/**
 * Waits until kube-proxy routes the Service to exactly the live, ready pods (its DNAT rules for the Service,
 * one per endpoint, name their addresses) and the Service answers from the host. Before a variant's load: the
 * pods the previous step deleted may be gone from the API before kube-proxy has dropped them (a naive pod
 * dies at once), and a request routed to one would be counted against the next variant.
 */
async function untilRoutedToLivePods(node: LocalNode, namespace: string, host: string): Promise<void> {
  const { stdout } = await kubectl(node.kubeconfig, ['get', 'pods', '-n', namespace, '-l', `app=${APP}`, '-o', 'json']);
  const live = JSON.parse(stdout).items
    .filter((p: any) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'))
    .map((p: any) => p.status.podIP as string)
    .sort();
  const comment = `"${namespace}/${APP}:http"`;
  for (let i = 0; i < 3000; i++) {
    const { stdout: rules } = await run('iptables-save', ['-t', 'nat']);
    const routed = rules.split('\n')
      .filter((l) => l.startsWith('-A KUBE-SEP-') && l.includes(comment) && l.includes('-j DNAT'))
      .map((l) => /--to-destination ([0-9.]+):/.exec(l)?.[1] ?? '')
      .sort();
    if (routed.join(' ') === live.join(' ') && (await probe(host, 80))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`kube-proxy never routed ${host}:80 to exactly the live pods ${live.join(', ')}`);
}

/**
 * Forgets the host's connection-tracking entries of the Service. A request the previous variant sent to a pod
 * that had died leaves an entry in SYN_SENT for 120 s (nf_conntrack_tcp_timeout_syn_sent) with its NAT binding
 * to the dead pod; a new connection that happens to reuse that source port matches the entry, keeps the old
 * binding and fails too (net/netfilter/nf_conntrack_proto_tcp.c: a SYN in SYN_SENT is a retransmission). On
 * a real cluster that is the naive rollout's damage lasting longer; here it would be counted against the next
 * variant, so each variant starts without the previous one's entries.
 */
async function forgetConnections(ip: string): Promise<void> {
  await run('conntrack', ['-D', '-p', 'tcp', '--orig-dst', ip]).catch(() => undefined); // exit 1: none found
}

async function runVariant(node: LocalNode, namespace: string, c: CaseDefinition, ip: string, options: RunOptions): Promise<VariantResult> {
  await untilRoutedToLivePods(node, namespace, ip);
  await forgetConnections(ip);
  const problems = await networkProblems();
  if (problems.length > 0) throw new Error(`the network rule does not hold, no load sent:\n${problems.join('\n')}`);
  const load = startLoad({ host: ip, port: 80, rps: options.rps });
  const rollouts: RolloutResult[] = [];
  const ref = `${c.kind.toLowerCase()}/${APP}`;
  let failure: unknown;
  try {
    for (let i = 0; i < options.rollouts; i++) {
      const before = c.kind === 'Deployment' ? await livePods(node, namespace) : [];
      const t0 = process.hrtime.bigint();
      await kubectl(node.kubeconfig, ['rollout', 'restart', ref, '-n', namespace]);
      await kubectl(node.kubeconfig, ['rollout', 'status', ref, '-n', namespace, '--timeout=600s']);
      const statusSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (before.length > 0) {
        await kubectl(node.kubeconfig, ['wait', '--for=delete', '-n', namespace, '--timeout=600s', ...before.map((p) => `pod/${p.name}`)]);
      }
      const oldPodsGoneSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
      rollouts.push({ statusSeconds, oldPodsGoneSeconds });
      options.log?.(`  rollout ${i + 1}: rollout status ${statusSeconds.toFixed(1)} s, old pods gone ${oldPodsGoneSeconds.toFixed(1)} s`);
    }
  } catch (error) {
    failure = error;
  }
  // Stopped after the last old pod is gone: every request that could meet a terminating pod is counted.
  const summary = await load.stop();
  if (failure) throw failure;
  return { load: summary, rollouts };
}

/** Runs one case: naive first, then planned, in a namespace of its own (deleted afterwards). */
export async function runCase(node: LocalNode, c: CaseDefinition, options: RunOptions): Promise<CaseResult> {
  const minor = Number(/^v1\.(\d+)\./.exec(node.version)![1]);
  const namespace = `gk8s-node-${c.slug}-${randomBytes(3).toString('hex')}`;
  await kubectl(node.kubeconfig, ['create', 'namespace', namespace]);
  try {
    await apply(node, namespace, [service(), naiveWorkload(c)]);
    await settle(node, namespace, c.kind);
    const { stdout: ip } = await kubectl(node.kubeconfig, ['get', 'service', APP, '-n', namespace, '-o', 'jsonpath={.spec.clusterIP}']);
    options.log?.(`${c.title}: naive`);
    const naive = await runVariant(node, namespace, c, ip, options);
    // Switching to the planned template is itself a rollout: no load until it has settled.
    await apply(node, namespace, [plannedWorkload(c, minor)]);
    await settle(node, namespace, c.kind);
    options.log?.(`${c.title}: planned`);
    const planned = await runVariant(node, namespace, c, ip, options);
    let untouchedPods: string[] | undefined;
    if (c.kind === 'StatefulSet' && c.partition) {
      const { stdout } = await kubectl(node.kubeconfig, ['get', 'statefulset', APP, '-n', namespace, '-o', 'jsonpath={.status.updateRevision}']);
      untouchedPods = (await livePods(node, namespace)).filter((p) => p.revision !== stdout).map((p) => p.name).sort();
    }
    return { naive, planned, untouchedPods };
  } finally {
    await kubectl(node.kubeconfig, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  }
}

/** `naive A/B failed, planned C/D failed` */
export function failedCounts(r: CaseResult): string {
  return `naive ${r.naive.load.failed}/${r.naive.load.sent} failed, planned ${r.planned.load.failed}/${r.planned.load.sent} failed`;
}

/** Failures by cause, the non-zero ones: `timeout 61, refused 24`. */
export function causes(summary: LoadSummary): string {
  const parts = Object.entries(summary.byCause).filter(([, n]) => n > 0).map(([c, n]) => `${c} ${n}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}
