import { parse } from 'yaml';
import { runCli, yamlDocuments } from './run-cli';
import { applyPlanToWorkloadSpec, planShutdown } from '../../src/core';

describe('graceful-k8s plan', () => {
  test('text output: the chart with every time, the plan\'s reasons, and the spec fragment', async () => {
    const { code, stdout, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--drain-delay', '5s']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const chart = stdout.split('\n\n')[0];
    expect(chart).toMatch(/^preStop native-sleep +█+ +0s → 5s/m);
    expect(chart).toMatch(/^app shutdown +█+ +5s → 35s/m);
    expect(chart).toMatch(/^margin +░+ +35s → 40s/m);
    expect(chart).toMatch(/^SIGTERM +▲ +5s/m);
    expect(chart).toMatch(/^app deadline +▲ +35s +GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS=30/m);
    expect(chart).toMatch(/^SIGKILL +▲ +40s +terminationGracePeriodSeconds 40/m);
    // The reasons are the planner's own explain().
    expect(stdout).toContain(planShutdown({ appShutdownTimeout: '30s', drainDelay: '5s' }).explain());
    const fragmentText = stdout.slice(stdout.indexOf('\nspec:\n') + 1, stdout.indexOf('\nPodDisruptionBudget for'));
    const fragment = parse(fragmentText);
    expect(fragment.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(fragment.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
  });

  test('-o yaml prints the fragment as its first document, exactly what applyPlanToWorkloadSpec renders', async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '20s', '--drain-delay', '35s', '--kind', 'StatefulSet', '--container', 'orders', '-o', 'yaml']);
    expect(code).toBe(0);
    const plan = planShutdown({ appShutdownTimeout: '20s', drainDelay: '35s' }, { workloadKind: 'StatefulSet' });
    const expected = applyPlanToWorkloadSpec({ template: { spec: { containers: [{ name: 'orders' }] } } }, plan, 'StatefulSet');
    expect(yamlDocuments(stdout)[0]).toEqual({ spec: JSON.parse(JSON.stringify(expected)) });
    expect(yamlDocuments(stdout)[0].spec.template.spec.terminationGracePeriodSeconds).toBe(60);
    expect(yamlDocuments(stdout)[0].spec.strategy).toBeUndefined();
  });

  test('--kind StatefulSet estimates a StatefulSet rollout and renders the partition in the fragment', async () => {
    const args = ['plan', '--app-shutdown', '30s', '--replicas', '3', '--pod-startup', '20s', '--kind', 'StatefulSet', '--partition', '1'];
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    // 2 pods above the partition, each step: the old pod's 40 s grace period + 20 s start.
    expect(stdout).toContain('rollout estimate (3 replicas, StatefulSet) = 120s');
    expect(stdout).toContain('StatefulSet RollingUpdate: one pod at a time');
    const yaml = await runCli([...args, '-o', 'yaml']);
    expect(yamlDocuments(yaml.stdout)[0].spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } });
  });

  test('--partition for a Deployment is an error naming the flag', async () => {
    const { code, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--partition', '1']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--partition');
    expect(stderr).toContain("workloadKind: 'StatefulSet'");
  });

  test('-o json holds the numbers, the decisions and the fragment; warnings go to stderr', async () => {
    const { code, stdout, stderr } = await runCli(['plan', '--app-shutdown', '30', '--drain-delay', '0', '-o', 'json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.plan.terminationGracePeriodSeconds).toBe(35);
    expect(json.plan.preStopMechanism).toBe('none');
    expect(json.plan.decisions.map((d: { field: string }) => d.field)).toContain('terminationGracePeriodSeconds');
    expect(json.spec.template.spec.terminationGracePeriodSeconds).toBe(35);
    expect(stderr).toMatch(/^warning: \[drain-delay-zero\]/);
  });

  test('distroless on 1.29 gets the copied static sleep in the fragment', async () => {
    const { stdout } = await runCli(['plan', '--app-shutdown', '10s', '--k8s', '1.29', '--image', 'distroless', '-o', 'yaml']);
    const spec = yamlDocuments(stdout)[0].spec.template.spec;
    expect(spec.initContainers[0].name).toBe('graceful-k8s-copy-sleep');
    expect(spec.containers[0].lifecycle.preStop.exec.command).toEqual(['/graceful-k8s/bin/busybox', 'sleep', '5']);
  });

  test('--mermaid prints a Mermaid gantt with the drain, the app shutdown, long connections and the three instants', async () => {
    const { code, stdout } = await runCli(['plan', '--app-shutdown', '30s', '--long-connections', '30m', '--mermaid']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => l.trim());
    expect(lines[0]).toBe('gantt');
    expect(lines).toContain('dateFormat X');
    expect(lines).toContain('preStop native-sleep (5s) :drain0, 0, 5');
    expect(lines).toContain('app shutdown (30s) :app1, 5, 35');
    expect(lines).toContain('long connections (30m) :long2, 5, 1805');
    expect(lines).toContain('SIGKILL at 30m10s :crit, milestone, m2, 1810, 1810');
    expect((await runCli(['plan', '--app-shutdown', '30s', '-o', 'mermaid'])).stdout).toContain('SIGKILL at 40s');
  });

  test('--charset ascii draws with ASCII only', async () => {
    const { stdout } = await runCli(['plan', '--app-shutdown', '30s', '--charset', 'ascii']);
    const chart = stdout.split('\n\n')[0];
    expect(chart).toMatch(/^preStop native-sleep +#+ /m);
    expect(chart).toMatch(/^app shutdown +=+ /m);
    expect(chart).toMatch(/^[\x20-\x7e\n]*$/);
    expect(chart).toContain('0s -> 5s');
  });

  test('colors only on a terminal, and never with NO_COLOR', async () => {
    const argv = ['plan', '--app-shutdown', '30s'];
    expect((await runCli(argv, { isTTY: false })).stdout).not.toContain('\u001b[');
    expect((await runCli(argv, { isTTY: true })).stdout).toContain('\u001b[36m');
    expect((await runCli(argv, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  test('a planner error is one line on stderr naming the flag, with exit 2 and no stack trace', async () => {
    const { code, stdout, stderr } = await runCli(['plan', '--app-shutdown', '30s', '--drain-delay', '35s', '--grace-period', '60']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'graceful-k8s: error: --grace-period: terminationGracePeriod is 60s but the plan needs at least 70s (drain 35s + max(app shutdown 30s, long connections 0s) + margin 5s); raise it to 70s or remove it to let the plan choose\n',
    );
  });

  test('usage errors (a missing required option, a bad choice) exit 2', async () => {
    const missing = await runCli(['plan']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--app-shutdown');
    const badChoice = await runCli(['plan', '--app-shutdown', '30s', '-o', 'xml']);
    expect(badChoice.code).toBe(2);
    expect(badChoice.stderr).toContain('xml');
  });

  test('--help exits 0 and lists the options', async () => {
    const { code, stdout } = await runCli(['plan', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--long-connections <duration>');
  });
});

describe('graceful-k8s plan refuses what the API server cannot store (issue 23, item 5)', () => {
  test('an app shutdown of 10^20 seconds is a config error (exit 2) naming the bound', async () => {
    const { code, stdout, stderr } = await runCli(['plan', '--app-shutdown', '99999999999999999999']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--app-shutdown: appShutdownTimeout must be at most 2147483647 seconds');
  });
});

describe('graceful-k8s plan --no-readiness-gate (issue 22, item 1)', () => {
  test('an NLB plan lists the readiness-gate namespace label; with --no-readiness-gate it lists none and minReadySeconds covers the registration', async () => {
    const gated = JSON.parse((await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'aws-nlb', '-o', 'json'])).stdout).plan;
    expect(gated.namespaceLabels).toEqual({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
    expect(gated.rollout.minReadySeconds).toBe(0);
    const ungated = await runCli(['plan', '--app-shutdown', '30s', '--traffic', 'aws-nlb', '--no-readiness-gate', '-o', 'json']);
    expect(ungated.code).toBe(0);
    const plan = JSON.parse(ungated.stdout).plan;
    expect(plan.namespaceLabels).toEqual({});
    expect(plan.rollout.minReadySeconds).toBe(planShutdown({ appShutdownTimeout: 30, traffic: [{ kind: 'aws-nlb', readinessGate: false }] }).rollout.minReadySeconds);
    expect(plan.rollout.minReadySeconds).toBeGreaterThan(0);
  });
});

describe('graceful-k8s plan refuses flag misuse as a usage error (issue 23, item 7)', () => {
  test.each([
    [['--native-sidecar'], /^graceful-k8s: error: --native-sidecar says how the sidecar runs, but no --sidecar <kind> is given/],
    [['--quit-via', 'image'], /^graceful-k8s: error: --quit-via image says how nginx or php-fpm get SIGQUIT, but no --framework is given/],
    [['--replicas', '0x10'], /^graceful-k8s: error: --replicas must be a whole number written in decimal digits, got "0x10"/],
    [['--replicas', ''], /^graceful-k8s: error: --replicas must be a whole number written in decimal digits, got ""/],
    [['--partition', '1e3', '--kind', 'StatefulSet'], /^graceful-k8s: error: --partition must be a whole number written in decimal digits, got "1e3"/],
    [['--no-readiness-gate', '--traffic', 'kube-proxy'], /^graceful-k8s: error: --no-readiness-gate says the namespace cannot be labelled .* but no --traffic aws-alb or aws-nlb is given/],
  ])('%j exits 2 and prints no plan', async (flags, message) => {
    const { code, stdout, stderr } = await runCli(['plan', '--app-shutdown', '30s', ...flags]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  test('a typo in the required --app-shutdown gets the did-you-mean other typos get; leaving it out says it is required', async () => {
    const typo = await runCli(['plan', '--app-shutdwon', '30s']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option \'--app-shutdwon\'\n(Did you mean --app-shutdown?)');
    const missing = await runCli(['plan', '--drain-delay', '5s']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('required option \'--app-shutdown <duration>\' not specified');
  });

  test('the flags refined are accepted with what they refine', async () => {
    expect((await runCli(['plan', '--app-shutdown', '30s', '--sidecar', 'istio', '--native-sidecar', '--k8s', '1.33', '-o', 'json'])).code).toBe(0);
    expect((await runCli(['plan', '--app-shutdown', '30s', '--framework', 'nginx', '--quit-via', 'image', '-o', 'json'])).code).toBe(0);
    expect((await runCli(['plan', '--app-shutdown', '30s', '--replicas', ' 4 ', '-o', 'json'])).code).toBe(0);
  });
});
