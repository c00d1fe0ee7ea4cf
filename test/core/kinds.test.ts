import { FRAMEWORK_KINDS, IMAGE_KINDS, planShutdown, PRESTOP_STRATEGIES, QUIT_VIAS, SIDECAR_KINDS, TRAFFIC_KINDS } from '../../src/core';
import { runCli } from '../cli/run-cli';

describe('one list per concept: types, "must be one of" messages and CLI choices derive from it', () => {
  test.each([
    ['framework', FRAMEWORK_KINDS, { framework: 'rails' }],
    ['sidecar', SIDECAR_KINDS, { sidecar: 'consul' }],
    ['traffic[0].kind', TRAFFIC_KINDS, { traffic: ['haproxy'] }],
    ['image', IMAGE_KINDS, { image: 'alpine' }],
    ['preStop', PRESTOP_STRATEGIES, { preStop: 'later' }],
    ['framework.quitVia', QUIT_VIAS, { framework: { kind: 'nginx', quitVia: 'kill' } }],
  ] as const)('%s: the message lists exactly the core list', (field, list, spec) => {
    const expected = `${field} must be one of ${list.map((k) => `'${k}'`).join(', ')}, got`;
    expect(() => planShutdown({ appShutdownTimeout: 30, ...(spec as object) })).toThrow(expected);
  });

  test('the CLI offers the same choices', async () => {
    const { stdout } = await runCli(['plan', '--help']);
    const help = stdout.replace(/\s+/g, ' ');
    for (const [flag, list] of [['--framework', FRAMEWORK_KINDS], ['--sidecar', SIDECAR_KINDS], ['--image', IMAGE_KINDS], ['--prestop', PRESTOP_STRATEGIES], ['--quit-via', QUIT_VIAS]] as const) {
      expect(help).toContain(`(choices: ${list.map((k) => `"${k}"`).join(', ')}`);
      expect(help).toContain(flag);
    }
    for (const kind of TRAFFIC_KINDS.filter((k) => k !== 'nacos')) expect(help).toContain(kind);
  });
});
