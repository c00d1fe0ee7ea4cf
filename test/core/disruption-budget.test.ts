import { planShutdown } from '../../src/core';

// KEP-3017 (PDBUnhealthyPodEvictionPolicy: alpha 1.26, beta and on 1.27, GA 1.31); the Kubernetes docs ("Specifying a
// Disruption Budget for your Application", Unhealthy Pod Eviction Policy) recommend AlwaysAllow for most applications:
// with the default IfHealthyBudget a Running but unready pod blocks a node drain.
describe('the PodDisruptionBudget\'s unhealthyPodEvictionPolicy', () => {
  test('a Deployment plan sets AlwaysAllow, so an unready pod cannot block a node drain, and explain() says why', () => {
    const plan = planShutdown({ appShutdownTimeout: 30 });
    expect(plan.podDisruptionBudget).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(plan.explain()).toContain('podDisruptionBudget.unhealthyPodEvictionPolicy = AlwaysAllow');
    expect(plan.explain()).toContain('KEP-3017');
  });

  test('from kubernetesVersion 1.27 (beta, on by default) only: below, an API server with the gate off drops the field', () => {
    expect(planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.27' }).podDisruptionBudget.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    const old = planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.26' });
    expect(old.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(old.decisions.find((d) => d.field === 'podDisruptionBudget.unhealthyPodEvictionPolicy')?.reason).toMatch(/^unset: kubernetesVersion 1.26 is older than 1.27/);
  });

  test('a StatefulSet plan leaves it unset (IfHealthyBudget) on purpose: a drain must not take a second member of a degraded quorum', () => {
    const plan = planShutdown({ appShutdownTimeout: 30 }, { workloadKind: 'StatefulSet' });
    expect(plan.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    const decision = plan.decisions.find((d) => d.field === 'podDisruptionBudget.unhealthyPodEvictionPolicy');
    expect(decision?.value).toBe('unset (IfHealthyBudget)');
    expect(decision?.reason).toContain('quorum');
  });
});
