import { planShutdown } from '../../src/core';

describe('service-mesh sidecars', () => {
  test('Istio classic sidecar: the proxy drains for the whole preStop + app budget', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, sidecar: 'istio' });
    expect(plan.podAnnotations).toEqual({ 'proxy.istio.io/config': '{"terminationDrainDuration":"40s"}' });
  });

  // istio pkg/envoy/agent.go, (*Agent).terminate(): with EXIT_ON_ZERO_ACTIVE_CONNECTIONS pilot-agent ignores
  // terminationDrainDuration, sleeps MINIMUM_DRAIN_DURATION (default 5 s) and exits once Envoy counts no active
  // connection. The 5 s default would end the proxy while an ALB still routes for 30 s.
  test('Istio with EXIT_ON_ZERO_ACTIVE_CONNECTIONS ignores terminationDrainDuration: MINIMUM_DRAIN_DURATION covers preStop + drain + app shutdown', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, longConnectionBudget: 600, sidecar: 'istio', traffic: ['aws-alb'] });
    expect(plan.drainDelaySeconds).toBe(30);
    const config = JSON.parse(plan.podAnnotations['proxy.istio.io/config']);
    expect(config.proxyMetadata).toEqual({ EXIT_ON_ZERO_ACTIVE_CONNECTIONS: 'true', MINIMUM_DRAIN_DURATION: '60s' });
    const minimum = parseInt(config.proxyMetadata.MINIMUM_DRAIN_DURATION, 10);
    expect(minimum).toBeGreaterThanOrEqual(plan.preStopCommandSeconds + plan.drainDelaySeconds + plan.appShutdownTimeoutSeconds);
    expect(minimum).toBeLessThan(plan.terminationGracePeriodSeconds);
    expect(plan.decisions.find((d) => d.field.startsWith('pod annotations'))!.reason).toContain('ignores terminationDrainDuration');
  });

  test('Istio with a Nacos deregistration: the proxy outlives the preStop command as well', () => {
    const plan = planShutdown({
      appShutdownTimeout: 20,
      longConnectionBudget: 300,
      sidecar: 'istio',
      traffic: [{ kind: 'nacos', serverAddr: 'nacos:8848', serviceName: 'orders', port: 8080 }],
    });
    const config = JSON.parse(plan.podAnnotations['proxy.istio.io/config']);
    expect(config.proxyMetadata.MINIMUM_DRAIN_DURATION).toBe(`${5 + 35 + 20}s`);
  });

  // Linkerd docs, "Graceful Pod Shutdown" and the proxy configuration reference: the proxy's wait before exit
  // runs as its preStop and must stay below terminationGracePeriodSeconds.
  test('Linkerd classic sidecar: the wait before exit stays strictly below the grace period even with safetyMargin 0', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, safetyMargin: 0, sidecar: 'linkerd' });
    const wait = Number(plan.podAnnotations['config.alpha.linkerd.io/proxy-wait-before-exit-seconds']);
    expect(wait).toBe(35);
    expect(plan.terminationGracePeriodSeconds).toBe(36);
    expect(wait).toBeLessThan(plan.terminationGracePeriodSeconds);
    expect(plan.decisions.find((d) => d.field === 'terminationGracePeriodSeconds')!.reason)
      .toContain("safetyMargin 0s raised to 1s: Linkerd's wait before exit must stay below the grace period");
  });

  test('Linkerd: a pinned grace period equal to the wait is rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 30, safetyMargin: 0, sidecar: 'linkerd', terminationGracePeriod: 35 }))
      .toThrow(/^terminationGracePeriod is 35s but the plan needs at least 36s/);
  });

  // kubernetes pkg/kubelet/kuberuntime/kuberuntime_termination_order.go: native sidecars (init containers with
  // restartPolicy: Always) are stopped only after every main container exited, with what is left of the grace
  // period, at least minimumGracePeriodInSeconds (2 s).
  test('a native sidecar is stopped after the app, so the grace period reserves its stop after the app budget', () => {
    const classic = planShutdown({ appShutdownTimeout: 30, sidecar: 'istio' });
    const native = planShutdown({ appShutdownTimeout: 30, sidecar: { kind: 'istio', native: true } });
    expect(native.terminationGracePeriodSeconds).toBe(classic.terminationGracePeriodSeconds + 5);
    expect(native.podAnnotations).toEqual({ 'sidecar.istio.io/nativeSidecar': 'true' });
    expect(native.explain()).toContain('native istio sidecar stop 5s');
    const linkerd = planShutdown({ appShutdownTimeout: 30, sidecar: { kind: 'linkerd', native: true, stopTimeout: '1s' } });
    expect(linkerd.terminationGracePeriodSeconds).toBe(5 + 30 + 5 + 2);
    expect(linkerd.podAnnotations['config.alpha.linkerd.io/proxy-wait-before-exit-seconds']).toBeUndefined();
    expect(linkerd.podAnnotations['config.linkerd.io/proxy-enable-native-sidecar']).toBe('true');
  });

  // linkerd2 pkg/k8s/labels.go at version-2.15 to version-2.18 defines ProxyEnableNativeSidecarAnnotation as
  // config.alpha.linkerd.io/proxy-enable-native-sidecar only; the beta key appears in 2.19 and config.linkerd.io in
  // 2.20, and pkg/inject/inject.go at HEAD still reads the alpha key.
  test('a native Linkerd pin carries the alpha key, the only one Linkerd 2.15-2.18 read', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, sidecar: { kind: 'linkerd', native: true } });
    expect(plan.podAnnotations).toEqual({
      'config.alpha.linkerd.io/proxy-enable-native-sidecar': 'true',
      'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true',
      'config.linkerd.io/proxy-enable-native-sidecar': 'true',
    });
  });

  // istio pkg/envoy/proxy.go starts Envoy with --drain-time-s = drainDuration (default 45 s, pkg/config/mesh/mesh.go);
  // Envoy accepts new connections on the drained inbound listeners only until that drain time ends (Envoy docs,
  // "Draining"; istio/istio#34855 lists the four drain settings).
  test('Istio behind an NLB: drainDuration covers the 120 s drain, or Envoy refuses new inbound connections from 45 s on', () => {
    const classic = planShutdown({ appShutdownTimeout: 30, traffic: ['aws-nlb'], sidecar: 'istio' });
    expect(JSON.parse(classic.podAnnotations['proxy.istio.io/config'])).toEqual({ terminationDrainDuration: '150s', drainDuration: '120s' });
    const long = planShutdown({ appShutdownTimeout: 30, longConnectionBudget: '10m', traffic: ['aws-nlb'], sidecar: 'istio' });
    expect(JSON.parse(long.podAnnotations['proxy.istio.io/config'])).toMatchObject({ drainDuration: '120s' });
    const native = planShutdown({ appShutdownTimeout: 30, traffic: ['aws-nlb'], sidecar: { kind: 'istio', native: true } });
    expect(native.podAnnotations).toEqual({ 'sidecar.istio.io/nativeSidecar': 'true', 'proxy.istio.io/config': '{"drainDuration":"120s"}' });
    expect(native.explain()).toContain('drainDuration 120s (preStop commands + drain; Istio\'s default is 45s)');
  });

  test('Istio with preStop commands + drain within the default 45 s: drainDuration is left to the mesh', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 45, sidecar: 'istio' });
    expect(JSON.parse(plan.podAnnotations['proxy.istio.io/config'])).toEqual({ terminationDrainDuration: '75s' });
    expect(planShutdown({ appShutdownTimeout: 30, drainDelay: 45, sidecar: { kind: 'istio', native: true } }).podAnnotations)
      .toEqual({ 'sidecar.istio.io/nativeSidecar': 'true' });
  });

  test('native sidecars need Kubernetes 1.29 (KEP-753 beta, on by default); stopTimeout needs native', () => {
    expect(() => planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.28', preStop: 'exec-sleep', sidecar: { kind: 'istio', native: true } }))
      .toThrow(/^sidecar.native needs Kubernetes 1.29 or newer/);
    expect(() => planShutdown({ appShutdownTimeout: 30, sidecar: { kind: 'istio', stopTimeout: 3 } }))
      .toThrow(/^sidecar.stopTimeout applies only to native sidecars/);
  });

  test('an unknown sidecar is rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, sidecar: 'consul' as any })).toThrow("sidecar must be one of 'istio', 'linkerd', got \"consul\"");
  });
});
