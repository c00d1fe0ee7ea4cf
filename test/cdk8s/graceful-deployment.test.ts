import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { collectWarnings, GracefulDeployment, WARNING_METADATA_TYPE } from '../../src/cdk8s-plus-27';
import { GracefulConfigError } from '../../src/core';
import { validateAgainstSchema } from '../helpers/schema';
import { APP_CONTAINER, podSpecOf, preStopOf, synthDeployment } from '../helpers/synth';

describe('GracefulDeployment', () => {
  test('a registry with a 35 s cache and a 30 s app shutdown gets a 65 s grace period and a native 35 s sleep', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 30, drainDelay: 35, safetyMargin: 0 });
    expect(podSpecOf(manifest).terminationGracePeriodSeconds).toBe(65);
    expect(preStopOf(manifest)).toEqual({ sleep: { seconds: 35 } });
    expect(manifest.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(manifest.spec.minReadySeconds).toBe(0);
    expect(manifest.spec.progressDeadlineSeconds).toBe(600);
    validateAgainstSchema(manifest);
    expect(manifest).toMatchSnapshot();
  });

  test('the native sleep survives cdk8s-plus-27 pruning: it is read back from the synthesized YAML of every container', () => {
    const chart = new Chart(Testing.app(), 'test');
    new GracefulDeployment(chart, 'app', {
      containers: [APP_CONTAINER, { name: 'metrics', image: 'exporter:1', portNumber: 9100 }],
      shutdown: { appShutdownTimeout: 10, drainDelay: 12 },
    });
    const yaml = Testing.synth(chart);
    const containers = yaml[0].spec.template.spec.containers;
    expect(containers).toHaveLength(2);
    for (const c of containers) expect(c.lifecycle.preStop.sleep.seconds).toBe(12);
  });

  test('a shell image on 1.27 gets exec sleep', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 20, drainDelay: 10, kubernetesVersion: '1.27' });
    expect(preStopOf(manifest)).toEqual({ exec: { command: ['sleep', '10'] } });
    expect(podSpecOf(manifest).terminationGracePeriodSeconds).toBe(35);
    validateAgainstSchema(manifest);
  });

  test('a distroless image on 1.27 gets the copied static sleep: init container, emptyDir, mount and exec of the copy', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 20, drainDelay: 10, kubernetesVersion: '1.27', image: 'distroless' });
    const pod = podSpecOf(manifest);
    expect(preStopOf(manifest)).toEqual({ exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '10'] } });
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['graceful-k8s-copy-sleep']);
    expect(pod.initContainers[0].securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true });
    expect(pod.volumes).toEqual([{ name: 'graceful-k8s-bin', emptyDir: { sizeLimit: '16Mi' } }]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'graceful-k8s-bin', mountPath: '/graceful-k8s/bin', readOnly: true });
    // Nothing from the distroless image's own filesystem is executed: only the copied binary.
    for (const c of pod.containers) expect(c.lifecycle.preStop.exec.command[0]).toBe('/graceful-k8s/bin/busybox');
    validateAgainstSchema(manifest);
    expect(manifest).toMatchSnapshot();
  });

  test('every app container gets POD_IP, POD_NAME, POD_NAMESPACE and its shutdown budget', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 30, longConnectionBudget: '30m' });
    const env = podSpecOf(manifest).containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '1800' },
      ]),
    );
    expect(podSpecOf(manifest).terminationGracePeriodSeconds).toBe(5 + 1800 + 5);
  });

  test("the user's own env vars stay, in place", () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 30 }, {
      containers: [{ ...APP_CONTAINER, envVariables: { LOG_LEVEL: kplus.EnvValue.fromValue('debug') } }],
    });
    expect(podSpecOf(manifest).containers[0].env[0]).toEqual({ name: 'LOG_LEVEL', value: 'debug' });
  });

  test('a user-set terminationGracePeriod is pinned: kept when large enough', () => {
    const { manifest, deployment } = synthDeployment({ appShutdownTimeout: 30 }, { terminationGracePeriod: Duration.minutes(2) });
    expect(podSpecOf(manifest).terminationGracePeriodSeconds).toBe(120);
    expect(deployment.plan.requiredGracePeriodSeconds).toBe(40);
  });

  test('a user-set terminationGracePeriod too small is an error before synthesis', () => {
    expect(() => synthDeployment({ appShutdownTimeout: 30, drainDelay: 35, safetyMargin: 0 }, { terminationGracePeriod: Duration.seconds(60) }))
      .toThrow('terminationGracePeriod is 60s but the plan needs at least 65s');
  });

  test('a grace period pinned twice is an error', () => {
    expect(() => synthDeployment({ appShutdownTimeout: 1, terminationGracePeriod: 60 }, { terminationGracePeriod: Duration.seconds(60) }))
      .toThrow('terminationGracePeriod is set both on the Deployment and in shutdown.terminationGracePeriod; keep one of them');
  });

  test('invalid shutdown input throws GracefulConfigError and adds nothing to the chart', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new GracefulDeployment(chart, 'app', { containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: -5 } }))
      .toThrow(new GracefulConfigError('appShutdownTimeout', -5, 'must be >= 0 seconds, got -5; use 0 or a positive duration'));
    expect(chart.node.children).toHaveLength(0);
  });

  test('a container with its own preStop is rejected, naming the container', () => {
    expect(() => synthDeployment({ appShutdownTimeout: 30 }, {
      containers: [{ ...APP_CONTAINER, lifecycle: { preStop: kplus.Handler.fromCommand(['nginx', '-s', 'quit']) } }],
    })).toThrow(/^containers\[app\]\.lifecycle\.preStop is already set/);
  });

  test('rollout settings come from shutdown.rollout', () => {
    const { manifest } = synthDeployment({ appShutdownTimeout: 30, rollout: { maxSurge: 1, minReady: '10s' } });
    expect(manifest.spec.strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(manifest.spec.minReadySeconds).toBe(10);
    expect(manifest.spec.progressDeadlineSeconds).toBe(610);
  });

  test('risky input surfaces as warnings on the construct and in its metadata', () => {
    const { deployment } = synthDeployment({ appShutdownTimeout: 30, drainDelay: 0 }, {
      replicas: 1,
      containers: [{ name: 'app', image: 'app:1', portNumber: 8080 }],
    });
    const codes = deployment.warnings.map((w) => w.code);
    expect(codes).toEqual(['drain-delay-zero', 'no-readiness-probe', 'single-replica']);
    const metadata = deployment.node.metadata.filter((m) => m.type === WARNING_METADATA_TYPE).map((m) => m.data);
    expect(metadata).toHaveLength(3);
    expect(collectWarnings(deployment.node.root)).toEqual([
      expect.stringMatching(/^test\/app: \[drain-delay-zero\] drainDelay is 0 s/),
      expect.stringMatching(/^test\/app: \[no-readiness-probe\] container 'app'/),
      expect.stringMatching(/^test\/app: \[single-replica\] replicas is 1/),
    ]);
  });

  test('a well-formed deployment has no warnings', () => {
    expect(synthDeployment({ appShutdownTimeout: 30 }).deployment.warnings).toEqual([]);
  });

  test('the plan is exposed on the construct', () => {
    const { deployment } = synthDeployment({ appShutdownTimeout: '45s', drainDelay: '10s' });
    expect(deployment.plan.terminationGracePeriodSeconds).toBe(60);
    expect(deployment.plan.explain()).toContain('t=60s');
    expect(deployment.terminationGracePeriod?.toSeconds()).toBe(60);
    expect(deployment.minReady.toSeconds()).toBe(deployment.plan.rollout.minReadySeconds);
  });
});

describe('GracefulDeployment keeps the rollout settings it was given where they fit the plan', () => {
  const props = (extra: object) => ({ containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: 30 }, ...extra }) as any;

  test('a Recreate strategy (from JavaScript) is refused with an error pointing to shutdown.rollout', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new GracefulDeployment(chart, 'web', props({ strategy: kplus.DeploymentStrategy.recreate() })))
      .toThrow(/^strategy is "Recreate": every old pod is stopped before a new one is ready.*set shutdown\.rollout/);
  });

  test('minReady 99s and a rolling update of 1 surge pod are kept, not replaced by the plan\'s defaults', () => {
    const chart = new Chart(Testing.app(), 'test');
    const { absolute } = kplus.PercentOrAbsolute;
    const strategy = kplus.DeploymentStrategy.rollingUpdate({ maxSurge: absolute(1), maxUnavailable: absolute(0) });
    const deployment = new GracefulDeployment(chart, 'web', props({ minReady: Duration.seconds(99), strategy }));
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.minReadySeconds).toBe(99);
    expect(manifest.spec.progressDeadlineSeconds).toBe(699);
    expect(manifest.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(deployment.plan.rollout.minReadySeconds).toBe(99);
  });

  test('a value set both on the Deployment and in shutdown.rollout must agree', () => {
    const chart = new Chart(Testing.app(), 'test');
    expect(() => new GracefulDeployment(chart, 'web', { ...props({ minReady: Duration.seconds(99) }), shutdown: { appShutdownTimeout: 30, rollout: { minReady: 10 } } }))
      .toThrow(/^shutdown\.rollout\.minReady is 10 but the Deployment's own minReady says 99; keep one of them/);
  });
});

describe('the PodDisruptionBudget policy comes from the core and sees an autoscaler added later', () => {
  test('one replica gets no budget; an autoscaled Deployment gets exactly one, whenever the autoscaler is attached', () => {
    const chart = new Chart(Testing.app(), 'test');
    const single = new GracefulDeployment(chart, 'single', { containers: [APP_CONTAINER], replicas: 1, shutdown: { appShutdownTimeout: 30 } });
    expect(single.podDisruptionBudget).toBeUndefined();
    // cdk8s-plus refuses an autoscaler on a fixed replica count, so an autoscaled Deployment names none.
    const scaled = new GracefulDeployment(chart, 'scaled', { containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: 30 } });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: scaled, maxReplicas: 10, minReplicas: 2 });
    expect(scaled.podDisruptionBudget).toBeDefined();
    const budgets = Testing.synth(chart).filter((m) => m.kind === 'PodDisruptionBudget');
    expect(budgets).toHaveLength(1);
    expect(budgets[0].spec.maxUnavailable).toBe(1);
  });

  test('podDisruptionBudget none stays none with an autoscaler', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new GracefulDeployment(chart, 'web', { containers: [APP_CONTAINER], podDisruptionBudget: 'none', shutdown: { appShutdownTimeout: 30 } });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: deployment, maxReplicas: 10 });
    expect(Testing.synth(chart).filter((m) => m.kind === 'PodDisruptionBudget')).toHaveLength(0);
  });
});
