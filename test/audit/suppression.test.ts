import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditManifests } from '../../src/audit/audit';
import { runCli } from '../cli/run-cli';

/** A routed Deployment with no preStop: one error (no-prestop-drain) and one warning (single replica). */
const web = (name: string, annotations: Record<string, string> = {}) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  annotations: ${JSON.stringify(annotations)}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example/app:1
          ports: [{containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: ${name}}
  ports: [{port: 80, targetPort: 8080}]
`;

const SUPPRESSED = web('web', { 'ignore-check.graceful-k8s.io/no-prestop-drain': 'the app drains itself: it fails readiness and waits 10s on SIGTERM' });

describe('suppressions', () => {
  test('an annotation naming the rule and a reason moves that finding to `suppressed`, with the reason; the other rules still report', () => {
    const report = auditManifests([{ file: 'a.yaml', text: SUPPRESSED }]);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['single-replica-no-pdb']);
    expect(report.suppressed.map((f) => [f.ruleId, f.suppression])).toEqual([
      ['no-prestop-drain', { reason: 'the app drains itself: it fails readiness and waits 10s on SIGTERM', from: 'annotation' }],
    ]);
  });

  test('an annotation without a reason suppresses nothing and is reported; one naming no rule is reported', () => {
    const report = auditManifests([{ file: 'a.yaml', text: web('web', { 'ignore-check.graceful-k8s.io/no-prestop-drain': ' ', 'ignore-check.graceful-k8s.io/no-such-rule': 'x' }) }]);
    expect(report.findings.map((f) => f.ruleId).sort()).toEqual(['no-prestop-drain', 'single-replica-no-pdb']);
    expect(report.problems.map((p) => p.message)).toEqual([
      'annotation ignore-check.graceful-k8s.io/no-prestop-drain on Deployment web gives no reason, so it suppresses nothing; write why the rule does not apply',
      expect.stringMatching(/^annotation ignore-check.graceful-k8s.io\/no-such-rule on Deployment web names no rule; rules: grace-period-too-short, /),
    ]);
  });

  test('a suppressed error no longer fails the run; the summary counts it and SARIF keeps it with an inSource justification', async () => {
    const text = await runCli(['audit', '-'], { stdin: SUPPRESSED });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 workload audited: 0 errors, 1 warning, 0 infos; 1 finding suppressed (no-prestop-drain)');
    const sarif = JSON.parse((await runCli(['audit', '-', '-f', 'sarif'], { stdin: SUPPRESSED })).stdout);
    // Every result carries suppressions (SARIF 2.1.0 §3.27.23: all or none); an empty list means not suppressed.
    expect(sarif.runs[0].results.every((r: { suppressions?: unknown }) => Array.isArray(r.suppressions))).toBe(true);
    const suppressed = sarif.runs[0].results.filter((r: { suppressions: unknown[] }) => r.suppressions.length > 0);
    expect(suppressed.map((r: any) => [r.ruleId, r.suppressions])).toEqual([
      ['no-prestop-drain', [{ kind: 'inSource', status: 'accepted', justification: 'the app drains itself: it fails readiness and waits 10s on SIGTERM' }]],
    ]);
    expect(sarif.runs[0].properties.suppressedCount).toBe(1);
    const json = JSON.parse((await runCli(['audit', '-', '-f', 'json'], { stdin: SUPPRESSED })).stdout);
    expect(json.summary).toMatchObject({ errors: 0, warnings: 1, suppressed: 1 });
  });

  test('--suppress RULE@Kind/name=REASON applies to that workload only, as an external suppression', async () => {
    const stdin = `${web('a')}---\n${web('b')}`;
    const { code, stdout } = await runCli(['audit', '-', '-f', 'json', '--suppress', 'no-prestop-drain@Deployment/a=fronted by a proxy that retries'], { stdin });
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.suppressed.map((f: any) => [f.workload.name, f.ruleId, f.suppression.from])).toEqual([['a', 'no-prestop-drain', 'config']]);
    expect(json.findings.filter((f: any) => f.ruleId === 'no-prestop-drain').map((f: any) => f.workload.name)).toEqual(['b']);
  });

  describe('config file', () => {
    let dir: string;
    beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'graceful-audit-config-'))));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('--config reads suppressions: [{ rule, workload?, reason }]', async () => {
      const file = join(dir, 'ok.yaml');
      writeFileSync(file, 'suppressions:\n  - rule: single-replica-no-pdb\n    reason: a demo, one replica on purpose\n');
      const json = JSON.parse((await runCli(['audit', '-', '-f', 'json', '--config', file], { stdin: SUPPRESSED })).stdout);
      expect(json.summary).toMatchObject({ errors: 0, warnings: 0, suppressed: 2 });
    });

    test('a suppression naming no rule, or without a reason, is a usage error that names the entry and the fix', async () => {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, 'suppressions:\n  - rule: single-replica\n    reason: x\n');
      const bad = await runCli(['audit', '-', '--config', file], { stdin: SUPPRESSED });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^graceful-k8s: error: config.suppressions\[0\].rule must be one of grace-period-too-short, /);
      const noReason = await runCli(['audit', '-', '--suppress', 'no-prestop-drain='], { stdin: SUPPRESSED });
      expect(noReason.code).toBe(2);
      expect(noReason.stderr).toContain('--suppress: suppress must be RULE[@Kind/name]=REASON');
    });
  });
});
