import { APPS, handWrittenManifest, killAppsAfterAll } from './helpers';
import { rehearseRollout } from '../../src/rehearse';

killAppsAfterAll();

test('an app slower than its grace period is SIGKILLed at the grace period and reported', async () => {
  const report = await rehearseRollout({
    // The app believes it has 10 s; the pod gives it 2 s; its shutdown work takes 4 s.
    manifest: handWrittenManifest({ replicas: 1, gracePeriodSeconds: 2, env: { GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS: '10', SHUTDOWN_WORK_SECONDS: '4' } }),
    app: APPS.drain,
    routingLagMs: 0,
    rps: 50,
    rollouts: 1,
    timeScale: 0.5, // grace 2 s -> 1 s; the app's 4 s of shutdown work is real
  });
  const [pod] = report.rollouts[0].terminated;
  expect(pod.signalReach).toBe('yes');
  expect(pod.killed).toBe(true);
  expect(pod.exitSignal).toBe('SIGKILL');
  // Not before the grace period; and before the app's 4 s of work ended (it died of SIGKILL, not by itself).
  expect(pod.killedAtMs! - pod.terminatingAtMs!).toBeGreaterThanOrEqual(990);
});

test('an app started through a shell that does not forward SIGTERM is reported as never receiving it', async () => {
  const report = await rehearseRollout({
    manifest: handWrittenManifest({ replicas: 1, gracePeriodSeconds: 2, env: { GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS: '1' } }),
    app: APPS.shellWrapped,
    routingLagMs: 0,
    rps: 50,
    rollouts: 1,
    timeScale: 0.5, // grace 2 s -> 1 s; the app's 4 s of shutdown work is real
  });
  const [pod] = report.rollouts[0].terminated;
  expect(pod.signalReach).toBe('no');
  expect(pod.signalNote).toMatch(/SIGTERM went to pid \d+ \(sh\); port \d+ is served by pid \d+ \(node\)/);
  // The app would have drained at once; it ran until SIGKILL at the grace period (1 s scaled) instead.
  expect(pod.killed).toBe(true);
  expect(pod.killedAtMs! - pod.terminatingAtMs!).toBeGreaterThanOrEqual(990);
});

test('preStop that outlasts the grace period gets the kubelet\'s 2 s minimum before SIGKILL', async () => {
  const report = await rehearseRollout({
    manifest: handWrittenManifest({ replicas: 1, gracePeriodSeconds: 1, preStop: { sleep: { seconds: 3 } }, env: { GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS: '5', SHUTDOWN_WORK_SECONDS: '5' } }),
    app: APPS.drain,
    routingLagMs: 0,
    rps: 20,
    rollouts: 1,
    timeScale: 0.5,
  });
  const [pod] = report.rollouts[0].terminated;
  // Scaled by 0.5: grace 0.5 s, preStop cut there, stop signal at 0.5 s, SIGKILL 1 s (2 s x 0.5) later.
  // Ordering, not wall-clock margins: the signal came at the grace period, before the 1.5 s preStop would have ended.
  expect(pod.preStopOutcome).toBe('cut at grace period');
  expect(pod.stopSignalAtMs! - pod.terminatingAtMs!).toBeGreaterThanOrEqual(490);
  expect(pod.stopSignalAtMs! - pod.terminatingAtMs!).toBeLessThan(1500);
  // SIGKILL no sooner than the 1 s minimum after the signal; the app's 5 s of work never ended (SIGKILL did it).
  expect(pod.killed).toBe(true);
  expect(pod.exitSignal).toBe('SIGKILL');
  expect(pod.killedAtMs! - pod.stopSignalAtMs!).toBeGreaterThanOrEqual(990);
  expect(report.notes.join('\n')).toMatch(/time scale 0.5/);
});

test('lifecycle.stopSignal is the signal the app gets: an app that drains on SIGTERM only dies at once on SIGQUIT', async () => {
  const report = await rehearseRollout({
    // With SIGTERM this app would finish 1 s of shutdown work; SIGQUIT has no handler in it, so Node dies of it.
    manifest: handWrittenManifest({ replicas: 1, gracePeriodSeconds: 4, stopSignal: 'SIGQUIT', env: { GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS: '3', SHUTDOWN_WORK_SECONDS: '1' } }),
    app: APPS.drain,
    routingLagMs: 0,
    rps: 20,
    rollouts: 1,
  });
  expect(report.settings.stopSignal).toBe('SIGQUIT');
  const [pod] = report.rollouts[0].terminated;
  expect(pod.signalReach).toBe('yes');
  expect(pod.killed).toBe(false);
  // Killed by the signal itself: after its 1 s of work on SIGTERM it would have exited with code 0.
  expect(pod.exitSignal).toBe('SIGQUIT');
  expect(pod.exitCode).toBeNull();
});
