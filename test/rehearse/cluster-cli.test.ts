import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { appManifest } from './cluster-helpers';
import { formatClusterRehearsalText } from '../../src/cli/commands/rehearse';
import { JsonStreamSplitter } from '../../src/rehearse';
import { runCli } from '../cli/run-cli';

// A fake kubectl on PATH records every call; nothing reaches a cluster.
const FAKE_DIR = resolve('test/fixtures/fake-kubectl');
const dir = mkdtempSync(join(tmpdir(), 'rehearse-cluster-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kubeconfig = join(dir, 'kubeconfig');
writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\n');
const manifest = join(dir, 'web.yaml');
writeFileSync(manifest, appManifest({ namespace: 'shop' }));

function summary(failed: { refused?: number; reset?: number } = {}): string {
  const refused = failed.refused ?? 0;
  const reset = failed.reset ?? 0;
  const byCause = { 'refused': refused, 'reset': reset, '5xx': 0, 'timeout': 0, 'unreachable': 0, 'other': 0 };
  const sent = 300;
  return JSON.stringify({
    kind: 'graceful-k8s-load-summary',
    target: '10.96.0.10:80',
    path: '/work?ms=20',
    rps: 50,
    timeoutMs: 10000,
    startedAtUnixMs: Date.now(),
    warmupAttempts: 1,
    warmupMs: 12,
    durationMs: 6000,
    stoppedBy: 'request',
    requests: { sent, ok: sent - refused - reset, failed: refused + reset, byCause, latencyMs: { p50: 22, p99: 40, max: 51 } },
    failureSamples: refused > 0 ? [{ atMs: 2500, cause: 'refused', detail: 'ECONNREFUSED' }] : [],
    seconds: [{ t: 0, sent, ok: sent - refused - reset, failed: refused + reset, byCause }],
  });
}

interface Call { readonly args: string[]; readonly input: string }

async function rehearse(name: string, extra: string[], env: Record<string, string> = {}, summaryLine = summary()) {
  const log = join(dir, `${name}.calls`);
  const summaryFile = join(dir, `${name}.summary`);
  writeFileSync(log, '');
  writeFileSync(summaryFile, summaryLine);
  const result = await runCli(['rehearse', '--manifest', manifest, '--kubeconfig', kubeconfig, ...extra], {
    env: { PATH: `${FAKE_DIR}${delimiter}${process.env.PATH}`, FAKE_KUBECTL_LOG: log, FAKE_KUBECTL_SUMMARY: summaryFile, ...env },
  });
  const calls: Call[] = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return { ...result, calls };
}

/** The namespace a call names: `-n NS`, or the path of a raw API call. */
function namespaceOf(call: Call): string | undefined {
  if (call.args.includes('-n')) return call.args[call.args.indexOf('-n') + 1];
  const raw = call.args.indexOf('--raw');
  return raw >= 0 ? /^\/api\/v1\/namespaces\/([^/]+)\//.exec(call.args[raw + 1])?.[1] : undefined;
}

test('a cluster rehearsal creates its namespace, works only inside it and deletes it last', async () => {
  const r = await rehearse('ok', ['--rollouts', '2', '--rps', '50', '--load-image', 'registry.example/load:1', '-o', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  for (const call of r.calls) expect(call.args.slice(0, 2)).toEqual(['--kubeconfig', kubeconfig]);
  const verbs = r.calls.map((c) => c.args.slice(2, 4).join(' '));
  expect(verbs[0]).toBe('version -o');
  // The namespace is created with its label...
  const create = r.calls[1];
  expect(create.args.slice(2)).toEqual(['create', '-f', '-']);
  const namespaceObject = JSON.parse(create.input);
  expect(namespaceObject).toMatchObject({ kind: 'Namespace', metadata: { labels: { 'app.kubernetes.io/managed-by': 'graceful-k8s-rehearse' } } });
  const ns: string = namespaceObject.metadata.name;
  expect(ns).toMatch(/^graceful-k8s-rehearse-[0-9a-f]{8}$/);
  // ...every later call but the last names it (-n, or the API path of the load's /stop), and no object sent names another...
  const middle = r.calls.slice(2, -1);
  for (const call of middle) expect(namespaceOf(call)).toBe(ns);
  const sent = middle.filter((c) => c.input).flatMap((c) => c.input.split('\n').map((line) => JSON.parse(line)));
  expect(sent.map((o) => `${o.kind}/${o.metadata.name} ${o.metadata.namespace}`)).toEqual([`Deployment/web ${ns}`, `Service/web ${ns}`, `Pod/graceful-k8s-load ${ns}`]);
  // ...the rollouts are restarts followed by status, and the namespace is deleted last.
  expect(verbs.filter((v) => v === 'rollout restart')).toHaveLength(2);
  expect(r.calls[r.calls.length - 1].args.slice(2)).toEqual(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  // The load pod targets the Service's ClusterIP (no DNS needed), with the image given.
  const pod = sent[2];
  expect(pod.spec.containers[0]).toMatchObject({ image: 'registry.example/load:1', imagePullPolicy: 'IfNotPresent' });
  expect(pod.spec.containers[0].args).toEqual(expect.arrayContaining(['-target=10.96.0.10:80', '-rps=50', '-path=/work?ms=20']));

  const report = JSON.parse(r.stdout);
  expect(report).toMatchObject({
    mode: 'cluster',
    deployment: 'web',
    outcome: 'passed',
    cluster: { serverVersion: 'v1.33.13', namespace: ns, manifestNamespace: 'shop', service: 'web 10.96.0.10:80', loadImage: 'registry.example/load:1', namespaceDeleted: true },
    requests: { sent: 300, ok: 300, failed: 0, byCause: { refused: 0, reset: 0 } },
  });
  expect(report.rollouts.map((x: any) => x.index)).toEqual([1, 2]);
  for (const rollout of report.rollouts) {
    expect(rollout.completeAtMs).toBeGreaterThanOrEqual(rollout.startedAtMs);
    expect(rollout.endedAtMs).toBeGreaterThanOrEqual(rollout.completeAtMs);
    expect(rollout.oldPods).toHaveLength(2); // a pod already Terminating is not one the rollout replaces
  }
});

test('--load-host-network runs the load pod in its node\'s network namespace, with a control port off the usual ones', async () => {
  const r = await rehearse('hostnet', ['--rollouts', '1', '--load-host-network']);
  expect(r.code).toBe(0);
  const pod = r.calls.filter((c) => c.input.includes('"kind":"Pod"')).map((c) => JSON.parse(c.input))[0];
  expect(pod.spec.hostNetwork).toBe(true);
  const port = pod.spec.containers[0].ports[0].containerPort;
  expect(port).toBeGreaterThanOrEqual(20000);
  expect(pod.spec.containers[0].args).toContain(`-listen=:${port}`);
  expect(r.calls.some((c) => c.args.some((a) => a.endsWith(`/pods/graceful-k8s-load:${port}/proxy/stop`)))).toBe(true);
});

test('a load that stopped by itself (its duration) is read from its log although its /stop cannot answer', async () => {
  const r = await rehearse('stopped', ['--rollouts', '1', '-o', 'json'], { FAKE_KUBECTL_FAIL: '--raw' });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).requests.sent).toBe(300);
});

test('failed requests exit 1 and print by cause in the simulator\'s format', async () => {
  const r = await rehearse('failed', ['--rollouts', '1'], {}, summary({ refused: 7, reset: 2 }));
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/^requests {2}300 sent · 291 ok · 9 failed \(refused 7, reset 2\) · latency p50 22 ms/m);
  expect(r.stdout).toMatch(/^rollout 1: [\d.]+ s until kubectl rollout status completed, [\d.]+ s until the last old pod was gone$/m);
  expect(r.stdout).toMatch(/namespace graceful-k8s-rehearse-[0-9a-f]{8} deleted/);
  expect(r.stdout).toMatch(/FAILED: 9 of 300 requests failed\n$/);
});

test('a failing step names the kubectl command and its stderr, and the namespace is still deleted', async () => {
  const r = await rehearse('broken', ['--rollouts', '1'], { FAKE_KUBECTL_FAIL: '^--kubeconfig \\S+ rollout restart' });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^graceful-k8s: rehearse: kubectl rollout restart deployment\/web -n (graceful-k8s-rehearse-[0-9a-f]{8}) failed \(exit 1\): fake failure of: /);
  const ns = /-n (graceful-k8s-rehearse-[0-9a-f]{8})/.exec(r.stderr)![1];
  expect(r.stderr).toContain(`the scratch namespace ${ns} was deleted`);
  expect(r.calls[r.calls.length - 1].args.slice(2, 5)).toEqual(['delete', 'namespace', ns]);
  expect(r.stdout).toBe('');
});

test('a manifest with a cluster-scoped object is refused before kubectl runs at all', async () => {
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, appManifest({ extra: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }] }));
  const log = join(dir, 'bad.calls');
  writeFileSync(log, '');
  const r = await runCli(['rehearse', '--manifest', bad, '--kubeconfig', kubeconfig], { env: { PATH: `${FAKE_DIR}${delimiter}${process.env.PATH}`, FAKE_KUBECTL_LOG: log } });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^graceful-k8s: error: --manifest: manifest Namespace\/prod \(.*bad\.yaml:\d+\) is cluster-scoped/);
  expect(readFileSync(log, 'utf8')).toBe('');
});

test('simulator flags are usage errors with --kubeconfig, and --app is required without it', async () => {
  const app = await rehearse('flags', ['--app', 'node server.js']);
  expect(app.code).toBe(2);
  expect(app.stderr).toMatch(/^graceful-k8s: error: --app is an option of the local simulator/);
  const lag = await rehearse('lag', ['--routing-lag', '2s']);
  expect(lag.stderr).toMatch(/--routing-lag is an option of the local simulator/);
  expect(lag.calls).toEqual([]);
  const noApp = await runCli(['rehearse', '--manifest', manifest]);
  expect(noApp.code).toBe(2);
  expect(noApp.stderr).toMatch(/required option '--app <command>' not specified \(or rehearse on a cluster with --kubeconfig\)/);
  const image = await runCli(['rehearse', '--manifest', manifest, '--app', 'x', '--load-image', 'y']);
  expect(image.stderr).toMatch(/--load-image needs --kubeconfig/);
  const hostNetwork = await runCli(['rehearse', '--manifest', manifest, '--app', 'x', '--load-host-network']);
  expect(hostNetwork.stderr).toMatch(/--load-host-network needs --kubeconfig/);
  const missing = await runCli(['rehearse', '--manifest', manifest, '--kubeconfig', join(dir, 'nope')]);
  expect(missing.stderr).toMatch(/^graceful-k8s: error: --kubeconfig: kubeconfig cannot be read/);
});

test('the text report of a passed rehearsal', () => {
  const text = formatClusterRehearsalText({
    mode: 'cluster',
    deployment: 'web',
    app: 'graceful-k8s.local/drain-server:h1',
    cluster: { serverVersion: 'v1.33.13', namespace: 'graceful-k8s-rehearse-0123abcd', service: 'web 10.96.0.10:80', loadImage: 'l', namespaceDeleted: true },
    settings: { kind: 'Deployment', replicas: 2, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0, terminationGracePeriodSeconds: 12, preStop: 'sleep 5s (native)', readiness: 'HTTP GET /ready every 1s', stopSignal: 'SIGTERM', rps: 50, rollouts: 1, workMs: 20, requestTimeoutMs: 10000 },
    requests: { sent: 10, ok: 10, failed: 0, byCause: { 'refused': 0, 'reset': 0, '5xx': 0, 'timeout': 0, 'unreachable': 0, 'other': 0 }, latencyMs: { p50: 1, p99: 2, max: 3 } },
    failureSamples: [],
    load: { startedAtMs: 100, durationMs: 1000, warmupAttempts: 1, stoppedBy: 'request', seconds: [] },
    rollouts: [{
      index: 1,
      startedAtMs: 1000,
      completeAtMs: 6000,
      endedAtMs: 13500,
      oldPods: ['web-a', 'web-b'],
      terminated: [{ pod: 'web-a', uid: 'a', seenAtMs: 0, readyAtMs: 10, terminatingAtMs: 3500, goneAtMs: 10000 }],
    }],
    pods: [],
    notes: [],
    outcome: 'passed',
  });
  expect(text).toBe([
    'rehearse web: 1 rollout(s) of 2 replica(s) on v1.33.13, image graceful-k8s.local/drain-server:h1',
    '  maxSurge 1 · maxUnavailable 0 · minReadySeconds 0 · terminationGracePeriodSeconds 12 · stop signal SIGTERM',
    '  preStop: sleep 5s (native)',
    '  readiness: HTTP GET /ready every 1s',
    '  load: 50 rps (20 ms of work each, a new connection each) from pod graceful-k8s-rehearse-0123abcd/graceful-k8s-load through Service web 10.96.0.10:80',
    '',
    'requests  10 sent · 10 ok · 0 failed · latency p50 1 ms, p99 2 ms, max 3 ms',
    '',
    'rollout 1: 5.00 s until kubectl rollout status completed, 12.50 s until the last old pod was gone',
    '  pod    Terminating  gone',
    '  web-a  2.50 s       +6.50 s',
    '  web-b  -            -',
    '',
    'notes:',
    '  - namespace graceful-k8s-rehearse-0123abcd deleted',
    '',
    'PASSED: 0 of 10 requests failed',
    '',
  ].join('\n'));
});

test.each([['SIGINT', 130], ['SIGTERM', 143]] as const)('%s stops kubectl in flight, deletes the namespace and exits %i', async (signal, exitCode) => {
  const log = join(dir, `${signal}.calls`);
  writeFileSync(log, '');
  const running = runCli(['rehearse', '--manifest', manifest, '--kubeconfig', kubeconfig, '--rollouts', '1'], {
    env: { PATH: `${FAKE_DIR}${delimiter}${process.env.PATH}`, FAKE_KUBECTL_LOG: log, FAKE_KUBECTL_HANG: 'rollout status' },
  });
  // Once the first rollout status hangs (the event), interrupt as a terminal's Ctrl-C does.
  while (!readFileSync(log, 'utf8').includes('"status"')) await new Promise((r) => setTimeout(r, 20));
  process.emit(signal);
  const r = await running;
  expect(r.code).toBe(exitCode);
  const calls: Call[] = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const ns = JSON.parse(calls[1].input).metadata.name;
  expect(r.stderr).toBe(`graceful-k8s: rehearse: interrupted; the scratch namespace ${ns} was deleted\n`);
  expect(calls[calls.length - 1].args.slice(2, 5)).toEqual(['delete', 'namespace', ns]);
  expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0);
});

test('a watch\'s stream of pretty-printed JSON objects is cut into objects, strings with braces included', () => {
  const seen: unknown[] = [];
  const split = new JsonStreamSplitter((text) => seen.push(JSON.parse(text)));
  const events = [{ type: 'ADDED', object: { metadata: { name: 'a' } } }, { type: 'MODIFIED', object: { note: 'a "}" and a \\ in a string {' } }];
  const text = events.map((e) => JSON.stringify(e, null, 4)).join('\n');
  for (let i = 0; i < text.length; i += 7) split.push(text.slice(i, i + 7));
  expect(seen).toEqual(events);
});
