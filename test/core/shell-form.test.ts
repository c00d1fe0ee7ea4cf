import { auditManifests } from '../../src/audit/audit';
import { checkWorkload, planShutdown, shellFormOf } from '../../src/core';

/** The four commands the consistency review tried, and the verdict both the planner and the audit must give. */
const CASES: ReadonlyArray<readonly [string, readonly string[], boolean]> = [
  ['sh -c with exec in the last command', ['sh', '-c', 'cd /app; exec node server.js'], false],
  ['sh -ec without exec', ['/bin/sh', '-ec', 'cd /app && node server.js'], true],
  ['zsh -c without exec', ['zsh', '-c', 'node server.js'], true],
  ['bash -c exec', ['/bin/bash', '-c', 'exec java -jar app.jar'], false],
  ['busybox sh -c, exec only in an earlier command', ['busybox', 'sh', '-c', 'exec 2>&1; node server.js'], true],
  ['the exec form', ['node', 'server.js'], false],
];

function auditWarns(command: readonly string[]): boolean {
  const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 3
  selector: { matchLabels: { app: app } }
  template:
    metadata: { labels: { app: app } }
    spec:
      containers:
        - name: app
          image: registry.example/app:1
          command: ${JSON.stringify(command)}
`;
  return auditManifests([{ file: 'a.yaml', text: yaml }]).findings.some((f) => f.ruleId === 'shell-form-command');
}

describe('one shell-form detector for the planner and the audit', () => {
  test.each(CASES)('%s: planner and audit agree', (_name, command, warns) => {
    expect(shellFormOf(command, undefined)?.execsApp === false).toBe(warns);
    const warnings = checkWorkload(planShutdown({ appShutdownTimeout: 30 }), { kind: 'Deployment', replicas: 3, containers: [{ name: 'app', command, readinessProbe: {} }] });
    expect(warnings.some((w) => w.code === 'shell-form-command')).toBe(warns);
    expect(auditWarns(command)).toBe(warns);
  });

  test('args alone go to the image entrypoint: no verdict without a command', () => {
    expect(shellFormOf(undefined, ['sh', '-c', 'node server.js'])).toBeUndefined();
  });
});
