import { handWrittenManifest } from './helpers';
import { plannedManifest } from './planned-manifest';
import { GracefulConfigError } from '../../src/core';
import { loadRehearsalTarget, splitCommandLine } from '../../src/rehearse';

const never = () => false;

describe('reading the Deployment to rehearse', () => {
  test('a synthesized GracefulDeployment gives its replicas, rollout bounds, grace period, preStop timer and env', () => {
    const { yaml } = plannedManifest({ appShutdownTimeout: 3, drainDelay: 2, safetyMargin: 1, rollout: { minReady: 2 } }, 4);
    const target = loadRehearsalTarget(yaml, { commandExists: never });
    expect(target).toMatchObject({ replicas: 4, maxSurge: 1, maxUnavailable: 0, gracePeriodMs: 6000, minReadyMs: 2000, stopSignal: 'SIGTERM' });
    expect(target.preStop).toEqual({ kind: 'timer', ms: 2000, description: 'sleep 2s (native, as a timer)' });
    expect(target.readiness).toMatchObject({ kind: 'http', path: '/ready', periodMs: 1000, initialDelayMs: 0, successThreshold: 1 });
    expect(target.env).toEqual(
      expect.arrayContaining([
        { name: 'POD_IP', field: 'pod-ip' },
        { name: 'POD_NAME', field: 'pod-name' },
        { name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '3' },
      ]),
    );
  });

  test('a time scale of 0.1 makes every manifest duration and the app budget ten times shorter, and says so', () => {
    const { yaml } = plannedManifest({ appShutdownTimeout: 30, drainDelay: 10, safetyMargin: 5, rollout: { minReady: 10 } });
    const target = loadRehearsalTarget(yaml, { timeScale: 0.1 });
    expect(target).toMatchObject({ gracePeriodMs: 4500, minReadyMs: 1000, preStop: { kind: 'timer', ms: 1000 } });
    expect(target.env).toContainEqual({ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '3' });
    expect(target.notes.join('\n')).toMatch(/time scale 0.1/);
  });

  test('an exec preStop whose command is missing here becomes a timer of the same length, reported', () => {
    const manifest = handWrittenManifest({ preStop: { exec: { command: ['/opt/bin/deregister', '--then-sleep'] } } });
    const sleepy = handWrittenManifest({ preStop: { exec: { command: ['/bin/sh', '-c', 'curl -X POST registry/off; sleep 7'] } } });
    expect(loadRehearsalTarget(manifest, { commandExists: never }).preStop).toMatchObject({ kind: 'timer', ms: 0 });
    const target = loadRehearsalTarget(sleepy, { commandExists: never });
    expect(target.preStop).toMatchObject({ kind: 'timer', ms: 7000 });
    expect(target.notes[0]).toMatch(/replaced by a timer of 7s: \/bin\/sh does not exist on this machine/);
  });

  test('an exec preStop whose command exists runs locally; the copied busybox sleep is a timer', () => {
    const exec = handWrittenManifest({ preStop: { exec: { command: ['sleep', '3'] } } });
    const busybox = handWrittenManifest({ preStop: { exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '4'] } } });
    expect(loadRehearsalTarget(exec, { commandExists: () => true }).preStop).toMatchObject({ kind: 'exec', command: ['sleep', '3'] });
    expect(loadRehearsalTarget(busybox, { commandExists: () => true }).preStop).toMatchObject({ kind: 'timer', ms: 4000 });
  });

  test('a manifest with two Deployments needs --deployment, and an unknown name lists the ones there are', () => {
    const two = `${handWrittenManifest({})}---\n${handWrittenManifest({}).replace('name: web', 'name: api')}`;
    expect(() => loadRehearsalTarget(two)).toThrow(/has 2 Deployments \(web, api\); pick one with --deployment NAME/);
    expect(() => loadRehearsalTarget(two, { deployment: 'worker' })).toThrow(GracefulConfigError);
    expect(() => loadRehearsalTarget(two, { deployment: 'worker' })).toThrow(/"worker" is not in manifest; it has "web", "api"/);
    expect(loadRehearsalTarget(two, { deployment: 'api' }).deploymentName).toBe('api');
  });

  test('a time scale of 0 is rejected with the fix', () => {
    expect(() => loadRehearsalTarget(handWrittenManifest({}), { timeScale: 0 })).toThrow(/timeScale must be a number > 0/);
  });
});

describe('splitting the app command', () => {
  test('quotes group words and nothing is expanded', () => {
    expect(splitCommandLine('node "my app/server.js" --name \'a b\' $HOME')).toEqual(['node', 'my app/server.js', '--name', 'a b', '$HOME']);
  });

  test('an unclosed quote is an error naming --app', () => {
    expect(() => splitCommandLine('node "server.js')).toThrow(/app has an unclosed " quote/);
  });
});
