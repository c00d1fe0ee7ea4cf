/*
 * Nothing from a manifest runs on the user's machine without consent: a rehearsal replays the
 * preStop hook against the pod (its process, its endpoint) and never spawns the hook's command.
 */
import { spawn as spawnSpy } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPS, handWrittenManifest, killAppsAfterAll } from './helpers';
import { plannedManifest } from './planned-manifest';
import { rehearseRollout } from '../../src/rehearse';

killAppsAfterAll();

// Every program the engine spawns goes through this spy (it calls the real spawn).
jest.mock('node:child_process', () => {
  const actual = jest.requireActual('node:child_process');
  return { ...actual, spawn: jest.fn((...args: unknown[]) => actual.spawn(...args)) };
});

/** Records every program the engine spawns and every pid it signals (the spies call through). */
function watchProcesses() {
  const spawn = jest.mocked(spawnSpy);
  spawn.mockClear();
  const kill = jest.spyOn(process, 'kill');
  return {
    spawned: () => spawn.mock.calls.map((call) => String(call[0])),
    signalled: () => kill.mock.calls.map((call) => call[0]),
    restore: () => kill.mockRestore(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'rehearse-hooks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a manifest\'s `touch` hook creates no file by default; --run-hooks runs it on this machine', async () => {
  const file = join(dir, 'touched');
  const manifest = handWrittenManifest({ replicas: 1, gracePeriodSeconds: 2, preStop: { exec: { command: ['touch', file] } } });
  const options = { manifest, app: APPS.drain, routingLagMs: 0, rps: 20, rollouts: 1 };

  const report = await rehearseRollout(options);
  expect(existsSync(file)).toBe(false);
  expect(report.rollouts[0].terminated[0].preStopOutcome).toBe('completed');
  expect(report.notes.join('\n')).toMatch(/preStop command "touch \S+touched" was not run .*--run-hooks runs the hook for real/);

  const opted = await rehearseRollout({ ...options, runHooks: true });
  expect(existsSync(file)).toBe(true);
  expect(opted.settings.preStop).toMatch(/run on this machine, --run-hooks/);
});

test('the planned php-fpm hook\'s `kill -QUIT 1` signals the pod\'s process, never this machine\'s PID 1', async () => {
  const { yaml, manifest } = plannedManifest({ appShutdownTimeout: 2, drainDelay: 1, safetyMargin: 0, framework: 'php-fpm' }, 1);
  expect(manifest.spec.template.spec.containers[0].lifecycle.preStop.exec.command[2]).toMatch(/kill -QUIT 1; while kill -0 1/);
  const watch = watchProcesses();
  let report;
  try {
    report = await rehearseRollout({ manifest: yaml, app: APPS.drain, routingLagMs: 0, rps: 20, rollouts: 1 });
  } finally {
    watch.restore();
  }
  const [pod] = report.rollouts[0].terminated;
  // The app has no SIGQUIT handler: Node dies of it, so the exit signal shows who got it.
  expect(pod.preStopSignal).toBe('SIGQUIT');
  expect(pod.exitSignal).toBe('SIGQUIT');
  expect(pod.preStopOutcome).toBe('completed'); // the hook waited for the exit, as `while kill -0 1` does
  expect(pod.stopSignalAtMs).toBeUndefined(); // the kubelet found the process gone
  expect(pod.killed).toBe(false);
  expect(watch.signalled()).not.toContain(1);
  expect(watch.signalled()).not.toContain(-1);
  expect(new Set(watch.spawned())).toEqual(new Set(['node'])); // the app's pods only: no /bin/sh, no kill
});

test('the planned Nacos hook sends no request to the registry and takes the pod out of the balancer at once', async () => {
  let registryRequests = 0;
  const registry = http.createServer((_req, res) => {
    registryRequests++;
    res.end('ok');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  const serverAddr = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  const watch = watchProcesses();
  let report;
  try {
    const { yaml, manifest } = plannedManifest({ appShutdownTimeout: 1, safetyMargin: 0, traffic: [{ kind: 'nacos', serverAddr, serviceName: 'web', port: 8080, lag: 2 }], rollout: { minReady: 4 } }, 1);
    expect(manifest.spec.template.spec.containers[0].lifecycle.preStop.exec.command[2]).toContain(`curl -s -m 5 -X PUT "http://${serverAddr}/nacos/v1/ns/instance?`);
    // Scaled by 0.5: the drain sleep is 1 s, the routing lag 1.5 s (minReadySeconds 2 s lets the new pod be routed
    // before the old one goes). Without the deregistration the balancer would still route to the old pod for 0.5 s
    // after its stop signal, and the app refuses connections from then on.
    report = await rehearseRollout({ manifest: yaml, app: APPS.drain, routingLagMs: 3000, rps: 100, rollouts: 1, timeScale: 0.5 });
  } finally {
    watch.restore();
    await new Promise<void>((resolve) => registry.close(() => resolve()));
  }
  expect(registryRequests).toBe(0);
  expect(new Set(watch.spawned())).toEqual(new Set(['node']));
  const [pod] = report.rollouts[0].terminated;
  expect(pod.deregisteredAtMs).toBeDefined();
  expect(pod.deregisteredAtMs!).toBeLessThanOrEqual(pod.stopSignalAtMs!);
  expect(report.requests.failed).toBe(0);
  expect(report.notes.join('\n')).toMatch(/was replayed, not run: the pod leaves the balancer at once \(registry deregistration, no request sent/);
});
