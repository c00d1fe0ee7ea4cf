import { planShutdown } from '../../src/core';

describe('service-mesh sidecars', () => {
  test('Istio: the proxy drains for the whole preStop + app budget', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, sidecar: 'istio' });
    expect(plan.podAnnotations).toEqual({ 'proxy.istio.io/config': '{"terminationDrainDuration":"40s"}' });
  });

  test('Istio with long connections also exits as soon as connections reach zero', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, longConnectionBudget: '10m', sidecar: 'istio' });
    expect(JSON.parse(plan.podAnnotations['proxy.istio.io/config'])).toEqual({
      terminationDrainDuration: '610s',
      proxyMetadata: { EXIT_ON_ZERO_ACTIVE_CONNECTIONS: 'true' },
    });
  });

  test('Linkerd: the proxy waits before exiting for the preStop + app budget, below the grace period', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 10, sidecar: 'linkerd' });
    expect(plan.podAnnotations).toEqual({ 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '40' });
    expect(40).toBeLessThan(plan.terminationGracePeriodSeconds);
  });

  test('an unknown sidecar is rejected', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, sidecar: 'consul' as any })).toThrow("sidecar must be one of 'istio', 'linkerd', got \"consul\"");
  });
});
