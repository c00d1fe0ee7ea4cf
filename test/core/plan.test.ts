import { GracefulConfigError, GracefulError, planShutdown, SHUTDOWN_TIMEOUT_ENV, DEFAULTS } from '../../src/core';

describe('planShutdown: the grace period', () => {
  test('the grace period is drain + max(app, long connections) + margin', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 35, safetyMargin: 0 });
    expect(plan.terminationGracePeriodSeconds).toBe(65);
    expect(plan.requiredGracePeriodSeconds).toBe(65);
    expect(plan.drainDelaySeconds).toBe(35);
  });

  test('defaults: drain 5 s, no long connections, margin 5 s', () => {
    const plan = planShutdown({ appShutdownTimeout: '20s' });
    expect(plan.drainDelaySeconds).toBe(DEFAULTS.drainDelaySeconds);
    expect(plan.longConnectionBudgetSeconds).toBe(0);
    expect(plan.safetyMarginSeconds).toBe(5);
    expect(plan.terminationGracePeriodSeconds).toBe(5 + 20 + 5);
  });

  test('a long-connection budget longer than the app shutdown sets the app budget', () => {
    const plan = planShutdown({ appShutdownTimeout: '30s', longConnectionBudget: '30m', drainDelay: 5, safetyMargin: 10 });
    expect(plan.appBudgetSeconds).toBe(1800);
    expect(plan.terminationGracePeriodSeconds).toBe(5 + 1800 + 10);
  });

  test('a pinned grace period larger than needed is kept and explained as pinned', () => {
    const plan = planShutdown({ appShutdownTimeout: 10, drainDelay: 5, safetyMargin: 0, terminationGracePeriod: '2m' });
    expect(plan.terminationGracePeriodSeconds).toBe(120);
    expect(plan.requiredGracePeriodSeconds).toBe(15);
    expect(plan.decisions.find((d) => d.field === 'terminationGracePeriodSeconds')?.reason).toMatch(/^pinned by the user/);
  });

  test('a pinned grace period equal to the need is accepted', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 35, safetyMargin: 0, terminationGracePeriod: 65 });
    expect(plan.terminationGracePeriodSeconds).toBe(65);
  });

  test("the seeds' Spring Boot config (sleep 35, phase timeout 30 s, grace 60) is rejected with the three terms and the fix", () => {
    const attempt = () => planShutdown({ appShutdownTimeout: '30s', drainDelay: '35s', safetyMargin: 0, terminationGracePeriod: 60 });
    expect(attempt).toThrow(GracefulConfigError);
    expect(attempt).toThrow(
      'terminationGracePeriod is 60s but the plan needs at least 65s (drain 35s + max(app shutdown 30s, long connections 0s) + margin 0s); ' +
        'raise it to 65s or remove it to let the plan choose',
    );
  });
});

describe('planShutdown: preStop mechanism', () => {
  test('Kubernetes >= 1.30 gets the native sleep action for D seconds', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 35 });
    expect(plan.preStopMechanism).toBe('native-sleep');
    expect(plan.preStop).toEqual({ sleep: { seconds: 35 } });
    expect(plan.initContainers).toEqual([]);
  });

  test('the default target is 1.30', () => {
    expect(planShutdown({ appShutdownTimeout: 1 }).kubernetesVersion).toBe('1.30');
  });

  test('a shell image on 1.29 gets exec sleep', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, kubernetesVersion: '1.29' });
    expect(plan.preStopMechanism).toBe('exec-sleep');
    expect(plan.preStop).toEqual({ exec: { command: ['sleep', '10'] } });
  });

  test('a distroless image on 1.27 gets the copied static sleep, never its own sleep or shell', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, kubernetesVersion: 'v1.27.3', image: 'distroless' });
    expect(plan.preStopMechanism).toBe('copied-sleep');
    expect(plan.preStop).toEqual({ exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '10'] } });
    expect(plan.volumes).toEqual([{ name: 'graceful-k8s-bin', emptyDir: { sizeLimit: '16Mi' } }]);
    expect(plan.volumeMounts).toEqual([{ name: 'graceful-k8s-bin', mountPath: '/graceful-k8s/bin', readOnly: true }]);
    const [init] = plan.initContainers;
    expect(init.image).toBe('busybox:1.36.1-uclibc');
    expect(init.command).toEqual(['/bin/cp', '/bin/busybox', '/graceful-k8s/bin/busybox']);
    expect(init.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('a distroless image on 1.30 gets the native sleep, which runs in the kubelet', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, image: 'distroless' });
    expect(plan.preStop).toEqual({ sleep: { seconds: 5 } });
  });

  test('the copied sleep image can be overridden (e.g. pinned by digest)', () => {
    const image = 'mirror.internal/busybox:1.36.1-uclibc@sha256:' + 'a'.repeat(64);
    const plan = planShutdown({ appShutdownTimeout: 1, kubernetesVersion: '1.28', image: 'distroless', copiedSleepImage: image });
    expect(plan.initContainers[0].image).toBe(image);
  });

  test('a drain delay of 0 means no hook at all, and a warning', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 0 });
    expect(plan.preStopMechanism).toBe('none');
    expect(plan.preStop).toBeUndefined();
    expect(plan.warnings.map((w) => w.code)).toEqual(['drain-delay-zero']);
  });

  test('app-side drain adds no hook and tells the app D', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 7, preStop: 'app-drain' });
    expect(plan.preStop).toBeUndefined();
    expect(plan.env).toContainEqual({ name: 'GRACEFUL_DRAIN_DELAY_SECONDS', value: '7' });
    expect(plan.terminationGracePeriodSeconds).toBe(7 + 30 + 5);
  });

  test.each([
    ['exec-sleep', '1.31', { exec: { command: ['sleep', '5'] } }],
    ['copied-sleep', '1.31', { exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '5'] } }],
    ['native-sleep', '1.30', { sleep: { seconds: 5 } }],
  ] as const)('an explicit %p strategy is honoured on %p', (strategy, version, handler) => {
    expect(planShutdown({ appShutdownTimeout: 1, preStop: strategy, kubernetesVersion: version }).preStop).toEqual(handler);
  });

  test('native sleep forced on 1.29 is an error that says the version and the fix', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, preStop: 'native-sleep', kubernetesVersion: '1.29' })).toThrow(
      "preStop is 'native-sleep' but kubernetesVersion is 1.29: the preStop sleep action is on by default only from 1.30 (KEP-3960), " +
        'and an older API server silently drops it with the whole preStop (pkg/api/pod/util.go, dropPodLifecycleSleepAction) while an older kubelet skips it; ' +
        "raise kubernetesVersion to '1.30' once every API server and kubelet is that new, or use preStop 'auto'",
    );
  });

  test('exec sleep forced on a distroless image is an error', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, preStop: 'exec-sleep', image: 'distroless' })).toThrow(
      /^preStop is 'exec-sleep' but image is 'distroless': a distroless image has no sleep binary/,
    );
  });
});

describe('planShutdown: env, rollout, probes', () => {
  test('every app container is told its pod identity and its shutdown budget', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, longConnectionBudget: 45 });
    expect(plan.env).toEqual([
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: SHUTDOWN_TIMEOUT_ENV, value: '45' },
    ]);
  });

  test('the rollout keeps capacity: maxUnavailable 0, maxSurge 25%; with only in-cluster routers minReadySeconds is 0 whatever D is', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 35 });
    expect(plan.rollout).toEqual({ maxSurge: '25%', maxUnavailable: 0, minReadySeconds: 0, progressDeadlineSeconds: 600 });
    expect(plan.rollout.progressDeadlineSeconds).toBeGreaterThan(plan.rollout.minReadySeconds);
  });

  test('user rollout settings are kept; maxUnavailable above 0 warns', () => {
    const plan = planShutdown({ appShutdownTimeout: 1, rollout: { maxSurge: 2, maxUnavailable: '10%', minReady: '20s', progressDeadline: '5m' } });
    expect(plan.rollout).toEqual({ maxSurge: 2, maxUnavailable: '10%', minReadySeconds: 20, progressDeadlineSeconds: 300 });
    expect(plan.warnings.map((w) => w.code)).toEqual(['max-unavailable']);
  });

  test.each([
    [{ maxSurge: 0, maxUnavailable: 0 }],
    [{ maxSurge: '0%', maxUnavailable: 0 }],
    [{ maxSurge: 0 }],
  ])('both surge and unavailable zero (%p) is rejected, as Kubernetes would', (rollout) => {
    expect(() => planShutdown({ appShutdownTimeout: 1, rollout })).toThrow(/^rollout\.maxSurge and rollout\.maxUnavailable are both zero .*set maxSurge to 1 or more/);
  });

  test.each([[-1], [1.5], ['abc'], ['25 %']])('an invalid maxSurge %p names the accepted forms', (maxSurge) => {
    expect(() => planShutdown({ appShutdownTimeout: 1, rollout: { maxSurge } })).toThrow(
      /^rollout\.maxSurge must be a whole number of pods >= 0 or a percentage such as '25%' \(above '100%' is allowed\), got /,
    );
  });

  test('a progress deadline not above minReady is rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, rollout: { minReady: 30, progressDeadline: 30 } })).toThrow(
      'rollout.progressDeadline is 30s but must be greater than minReadySeconds (30s), or every rollout is reported failed; raise it above 30s or remove it to let the plan choose',
    );
  });

  test('liveness is recommended more tolerant than readiness', () => {
    const { readiness, liveness } = planShutdown({ appShutdownTimeout: 1 }).probes;
    expect(liveness.periodSeconds * liveness.failureThreshold).toBeGreaterThan(readiness.periodSeconds * readiness.failureThreshold);
  });
});

describe('planShutdown: invalid input is rejected before planning', () => {
  test('a missing appShutdownTimeout says it is required', () => {
    expect(() => planShutdown({} as any)).toThrow(/^appShutdownTimeout is required/);
  });

  test('a negative appShutdownTimeout names field, value and fix', () => {
    expect(() => planShutdown({ appShutdownTimeout: -5 })).toThrow('appShutdownTimeout must be >= 0 seconds, got -5; use 0 or a positive duration');
  });

  test.each(['latest', '2.0', '1', 'v1.x', 130 as any])('the Kubernetes version %p is rejected', (kubernetesVersion) => {
    expect(() => planShutdown({ appShutdownTimeout: 1, kubernetesVersion })).toThrow(/^kubernetesVersion is not a Kubernetes version: .*e\.g\. '1\.30'$/);
  });

  test('a Kubernetes version older than 1.21 is rejected with the oldest supported one', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, kubernetesVersion: '1.18' })).toThrow(/older than the oldest supported 1\.21/);
  });

  test('an unknown image kind or strategy lists the allowed values', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, image: 'alpine' as any })).toThrow("image must be one of 'shell', 'distroless', got \"alpine\"");
    expect(() => planShutdown({ appShutdownTimeout: 1, preStop: 'sleep' as any })).toThrow(/^preStop must be one of 'auto', 'native-sleep'/);
  });

  test('errors are GracefulConfigError (a GracefulError) with field and value', () => {
    try {
      planShutdown({ appShutdownTimeout: 1, drainDelay: 'soon' });
      throw new Error('expected a GracefulConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(GracefulConfigError);
      expect(e).toBeInstanceOf(GracefulError);
      expect((e as GracefulConfigError).field).toBe('drainDelay');
      expect((e as GracefulConfigError).value).toBe('soon');
      expect((e as Error).name).toBe('GracefulConfigError');
    }
  });
});

describe('planShutdown: the plan explains itself', () => {
  test('explain() prints the timeline with every number and its reason', () => {
    const text = planShutdown({ appShutdownTimeout: 30, drainDelay: 35, safetyMargin: 0 }).explain();
    expect(text).toContain('t=0s');
    expect(text).toContain('Terminating');
    expect(text).toMatch(/t=35s\s+preStop returns; SIGTERM/);
    expect(text).toMatch(/t=65s\s+app deadline: GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS=30/);
    expect(text).toMatch(/t=65s\s+SIGKILL: terminationGracePeriodSeconds 65 = drain 35 \+ max\(app 30, long connections 0\) \+ margin 0/);
    expect(text).toContain('minReadySeconds = 0');
    expect(text).toMatchSnapshot();
  });

  test('every decision has a non-empty reason', () => {
    for (const spec of [
      { appShutdownTimeout: 30 },
      { appShutdownTimeout: 30, kubernetesVersion: '1.27', image: 'distroless' as const },
      { appShutdownTimeout: 30, preStop: 'app-drain' as const },
    ]) {
      const plan = planShutdown(spec);
      expect(plan.decisions.length).toBeGreaterThanOrEqual(8);
      for (const decision of plan.decisions) expect(decision.reason.length).toBeGreaterThan(10);
    }
  });

  test('warnings appear in explain()', () => {
    expect(planShutdown({ appShutdownTimeout: 1, drainDelay: 0 }).explain()).toContain('[drain-delay-zero]');
  });

  test('the plan is plain data: JSON round-trips everything except explain()', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.27', image: 'distroless' });
    const json = JSON.parse(JSON.stringify(plan));
    expect(json.terminationGracePeriodSeconds).toBe(40);
    expect(json.initContainers).toHaveLength(1);
    expect(json.explain).toBeUndefined();
  });
});

describe('kubernetesVersion is the oldest API server and kubelet the manifests meet', () => {
  // kubernetes pkg/api/pod/util.go dropPodLifecycleSleepAction: an API server without PodLifecycleSleepAction
  // (1.29 by default) drops `sleep` and with it the whole sleep-only preStop; a kubelet without it
  // (pkg/kubelet/lifecycle/handlers.go runSleepHandler) returns at once. Kubelets may be 3 minors older.
  test('a 1.29 target never gets the native sleep, which a 1.29 API server or kubelet would drop silently', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.29' });
    expect(plan.preStopMechanism).toBe('exec-sleep');
    expect(plan.preStop).toEqual({ exec: { command: ['sleep', '5'] } });
    expect(() => planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.29', preStop: 'native-sleep' })).toThrow(/silently drops/);
  });

  test('explain() names the version as the oldest API server and kubelet', () => {
    const text = planShutdown({ appShutdownTimeout: 30 }).explain();
    expect(text).toMatch(/^Shutdown plan \(oldest API server and kubelet: Kubernetes 1\.30, /);
    expect(text).toContain('every API server and kubelet is 1.30 or newer');
  });
});
