import { readFileSync } from 'node:fs';
import { auditManifests, type AuditFinding } from '../../src/audit/audit';

const DIR = 'test/fixtures/audit';

function audit(...files: string[]) {
  return auditManifests(files.map((f) => ({ file: `${DIR}/${f}`, text: readFileSync(`${DIR}/${f}`, 'utf8') })));
}

/** `severity rule workload container path @line`: one line per finding, easy to read in a diff. */
function summarize(findings: readonly AuditFinding[]): string[] {
  return findings
    .map((f) => `${f.severity} ${f.ruleId} ${f.workload.kind}/${f.workload.name} ${f.container ?? '-'} ${f.path} @${f.location.line}`)
    .sort();
}

describe('seed fixtures', () => {
  test('Spring Boot + Nacos: a 60s grace period under preStop sleep 35 + Spring\'s 30s phase timeout is an error whose fix is the planner\'s 70s', () => {
    const report = audit('spring-nacos.yaml');
    expect(summarize(report.findings)).toEqual([
      'error grace-period-too-short Deployment/sre-yilingyi app spec.template.spec.terminationGracePeriodSeconds @19',
      'info single-replica-no-pdb Deployment/sre-yilingyi - metadata.name @7',
      'warning single-replica-no-pdb Pod/pod1 - kind @63',
    ]);
    // The seed's bare Pod declares no Spring timeout (it lives in application.yml) and no Service selects it, but
    // its preStop deregisters from Nacos, so registry clients reach it: it serves. Its `curl ... && sleep 35` is
    // read as a 35s drain, so only the bare Pod itself is reported.
    const grace = report.findings.find((f) => f.ruleId === 'grace-period-too-short')!;
    expect(grace.message).toContain('terminationGracePeriodSeconds is 60');
    expect(grace.message).toContain('preStop waits 35s');
    expect(grace.message).toContain('env SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE=30s');
    expect(grace.fix).toBe('set terminationGracePeriodSeconds: 70 (drain 35s + app shutdown 30s + margin 5s)');
  });

  test('the nginx seed: `nginx -s quit` in preStop does not wait, so a routed nginx drops requests; the official image is not flagged for its signal', () => {
    const report = audit('nginx-prestop-quit.yaml');
    expect(summarize(report.findings)).toEqual([
      'error no-prestop-drain Deployment/nginx nginx spec.template.spec.containers[0].lifecycle.preStop @20',
      'warning no-readiness-probe Deployment/nginx nginx spec.template.spec.containers[0].readinessProbe @15',
      'warning single-replica-no-pdb Deployment/nginx - spec.replicas @8',
    ]);
    const drain = report.findings.find((f) => f.ruleId === 'no-prestop-drain')!;
    expect(drain.message).toContain('Service nginx routes to it');
    // The hook was written for a reason (nginx drains on SIGQUIT): the fix keeps it and waits first.
    expect(drain.fix).toContain('keep the hook and make it wait 5s before it acts: exec ["/bin/sh", "-c", "sleep 5; <the command>"]');
    expect(drain.fix).not.toContain('replace');
  });

  test('the Alibaba Cloud seed: preStop sleep 30 under a 60s grace period is fine; identical probes and one replica are warnings', () => {
    expect(summarize(audit('aliyun-nginx-sleep.yaml').findings)).toEqual([
      'warning liveness-equals-readiness Deployment/nginx nginx spec.template.spec.containers[0].livenessProbe @27',
      'warning single-replica-no-pdb Deployment/nginx - spec.replicas @8',
    ]);
  });

  test('the php-fpm 502 case: both serving containers of the routed pod lack a drain, and a local php-fpm image is an info to check its STOPSIGNAL', () => {
    const report = audit('php-fpm-502.yaml');
    expect(summarize(report.findings)).toEqual([
      'error no-prestop-drain Deployment/my-pod nginx spec.template.spec.containers[0].lifecycle.preStop @24',
      'error no-prestop-drain Deployment/my-pod php-fpm spec.template.spec.containers[1].lifecycle.preStop @30',
      'info quit-signal-server Deployment/my-pod php-fpm spec.template.spec.containers[1].image @31',
      'info single-replica-no-pdb Deployment/my-pod - metadata.name @6',
      'warning max-unavailable-few-replicas Deployment/my-pod - spec.strategy.rollingUpdate.maxUnavailable @13',
      'warning no-readiness-probe Deployment/my-pod php-fpm spec.template.spec.containers[1].readinessProbe @30',
    ]);
    const quit = report.findings.find((f) => f.ruleId === 'quit-signal-server')!;
    expect(quit.fix).toContain('process_control_timeout to at least 30s');
    expect(report.findings.find((f) => f.ruleId === 'max-unavailable-few-replicas')!.fix).toContain('maxUnavailable: 0');
  });
});

describe('Helm-like shapes', () => {
  test('a Helm-rendered file: comments, empty documents, a sidecar, an HPA, a PDB and a Job', () => {
    const report = audit('helm-rendered.yaml');
    expect(report.problems).toEqual([]);
    expect(report.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['Deployment/release-api', 'StatefulSet/release-api-worker']);
    expect(report.skipped.map((s) => `${s.kind}/${s.name}`)).toEqual(['Job/release-api-migrate']);
    expect(summarize(report.findings)).toEqual([
      'error distroless-exec-prestop Deployment/release-api api spec.template.spec.containers[0].lifecycle.preStop.exec.command @76',
      'error grace-period-too-short StatefulSet/release-api-worker worker spec.template.spec.terminationGracePeriodSeconds @122',
      'info grace-period-too-short Deployment/release-api api spec.template.spec.terminationGracePeriodSeconds @57',
      'warning liveness-equals-readiness Deployment/release-api api spec.template.spec.containers[0].livenessProbe @81',
      'warning shell-form-command StatefulSet/release-api-worker worker spec.template.spec.containers[0].command @126',
      'warning single-replica-no-pdb Deployment/release-api - spec @42',
    ]);
    const byRule = (id: string, name: string) => report.findings.find((f) => f.ruleId === id && f.workload.name === name)!;
    // The distroless fix is the planner's native sleep with the declared 10s drain.
    expect(byRule('distroless-exec-prestop', 'release-api').fix).toContain('preStop {"sleep":{"seconds":10}}');
    // 10s drain + 20s declared + 5s margin.
    expect(byRule('grace-period-too-short', 'release-api').fix).toContain('terminationGracePeriodSeconds: 35');
    // The Spring argument in a shell-form command is read: 5s assumed drain + 45s + 5s.
    expect(byRule('grace-period-too-short', 'release-api-worker').fix).toContain('terminationGracePeriodSeconds: 55');
    // The HPA's minReplicas stands in for the omitted replicas.
    expect(byRule('single-replica-no-pdb', 'release-api').message).toContain('HorizontalPodAutoscaler release-api minReplicas');
    // The log-shipper sidecar (no ports) is not asked for a readiness probe or a drain.
    expect(report.findings.filter((f) => f.container === 'log-shipper')).toEqual([]);
  });

  test('a kind: List contributes its items; a well-planned Deployment with a PDB has no finding, a DaemonSet sleeping past its grace period does', () => {
    const report = audit('list.yaml');
    expect(report.workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`)).toEqual(['Deployment/shop/web', 'DaemonSet/shop/node-agent']);
    expect(summarize(report.findings)).toEqual([
      'error prestop-exceeds-grace DaemonSet/node-agent agent spec.template.spec.containers[0].lifecycle.preStop @73',
    ]);
    expect(report.findings[0].fix).toContain('terminationGracePeriodSeconds: 95 (drain 60s + app shutdown 30s + margin 5s)');
  });

  test('invalid YAML is reported with its file and line, and the valid documents of the same file are still read', () => {
    const report = audit('invalid.yaml', 'list.yaml');
    expect(report.problems).toEqual([
      { file: `${DIR}/invalid.yaml`, line: 17, column: 18, message: 'invalid YAML: Nested mappings are not allowed in compact mappings' },
    ]);
    expect(report.workloads.map((w) => w.name)).toEqual(['web', 'node-agent']);
  });
});
