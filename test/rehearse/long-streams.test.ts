import { APPS, killAppsAfterAll } from './helpers';
import { plannedManifest } from './planned-manifest';
import { rehearseRollout } from '../../src/rehearse';

killAppsAfterAll();

test('streams shorter than the long-connection budget L all finish during a rollout', async () => {
  const { yaml } = plannedManifest({ appShutdownTimeout: 1, drainDelay: 1, longConnectionBudget: 4, safetyMargin: 1, rollout: { minReady: 1 } }, 1);
  const report = await rehearseRollout({
    manifest: yaml, app: APPS.sse, routingLagMs: 500, rps: 50, rollouts: 1, longConnections: 4, streamMs: 2000, timeScale: 0.5,
  });
  expect(report.streams.failed).toBe(0);
  expect(report.streams.ok).toBeGreaterThanOrEqual(4);
  expect(report.requests.failed).toBe(0);
  const [pod] = report.rollouts[0].terminated;
  // Time scale 0.5: streams of 1 s, L = 2 s. The pod stayed until its last stream ended with its "end" event
  // (none was told to go away at the budget: no cut stream), then exited by itself.
  expect(pod.killed).toBe(false);
  expect(pod.exitCode).toBe(0);
});

test('streams longer than the grace period allows are cut and counted as cut streams', async () => {
  const { yaml } = plannedManifest({ appShutdownTimeout: 1, drainDelay: 1, safetyMargin: 0 }, 1);
  // Streams of 5 s (scaled) opened on the only pod: still open when it is deleted, however long the new pod
  // takes to start on a loaded machine (with 2 s streams they could end first and reopen on the new pod).
  const report = await rehearseRollout({
    manifest: yaml, app: APPS.sse, routingLagMs: 500, rps: 20, rollouts: 1, longConnections: 3, streamMs: 10_000, timeScale: 0.5,
  });
  expect(report.streams.byCause['cut-stream']).toBeGreaterThanOrEqual(1);
  expect(report.outcome).toBe('failed');
});
