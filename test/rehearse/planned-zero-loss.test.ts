import { APPS, killAppsAfterAll } from './helpers';
import { plannedManifest } from './planned-manifest';
import { planShutdown } from '../../src/core';
import { rehearseRollout } from '../../src/rehearse';

killAppsAfterAll();

// Time scale 0.5 keeps the test short: D 2 s -> 1 s, routing lag 1 s -> 0.5 s, probe period 1 s -> 0.5 s,
// minReady 1 s -> 0.5 s, grace 4 s -> 2 s. The app's own drain and the 100 rps load are real.
// D outlasts the lag by 0.5 s: a connection the balancer opened before the lag ended must be accepted by
// the app before its stop signal, which a loaded machine delays (rehearse tests pass with both cores busy).
test('the GracefulDeployment manifest loses no request over 3 rollouts at 100 rps when D outlasts the routing lag', async () => {
  const shutdown = { appShutdownTimeout: 1, drainDelay: 2, safetyMargin: 1, rollout: { minReady: 1 } };
  const plan = planShutdown(shutdown);
  const { yaml, manifest } = plannedManifest(shutdown);
  expect(manifest.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 2 } });
  expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(plan.terminationGracePeriodSeconds);

  const report = await rehearseRollout({ manifest: yaml, app: APPS.drain, routingLagMs: 1000, rps: 100, rollouts: 3, timeScale: 0.5 });

  expect(report.requests.failed).toBe(0);
  expect(report.outcome).toBe('passed');
  expect(report.rollouts).toHaveLength(3);
  const rolloutSeconds = report.rollouts.reduce((sum, r) => sum + (r.endedAtMs - r.startedAtMs), 0) / 1000;
  expect(report.requests.sent).toBeGreaterThanOrEqual(Math.floor(rolloutSeconds * 100 * 0.9));
  expect(report.settings).toMatchObject({
    replicas: 2, maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0.5, terminationGracePeriodSeconds: 2, routingLagSeconds: 0.5,
  });
  const old = report.rollouts.flatMap((r) => r.terminated);
  expect(old).toHaveLength(6);
  for (const pod of old) {
    expect(pod.preStopOutcome).toBe('completed');
    // preStop held the stop signal back for D (1 s scaled), past the routing lag (0.5 s scaled).
    expect(pod.stopSignalAtMs! - pod.terminatingAtMs!).toBeGreaterThanOrEqual(990);
    expect(pod.killed).toBe(false);
    expect(pod.signalReach).toBe('yes');
    expect(pod.exitCode).toBe(0);
  }
  // Every pod of every generation served traffic.
  expect(report.pods.filter((p) => (p.requests ?? 0) > 0).length).toBe(8);
});
