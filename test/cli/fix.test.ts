import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from './run-cli';

/** A Deployment as charts render it, with comments, quoting and a flow map fix must keep. */
interface DeploymentOptions {
  readonly name?: string;
  readonly annotations?: Record<string, string>;
  readonly podAnnotations?: Record<string, string>;
  readonly replicas?: number;
  readonly extraPodSpec?: string;
  readonly extraContainer?: string;
  readonly extraSpec?: string;
}

function deployment(options: DeploymentOptions = {}): string {
  const lines = (values: Record<string, string> | undefined, indent: string) =>
    Object.entries(values ?? {}).map(([k, v]) => `${indent}${k}: ${JSON.stringify(v)}\n`).join('');
  const name = options.name ?? 'web';
  return `# Source: web/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${options.annotations ? `  annotations:\n${lines(options.annotations, '    ')}` : ''}spec:
  replicas: ${options.replicas ?? 2}   # two, for the budget
  selector:
    matchLabels:
      app: ${name}
${options.extraSpec ?? ''}  template:
    metadata:
${options.podAnnotations ? `      annotations:\n${lines(options.podAnnotations, '        ')}` : ''}      labels:
        app: ${name}
    spec:
      securityContext: {}
${options.extraPodSpec ?? ''}      containers:
        - name: app
          image: "ghcr.io/example/${name}:1.0"   # pinned by the chart
          command: ["/app", "--port", "8080"]
          readinessProbe:
            httpGet: { path: /ready, port: 8080 }
${options.extraContainer ?? ''}`;
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80   # http
`;

function documents(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS());
}

function workload(text: string, name = 'web'): any {
  return documents(text).find((o) => o?.metadata?.name === name && o.kind !== 'PodDisruptionBudget' && o.kind !== 'Service');
}

describe('graceful-k8s fix', () => {
  test('a Deployment annotated with graceful-k8s.io/app-shutdown gets the planned preStop, grace period, env, strategy and a PodDisruptionBudget', async () => {
    const input = `${SERVICE}---\n${deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s', 'graceful-k8s.io/drain-delay': '15s' } })}`;
    const result = await runCli(['fix'], { stdin: input });
    expect(result.code).toBe(0);
    const fixed = workload(result.stdout);
    const pod = fixed.spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 15 } });
    expect(pod.terminationGracePeriodSeconds).toBe(50); // drain 15 + app 30 + margin 5
    expect(pod.containers[0].env).toEqual(expect.arrayContaining([{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '30' }]));
    expect(fixed.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    const budget = documents(result.stdout).find((o) => o?.kind === 'PodDisruptionBudget');
    expect(budget).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web' },
      spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { app: 'web' } } },
    });
    expect(result.stderr).toContain('added a PodDisruptionBudget');
  });

  test('comments, quoting, flow maps and the documents it does not fix stay byte for byte', async () => {
    const input = `${SERVICE}---\n${deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } })}---\n${deployment({ name: 'other' })}`;
    const result = await runCli(['fix'], { stdin: input });
    expect(result.code).toBe(0);
    // Every line of the input is still there, in order: fix only adds lines.
    const out = result.stdout.split('\n');
    let at = 0;
    for (const line of input.split('\n')) {
      at = out.indexOf(line, at);
      expect([line, at]).not.toEqual([line, -1]);
      at++;
    }
    expect(result.stdout.startsWith(SERVICE)).toBe(true);
    expect(result.stdout).toContain(`---\n${deployment({ name: 'other' })}`);
  });

  test('fix of its own output changes nothing (byte-identical), annotations or config', async () => {
    const input = `${SERVICE}---\n${deployment({ annotations: { 'graceful-k8s.io/app-shutdown': '45s', 'graceful-k8s.io/traffic': 'ingress-nginx,aws-alb' } })}`;
    const first = await runCli(['fix'], { stdin: input });
    expect(first.code).toBe(0);
    expect(first.stdout).not.toBe(input);
    const second = await runCli(['fix'], { stdin: first.stdout });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  test('a workload without annotations or a config entry is left byte for byte', async () => {
    const input = `${SERVICE}---\n${deployment()}`;
    const result = await runCli(['fix'], { stdin: input });
    expect(result).toEqual({ code: 0, stdout: input, stderr: '' });
  });

  test('a grace period longer than the plan needs is kept, a shorter one is raised with a note', async () => {
    const longer = await runCli(['fix'], { stdin: deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' }, extraPodSpec: '      terminationGracePeriodSeconds: 300\n' }) });
    expect(longer.code).toBe(0);
    expect(workload(longer.stdout).spec.template.spec.terminationGracePeriodSeconds).toBe(300);
    const shorter = await runCli(['fix'], { stdin: deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' }, extraPodSpec: '      terminationGracePeriodSeconds: 20\n' }) });
    expect(shorter.code).toBe(0);
    expect(workload(shorter.stdout).spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(shorter.stderr).toContain('[grace-period-raised] terminationGracePeriodSeconds was 20s');
    expect(shorter.stderr).toContain('replaced spec.template.spec.terminationGracePeriodSeconds 20 with 40');
  });

  test('a preStop of the user\'s own is refused with the workload, the field, the value and the fix, and nothing is written', async () => {
    const input = deployment({
      podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' },
      extraContainer: '          lifecycle:\n            preStop:\n              exec: { command: ["/app", "drain"] }\n',
    });
    const result = await runCli(['fix'], { stdin: input });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('graceful-k8s: error: -: Deployment web: containers[app].lifecycle.preStop ({"exec":{"command":["/app","drain"]}}) is already set');
    expect(result.stderr).toContain('the annotation graceful-k8s.io/prestop: app-drain');
    expect(result.stderr).toContain('nothing written');
  });

  test('with graceful-k8s.io/prestop: app-drain a user\'s own preStop is kept and the grace period still planned', async () => {
    const input = deployment({
      podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s', 'graceful-k8s.io/prestop': 'app-drain' },
      extraContainer: '          lifecycle:\n            preStop:\n              exec: { command: ["/app", "drain"] }\n',
    });
    const result = await runCli(['fix'], { stdin: input });
    expect(result.code).toBe(0);
    const fixed = workload(result.stdout);
    expect(fixed.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['/app', 'drain'] } });
    expect(fixed.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(35);
  });

  test('a Recreate strategy is refused: the plan cannot keep it', async () => {
    const result = await runCli(['fix'], { stdin: deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' }, extraSpec: '  strategy:\n    type: Recreate\n' }) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Deployment web: strategy is "Recreate": every old pod is stopped before a new one is ready/);
  });

  test('an annotation that is not a fix setting, a missing app-shutdown and a bad duration are refused naming the annotation', async () => {
    const typo = await runCli(['fix'], { stdin: deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdwon': '30s' } }) });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('annotation graceful-k8s.io/app-shutdwon is not a fix setting; use one of graceful-k8s.io/app-shutdown');
    const missing = await runCli(['fix'], { stdin: deployment({ annotations: { 'graceful-k8s.io/drain-delay': '10s' } }) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has annotation graceful-k8s.io/drain-delay (on the workload) but no app-shutdown');
    const bad = await runCli(['fix'], { stdin: deployment({ annotations: { 'graceful-k8s.io/app-shutdown': '30s', 'graceful-k8s.io/drain-delay': 'soon' } }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Deployment web: annotation graceful-k8s.io\/drain-delay \(on the workload\): drainDelay .*"soon"/);
  });

  test('the workload\'s own annotations win over its pod template\'s', async () => {
    const result = await runCli(['fix'], {
      stdin: deployment({ annotations: { 'graceful-k8s.io/drain-delay': '20s' }, podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s', 'graceful-k8s.io/drain-delay': '5s' } }),
    });
    expect(result.code).toBe(0);
    expect(workload(result.stdout).spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 20 } });
  });

  test('a DaemonSet with the annotations is refused: fix plans Deployments and StatefulSets only', async () => {
    const input = deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } }).replace('kind: Deployment', 'kind: DaemonSet').replace(/ {2}replicas: .*\n/, '');
    const result = await runCli(['fix'], { stdin: input });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DaemonSet web: has graceful-k8s.io/ annotations, but fix plans Deployments and StatefulSets only');
  });

  test('one replica gets no PodDisruptionBudget and the single-replica warning; a budget already selecting the pods means none is added', async () => {
    const single = await runCli(['fix'], { stdin: deployment({ replicas: 1, podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } }) });
    expect(single.code).toBe(0);
    expect(documents(single.stdout).filter((o) => o?.kind === 'PodDisruptionBudget')).toEqual([]);
    expect(single.stderr).toContain('[single-replica] replicas is 1');
    const budget = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: mine\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app: web\n';
    const covered = await runCli(['fix'], { stdin: `${budget}---\n${deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } })}` });
    expect(covered.code).toBe(0);
    expect(documents(covered.stdout).filter((o) => o?.kind === 'PodDisruptionBudget').map((o) => o.metadata.name)).toEqual(['mine']);
  });

  test('--config fixes workloads by kind, namespace and name with its defaults; an entry that matches nothing is a note', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graceful-fix-'));
    const config = join(dir, 'fix.yaml');
    writeFileSync(config, 'defaults:\n  drain-delay: 12s\nworkloads:\n  - kind: Deployment\n    name: web\n    app-shutdown: 20s\n  - name: gone\n    app-shutdown: 1s\n');
    // A Service named like the workload is not taken for it by an entry without a kind.
    const result = await runCli(['fix', '--config', config], { stdin: `${SERVICE}---\n${deployment()}---\n${deployment({ name: 'other' })}` });
    expect(result.code).toBe(0);
    expect(workload(result.stdout).spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 12 } });
    expect(workload(result.stdout).spec.template.spec.terminationGracePeriodSeconds).toBe(37);
    expect(workload(result.stdout, 'other').spec.template.spec.containers[0].lifecycle).toBeUndefined();
    expect(result.stderr).toContain(`--config ${config}: workloads[1] (a Deployment or StatefulSet gone) matches no workload of -`);
  });

  test('a config key that is not a setting is a usage error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graceful-fix-'));
    const config = join(dir, 'fix.yaml');
    writeFileSync(config, 'workloads:\n  - name: web\n    appShutdown: 20s\n');
    const result = await runCli(['fix', '--config', config], { stdin: deployment() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--config ${config}: workloads[0]: appShutdown is not a fix setting; use one of app-shutdown`);
  });

  test('--in-place rewrites only the files that change; with stdin it is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graceful-fix-'));
    const annotated = join(dir, 'web.yaml');
    const plain = join(dir, 'plain.yaml');
    writeFileSync(annotated, deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } }));
    writeFileSync(plain, deployment({ name: 'plain' }));
    const result = await runCli(['fix', '--in-place', annotated, plain]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(workload(readFileSync(annotated, 'utf8')).spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(readFileSync(plain, 'utf8')).toBe(deployment({ name: 'plain' }));
    const stdin = await runCli(['fix', '--in-place']);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('--in-place rewrites files, but the input is stdin');
  });

  test('a refusal in one file writes no file at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'graceful-fix-'));
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(good, deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } }));
    writeFileSync(bad, deployment({ name: 'bad', podAnnotations: { 'graceful-k8s.io/app-shutdown': 'never' } }));
    const result = await runCli(['fix', '-i', good, bad]);
    expect(result.code).toBe(2);
    expect(readFileSync(good, 'utf8')).toBe(deployment({ podAnnotations: { 'graceful-k8s.io/app-shutdown': '30s' } }));
  });
});
