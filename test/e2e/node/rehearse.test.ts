/**
 * `graceful-k8s rehearse --kubeconfig` on a real node (scripts/node.sh: kubelet, kube-proxy, containerd):
 * a draining app behind a native preStop sleep loses no request over its rollouts; an app that exits at
 * once with no preStop loses requests; nothing outside the rehearsal's namespace changes, and the namespace
 * is gone afterwards.
 *
 * The node: the one running (`scripts/node.sh status`), else one started for this suite with
 * `scripts/node.sh start --owner-pid` (stopped once the suite's process ends), unless
 * GRACEFUL_K8S_NODE_NO_START=1. Without scripts/node.sh (GRACEFUL_K8S_NODE_SCRIPT names another), or
 * without root to start a node, the suite is skipped and says why. Images: `scripts/node.sh image` builds
 * and imports the load program, drain-server and exit-at-once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNode, image, kubectl, LOAD_DIR, LOCAL_NODE_LOAD_FLAGS, manifest } from './rehearse-helpers';
import { runCli } from '../../cli/run-cli';

const node = findNode();
const suite = 'kubeconfig' in node ? describe : describe.skip;

if (!('kubeconfig' in node)) {
  // eslint-disable-next-line no-console
  console.log(`e2e: rehearse on a real node skipped: ${node.skip}`);
  test.skip(`rehearse on a real node (skipped: ${node.skip})`, () => undefined);
}

suite('graceful-k8s rehearse --kubeconfig on the local node', () => {
  const { kubeconfig } = node as { kubeconfig: string };
  let dir: string;
  let loadImage: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rehearse-node-'));
    loadImage = image(LOAD_DIR);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * The cluster's own namespaces and what they hold, by kind/namespace/name and resourceVersion (other
   * suites may share the node: their namespaces come and go, so only these are compared).
   */
  const OWN = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
  function outside(): string[] {
    const namespaces: any[] = JSON.parse(kubectl(kubeconfig, ['get', 'namespaces', ...OWN, '-o', 'json'])).items;
    const objects: any[] = OWN.flatMap((ns) => JSON.parse(kubectl(kubeconfig, ['get', 'deployments,statefulsets,services,pods,configmaps,secrets,serviceaccounts', '-n', ns, '-o', 'json'])).items);
    return [...namespaces, ...objects].map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name} ${o.metadata.resourceVersion}`).sort();
  }

  async function rehearse(name: string, appImage: string, preStop: number | undefined, rollouts: number) {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, manifest(appImage, preStop));
    const before = outside();
    const hostNetwork = LOCAL_NODE_LOAD_FLAGS;
    const result = await runCli(['rehearse', '--kubeconfig', kubeconfig, '--manifest', file, '--load-image', loadImage, ...hostNetwork, '--rollouts', String(rollouts), '--rps', '50', '-o', 'json'], {
      env: { ...process.env }, // kubectl's HOME (its cache) and PATH, as in a shell
    });
    if (result.code > 1) throw new Error(`rehearse exited ${result.code}: ${result.stderr}`);
    const report = JSON.parse(result.stdout);
    expect(outside()).toEqual(before);
    // The namespace is gone, or going (deleted without waiting for its pods' grace periods).
    const phase = (() => {
      try {
        return kubectl(kubeconfig, ['get', 'namespace', report.cluster.namespace, '-o', 'jsonpath={.status.phase}']);
      } catch {
        return 'gone';
      }
    })();
    expect(['gone', 'Terminating']).toContain(phase);
    const causes = Object.entries(report.requests.byCause).filter(([, n]) => (n as number) > 0).map(([c, n]) => `${c} ${n}`).join(', ');
    const durations = report.rollouts.map((r: any) => `${((r.completeAtMs - r.startedAtMs) / 1000).toFixed(1)}/${((r.endedAtMs - r.startedAtMs) / 1000).toFixed(1)} s`).join(', ');
    // eslint-disable-next-line no-console
    console.log(`e2e: rehearse ${name} on ${report.cluster.serverVersion}: ${report.requests.sent} sent, ${report.requests.failed} failed${causes ? ` (${causes})` : ''}; rollouts complete/old pods gone ${durations}`);
    return { result, report };
  }

  test('a draining app behind a 3 s preStop sleep loses no request over 2 rollouts', async () => {
    const { result, report } = await rehearse('drain-server', image('drain-server'), 3, 2);
    expect(report).toMatchObject({ mode: 'cluster', outcome: 'passed', requests: { failed: 0 }, cluster: { namespaceDeleted: true, manifestNamespace: 'shop' } });
    expect(result.code).toBe(0);
    expect(report.requests.sent).toBeGreaterThan(100);
    expect(report.rollouts).toHaveLength(2);
    for (const r of report.rollouts) {
      expect(r.oldPods).toHaveLength(2);
      expect(r.endedAtMs).toBeGreaterThan(r.completeAtMs);
      // The pod watch saw each old pod turn Terminating during the rollout and go after its 3 s preStop.
      expect(r.terminated.map((p: any) => p.pod).sort()).toEqual([...r.oldPods].sort());
      for (const p of r.terminated) {
        expect(p.terminatingAtMs).toBeGreaterThanOrEqual(r.startedAtMs);
        expect(p.terminatingAtMs).toBeLessThanOrEqual(r.completeAtMs);
        expect(p.goneAtMs - p.terminatingAtMs).toBeGreaterThanOrEqual(3000);
      }
    }
  });

  test('an app that exits at once with no preStop loses requests, by cause', async () => {
    const { result, report } = await rehearse('exit-at-once', image('exit-at-once'), undefined, 1);
    expect(result.code).toBe(1);
    expect(report.outcome).toBe('failed');
    expect(report.requests.failed).toBeGreaterThan(0);
    expect(report.requests.failed).toBe(Object.values(report.requests.byCause).reduce((a: number, b) => a + (b as number), 0));
  });
});
