import { Duration } from 'cdk8s';
import {
  AppImage,
  Framework,
  GracefulQuit,
  PodCount,
  PreStopMode,
  Sidecar,
  toShutdownSpec,
  Traffic,
  type ShutdownProps,
} from '../../src/cdk8s-common';
import { GracefulConfigError, planShutdown, type ShutdownSpec } from '../../src/core';

describe('toShutdownSpec: the construct props\' jsii-ready form to the core\'s ShutdownSpec', () => {
  test('maps every field: classes to their core form, enums to their strings, Durations kept as durations', () => {
    const appShutdownTimeout = Duration.seconds(30);
    const lag = Duration.seconds(12);
    const props: ShutdownProps = {
      appShutdownTimeout,
      drainDelay: Duration.seconds(15),
      traffic: [
        Traffic.kubeProxy(),
        Traffic.ingressNginx({ lag }),
        Traffic.awsAlb({ readinessGate: false }),
        Traffic.awsNlb({ lag }),
        Traffic.gkeNeg(),
        Traffic.alibabaClb(),
        Traffic.alibabaNlb({ lag }),
        Traffic.nacos({ serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080, namespaceId: 'prod' }),
      ],
      framework: Framework.nginx({ quitVia: GracefulQuit.IMAGE }),
      sidecar: Sidecar.linkerd({ native: true, stopTimeout: Duration.seconds(8) }),
      preStopCommand: { script: 'echo bye', timeout: Duration.seconds(3) },
      longConnectionBudget: Duration.minutes(10),
      safetyMargin: Duration.seconds(7),
      terminationGracePeriod: Duration.minutes(20),
      kubernetesVersion: '1.32',
      replicas: 4,
      image: AppImage.DISTROLESS,
      preStop: PreStopMode.COPIED_SLEEP,
      rollout: { maxSurge: PodCount.percent(50), maxUnavailable: PodCount.absolute(0), minReady: Duration.seconds(5) },
      copiedSleepImage: 'registry.example/busybox:static',
    };
    expect(toShutdownSpec(props)).toEqual({
      appShutdownTimeout,
      drainDelay: props.drainDelay,
      traffic: [
        { kind: 'kube-proxy' },
        { kind: 'ingress-nginx', lag },
        { kind: 'aws-alb', readinessGate: false },
        { kind: 'aws-nlb', lag },
        { kind: 'gke-neg' },
        { kind: 'alibaba-clb' },
        { kind: 'alibaba-nlb', lag },
        { kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'orders', port: 8080, namespaceId: 'prod' },
      ],
      framework: { kind: 'nginx', quitVia: 'image' },
      sidecar: { kind: 'linkerd', native: true, stopTimeout: Duration.seconds(8) },
      preStopCommand: props.preStopCommand,
      longConnectionBudget: props.longConnectionBudget,
      safetyMargin: props.safetyMargin,
      terminationGracePeriod: props.terminationGracePeriod,
      kubernetesVersion: '1.32',
      replicas: 4,
      image: 'distroless',
      preStop: 'copied-sleep',
      rollout: { maxSurge: '50%', maxUnavailable: 0, minReady: props.rollout!.minReady },
      copiedSleepImage: 'registry.example/busybox:static',
    });
  });

  test('every framework and sidecar factory gives the core kind', () => {
    const frameworks = [
      Framework.springBoot(), Framework.nginx(), Framework.phpFpm({ quitVia: GracefulQuit.STOP_SIGNAL }), Framework.gunicorn(), Framework.uvicorn(),
      Framework.nodejs(), Framework.golang(),
    ];
    expect(frameworks.map((f) => f._toCore())).toEqual([
      { kind: 'spring-boot' }, { kind: 'nginx' }, { kind: 'php-fpm', quitVia: 'stop-signal' }, { kind: 'gunicorn' }, { kind: 'uvicorn' }, { kind: 'nodejs' }, { kind: 'go' },
    ]);
    expect([Sidecar.istio(), Sidecar.linkerd()].map((s) => s._toCore())).toEqual([{ kind: 'istio' }, { kind: 'linkerd' }]);
  });

  test('a ShutdownSpec (the TypeScript form) passes through with the same values', () => {
    const spec: ShutdownSpec = { appShutdownTimeout: '30s', traffic: ['aws-nlb', { kind: 'kube-proxy', lag: 3 }], framework: 'spring-boot', rollout: { maxSurge: '50%' } };
    expect(toShutdownSpec(spec)).toEqual(spec);
  });

  test('both forms of the same spec give the same plan', () => {
    const props: ShutdownProps = {
      appShutdownTimeout: Duration.seconds(20),
      traffic: [Traffic.awsNlb()],
      framework: Framework.gunicorn(),
      sidecar: Sidecar.istio({ native: true }),
    };
    const spec: ShutdownSpec = { appShutdownTimeout: 20, traffic: ['aws-nlb'], framework: 'gunicorn', sidecar: { kind: 'istio', native: true } };
    const [a, b] = [planShutdown(toShutdownSpec(props)), planShutdown(spec)];
    expect(a.explain()).toBe(b.explain());
    expect(a.terminationGracePeriodSeconds).toBe(b.terminationGracePeriodSeconds);
    expect(a.terminationGracePeriodSeconds).toBe(150);
  });

  test('bad values are refused by the core\'s validation, naming the same fields as a ShutdownSpec would', () => {
    const plan = (props: ShutdownProps) => () => planShutdown(toShutdownSpec(props));
    expect(plan({ appShutdownTimeout: Duration.seconds(30), rollout: { maxSurge: PodCount.absolute(-1) } }))
      .toThrow(expect.objectContaining({ name: 'GracefulConfigError', field: 'rollout.maxSurge' }));
    expect(plan({ appShutdownTimeout: Duration.seconds(30), traffic: [Traffic.nacos({ serverAddr: '', serviceName: 'orders', port: 8080 })] }))
      .toThrow(GracefulConfigError);
    expect(plan({ appShutdownTimeout: Duration.seconds(30), kubernetesVersion: '1.19' }))
      .toThrow(expect.objectContaining({ field: 'kubernetesVersion' }));
  });
});
