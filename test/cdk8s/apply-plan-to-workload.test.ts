import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { applyPlanToWorkload, GracefulDeployment } from '../../src/cdk8s-plus-27';
import { GracefulConfigError, planShutdown } from '../../src/core';
import { validateAgainstSchema } from '../helpers/schema';
import { APP_CONTAINER } from '../helpers/synth';

describe('applyPlanToWorkload on existing cdk8s-plus workloads', () => {
  test('a Deployment with a 300 s grace period keeps it: never lowered, and the plan sized for it', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'batch', { containers: [APP_CONTAINER], replicas: 3, terminationGracePeriod: Duration.seconds(300) });
    const { plan, warnings } = applyPlanToWorkload(deployment, { appShutdownTimeout: 30 });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(300);
    expect(plan.terminationGracePeriodSeconds).toBe(300);
    expect(warnings).toEqual([]);
  });

  test('a Deployment with a 20 s grace period is raised to the plan\'s, with a warning', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [APP_CONTAINER], replicas: 3, terminationGracePeriod: Duration.seconds(20) });
    const { warnings } = applyPlanToWorkload(deployment, { appShutdownTimeout: 30 });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(warnings.map((w) => w.code)).toEqual(['grace-period-raised']);
  });

  test('a plan made beforehand keeps a longer workload grace period too, and says the plan was sized for less', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'batch', { containers: [APP_CONTAINER], replicas: 3, terminationGracePeriod: Duration.seconds(300) });
    const { warnings } = applyPlanToWorkload(deployment, planShutdown({ appShutdownTimeout: 30 }));
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(300);
    expect(warnings.map((w) => w.code)).toEqual(['grace-period-kept']);
  });

  test('an existing Deployment gets the grace period, preStop, env and rollout', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [APP_CONTAINER], replicas: 3 });
    const { plan, warnings } = applyPlanToWorkload(deployment, { appShutdownTimeout: 20, drainDelay: 8, traffic: [{ kind: 'alibaba-clb', lag: 8 }] });
    const [manifest] = Testing.synth(chart);
    const pod = manifest.spec.template.spec;
    expect(plan.terminationGracePeriodSeconds).toBe(33);
    expect(pod.terminationGracePeriodSeconds).toBe(33);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 8 } });
    expect(pod.containers[0].env.map((e: any) => e.name)).toContain('POD_IP');
    expect(manifest.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
    expect(manifest.spec.minReadySeconds).toBe(15);
    expect(warnings).toEqual([]);
    validateAgainstSchema(manifest);
  });

  test('an existing StatefulSet gets the pod changes and minReadySeconds, and a no-surge warning', () => {
    const chart = new Chart(Testing.app(), 'test');
    const service = new kplus.Service(chart, 'svc', { ports: [{ port: 8080 }], clusterIP: 'None' });
    const sts = new kplus.StatefulSet(chart, 'db', { containers: [APP_CONTAINER], service, replicas: 3 });
    const { warnings } = applyPlanToWorkload(sts, planShutdown({ appShutdownTimeout: 60, drainDelay: 5, kubernetesVersion: '1.28', image: 'distroless', rollout: { minReady: 5 } }));
    const manifest = Testing.synth(chart).find((m) => m.kind === 'StatefulSet');
    const pod = manifest.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(70);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '5'] } });
    expect(pod.initContainers[0].name).toBe('graceful-k8s-copy-sleep');
    expect(manifest.spec.minReadySeconds).toBe(5);
    expect(manifest.spec.strategy).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['statefulset-no-surge']);
    validateAgainstSchema(manifest);
  });

  test('a workload with one replica and no readiness probe gets both warnings', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ image: 'web:1', portNumber: 80 }], replicas: 1 });
    expect(applyPlanToWorkload(deployment, { appShutdownTimeout: 5 }).warnings.map((w) => w.code)).toEqual(['no-readiness-probe', 'single-replica']);
  });

  test('identical liveness and readiness probes warn', () => {
    const chart = new Chart(Testing.app(), 'test');
    const probe = kplus.Probe.fromHttpGet('/healthz', { port: 8080 });
    const deployment = new kplus.Deployment(chart, 'web', { containers: [{ ...APP_CONTAINER, readiness: probe, liveness: probe }] });
    expect(applyPlanToWorkload(deployment, { appShutdownTimeout: 5 }).warnings.map((w) => w.code)).toEqual(['liveness-equals-readiness']);
  });

  test('a cdk8s-plus Deployment with an autoscaler does not warn about replicas', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [APP_CONTAINER] });
    new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: deployment, maxReplicas: 5 });
    expect(applyPlanToWorkload(deployment, { appShutdownTimeout: 5 }).warnings).toEqual([]);
  });
});

describe('one plan per workload', () => {
  test('applyPlanToWorkload on a GracefulDeployment is refused with a GracefulConfigError naming the workload', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new GracefulDeployment(chart, 'orders', { containers: [APP_CONTAINER], shutdown: { appShutdownTimeout: 30 } });
    expect(() => applyPlanToWorkload(deployment, { appShutdownTimeout: 120 })).toThrow(GracefulConfigError);
    expect(() => applyPlanToWorkload(deployment, { appShutdownTimeout: 120 })).toThrow(/^workload "test\/orders" already has a shutdown plan/);
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(deployment.plan.terminationGracePeriodSeconds);
  });

  test('a second applyPlanToWorkload on a plain Deployment is refused too', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [APP_CONTAINER] });
    applyPlanToWorkload(deployment, { appShutdownTimeout: 30 });
    expect(() => applyPlanToWorkload(deployment, { appShutdownTimeout: 30 })).toThrow(/already has a shutdown plan/);
  });
});

describe('applyPlanToWorkload keeps the workload\'s rollout settings or refuses them (issue 23, item 2)', () => {
  test('a Recreate strategy is refused, naming strategy', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [APP_CONTAINER], replicas: 3, strategy: kplus.DeploymentStrategy.recreate() });
    expect(() => applyPlanToWorkload(deployment, { appShutdownTimeout: 30 })).toThrow(/^strategy is "Recreate"/);
  });

  test('a rolling update of (0 surge, 1 unavailable) and minReady 30 s are kept, not replaced by 25 %/0 and 0', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', {
      containers: [APP_CONTAINER],
      replicas: 3,
      minReady: Duration.seconds(30),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(0),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
      }),
    });
    const { plan } = applyPlanToWorkload(deployment, { appShutdownTimeout: 30 });
    const [manifest] = Testing.synth(chart);
    expect(manifest.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(manifest.spec.minReadySeconds).toBe(30);
    expect(manifest.spec.progressDeadlineSeconds).toBe(630);
    expect(plan.rollout.minReadySeconds).toBe(30);
  });

  test('a plan made beforehand that would replace the workload\'s minReady is refused', () => {
    const chart = new Chart(Testing.app(), 'test');
    const deployment = new kplus.Deployment(chart, 'web', { containers: [APP_CONTAINER], replicas: 3, minReady: Duration.seconds(30) });
    expect(() => applyPlanToWorkload(deployment, planShutdown({ appShutdownTimeout: 30 }))).toThrow(/^minReadySeconds is the workload's own, but the plan sets 0/);
  });

  test('a StatefulSet\'s partition and Parallel policy are kept in the plan', () => {
    const chart = new Chart(Testing.app(), 'test');
    const statefulSet = new kplus.StatefulSet(chart, 'db', {
      containers: [APP_CONTAINER],
      replicas: 3,
      service: new kplus.Service(chart, 'svc', { clusterIP: 'None', ports: [{ port: 80 }] }),
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
    });
    const { plan } = applyPlanToWorkload(statefulSet, { appShutdownTimeout: 30 });
    expect(plan.rollout.statefulSet).toEqual({ partition: 2, podManagementPolicy: 'Parallel' });
    const manifest = Testing.synth(chart).find((m) => m.kind === 'StatefulSet');
    expect(manifest.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(manifest.spec.podManagementPolicy).toBe('Parallel');
  });
});
