import { checkWorkload, comparableProbe, DEFAULT_REPLICAS, factsFromWorkloadSpec, GracefulConfigError, planShutdown, wantsDisruptionBudget } from '../../src/core';

const plan = planShutdown({ appShutdownTimeout: 30 });
const probe = { httpGet: { path: '/ready', port: 8080 } };

describe('checkWorkload', () => {
  test('a healthy workload has no warnings', () => {
    expect(checkWorkload(plan, { kind: 'Deployment', replicas: 3, containers: [{ name: 'app', readinessProbe: probe }] })).toEqual([]);
  });

  test('zero replicas (scaled down) is no single pod a drain takes down: no single-replica warning (issue 23, item 8)', () => {
    expect(checkWorkload(plan, { kind: 'Deployment', replicas: 0, containers: [{ name: 'app', readinessProbe: probe }] })).toEqual([]);
  });

  test('one replica warns', () => {
    const codes = checkWorkload(plan, { kind: 'Deployment', replicas: 1, containers: [{ name: 'app', readinessProbe: probe }] }).map((w) => w.code);
    expect(codes).toEqual(['single-replica']);
  });

  test('an autoscaled workload (replicas unknown) does not warn about replicas', () => {
    expect(checkWorkload(plan, { kind: 'Deployment', containers: [{ name: 'app', readinessProbe: probe }] })).toEqual([]);
  });

  test('a container without a readiness probe warns and names the container', () => {
    const [warning] = checkWorkload(plan, { kind: 'Deployment', replicas: 2, containers: [{ name: 'api' }] });
    expect(warning.code).toBe('no-readiness-probe');
    expect(warning.message).toMatch(/^container 'api' has no readiness probe/);
  });

  test('identical liveness and readiness probes warn', () => {
    const codes = checkWorkload(plan, { kind: 'Deployment', replicas: 2, containers: [{ name: 'api', readinessProbe: probe, livenessProbe: { ...probe } }] }).map((w) => w.code);
    expect(codes).toEqual(['liveness-equals-readiness']);
  });

  test('a container that sets the shutdown budget env to another value warns', () => {
    const codes = checkWorkload(plan, {
      kind: 'Deployment',
      replicas: 2,
      containers: [{ name: 'api', readinessProbe: probe, env: [{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '10' }] }],
    }).map((w) => w.code);
    expect(codes).toEqual(['shutdown-env-mismatch']);
  });

  test('a StatefulSet warns that it has no surge', () => {
    expect(checkWorkload(plan, { kind: 'StatefulSet', replicas: 3, containers: [{ name: 'db', readinessProbe: probe }] }).map((w) => w.code)).toEqual(['statefulset-no-surge']);
  });

  test('a container that already has a preStop is an error naming the container', () => {
    expect(() => checkWorkload(plan, { kind: 'Deployment', replicas: 2, containers: [{ name: 'nginx', preStop: { exec: { command: ['nginx', '-s', 'quit'] } } }] }))
      .toThrow(GracefulConfigError);
    expect(() => checkWorkload(plan, { kind: 'Deployment', replicas: 2, containers: [{ name: 'nginx', preStop: { exec: { command: ['x'] } } }] }))
      .toThrow(/^containers\[nginx\]\.lifecycle\.preStop is already set, but the plan owns preStop \(native-sleep, 5s\)/);
  });

  test('an app-drain plan keeps the user preStop without error', () => {
    const appDrain = planShutdown({ appShutdownTimeout: 30, preStop: 'app-drain' });
    expect(() => checkWorkload(appDrain, { kind: 'Deployment', replicas: 2, containers: [{ name: 'a', readinessProbe: probe, preStop: { exec: { command: ['x'] } } }] })).not.toThrow();
  });

  test('facts are read from a plain workload spec (replicas default 1, as Kubernetes)', () => {
    const facts = factsFromWorkloadSpec('Deployment', { template: { spec: { containers: [{ name: 'a', readinessProbe: probe }] } } });
    expect(facts).toMatchObject({ kind: 'Deployment', replicas: 1, containers: [{ name: 'a', readinessProbe: comparableProbe({}, probe) }] });
  });

  test('probes are compared as the kubelet runs them, in the adapters as in the audit: defaults filled, headers ignored, named ports resolved', () => {
    const container = { name: 'a', ports: [{ name: 'http', containerPort: 8080 }] };
    const readiness = { httpGet: { path: '/health', port: 'http', httpHeaders: [{ name: 'X-Probe', value: 'ready' }] } };
    const liveness = { httpGet: { path: '/health', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, failureThreshold: 3 };
    const facts = factsFromWorkloadSpec('Deployment', { replicas: 3, template: { spec: { containers: [{ ...container, readinessProbe: readiness, livenessProbe: liveness }] } } });
    expect(checkWorkload(plan, facts).map((w) => w.code)).toEqual(['liveness-equals-readiness']);
  });
});

describe('checkWorkload: shell-form commands', () => {
  test.each([
    [['/bin/sh', '-c', 'java -jar app.jar'], undefined],
    [['sh'], ['-c', 'node server.js']],
    [['bash', '-c', 'gunicorn app:app'], undefined],
  ])('a shell-form entrypoint %p %p warns that SIGTERM may not reach the app', (command, args) => {
    const warnings = checkWorkload(plan, { kind: 'Deployment', replicas: 2, containers: [{ name: 'app', readinessProbe: probe, command, args }] });
    expect(warnings.map((w) => w.code)).toEqual(['shell-form-command']);
    expect(warnings[0].message).toMatch(/start the app with exec/);
  });

  test('a shell that execs the app, or the exec form, does not warn', () => {
    for (const command of [['/bin/sh', '-c', 'exec java -jar app.jar'], ['java', '-jar', 'app.jar']]) {
      expect(checkWorkload(plan, { kind: 'Deployment', replicas: 2, containers: [{ name: 'app', readinessProbe: probe, command }] })).toEqual([]);
    }
  });
});

describe('warnings are data', () => {
  test('every plan and workload warning carries its problem and fix apart; the message is "problem; fix"', () => {
    const risky = planShutdown({ appShutdownTimeout: 30, drainDelay: 0, traffic: ['aws-alb'], rollout: { maxUnavailable: 1 } });
    const warnings = [...risky.warnings, ...checkWorkload(risky, { kind: 'StatefulSet', replicas: 1, replicasSource: 'omitted, so 1', containers: [{ name: 'app' }] })];
    expect(warnings.map((w) => w.code).sort()).toEqual(
      ['drain-delay-below-router', 'drain-delay-zero', 'max-unavailable', 'namespace-label', 'no-readiness-probe', 'single-replica', 'statefulset-no-surge'].sort(),
    );
    for (const w of warnings) {
      expect(w.problem.length).toBeGreaterThan(10);
      expect(w.fix.length).toBeGreaterThan(5);
      expect(w.message).toBe(`${w.problem}; ${w.fix}`);
    }
    expect(warnings.find((w) => w.code === 'single-replica')!.problem).toMatch(/^replicas is 1 \(omitted, so 1\): /);
  });
});

test('the PodDisruptionBudget policy: 2 or more replicas, or a count an autoscaler or an Output decides', () => {
  expect([1, 2, 3, undefined].map(wantsDisruptionBudget)).toEqual([false, true, true, true]);
  expect(DEFAULT_REPLICAS).toBe(2);
});
