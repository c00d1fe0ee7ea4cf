/**
 * The policy pack on the real Pulumi engine (the CLI and the Kubernetes provider built by
 * scripts/pulumi-engine.sh, test/e2e/pulumi/engine.ts) against a real API server (scripts/control-plane.sh):
 * `pulumi preview --policy-pack examples/pulumi-policy` (Automation API `preview({ policyPacks })`) fails on a
 * hand-written Deployment without a preStop behind a Service (mandatory `no-prestop-drain-error`, reported against
 * the Deployment's URN) and passes on a GracefulDeployment of the same app; a one-replica GracefulDeployment passes
 * with an advisory on its child Deployment (the component's children are audited).
 *
 * How the engine runs a Node.js policy pack without the `pulumi-language-nodejs` plugin (the engine build has no
 * language host): sdk/go/common/resource/plugin/analyzer_plugin.go (v3.248.0), `NewPolicyAnalyzer`, falls back to
 * the plugin `pulumi-analyzer-policy-<runtime>` found on PATH and runs it in the pack's folder with the engine's
 * address and `.`; the script below is upstream's sdk/nodejs/dist/pulumi-analyzer-policy (v3.215.0), which runs
 * `@pulumi/pulumi/cmd/run-policy-pack` of the pack's node_modules.
 *
 * Needs: the cluster in KUBECONFIG, or else starts a 1.30 control plane; builds the engine on first use; lib/ (built
 * first). Prints one line per preview: `e2e: pulumi preview --policy-pack ...`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import type { LocalWorkspace, PulumiFn } from '@pulumi/pulumi/automation';
import { buildLib, linkedProject, ROOT } from './linked-project';
import { OLDEST_MINOR, startCluster, stopCluster, userCluster, usingUserCluster, type Cluster } from '../apiserver/cluster';
import { PulumiEngine } from '../pulumi/engine';
import { GracefulDeployment } from 'graceful-k8s/pulumi';

/** Cold builds of the control plane and the engine take many minutes on two cores; warm starts seconds. */
const START_TIMEOUT_MS = 120 * 60_000;

let cluster: Cluster | undefined;
let engine: PulumiEngine | undefined;
let pack: string;
let shimDir: string;

beforeAll(async () => {
  buildLib();
  pack = linkedProject('pulumi-policy');
  // The pack as its own project compiles it (skipLibCheck: @pulumi/policy's index.d.ts, see docs/pulumi-policy.md).
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', pack], { stdio: 'inherit' });
  shimDir = mkdtempSync(join(tmpdir(), 'graceful-k8s-analyzer-'));
  const shim = join(shimDir, 'pulumi-analyzer-policy-nodejs');
  writeFileSync(shim, [
    '#!/bin/sh',
    'PULUMI_RUN_SCRIPT_PATH=$(node -e "try { console.log(require.resolve(\'@pulumi/pulumi/cmd/run-policy-pack\')) } catch (e) { console.error(e.message) }")',
    'if [ ! -z "$PULUMI_RUN_SCRIPT_PATH" ]; then',
    '    node "$PULUMI_RUN_SCRIPT_PATH" $@',
    'fi',
    '',
  ].join('\n'));
  chmodSync(shim, 0o755);
  cluster = usingUserCluster() ? userCluster() : await startCluster(OLDEST_MINOR);
  engine = await PulumiEngine.start(cluster.kubeconfig);
}, START_TIMEOUT_MS);

afterAll(async () => {
  engine?.dispose();
  await stopCluster(cluster);
  if (pack) rmSync(pack, { recursive: true, force: true });
  if (shimDir) rmSync(shimDir, { recursive: true, force: true });
});

const labels = { app: 'orders' };
const container = {
  name: 'orders',
  image: 'registry.example.com/shop/orders:2.7.1',
  ports: [{ containerPort: 8080 }],
  readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
};

/** A Deployment of three replicas behind a Service, without a preStop. */
const handWritten: PulumiFn = async () => {
  const deployment = new k8s.apps.v1.Deployment('orders', {
    metadata: { namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [container] } } },
  });
  new k8s.core.v1.Service('orders', { metadata: { namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } });
  return { urn: deployment.urn };
};

/** The same app as a GracefulDeployment (a Deployment, a Service and a PodDisruptionBudget, planned). */
const graceful: PulumiFn = async () => {
  const orders = new GracefulDeployment('orders', {
    namespace: 'default',
    replicas: 3,
    containers: [container],
    shutdown: { appShutdownTimeout: '30s', drainDelay: '5s' },
    service: { ports: [{ port: 80, targetPort: 8080 }] },
  });
  return { urn: orders.urn };
};

/** One replica of the same GracefulDeployment: the plan makes no PodDisruptionBudget for a single pod. */
const singleReplica: PulumiFn = async () => {
  const orders = new GracefulDeployment('orders', {
    namespace: 'default',
    replicas: 1,
    containers: [container],
    shutdown: { appShutdownTimeout: '30s', drainDelay: '5s' },
    service: { ports: [{ port: 80, targetPort: 8080 }] },
  });
  return { urn: orders.urn };
};

/** `pulumi preview --policy-pack <pack>` of `program`; the engine's output, and whether it failed. */
async function previewWithPack(name: string, program: PulumiFn): Promise<{ failed: boolean; output: string }> {
  const stack = await engine!.stack(`policy-${name}`, 'e2e', program);
  // The CLI (and so the analyzer it starts) runs with the workspace's envVars: the shim's folder first on PATH.
  (stack.workspace as LocalWorkspace).envVars.PATH = `${shimDir}:${engine!.env.PATH}`;
  let output = '';
  let failed = false;
  try {
    const result = await stack.preview({ policyPacks: [pack], onOutput: (line) => { output += line; } });
    output += result.stdout;
  } catch (error: any) {
    failed = true;
    output += `${error.stdout ?? ''}\n${error.stderr ?? ''}\n${error.message ?? ''}`;
  }
  const lines = [...new Set(output.split('\n').map((l) => l.trim()).filter((l) => /graceful-k8s@|mandatory|advisory|has no preStop|single-replica|Policies|error:/.test(l) && !l.includes('using pulumi-')))];
  process.stdout.write(`e2e: pulumi preview --policy-pack examples/pulumi-policy (${name}, kube-apiserver ${cluster!.version}) ${failed ? 'failed' : 'passed'}:\n  ${lines.join('\n  ')}\n`);
  return { failed, output };
}

test('pulumi preview with the pack fails on a hand-written Deployment without a preStop: mandatory no-prestop-drain-error on its URN', async () => {
  const { failed, output } = await previewWithPack('hand-written', handWritten);
  expect(failed).toBe(true);
  expect(output).toMatch(/mandatory/);
  expect(output).toContain('no-prestop-drain-error');
  expect(output).toMatch(/Deployment orders-[0-9a-z]+, container orders: container 'orders' has no preStop hook/);
  expect(output).toMatch(/kubernetes:apps\/v1:Deployment.*orders|orders.*kubernetes:apps\/v1:Deployment/s);
});

test('pulumi preview with the pack passes on a GracefulDeployment of the same app', async () => {
  const { failed, output } = await previewWithPack('graceful', graceful);
  expect(output).not.toContain('no-prestop-drain-error');
  expect(output).not.toMatch(/mandatory/);
  expect(failed).toBe(false);
});

test('the component\'s children are audited: a one-replica GracefulDeployment passes with an advisory single-replica-no-pdb-warning on its child Deployment', async () => {
  const { failed, output } = await previewWithPack('single-replica', singleReplica);
  expect(output).toMatch(/\[advisory\] \[severity: medium\]\s+single-replica-no-pdb-warning\s+\(kubernetes:apps\/v1:Deployment: orders\)/);
  expect(output).not.toMatch(/\[mandatory\]/);
  expect(failed).toBe(false);
});
