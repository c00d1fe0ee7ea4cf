import { readFileSync } from 'node:fs';
import { FIXTURES, runCli } from './run-cli';
import { auditManifests } from '../../src/audit/audit';

describe('graceful-k8s audit', () => {
  test('a clean input exits 0 and marks each clean workload; one error in the input makes it exit 1', async () => {
    const { code, stdout, stderr } = await runCli(['audit', `${FIXTURES}/list.yaml`], {});
    // list.yaml holds one clean Deployment and a DaemonSet with an error: audit the clean part from stdin.
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain(`✓ Deployment shop/web  ${FIXTURES}/list.yaml:7  no findings`);
    const clean = readFileSync(`${FIXTURES}/list.yaml`, 'utf8').split('- apiVersion: apps/v1\n  kind: DaemonSet')[0];
    const fromStdin = await runCli(['audit', '-'], { stdin: clean });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toContain('✓ Deployment shop/web  -:7  no findings');
    expect(fromStdin.stdout).toContain('1 workload audited: 0 errors, 0 warnings, 0 infos');
  });

  test('text output groups findings per workload and container, with the line, the why and the fix', async () => {
    const { code, stdout } = await runCli(['audit', `${FIXTURES}/spring-nacos.yaml`]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    const at = lines.indexOf(`Deployment production/sre-yilingyi  ${FIXTURES}/spring-nacos.yaml:4`);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at + 1, at + 9)).toEqual([
      '  pod / workload',
      '    info    single-replica-no-pdb  metadata.name  (line 7)',
      '            no PodDisruptionBudget in the input selects the pods of Deployment sre-yilingyi: a node drain may evict all 2 at once',
      '            fix: add a PodDisruptionBudget (policy/v1) whose selector matches the pod labels, with maxUnavailable: 1',
      '  container app',
      '    error   grace-period-too-short  spec.template.spec.terminationGracePeriodSeconds  (line 19)',
      expect.stringContaining('terminationGracePeriodSeconds is 60, but preStop waits 35s and the app may take 30s'),
      '            fix: set terminationGracePeriodSeconds: 70 (drain 35s + app shutdown 30s + margin 5s)',
    ]);
    expect(lines[lines.length - 2]).toBe('2 workloads audited: 1 error, 1 warning, 1 info');
  });

  test('--fail-on warning fails on warnings; --fail-on never only reports', async () => {
    const file = `${FIXTURES}/aliyun-nginx-sleep.yaml`; // warnings only
    expect((await runCli(['audit', file])).code).toBe(0);
    expect((await runCli(['audit', '--fail-on', 'warning', file])).code).toBe(1);
    expect((await runCli(['audit', '--fail-on', 'never', `${FIXTURES}/spring-nacos.yaml`])).code).toBe(0);
  });

  test('a directory is searched recursively for *.yaml and *.yml, in name order', async () => {
    const { stdout } = await runCli(['audit', '--format', 'json', `${FIXTURES}/tree`]);
    const json = JSON.parse(stdout);
    expect(json.workloads.map((w: any) => `${w.file}:${w.name}`)).toEqual([
      `${FIXTURES}/tree/nested/list.yml:web`,
      `${FIXTURES}/tree/nested/list.yml:node-agent`,
      `${FIXTURES}/tree/nginx.yaml:nginx`,
    ]);
  });

  test('unusable input exits 2 with file and line on stderr, and the other files are still audited', async () => {
    const { code, stdout, stderr } = await runCli(['audit', '-f', 'json', `${FIXTURES}/invalid.yaml`, `${FIXTURES}/missing.yaml`, `${FIXTURES}/spring-nacos.yaml`]);
    expect(code).toBe(2);
    expect(stderr.split('\n')).toEqual([
      `graceful-k8s: ${FIXTURES}/missing.yaml: cannot read: no such file or directory`,
      `graceful-k8s: ${FIXTURES}/invalid.yaml:17:18: invalid YAML: Nested mappings are not allowed in compact mappings`,
      '',
    ]);
    const json = JSON.parse(stdout);
    expect(json.summary).toEqual({ workloads: 2, errors: 1, warnings: 1, infos: 1, suppressed: 0, problems: 2 });
    expect(json.findings.find((f: any) => f.ruleId === 'grace-period-too-short')).toMatchObject({
      severity: 'error',
      workload: { kind: 'Deployment', name: 'sre-yilingyi', namespace: 'production' },
      container: 'app',
      path: 'spec.template.spec.terminationGracePeriodSeconds',
      file: `${FIXTURES}/spring-nacos.yaml`,
      line: 19,
    });
  });

  test('SARIF 2.1.0: rule metadata, results located at file and line, unusable input as notifications', async () => {
    const { stdout } = await runCli(['audit', '--format', 'sarif', '--base-dir', process.cwd(), `${process.cwd()}/${FIXTURES}/php-fpm-502.yaml`, `${FIXTURES}/invalid.yaml`]);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toContain('sarif-2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('graceful-k8s');
    const ruleIds = run.tool.driver.rules.map((r: any) => r.id);
    expect(ruleIds).toEqual(expect.arrayContaining(['grace-period-too-short', 'no-prestop-drain', 'distroless-exec-prestop', 'quit-signal-server']));
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    const drain = run.results.find((r: any) => r.ruleId === 'no-prestop-drain');
    expect(run.tool.driver.rules[drain.ruleIndex].id).toBe('no-prestop-drain');
    expect(drain.level).toBe('error');
    expect(drain.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `${FIXTURES}/php-fpm-502.yaml`, uriBaseId: '%SRCROOT%' }, region: { startLine: 24 } });
    expect(drain.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Deployment/my-pod/spec.template.spec.containers[0].lifecycle.preStop');
    expect(run.results.find((r: any) => r.ruleId === 'single-replica-no-pdb').level).toBe('note');
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${FIXTURES}/invalid.yaml`, uriBaseId: '%SRCROOT%' },
      region: { startLine: 17, startColumn: 18 },
    });
  });

  test('--k8s and --app-shutdown change the planner\'s fixes; an invalid one is a one-line error with exit 2', async () => {
    const old = await runCli(['audit', '-f', 'json', '--k8s', '1.29', '--app-shutdown', '60s', `${FIXTURES}/php-fpm-502.yaml`]);
    const drain = JSON.parse(old.stdout).findings.find((f: any) => f.ruleId === 'no-prestop-drain');
    expect(drain.fix).toContain('preStop {"exec":{"command":["sleep","5"]}}');
    expect(drain.fix).toContain('terminationGracePeriodSeconds: 70 (drain 5s + app shutdown 60s + margin 5s)');
    const bad = await runCli(['audit', '--k8s', 'latest', `${FIXTURES}/list.yaml`]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('graceful-k8s: error: --k8s: kubernetesVersion is not a Kubernetes version: "latest"; use the cluster\'s minor version as a string, e.g. \'1.30\'\n');
  });

  test('stdin is read once even when - is given twice', async () => {
    let reads = 0;
    const { run } = await import('../../src/cli');
    let out = '';
    const code = await run(['audit', '-f', 'json', '-', '-'], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => true },
      env: {},
      readStdin: async () => {
        reads += 1;
        return readFileSync(`${FIXTURES}/spring-nacos.yaml`, 'utf8');
      },
    });
    expect(reads).toBe(1);
    expect(code).toBe(1);
    expect(JSON.parse(out).workloads).toHaveLength(2);
  });
});

test('audit text is colored on a terminal (red errors) and plain with NO_COLOR', async () => {
  const file = `${FIXTURES}/spring-nacos.yaml`;
  expect((await runCli(['audit', file], { isTTY: true })).stdout).toContain('\u001b[31merror  \u001b[39m');
  expect((await runCli(['audit', file], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
});

test('audit without a path is a usage error (exit 2)', async () => {
  const { code, stderr } = await runCli(['audit']);
  expect(code).toBe(2);
  expect(stderr).toContain('paths');
});

describe('an input with no Kubernetes object (issue 23, item 9)', () => {
  test('empty stdin is unusable input (exit 2), so a failed `helm template | graceful-k8s audit -` does not pass', async () => {
    const { code, stderr } = await runCli(['audit', '-'], { stdin: '' });
    expect(code).toBe(2);
    expect(stderr).toContain('no Kubernetes object in the input: nothing was audited');
  });

  test('comments and empty documents only are no object either; --allow-empty lets an expected empty input pass', async () => {
    expect((await runCli(['audit', '-'], { stdin: '# nothing rendered\n---\n' })).code).toBe(2);
    const allowed = await runCli(['audit', '--allow-empty', '-'], { stdin: '' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('0 workloads audited');
  });

  test('an input with only non-workload objects is not empty: it audits clean', async () => {
    const { code } = await runCli(['audit', '-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' });
    expect(code).toBe(0);
  });
});

describe('duplicate keys (issue 23, item 6)', () => {
  const manifest = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: 3',
    '  selector: { matchLabels: { app: web } }',
    '  template:',
    '    metadata: { labels: { app: web } }',
    '    spec:',
    '      terminationGracePeriodSeconds: 5',
    '      containers: [{ name: app, image: registry.example/web:1 }]',
    '      terminationGracePeriodSeconds: 60',
    '',
  ].join('\n');

  test('a key given twice is unusable input (exit 2) naming the key and both lines', async () => {
    const { code, stderr } = await runCli(['audit', '-'], { stdin: manifest });
    expect(code).toBe(2);
    expect(stderr).toContain("-:13: duplicate key 'terminationGracePeriodSeconds' at lines 11 and 13");
  });

  test('a finding on a repeated key points at the line of the value audited (the last)', () => {
    const text = manifest
      .replace('terminationGracePeriodSeconds: 60', 'terminationGracePeriodSeconds: 7')
      .replace('image: registry.example/web:1 }', 'image: registry.example/web:1, env: [{ name: GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS, value: "30" }] }');
    const report = auditManifests([{ file: 'web.yaml', text }]);
    expect(report.findings.find((f) => f.ruleId === 'grace-period-too-short')?.location.line).toBe(13);
  });

  test('merge keys may repeat, and the same key in two maps is no duplicate', async () => {
    const { code, stderr } = await runCli(['audit', '--allow-empty', '-'], {
      stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\ndata: { name: x }\n',
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
