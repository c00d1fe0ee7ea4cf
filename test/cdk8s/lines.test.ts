/*
 * Every behaviour of the constructs, through every cdk8s-plus line (graceful-k8s/cdk8s-plus-27, -cdk8s-plus-32, -33, -34),
 * with the jsii-ready props (ShutdownProps); graceful-k8s/cdk8s-plus-27's own ShutdownSpec form is tested in the files
 * next to this one.
 */
import { Chart, Duration, Testing } from 'cdk8s';
import { GracefulConfigError, planShutdown } from '../../src/core';
import { appContainerOf, TEST_LINES, type TestLine } from '../helpers/cdk8s-lines';

function synth(chart: Chart) {
  const manifests = Testing.synth(chart);
  return { manifests, of: (kind: string) => manifests.filter((m) => m.kind === kind) };
}

describe.each(TEST_LINES)('$name', (line: TestLine) => {
  const { kplus, graceful } = line;
  const containers = () => [appContainerOf(kplus)];
  const chart = () => new Chart(Testing.app(), 'test');

  describe('GracefulDeployment', () => {
    test('durations in milliseconds round up to whole seconds, as the core documents, instead of cdk8s\'s raw error (issue 23, item 4)', () => {
      const c = chart();
      new graceful.GracefulDeployment(c, 'app', {
        containers: containers(),
        minReady: Duration.millis(1500),
        progressDeadline: Duration.millis(700_500),
        terminationGracePeriod: Duration.millis(60_500),
        shutdown: { appShutdownTimeout: Duration.seconds(30) },
      });
      const [manifest] = synth(c).of('Deployment');
      expect(manifest.spec.minReadySeconds).toBe(2);
      expect(manifest.spec.progressDeadlineSeconds).toBe(701);
      expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(61);
    });

    test('extends the line\'s Deployment and renders the plan: grace period, native preStop sleep, env, rolling update, PodDisruptionBudget', () => {
      const c = chart();
      const deployment = new graceful.GracefulDeployment(c, 'app', { containers: containers(), shutdown: { appShutdownTimeout: Duration.seconds(30) } });
      expect(deployment).toBeInstanceOf(kplus.Deployment);
      const { of } = synth(c);
      const [manifest] = of('Deployment');
      const pod = manifest.spec.template.spec;
      expect(pod.terminationGracePeriodSeconds).toBe(40);
      // cdk8s-plus-27's 1.27 types drop `sleep`; the post-synthesis transform renders it on every line.
      expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
      expect(pod.containers[0].env).toEqual(expect.arrayContaining([{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '30' }]));
      expect(manifest.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
      expect(manifest.spec.minReadySeconds).toBe(0);
      expect(manifest.spec.progressDeadlineSeconds).toBe(600);
      expect(manifest.spec.replicas).toBe(line.facts.defaultDeploymentReplicas);
      const [pdb] = of('PodDisruptionBudget');
      expect(pdb.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: manifest.spec.selector.matchLabels } });
      expect(deployment.podDisruptionBudget).toBeDefined();
    });

    test('the jsii-ready props map to the same plan as the equivalent ShutdownSpec', () => {
      const { GracefulDeployment, Traffic, Framework, Sidecar, PodCount, AppImage, PreStopMode } = graceful;
      const deployment = new GracefulDeployment(chart(), 'app', {
        containers: containers(),
        shutdown: {
          appShutdownTimeout: Duration.seconds(25),
          traffic: [Traffic.kubeProxy({ lag: Duration.seconds(3) }), Traffic.awsAlb({ readinessGate: false })],
          framework: Framework.springBoot(),
          sidecar: Sidecar.istio(),
          image: AppImage.SHELL,
          preStop: PreStopMode.EXEC_SLEEP,
          rollout: { maxSurge: PodCount.absolute(2), maxUnavailable: PodCount.percent(10), podStartup: Duration.seconds(20) },
        },
      });
      const fromSpec = planShutdown({
        appShutdownTimeout: 25,
        traffic: [{ kind: 'kube-proxy', lag: 3 }, { kind: 'aws-alb', readinessGate: false }],
        framework: 'spring-boot',
        sidecar: 'istio',
        image: 'shell',
        preStop: 'exec-sleep',
        rollout: { maxSurge: 2, maxUnavailable: '10%', podStartup: '20s' },
      });
      expect(JSON.parse(JSON.stringify(deployment.plan))).toEqual(JSON.parse(JSON.stringify(fromSpec)));
      expect(deployment.plan.explain()).toBe(fromSpec.explain());
      expect(deployment.plan.drainDelaySeconds).toBe(30);
      expect(deployment.plan.rollout).toEqual({ maxSurge: 2, maxUnavailable: '10%', minReadySeconds: 30, progressDeadlineSeconds: 630 });
    });

    test('a rolling-update strategy given on the Deployment becomes the plan\'s; Recreate is refused naming `strategy`', () => {
      const deployment = new graceful.GracefulDeployment(chart(), 'app', {
        containers: containers(),
        shutdown: { appShutdownTimeout: Duration.seconds(30) },
        strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(3) }),
        minReady: Duration.seconds(7),
      } as never);
      expect(deployment.plan.rollout.maxSurge).toBe(3);
      expect(deployment.plan.rollout.minReadySeconds).toBe(7);
      expect(() => new graceful.GracefulDeployment(chart(), 'app', {
        containers: containers(),
        shutdown: { appShutdownTimeout: Duration.seconds(30) },
        strategy: kplus.DeploymentStrategy.recreate(),
      } as never)).toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'strategy' }));
    });

    test('exposeViaService puts the plan\'s load-balancer annotations on a LoadBalancer Service', () => {
      const c = chart();
      const deployment = new graceful.GracefulDeployment(c, 'app', { containers: containers(), shutdown: { appShutdownTimeout: Duration.seconds(20), traffic: [graceful.Traffic.awsNlb()] } });
      deployment.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
      const [service] = synth(c).of('Service');
      expect(service.spec.type).toBe('LoadBalancer');
      expect(service.metadata.annotations).toEqual(deployment.plan.serviceAnnotations);
      expect(Object.keys(deployment.plan.serviceAnnotations).length).toBeGreaterThan(0);
    });

    test('podDisruptionBudget NONE creates no budget', () => {
      const c = chart();
      new graceful.GracefulDeployment(c, 'app', {
        containers: containers(),
        shutdown: { appShutdownTimeout: Duration.seconds(30) },
        podDisruptionBudget: graceful.PodDisruptionBudgetPolicy.NONE,
      });
      expect(synth(c).of('PodDisruptionBudget')).toEqual([]);
    });
  });

  describe('GracefulStatefulSet', () => {
    test('extends the line\'s StatefulSet and renders the plan: grace period, preStop, env, minReadySeconds; keeps partition and podManagementPolicy', () => {
      const c = chart();
      const statefulSet = new graceful.GracefulStatefulSet(c, 'db', {
        containers: containers(),
        replicas: 3,
        strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
        podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
        shutdown: { appShutdownTimeout: Duration.seconds(60), drainDelay: Duration.seconds(10), rollout: { minReady: Duration.seconds(12) } },
      });
      expect(statefulSet).toBeInstanceOf(kplus.StatefulSet);
      // The StatefulSet's own rollout props are the plan's StatefulSet settings (rendered by the core).
      expect(statefulSet.plan.rollout.statefulSet).toEqual({ partition: 2, podManagementPolicy: 'Parallel' });
      // The plan knows the workload's 3 replicas (the estimate, and the partition check: 2 < 3 updates one pod).
      expect(statefulSet.plan.rolloutEstimate.replicas).toBe(3);
      expect(statefulSet.warnings.map((w) => w.code)).not.toContain('partition-holds-all');
      const { of } = synth(c);
      const [manifest] = of('StatefulSet');
      const pod = manifest.spec.template.spec;
      expect(pod.terminationGracePeriodSeconds).toBe(75);
      expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
      expect(pod.containers[0].env).toEqual(expect.arrayContaining([{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '60' }]));
      expect(manifest.spec.minReadySeconds).toBe(12);
      expect(manifest.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
      expect(manifest.spec.podManagementPolicy).toBe('Parallel');
      // StatefulSets have no surge and no progress deadline.
      expect(manifest.spec.strategy).toBeUndefined();
      expect(manifest.spec.progressDeadlineSeconds).toBeUndefined();
      const [pdb] = of('PodDisruptionBudget');
      expect(pdb.spec).toEqual({
        maxUnavailable: statefulSet.plan.podDisruptionBudget.maxUnavailable,
        selector: { matchLabels: manifest.spec.selector.matchLabels },
      });
    });

    test('one replica (the line\'s default) gets no PodDisruptionBudget; an autoscaler then gets one', () => {
      const c = chart();
      const statefulSet = new graceful.GracefulStatefulSet(c, 'db', { containers: containers(), shutdown: { appShutdownTimeout: Duration.seconds(30) } });
      expect(line.facts.defaultStatefulSetReplicas).toBe(1);
      expect(statefulSet.podDisruptionBudget).toBeUndefined();
      expect(synth(c).of('PodDisruptionBudget')).toEqual([]);
      statefulSet.markHasAutoscaler();
      expect(statefulSet.podDisruptionBudget).toBeDefined();
      expect(synth(c).of('PodDisruptionBudget')).toHaveLength(1);
    });

    test('an OnDelete strategy is kept, with a statefulset-on-delete warning recorded on the construct', () => {
      const c = chart();
      const statefulSet = new graceful.GracefulStatefulSet(c, 'db', {
        containers: containers(), strategy: kplus.StatefulSetUpdateStrategy.onDelete(), shutdown: { appShutdownTimeout: Duration.seconds(30) },
      });
      expect(statefulSet.warnings.map((w) => w.code)).toContain('statefulset-on-delete');
      expect(graceful.collectWarnings(c).join('\n')).toMatch(/test\/db: \[statefulset-on-delete\] updateStrategy is OnDelete/);
      expect(synth(c).of('StatefulSet')[0].spec.updateStrategy).toEqual({ type: 'OnDelete' });
    });

    test('minReady on the StatefulSet and a different shutdown.rollout.minReady is an error naming the field', () => {
      expect(() => new graceful.GracefulStatefulSet(chart(), 'db', {
        containers: containers(),
        minReady: Duration.seconds(5),
        shutdown: { appShutdownTimeout: Duration.seconds(30), rollout: { minReady: Duration.seconds(9) } },
      } as never)).toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'shutdown.rollout.minReady' }));
    });

    test('a pinned grace period on the StatefulSet above the plan is kept (never lowered)', () => {
      const c = chart();
      const statefulSet = new graceful.GracefulStatefulSet(c, 'db', {
        containers: containers(), terminationGracePeriod: Duration.minutes(10), shutdown: { appShutdownTimeout: Duration.seconds(30) },
      });
      expect(statefulSet.plan.terminationGracePeriodSeconds).toBe(600);
      expect(synth(c).of('StatefulSet')[0].spec.template.spec.terminationGracePeriodSeconds).toBe(600);
    });

    test('exposeViaService adds a LoadBalancer Service with the plan\'s annotations next to the governing headless Service, which gets none', () => {
      const c = chart();
      const statefulSet = new graceful.GracefulStatefulSet(c, 'db', {
        containers: containers(), replicas: 2, shutdown: { appShutdownTimeout: Duration.seconds(20), traffic: [graceful.Traffic.awsNlb()] },
      });
      statefulSet.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
      const services = synth(c).of('Service');
      expect(services).toHaveLength(2);
      const headless = services.find((svc) => svc.spec.clusterIP === 'None');
      const exposed = services.find((svc) => svc.spec.clusterIP !== 'None');
      expect(headless.metadata.annotations).toBeUndefined();
      expect(exposed.spec.type).toBe('LoadBalancer');
      expect(exposed.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
      expect(exposed.spec.selector).toEqual(headless.spec.selector);
      expect(exposed.metadata.annotations).toEqual(statefulSet.plan.serviceAnnotations);
      expect(Object.keys(statefulSet.plan.serviceAnnotations).length).toBeGreaterThan(0);
      expect(() => statefulSet.exposeViaService({ name: 'other', serviceType: kplus.ServiceType.CLUSTER_IP }))
        .toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'exposeViaService.serviceType' }));
    });

    test('a StatefulSet plan: maxSurge is refused; partition set on the strategy and differently in shutdown.rollout is an error', () => {
      const statefulSet = new graceful.GracefulStatefulSet(chart(), 'db', { containers: containers(), shutdown: { appShutdownTimeout: Duration.seconds(30) } });
      expect(statefulSet.plan.workloadKind).toBe('StatefulSet');
      expect(() => new graceful.GracefulStatefulSet(chart(), 'db', {
        containers: containers(), shutdown: { appShutdownTimeout: Duration.seconds(30), rollout: { maxSurge: graceful.PodCount.absolute(1) } },
      })).toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'rollout.maxSurge' }));
      expect(() => new graceful.GracefulStatefulSet(chart(), 'db', {
        containers: containers(),
        replicas: 3,
        strategy: kplus.StatefulSetUpdateStrategy.rollingUpdate({ partition: 2 }),
        shutdown: { appShutdownTimeout: Duration.seconds(30), rollout: { partition: 1 } } as never,
      })).toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'shutdown.rollout.partition' }));
    });

    test('an OnDelete strategy with a rolling-update setting in shutdown.rollout is refused naming `strategy`', () => {
      expect(() => new graceful.GracefulStatefulSet(chart(), 'db', {
        containers: containers(),
        replicas: 3,
        strategy: kplus.StatefulSetUpdateStrategy.onDelete(),
        shutdown: { appShutdownTimeout: Duration.seconds(30), rollout: { partition: 1 } } as never,
      })).toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'strategy' }));
    });

    test('a missing shutdown is a GracefulConfigError naming `shutdown`', () => {
      expect(() => new graceful.GracefulStatefulSet(chart(), 'db', { containers: containers() } as never)).toThrow(GracefulConfigError);
    });
  });

  describe('applyPlanToWorkload', () => {
    test('applies a plan to the line\'s own StatefulSet at synthesis; a second plan is refused', () => {
      const c = chart();
      const statefulSet = new kplus.StatefulSet(c, 'db', { containers: containers() });
      const { plan } = graceful.applyPlanToWorkload(statefulSet, { appShutdownTimeout: Duration.seconds(45) });
      expect(plan.workloadKind).toBe('StatefulSet');
      expect(plan.rolloutEstimate.replicas).toBe(line.facts.defaultStatefulSetReplicas);
      const [manifest] = synth(c).of('StatefulSet');
      expect(manifest.spec.template.spec.terminationGracePeriodSeconds).toBe(plan.terminationGracePeriodSeconds);
      expect(manifest.spec.template.spec.containers[0].lifecycle.preStop).toEqual(plan.preStop);
      expect(() => graceful.applyPlanToWorkload(statefulSet, { appShutdownTimeout: Duration.seconds(45) })).toThrow(/already has a shutdown plan/);
    });
  });
});

describe('warnings the user has answered go away (issue 23, item 11)', () => {
  test.each(TEST_LINES)('$name: a worker with drainDelay 0 and no ports acknowledges drain-delay-zero and no-readiness-probe', (line) => {
    const chart = new Chart(Testing.app(), 'test');
    const props = { containers: [{ name: 'worker', image: 'registry.example/worker:1' }], replicas: 3 };
    const noisy = new line.graceful.GracefulDeployment(chart, 'noisy', { ...props, shutdown: { appShutdownTimeout: Duration.seconds(30), drainDelay: Duration.seconds(0) } });
    expect(noisy.warnings.map((w) => w.code).sort()).toEqual(['drain-delay-zero', 'no-readiness-probe']);
    const quiet = new line.graceful.GracefulDeployment(chart, 'quiet', {
      ...props,
      shutdown: { appShutdownTimeout: Duration.seconds(30), drainDelay: Duration.seconds(0), acknowledgedWarnings: ['drain-delay-zero', 'no-readiness-probe'] },
    });
    expect(quiet.warnings).toEqual([]);
    expect(quiet.node.metadata.filter((m) => m.type === 'graceful-k8s:warning')).toEqual([]);
  });
});

test('a namespace-label warning is acknowledged once the Namespace carries the labels, and an ack that is no code is refused', () => {
  const spec = { appShutdownTimeout: 30, traffic: ['aws-alb' as const] };
  expect(planShutdown(spec).warnings.map((w) => w.code)).toContain('namespace-label');
  expect(planShutdown({ ...spec, acknowledgedWarnings: ['namespace-label'] }).warnings.map((w) => w.code)).not.toContain('namespace-label');
  expect(() => planShutdown({ ...spec, acknowledgedWarnings: ['Namespace label'] })).toThrow(GracefulConfigError);
});
