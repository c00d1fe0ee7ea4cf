import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { ALL_RULES } from '../../src/audit/all-rules';
import { auditManifests } from '../../src/audit/audit';
import { type AuditRule } from '../../src/audit/finding';
import { runCli } from '../cli/run-cli';

/** Nine nested levels of nine aliases (9^9 nodes once expanded), the classic "billion laughs" in YAML. */
export const ALIAS_BOMB = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: bomb}',
  'data:',
  '  a0: &a0 [x, x, x, x, x, x, x, x, x]',
  ...Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`),
  '',
].join('\n');

const GOOD = `apiVersion: apps/v1
kind: Deployment
metadata: {name: good}
spec:
  replicas: 2
  selector: {matchLabels: {app: good}}
  template:
    metadata: {labels: {app: good}}
    spec:
      containers:
        - name: app
          image: example/app:1
          ports: [{containerPort: 8080}]
`;

/** A Deployment that sets every field a rule reads, with a Service, a PDB and an autoscaler selecting it. */
function richObjects(): Array<Record<string, unknown>> {
  const probe = { httpGet: { path: '/ready', port: 'http' }, periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1, initialDelaySeconds: 2 };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'rich', namespace: 'ns' },
      spec: {
        replicas: 3,
        minReadySeconds: 5,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: 1 } },
        selector: { matchLabels: { app: 'rich' } },
        template: {
          metadata: { labels: { app: 'rich' }, annotations: { 'graceful-k8s.io/suppress': 'no-readiness-probe: none' } },
          spec: {
            terminationGracePeriodSeconds: 60,
            volumes: [{ name: 'config', configMap: { name: 'rich-config' } }, { name: 'p', projected: { sources: [{ configMap: { name: 'rich-config' } }] } }],
            containers: [
              {
                name: 'app',
                image: 'nginx:1.27',
                command: ['/bin/sh', '-c', 'sleep 1; nginx'],
                args: ['--graceful-timeout', '20'],
                env: [
                  { name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '20s' },
                  { name: 'SERVER_SHUTDOWN', value: 'graceful' },
                  { name: 'SHUTDOWN_DELAY', value: '5s' },
                  { name: 'NACOS_SERVER', value: 'nacos:8848' },
                ],
                envFrom: [{ configMapRef: { name: 'rich-config' } }],
                ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
                readinessProbe: probe,
                livenessProbe: { ...probe, failureThreshold: 6 },
                startupProbe: probe,
                lifecycle: { stopSignal: 'SIGTERM', preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 10 && nginx -s quit'] } } },
              },
              { name: 'side', image: 'gcr.io/distroless/static', lifecycle: { preStop: { sleep: { seconds: 5 } } } },
              { name: 'http', image: 'envoy', lifecycle: { preStop: { httpGet: { path: '/shutdown', port: 9001 } } } },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'rich', namespace: 'ns', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        publishNotReadyAddresses: true,
        selector: { app: 'rich' },
        ports: [{ name: 'web', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }],
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'rich-webhook', namespace: 'ns' }, spec: { selector: { app: 'rich' }, ports: [{ port: 443, targetPort: 8080 }] } },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: 'rich' },
      webhooks: [{ name: 'v.rich', clientConfig: { service: { name: 'rich-webhook', namespace: 'ns' } } }],
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'rich', namespace: 'ns' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'rich' } } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'rich', namespace: 'ns' },
      spec: { minReplicas: 2, maxReplicas: 5, scaleTargetRef: { kind: 'Deployment', name: 'rich' } },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'rich-config', namespace: 'ns' },
      data: { 'application.yaml': 'server:\n  shutdown: graceful\n', 'application.properties': 'a=b\n', 'Corefile': 'health {\n  lameduck 5s\n}\n' },
    },
  ];
}

/** Every path (into any object of {@link richObjects}) that holds a value: where the fuzzer puts hostile values. */
function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const paths: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));} else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  }
  return paths;
}

function setPath(root: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

const HOSTILE_VALUES: unknown[] = [
  Infinity, -Infinity, NaN, 1e308, -1e308, -1, 2 ** 53 + 2, 2 ** 31, 1.5, 0, '30', '', '.inf', 'x'.repeat(5000), [], {}, null, true, false,
  [1, 'a', null], { a: { b: [{}] } }, [[[]]], '25%', '%', '-5%', '1e309',
];

const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_VALUES),
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true, withBigInt: false }),
);

/** Problems that mean a rule threw: the audit's own bug, which the property forbids. */
const ruleFailures = (problems: ReadonlyArray<{ message: string }>) => problems.filter((p) => p.message.startsWith('rule '));

describe('the audit never stops at one bad input', () => {
  test('a hostile value at any field of a workload, Service, PDB, autoscaler or ConfigMap: no rule throws, and the next workload is still audited', () => {
    const objects = richObjects();
    const paths = objects.flatMap((o, i) => pathsOf(o).filter((p) => p.length > 0).map((p) => [i, ...p] as Array<string | number>));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), hostileValue), { minLength: 1, maxLength: 4 }), (edits) => {
        const mutated = richObjects();
        for (const [[index, ...path], value] of edits) {
          try {
            setPath(mutated[index as number], path, value);
          } catch {
            // an earlier edit replaced an ancestor with a scalar: this edit has nowhere to go
          }
        }
        const text = [...mutated.map((o) => stringify(o)), GOOD].join('---\n');
        const report = auditManifests([{ file: 'hostile.yaml', text }]);
        expect(ruleFailures(report.problems)).toEqual([]);
        expect(report.workloads.map((w) => w.name)).toContain('good');
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  test('random text and bytes (binary data, broken YAML, deep flow nesting) become problems, never exceptions', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.integer({ min: 1, max: 20000 }).map((n) => `kind: Deployment\nspec: ${'['.repeat(n)}${']'.repeat(n)}\n`),
      fc.integer({ min: 1, max: 3000 }).map((n) => `kind: Deployment\nspec:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 2)}template:`).join('\n')}\n`),
    );
    fc.assert(
      fc.property(text, (hostile) => {
        const report = auditManifests([{ file: 'hostile.yaml', text: hostile }, { file: 'good.yaml', text: GOOD }]);
        expect(ruleFailures(report.problems)).toEqual([]);
        expect(report.workloads.map((w) => w.name)).toEqual(['good']);
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  test('`preStop.sleep.seconds: .inf` is an unusable workload named by field, value and line; the next Deployment of the file is audited', () => {
    const inf = GOOD.replace('name: good', 'name: inf').replace('image: example/app:1', 'image: example/app:1\n          lifecycle: {preStop: {sleep: {seconds: .inf}}}');
    const report = auditManifests([{ file: 'inf.yaml', text: `${inf}---\n${GOOD}` }]);
    expect(report.workloads.map((w) => w.name)).toEqual(['good']);
    expect(report.problems).toEqual([
      {
        file: 'inf.yaml',
        line: 13,
        message:
          'Deployment inf: spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds is .inf, but Kubernetes takes an integer from 0 to ' +
          '9007199254740991 there; fix the value (the API server would refuse this object): skipped',
      },
    ]);
  });

  test('an alias bomb is refused by the parser and reported at its line; the other documents of the file are audited', () => {
    const report = auditManifests([{ file: 'bomb.yaml', text: `${GOOD}---\n${ALIAS_BOMB}` }]);
    expect(report.workloads.map((w) => w.name)).toEqual(['good']);
    expect(report.problems).toEqual([
      { file: 'bomb.yaml', line: 15, message: 'YAML the parser refuses: Excessive alias count indicates a resource exhaustion attack; the document is skipped' },
    ]);
  });

  test('a rule that throws becomes a problem for that workload; the other rules and workloads still report', () => {
    const throwing: AuditRule = {
      id: 'always-throws',
      defaultSeverity: 'error',
      title: 'throws',
      description: 'a rule with a bug',
      check(workload) {
        if (workload.name === 'good') throw new TypeError('cannot read properties of undefined');
        return [];
      },
    };
    const other = GOOD.replace('name: good', 'name: other');
    const report = auditManifests([{ file: 'a.yaml', text: `${GOOD}---\n${other}` }], { rules: [throwing, ...ALL_RULES] });
    expect(report.problems).toEqual([{ file: 'a.yaml', line: 1, message: 'rule always-throws could not check Deployment good: cannot read properties of undefined' }]);
    expect(report.workloads.map((w) => w.name)).toEqual(['good', 'other']);
    expect(new Set(report.findings.map((f) => f.workload.name))).toEqual(new Set(['good', 'other']));
  });
});

describe('the CLI on hostile files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'graceful-audit-hostile-'));
    writeFileSync(join(dir, 'bomb.yaml'), ALIAS_BOMB);
    writeFileSync(join(dir, 'binary.yaml'), Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 37) % 256)));
    writeFileSync(join(dir, 'good.yaml'), GOOD);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('an alias bomb and binary data are unusable inputs (exit 2, file and line); the other file is audited', async () => {
    const { code, stdout, stderr } = await runCli(['audit', join(dir, 'bomb.yaml'), join(dir, 'binary.yaml'), join(dir, 'good.yaml'), '-f', 'json']);
    expect(code).toBe(2);
    expect(stderr).not.toContain('internal error');
    expect(stderr).toContain(`${join(dir, 'bomb.yaml')}:1: YAML the parser refuses`);
    expect(stderr).toMatch(new RegExp(`${join(dir, 'binary.yaml').replace(/[.]/g, '\\.')}:\\d+: `));
    expect(JSON.parse(stdout).workloads.map((w: { name: string }) => w.name)).toEqual(['good']);
  });

  test('the alias bomb is refused within a 96 MB heap: the run ends with exit 2, not out of memory', async () => {
    const script =
      "require('ts-node').register({ transpileOnly: true });" +
      "const { auditManifests } = require('./src/audit');" +
      "const fs = require('fs');" +
      `const r = auditManifests(${JSON.stringify(['bomb.yaml', 'good.yaml'].map((f) => join(dir, f)))}.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })));` +
      'process.exit(r.problems.length === 1 && r.workloads.length === 1 ? 2 : 1);';
    const child = spawn(process.execPath, ['--max-old-space-size=96', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 2, stderr: '' });
  });
});
