import { estimateRollout, planShutdown } from '../../src/core';

describe('rollout settings derived from what they guard', () => {
  // minReadySeconds only delays counting a Ready pod available; the EndpointSlice controller reads the pod's Ready
  // condition alone (k8s.io/endpointslice utils.go, podToEndpoint), so it never keeps a pod out of a Service.
  test('minReadySeconds is 0 when every router routes only to Ready endpoints, however long the drain', () => {
    for (const traffic of [[], ['kube-proxy'], ['ingress-nginx'], [{ kind: 'nacos', serverAddr: 'n:8848', serviceName: 's', port: 80 }]] as const) {
      const plan = planShutdown({ appShutdownTimeout: 30, traffic: [...traffic] });
      expect(plan.rollout.minReadySeconds).toBe(0);
      expect(plan.rollout.progressDeadlineSeconds).toBe(600);
    }
    const reason = planShutdown({ appShutdownTimeout: 30, drainDelay: 35 }).decisions.find((d) => d.field === 'minReadySeconds')!.reason;
    expect(reason).toContain('minReadySeconds would not keep a pod out of Services');
  });

  test('minReadySeconds covers an external load balancer\'s registration lag only without a readiness gate', () => {
    expect(planShutdown({ appShutdownTimeout: 30, traffic: ['aws-alb'] }).rollout.minReadySeconds).toBe(0);
    expect(planShutdown({ appShutdownTimeout: 30, traffic: ['gke-neg'] }).rollout.minReadySeconds).toBe(0);
    const noGate = planShutdown({ appShutdownTimeout: 30, traffic: [{ kind: 'aws-alb', readinessGate: false }] });
    expect(noGate.rollout.minReadySeconds).toBe(30);
    expect(noGate.decisions.find((d) => d.field === 'minReadySeconds')!.reason).toMatch(/^= aws-alb's registration lag 30s \(aws-alb without a readiness gate/);
    const alibaba = planShutdown({ appShutdownTimeout: 30, traffic: ['kube-proxy', 'alibaba-clb'] });
    expect(alibaba.rollout.minReadySeconds).toBe(15);
    expect(() => planShutdown({ appShutdownTimeout: 30, traffic: [{ kind: 'kube-proxy', readinessGate: true } as any] }))
      .toThrow(/^traffic\[0\]\.readinessGate applies only to aws-alb, aws-nlb and gke-neg/);
  });

  // kubernetes pkg/controller/deployment/util/deployment_util.go, DeploymentProgressing: a rise in updated, ready
  // or available replicas is progress.
  test('progressDeadlineSeconds\' reason says a rise in ready replicas counts as progress', () => {
    const reason = planShutdown({ appShutdownTimeout: 30 }).decisions.find((d) => d.field === 'progressDeadlineSeconds')!.reason;
    expect(reason).toContain('the controller counts a rise in updated, ready or available replicas as progress');
    expect(reason).not.toContain('does not count as progress');
  });

  test('the rollout estimate counts steps of maxSurge + maxUnavailable pods, each pod start + minReadySeconds, and the grace period after', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, replicas: 10, traffic: [{ kind: 'aws-nlb', readinessGate: false }], rollout: { podStartup: 20 } });
    // maxSurge 25% of 10 rounds up to 3 pods per step: 4 steps of (20 s start + 120 s minReady).
    expect(plan.rolloutEstimate).toMatchObject({ replicas: 10, podsPerStep: 3, steps: 4, rolloutSeconds: 4 * 140 });
    expect(plan.rolloutEstimate.rolloutCompleteSeconds).toBe(4 * 140 + plan.terminationGracePeriodSeconds);
    expect(plan.explain()).toContain(`rollout estimate (10 replicas) = ${4 * 140}s`);
  });

  test('a long grace period shows its cost: terminating pods kept that long, node drains at least that long', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, longConnectionBudget: '30m', replicas: 3 });
    expect(plan.rolloutEstimate.terminatingSeconds).toBe(plan.terminationGracePeriodSeconds);
    expect(plan.rolloutEstimate.nodeDrainSeconds).toBe(2 * 10 + plan.terminationGracePeriodSeconds);
    expect(plan.explain()).toContain('a long grace period makes every node drain at least that long');
    expect(estimateRollout(plan.rollout, 40, 1, 10)).toMatchObject({ steps: 1, rolloutSeconds: 10, nodeDrainSeconds: 40 });
  });
});
