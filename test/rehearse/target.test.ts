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

  test('an exec preStop is replayed, never run: unknown commands become 0 s timers around its sleeps, reported', () => {
    const manifest = handWrittenManifest({ preStop: { exec: { command: ['/opt/bin/deregister', '--then-sleep'] } } });
    const sleepy = handWrittenManifest({ preStop: { exec: { command: ['/bin/sh', '-c', 'curl -X POST registry/off; sleep 7'] } } });
    expect(loadRehearsalTarget(manifest).preStop).toMatchObject({ kind: 'timer', ms: 0 });
    const target = loadRehearsalTarget(sleepy, { commandExists: () => true });
    expect(target.preStop).toMatchObject({ kind: 'timer', ms: 7000 });
    expect(target.notes).toEqual([
      'preStop command "curl -X POST registry/off" was not run (nothing from the manifest runs on this machine): a timer of 0s stands in for it; --run-hooks runs the hook for real',
    ]);
  });

  test('a touch hook is a timer by default and runs on this machine only with runHooks, at time scale 1', () => {
    const touch = handWrittenManifest({ preStop: { exec: { command: ['touch', '/tmp/x'] } } });
    expect(loadRehearsalTarget(touch, { commandExists: () => true }).preStop).toMatchObject({ kind: 'timer', ms: 0 });
    expect(loadRehearsalTarget(touch, { runHooks: true, commandExists: () => true }).preStop).toMatchObject({ kind: 'exec', command: ['touch', '/tmp/x'] });
    const scaled = loadRehearsalTarget(touch, { runHooks: true, commandExists: () => true, timeScale: 0.5 });
    expect(scaled.preStop).toMatchObject({ kind: 'timer', ms: 0 });
    expect(scaled.notes.join('\n')).toMatch(/--run-hooks: preStop exec \["touch","\/tmp\/x"\] was replayed instead: a time scale of 0.5 applies/);
  });

  test('an exec sleep and the copied busybox sleep are timers', () => {
    const exec = handWrittenManifest({ preStop: { exec: { command: ['sleep', '3'] } } });
    const busybox = handWrittenManifest({ preStop: { exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '4'] } } });
    expect(loadRehearsalTarget(exec, { commandExists: () => true }).preStop).toMatchObject({ kind: 'timer', ms: 3000 });
    expect(loadRehearsalTarget(busybox, { commandExists: () => true }).preStop).toMatchObject({ kind: 'timer', ms: 4000 });
  });

  test('a hook that signals PID 1 is replayed as steps against the pod and the report says so', () => {
    const nginx = handWrittenManifest({ preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 5; nginx -s quit'] } } });
    const target = loadRehearsalTarget(nginx, { commandExists: () => true });
    expect(target.preStop).toMatchObject({ kind: 'steps', steps: [{ kind: 'wait', ms: 5000 }, { kind: 'signal', signal: 'SIGQUIT' }] });
    expect(target.notes.join('\n')).toMatch(/was replayed, not run: SIGQUIT to the pod's main process \(nginx -s quit\)/);
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
