import { runCli } from './run-cli';

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
