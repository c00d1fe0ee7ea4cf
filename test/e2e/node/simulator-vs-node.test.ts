/**
 * The simulator (`rehearse --app`) checked against the node (`rehearse --kubeconfig`): the same two cases,
 * the same manifest, the same load rate, run in both. The simulator runs the JavaScript twins of the node's
 * images (examples/apps/drain-server.js for drain-server, naive-server.js for exit-at-once) with the routing
 * lag calibrated from the node (NODE_ROUTING_LAG, test/e2e/README.md "The simulator against the node").
 *
 * Agreement asked: the draining app behind a preStop sleep loses nothing in both; the app that exits at once
 * loses requests in both, and the node's failures per replaced pod are within a factor of 4 of the
 * simulator's (the node's own spread between runs is about that: 0.2 to 0.9 s of equivalent lag). Each run prints its numbers. Needs a node (see rehearse.test.ts); skipped otherwise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNode, image, LOAD_DIR, LOCAL_NODE_LOAD_FLAGS, manifest } from './rehearse-helpers';
import { runCli } from '../../cli/run-cli';

/** The routing lag the local node shows for a removed pod (kube-proxy in iptables mode), calibrated. */
export const NODE_ROUTING_LAG = '700ms';
const RPS = '100';
const ROLLOUTS = 2;
const REPLICAS = 2;

const node = findNode();
const suite = 'kubeconfig' in node ? describe : describe.skip;
if (!('kubeconfig' in node)) {
  // eslint-disable-next-line no-console
  console.log(`e2e: the simulator against the node skipped: ${node.skip}`);
  test.skip(`the simulator against the node (skipped: ${node.skip})`, () => undefined);
}

suite('the simulator against the node', () => {
  const { kubeconfig } = node as { kubeconfig: string };
  let dir: string;
  let loadImage: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simulator-vs-node-'));
    loadImage = image(LOAD_DIR);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function both(name: string, nodeImage: string, app: string, preStop: number | undefined) {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, manifest(nodeImage, preStop));
    const common = ['--manifest', file, '--rps', RPS, '--rollouts', String(ROLLOUTS), '-o', 'json'];
    const hostNetwork = LOCAL_NODE_LOAD_FLAGS;
    const onNode = await runCli(['rehearse', ...common, '--kubeconfig', kubeconfig, '--load-image', loadImage, ...hostNetwork], { env: { ...process.env } });
    if (onNode.code > 1) throw new Error(`rehearse on the node exited ${onNode.code}: ${onNode.stderr}`);
    const simulated = await runCli(['rehearse', ...common, '--app', app, '--routing-lag', NODE_ROUTING_LAG], { env: { ...process.env } });
    if (simulated.code > 1) throw new Error(`rehearse --app exited ${simulated.code}: ${simulated.stderr}`);
    const n = JSON.parse(onNode.stdout);
    const s = JSON.parse(simulated.stdout);
    const line = (r: any) => {
      const causes = Object.entries(r.requests.byCause).filter(([, k]) => (k as number) > 0).map(([c, k]) => `${c} ${k}`).join(', ');
      const rollouts = r.rollouts.map((x: any) => `${((x.completeAtMs - x.startedAtMs) / 1000).toFixed(1)}/${((x.endedAtMs - x.startedAtMs) / 1000).toFixed(1)} s`).join(', ');
      return `${r.requests.sent} sent, ${r.requests.failed} failed${causes ? ` (${causes})` : ''}, rollouts complete/old pods gone ${rollouts}`;
    };
    // eslint-disable-next-line no-console
    console.log(`e2e: ${name}: node ${line(n)}; simulator at ${NODE_ROUTING_LAG} lag ${line(s)}`);
    return { node: n, simulated: s };
  }

  test('a draining app behind a 3 s preStop sleep loses nothing in both', async () => {
    const { node: n, simulated: s } = await both('drain-server', image('drain-server'), 'node examples/apps/drain-server.js', 3);
    expect([n.requests.failed, s.requests.failed]).toEqual([0, 0]);
  });

  test('an app that exits at once without preStop loses requests in both, within a factor of 4 per replaced pod', async () => {
    const { node: n, simulated: s } = await both('exit-at-once', image('exit-at-once'), 'node examples/apps/naive-server.js', undefined);
    // The node's failure window per replaced pod: from its Terminating (as the pod watch saw it) to the last
    // failed request sent before the next pod's Terminating: the removal lag the calibration is about.
    const terminated = n.rollouts.flatMap((r: any) => r.terminated).sort((a: any, b: any) => a.terminatingAtMs - b.terminatingAtMs);
    const windows = terminated.map((p: any, i: number) => {
      const until = terminated[i + 1]?.terminatingAtMs ?? Infinity;
      const failures = n.failureSamples.filter((f: any) => f.atMs >= p.terminatingAtMs && f.atMs < until);
      const last = failures.length > 0 ? failures[failures.length - 1].atMs - p.terminatingAtMs : 0;
      return `${p.pod} ${failures.length} failed within ${(last / 1000).toFixed(2)} s of Terminating (gone after ${((p.goneAtMs - p.terminatingAtMs) / 1000).toFixed(2)} s)`;
    });
    // eslint-disable-next-line no-console
    console.log(`e2e: exit-at-once on the node, per replaced pod: ${windows.join('; ')}`);
    expect(terminated).toHaveLength(ROLLOUTS * REPLICAS);
    const replaced = ROLLOUTS * REPLICAS;
    const perPod = [n.requests.failed / replaced, s.requests.failed / replaced];
    expect(perPod[0]).toBeGreaterThan(0);
    expect(perPod[1]).toBeGreaterThan(0);
    expect(perPod[0] / perPod[1]).toBeGreaterThan(1 / 4);
    expect(perPod[0] / perPod[1]).toBeLessThan(4);
    // Causes differ by design (test/e2e/README.md): the node's include timeouts, the simulator's never do.
    expect(Object.keys(s.requests.byCause).filter((c) => s.requests.byCause[c] > 0).every((c) => ['refused', 'reset'].includes(c))).toBe(true);
  });
});
