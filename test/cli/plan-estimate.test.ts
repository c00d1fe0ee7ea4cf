import { runCli } from './run-cli';

describe('graceful-k8s plan: what a rollout costs and native sidecars', () => {
  test('--replicas and --pod-startup give the rollout and node-drain estimate', async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '30s', '--long-connections', '10m', '--replicas', '8', '--pod-startup', '20s']);
    expect(code).toBe(0);
    // 25% of 8 = 2 pods per step: 4 steps of 20 s; each old pod may stay Terminating 5 + 600 + 5 s.
    expect(stdout).toContain('rollout estimate (8 replicas) = 80s');
    expect(stdout).toContain('node drain estimate (8 pods on one node) = 750s');
  });

  test('--native-sidecar plans for a native sidecar: its stop is in the grace period', async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '30s', '--sidecar', 'istio', '--native-sidecar', '-o', 'json']);
    expect(code).toBe(0);
    const { plan } = JSON.parse(stdout);
    expect(plan.terminationGracePeriodSeconds).toBe(5 + 30 + 5 + 5);
    expect(plan.sidecar).toEqual({ kind: 'istio', native: true, stopSeconds: 5 });
  });

  test('--k8s help says it is the oldest API server and kubelet', async () => {
    const { stdout } = await runCli(['plan', '--help']);
    expect(stdout).toMatch(/--k8s <version>\s+oldest Kubernetes version the manifests meet: the\s+oldest API server AND kubelet/);
  });
});
