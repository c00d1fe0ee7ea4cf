import { runCli } from './run-cli';
import { ASSUMED_APP_SHUTDOWN_SECONDS } from '../../src/audit/context';
import { DEFAULTS } from '../../src/core';
import { REHEARSAL_DEFAULTS } from '../../src/rehearse';

describe('graceful-k8s program', () => {
  test('--help lists the plan, audit and rehearse commands', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['plan', 'audit', 'rehearse']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  test('rehearse is reachable through the program: a missing --manifest is a usage error (exit 2)', async () => {
    const { code, stderr } = await runCli(['rehearse', '--app', 'node x.js']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--manifest/);
  });

  test('an unknown command is a usage error', async () => {
    const { code } = await runCli(['deploy']);
    expect(code).toBe(2);
  });
});

describe('the CLI shows the defaults of the code it calls, never its own copy', () => {
  test('rehearse --help shows REHEARSAL_DEFAULTS; audit --help shows the planner and audit defaults', async () => {
    const rehearse = (await runCli(['rehearse', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(rehearse).toContain(`(default: "${REHEARSAL_DEFAULTS.routingLagMs}ms")`);
    expect(rehearse).toContain(`(default: "${REHEARSAL_DEFAULTS.rps}")`);
    expect(rehearse).toContain(`(default: "${REHEARSAL_DEFAULTS.maxDurationMs}ms")`);
    const audit = (await runCli(['audit', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(audit).toContain(`(default ${DEFAULTS.kubernetesVersion})`);
    expect(audit).toContain(`(default ${ASSUMED_APP_SHUTDOWN_SECONDS}s)`);
    expect(audit).toContain(`(default ${DEFAULTS.drainDelaySeconds}s)`);
    expect(audit).toContain('API server AND kubelet');
  });
});
