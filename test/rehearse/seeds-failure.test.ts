import { APPS, handWrittenManifest, killAppsAfterAll } from './helpers';
import { rehearseRollout } from '../../src/rehearse';

killAppsAfterAll();

test('a Deployment without preStop under a 2 s routing lag loses requests even with an app that drains', async () => {
  const report = await rehearseRollout({
    manifest: handWrittenManifest({ gracePeriodSeconds: 5, env: { GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS: '3' } }),
    app: APPS.drain,
    routingLagMs: 2000,
    rps: 100,
    rollouts: 1,
  });
  expect(report.outcome).toBe('failed');
  // The app stops accepting at SIGTERM (t = 0 without preStop) while the balancer still routes to it
  // for 2 s: the lost requests are refused connections.
  expect(report.requests.byCause.refused).toBeGreaterThan(20);
  expect(report.requests.failed).toBe(report.requests.byCause.refused + report.requests.byCause.reset);
  const old = report.rollouts[0].terminated;
  expect(old).toHaveLength(2);
  for (const pod of old) {
    expect(pod.preStopOutcome).toBe('none');
    // No preStop: the stop signal comes while the balancer still routes to the pod (the 2 s routing lag).
    expect(pod.stopSignalAtMs!).toBeLessThan(pod.terminatingAtMs! + 2000);
    expect(pod.signalReach).toBe('yes');
    expect(pod.killed).toBe(false);
  }
});
