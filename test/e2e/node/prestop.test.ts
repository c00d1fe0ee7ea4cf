/**
 * Each preStop mechanism the planner chooses, on a real kubelet (scripts/node.sh: kubelet, kube-proxy and
 * containerd on this machine), naive vs planned under load: 3 replicas behind a ClusterIP Service, load from
 * the host at GRACEFUL_K8S_NODE_RPS requests/s (default 100, a new connection each), GRACEFUL_K8S_NODE_ROLLOUTS
 * `kubectl rollout restart`s per variant (default 2). Cases: the native `sleep` in an image without a shell,
 * exec `sleep` in an image with a shell, the copied static sleep, the app-side drain, and a StatefulSet rolling
 * update with a partition. Prints one line per case:
 *   e2e: real node v1.N: <case>: naive A/B failed, planned 0/C failed
 *
 * Needs root on Linux and the Debian packages (scripts/node.sh installs them); starts the node (building
 * etcd and the six components of the minor when missing) or reuses a running one, and stops it only when it
 * started it. `npm run test:e2e:node`.
 */
import { nodeImage, nodeUnavailableReason, startNode, stopNode, type LocalNode } from './node';
import { causes, failedCounts, runCase, type CaseDefinition, type CaseResult } from './rollout-case';
import { planShutdown, type ShutdownSpec } from '../../../src/core';

const ROLLOUTS = Number(process.env.GRACEFUL_K8S_NODE_ROLLOUTS ?? 2);
const RPS = Number(process.env.GRACEFUL_K8S_NODE_RPS ?? 100);
const unavailable = nodeUnavailableReason();
const describeNode = unavailable ? describe.skip : describe;
if (unavailable) process.stdout.write(`e2e: real node skipped: ${unavailable}\n`);

/** The app's own shutdown time after SIGTERM: the Go apps exit within a few ms (drain-server: in-flight work). */
const APP_SHUTDOWN = '2s';

interface NodeCase {
  readonly title: string;
  readonly slug: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly image: string;
  readonly spec: (images: Record<string, string>) => ShutdownSpec;
  /** The mechanism the planner must choose for this spec on the node's minor. */
  readonly mechanism: string;
  readonly partition?: number;
}

const CASES: readonly NodeCase[] = [
  {
    title: 'native sleep (no shell, exit-at-once)',
    slug: 'native',
    kind: 'Deployment',
    image: 'exit-at-once',
    // 'auto' on 1.30+ picks the native sleep: the planner's own choice, not a forced one.
    spec: () => ({ appShutdownTimeout: APP_SHUTDOWN, image: 'distroless' }),
    mechanism: 'native-sleep',
  },
  {
    title: 'exec sleep (image with a shell, exit-at-once)',
    slug: 'exec',
    kind: 'Deployment',
    image: 'exit-at-once-shell',
    spec: () => ({ appShutdownTimeout: APP_SHUTDOWN, image: 'shell', preStop: 'exec-sleep' }),
    mechanism: 'exec-sleep',
  },
  {
    title: 'copied static sleep (no shell, exit-at-once)',
    slug: 'copied',
    kind: 'Deployment',
    image: 'exit-at-once',
    spec: (images) => ({ appShutdownTimeout: APP_SHUTDOWN, image: 'distroless', preStop: 'copied-sleep', copiedSleepImage: images.busybox }),
    mechanism: 'copied-sleep',
  },
  {
    title: 'app-side drain (drain-server)',
    slug: 'drain',
    kind: 'Deployment',
    image: 'drain-server',
    spec: () => ({ appShutdownTimeout: APP_SHUTDOWN, image: 'distroless', preStop: 'app-drain' }),
    mechanism: 'app-drain',
  },
  {
    title: 'StatefulSet, partition 1 (native sleep, exit-at-once)',
    slug: 'sts',
    kind: 'StatefulSet',
    image: 'exit-at-once',
    spec: () => ({ appShutdownTimeout: APP_SHUTDOWN, image: 'distroless' }),
    mechanism: 'native-sleep',
    partition: 1,
  },
];

const selected = (process.env.GRACEFUL_K8S_NODE_CASES ?? '').split(/[\s,]+/).filter(Boolean);
const cases = selected.length > 0 ? CASES.filter((c) => selected.includes(c.slug)) : CASES;

describeNode('real node: naive vs planned shutdown under load', () => {
  let node: LocalNode | undefined;
  const images: Record<string, string> = {};
  const results: { title: string; result: CaseResult }[] = [];

  beforeAll(async () => {
    node = await startNode();
    for (const name of ['exit-at-once', 'exit-at-once-shell', 'drain-server', 'busybox']) images[name] = await nodeImage(name);
  }, 120 * 60_000);

  afterAll(async () => {
    await stopNode(node);
  }, 10 * 60_000);

  test.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const minor = Number(/^v1\.(\d+)\./.exec(node!.version)![1]);
    const spec = c.spec(images);
    const plan = planShutdown({ ...spec, kubernetesVersion: `1.${minor}` }, c.kind === 'StatefulSet' ? { workloadKind: 'StatefulSet' } : {});
    expect(plan.preStopMechanism).toBe(c.mechanism);
    const definition: CaseDefinition = { title: c.title, slug: c.slug, kind: c.kind, image: images[c.image], spec, partition: c.partition };
    const result = await runCase(node!, definition, {
      rollouts: ROLLOUTS,
      rps: RPS,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    results.push({ title: c.title, result });
    const rolloutSeconds = (r: CaseResult['naive']) => r.rollouts.map((x) => x.statusSeconds.toFixed(1)).join(', ');
    process.stdout.write(`e2e: real node v1.${minor}: ${c.title}: ${failedCounts(result)}\n`);
    process.stdout.write(`  naive: ${causes(result.naive.load)}; rollout status ${rolloutSeconds(result.naive)} s; ` +
      `planned: ${causes(result.planned.load)}; rollout status ${rolloutSeconds(result.planned)} s\n`);
    if (result.planned.load.failed > 0) process.stdout.write(`  planned failures: ${JSON.stringify(result.planned.load.samples.slice(0, 10))}\n`);

    // The load reached the pods, old and new, in both variants.
    expect(result.naive.load.ok).toBeGreaterThan(0);
    expect(result.planned.load.answeredBy.length).toBeGreaterThanOrEqual(3);
    // The promise: the planned shutdown drops nothing.
    expect(result.planned.load.failed).toBe(0);
    if (c.partition) expect(result.untouchedPods).toEqual(['app-0']);
  }, 60 * 60_000);

  test('the naive workloads dropped requests (the load sees drops when there are some)', () => {
    if (results.length === 0) return;
    const naiveFailed = results.reduce((sum, r) => sum + r.result.naive.load.failed, 0);
    expect(naiveFailed).toBeGreaterThan(0);
  });
});
