import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPS, handWrittenManifest, killAppsAfterAll } from './helpers';
import { formatRehearsalText, rehearseCommand } from '../../src/cli/commands/rehearse';
import { attachSession, CliSession } from '../../src/cli/io';
import { toDurationMilliseconds } from '../../src/core';

killAppsAfterAll();

function runRehearse(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const session = new CliSession({
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
    readStdin: async () => '',
  });
  const command = rehearseCommand().exitOverride();
  attachSession(command, session);
  return command.parseAsync(args, { from: 'user' }).then(() => ({ code: session.exitCode, stdout, stderr }));
}

const dir = mkdtempSync(join(tmpdir(), 'rehearse-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('rehearse prints the failures of a naive app by cause and exits 1', async () => {
  const manifest = join(dir, 'naive.yaml');
  writeFileSync(manifest, handWrittenManifest({ replicas: 1, gracePeriodSeconds: 2 }));
  const result = await runRehearse(['--manifest', manifest, '--app', APPS.naive, '--routing-lag', '1s', '--rps', '50', '--rollouts', '1', '-o', 'json']);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout);
  expect(report.outcome).toBe('failed');
  expect(report.requests.byCause.refused).toBeGreaterThan(5);
  expect(report.rollouts[0].terminated[0]).toMatchObject({ signalReach: 'yes', killed: false, exitSignal: 'SIGTERM' });
  const text = formatRehearsalText(report);
  expect(text).toMatch(/^requests {2}\d+ sent · \d+ ok · \d+ failed \(refused \d+/m);
  expect(text).toMatch(/FAILED: \d+ of \d+ requests failed/);
  // No preStop: no preStop end, and the stop signal came while the balancer still routed to the pod (1 s lag).
  expect(text).toMatch(/web-r0-0 +[\d.]+ s +- +\+[\d.]+ s/);
  const [pod] = report.rollouts[0].terminated;
  expect(pod.stopSignalAtMs).toBeLessThan(pod.terminatingAtMs + 1000);
  expect(result.stderr).toBe(''); // no progress bar when stderr is not a terminal
});

test('rehearse names the flag of a bad option and exits 2 without starting anything', async () => {
  const manifest = join(dir, 'ok.yaml');
  writeFileSync(manifest, handWrittenManifest({}));
  const scale = await runRehearse(['--manifest', manifest, '--app', APPS.drain, '--time-scale', '0']);
  expect(scale).toMatchObject({ code: 2, stdout: '' });
  expect(scale.stderr).toMatch(/--time-scale: timeScale must be a number > 0/);
  const missing = await runRehearse(['--manifest', join(dir, 'nope.yaml'), '--app', APPS.drain]);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/--manifest: manifest cannot be read/);
  const lag = await runRehearse(['--manifest', manifest, '--app', APPS.drain, '--routing-lag', 'soon']);
  expect(lag.stderr).toMatch(/--routing-lag: routingLag is not a duration/);
});

test('a readiness path the app answers with 404 fails at once, naming the status and the path, instead of waiting out --max-duration', async () => {
  const manifest = join(dir, 'healthz.yaml');
  writeFileSync(manifest, handWrittenManifest({ replicas: 1, readinessPath: '/healthz' }));
  // --max-duration stays at its 10 minutes: the test's 60 s timeout fails it if the rehearsal waits.
  const result = await runRehearse(['--manifest', manifest, '--app', APPS.drain]);
  expect(result).toMatchObject({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^graceful-k8s: rehearse: pod web-r0-0: the readiness probe GET \/healthz got HTTP 404 Not Found, so the pod would never be ready; the app must answer GET \/healthz/);
});

test('--run-hooks is the opt-in that runs a preStop exec on this machine, and --help states its risk', async () => {
  const file = join(dir, 'touched-by-cli');
  const manifest = join(dir, 'touch.yaml');
  writeFileSync(manifest, handWrittenManifest({ replicas: 1, gracePeriodSeconds: 2, preStop: { exec: { command: ['touch', file] } } }));
  const args = ['--manifest', manifest, '--app', APPS.drain, '--routing-lag', '0s', '--rps', '20', '--rollouts', '1', '-o', 'json'];
  expect((await runRehearse(args)).code).toBe(0);
  expect(existsSync(file)).toBe(false);
  expect((await runRehearse([...args, '--run-hooks'])).code).toBe(0);
  expect(existsSync(file)).toBe(true);
  expect(rehearseCommand().helpInformation().replace(/\s+/g, ' ')).toMatch(/--run-hooks .*RISK: it runs with your rights, outside any container/);
});

test('durations keep fractions of a second', () => {
  expect(toDurationMilliseconds('x', '1500ms')).toBe(1500);
  expect(toDurationMilliseconds('x', '0.5')).toBe(500);
  expect(toDurationMilliseconds('x', '1m30s')).toBe(90_000);
});
