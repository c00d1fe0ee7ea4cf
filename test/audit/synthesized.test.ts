import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { buildExamples } from '../../examples/synth';
import { auditManifests } from '../../src/audit/audit';
import { GracefulDeployment } from '../../src/cdk8s-plus-27';
import { APP_CONTAINER } from '../helpers/synth';

function auditYaml(text: string) {
  return auditManifests([{ file: 'synth.k8s.yaml', text }]);
}

test('a synthesized GracefulDeployment (readiness probe, 2 replicas) behind a Service audits with no finding but the PDB advice', () => {
  const chart = new Chart(Testing.app(), 'test');
  const deployment = new GracefulDeployment(chart, 'app', {
    replicas: 2,
    containers: [APP_CONTAINER],
    shutdown: { appShutdownTimeout: '30s', drainDelay: '10s' },
  });
  deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const manifests = Testing.synth(chart);
  const report = auditYaml(Yaml.stringify(...manifests));

  expect(report.problems).toEqual([]);
  expect(report.workloads.map((w) => w.kind)).toEqual(['Deployment']);
  // Nothing at all when the chart has a PodDisruptionBudget; otherwise only the advice to add one.
  const hasPdb = manifests.some((m) => m.kind === 'PodDisruptionBudget');
  expect(report.findings.map((f) => `${f.severity}:${f.ruleId}`)).toEqual(hasPdb ? [] : ['info:single-replica-no-pdb']);
});

test('a GracefulDeployment with a Spring timeout declared in env agrees with the audit\'s reading of it', () => {
  const chart = new Chart(Testing.app(), 'test');
  new GracefulDeployment(chart, 'app', {
    replicas: 3,
    containers: [{ ...APP_CONTAINER, envVariables: { SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE: kplus.EnvValue.fromValue('45s') } }],
    shutdown: { appShutdownTimeout: '45s', drainDelay: '35s' },
  });
  const report = auditYaml(Yaml.stringify(...Testing.synth(chart)));
  expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
});

test('the library\'s own examples synthesize to manifests with no error or warning (only the PDB advice)', () => {
  const app = new App({ outdir: Testing.app().outdir });
  const charts = buildExamples(app);
  const text = app.synthYaml();
  const report = auditYaml(text);
  expect(report.problems).toEqual([]);
  expect(report.workloads.length).toBeGreaterThanOrEqual(charts.length);
  expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(report.findings.filter((f) => f.ruleId !== 'single-replica-no-pdb')).toEqual([]);
});

describe('the audit agrees with the library\'s own output (issue 23, item 1)', () => {
  test.each(['nginx', 'php-fpm'] as const)('a %s GracefulDeployment (graceful-quit wait loop in preStop) audits with no finding above info', (framework) => {
    const chart = new Chart(Testing.app(), 'test');
    new GracefulDeployment(chart, 'app', {
      replicas: 3,
      containers: [APP_CONTAINER],
      shutdown: { appShutdownTimeout: '30s', framework },
    });
    const manifests = Testing.synth(chart);
    expect(manifests.find((m) => m.kind === 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    const report = auditYaml(Yaml.stringify(...manifests));
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  test('a plan made with safetyMargin 0 renders a grace period the audit calls info, not a warning', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GracefulDeployment(chart, 'app', {
      replicas: 3,
      containers: [APP_CONTAINER],
      shutdown: { appShutdownTimeout: '30s', drainDelay: '5s', safetyMargin: 0 },
    });
    const report = auditYaml(Yaml.stringify(...Testing.synth(chart)));
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'grace-period-too-short')?.severity).toBe('info');
  });
});

test('a GracefulDeployment whose container sets GUNICORN_CMD_ARGS keeps its flags, gets the plan\'s timeout, and audits clean (issue 23, item 10)', () => {
  const chart = new Chart(Testing.app(), 'test');
  new GracefulDeployment(chart, 'app', {
    replicas: 3,
    containers: [{ ...APP_CONTAINER, envVariables: { GUNICORN_CMD_ARGS: kplus.EnvValue.fromValue('--workers 4') } }],
    shutdown: { appShutdownTimeout: '20s', framework: 'gunicorn' },
  });
  const manifests = Testing.synth(chart);
  const env = manifests.find((m) => m.kind === 'Deployment').spec.template.spec.containers[0].env;
  expect(env).toContainEqual({ name: 'GUNICORN_CMD_ARGS', value: '--workers 4 --graceful-timeout 20' });
  expect(auditYaml(Yaml.stringify(...manifests)).findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(() => new GracefulDeployment(new Chart(Testing.app(), 'refused'), 'app', {
    containers: [{ ...APP_CONTAINER, envVariables: { GUNICORN_CMD_ARGS: kplus.EnvValue.fromValue('--workers 4 --graceful-timeout 5') } }],
    shutdown: { appShutdownTimeout: '20s', framework: 'gunicorn' },
  })).toThrow(/^containers\[app\]\.env\.GUNICORN_CMD_ARGS sets --graceful-timeout 5, but the plan sets --graceful-timeout 20/);
});
