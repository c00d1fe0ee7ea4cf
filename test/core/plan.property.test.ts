import * as fc from 'fast-check';
import { applyPlanToWorkloadSpec, planShutdown, type WorkloadSpec } from '../../src/core';
import { validateAgainstSchema } from '../helpers/schema';
import { validSpec } from '../helpers/spec-arbitrary';

const seconds = (max: number) => fc.integer({ min: 0, max });

describe('planShutdown over random valid specs', () => {
  test('the grace period always covers drain + max(app, long connections) + margin', () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const plan = planShutdown(spec);
        const need = plan.drainDelaySeconds + Math.max(plan.appShutdownTimeoutSeconds, plan.longConnectionBudgetSeconds) + plan.safetyMarginSeconds;
        expect(plan.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(need);
        expect(Number.isInteger(plan.terminationGracePeriodSeconds)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test('preStop always waits exactly the drain delay, and a distroless image never execs its own files', () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const plan = planShutdown(spec);
        const d = plan.drainDelaySeconds;
        if (plan.preStop?.sleep) expect(plan.preStop.sleep.seconds).toBe(d);
        if (plan.preStop?.exec) expect(plan.preStop.exec.command.slice(-2)).toEqual(['sleep', String(d)]);
        if (plan.preStopMechanism === 'app-drain') expect(plan.env).toContainEqual({ name: 'GRACEFUL_DRAIN_DELAY_SECONDS', value: String(d) });
        if (plan.preStopMechanism === 'none') expect(d).toBe(0);
        if (d > 0 && plan.preStopMechanism !== 'app-drain') expect(plan.preStop).toBeDefined();
        if (spec.image === 'distroless' && plan.preStop?.exec) expect(plan.preStop.exec.command[0]).toBe('/graceful-k8s/bin/busybox');
      }),
      { numRuns: 300 },
    );
  });

  test('the rollout never has zero surge and zero unavailable, and the deadline exceeds minReady', () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const { rollout } = planShutdown(spec);
        expect(rollout.maxUnavailable).toBe(0);
        expect(rollout.maxSurge).not.toBe(0);
        expect(rollout.progressDeadlineSeconds).toBeGreaterThan(rollout.minReadySeconds);
      }),
      { numRuns: 200 },
    );
  });

  test('a Deployment with the plan applied always validates against the Kubernetes schema', () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const plan = planShutdown(spec);
        const deployment = {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'app' },
          spec: applyPlanToWorkloadSpec(
            {
              replicas: 2,
              selector: { matchLabels: { app: 'app' } },
              template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
            },
            plan,
          ),
        };
        validateAgainstSchema(deployment);
      }),
      { numRuns: 100 },
    );
  });

  const statefulSetSettings = fc.record({
    replicas: fc.integer({ min: 0, max: 12 }),
    partition: fc.option(fc.integer({ min: 0, max: 14 }), { nil: undefined }),
    podManagementPolicy: fc.option(fc.constantFrom('OrderedReady' as const, 'Parallel' as const), { nil: undefined }),
    podStartup: seconds(300),
  });

  test('a StatefulSet plan gives the pod template of the Deployment plan of the same spec, and validates against the schema', () => {
    fc.assert(
      fc.property(validSpec, statefulSetSettings, (spec, { replicas, partition, podManagementPolicy }) => {
        const statefulPlan = planShutdown({ ...spec, replicas, rollout: { partition, podManagementPolicy } }, { workloadKind: 'StatefulSet' });
        const base: WorkloadSpec = {
          replicas,
          serviceName: 'app',
          selector: { matchLabels: { app: 'app' } },
          template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
        };
        const statefulSet = applyPlanToWorkloadSpec(base, statefulPlan);
        expect(statefulSet.template).toEqual(applyPlanToWorkloadSpec(base, planShutdown({ ...spec, replicas })).template);
        expect(statefulSet.updateStrategy).toEqual({ type: 'RollingUpdate', ...(partition !== undefined ? { rollingUpdate: { partition } } : {}) });
        const manifest = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'app' }, spec: statefulSet };
        validateAgainstSchema(manifest);
      }),
      { numRuns: 100 },
    );
  });

  test('a StatefulSet step always costs the grace period: without a partition it never rolls faster than the Deployment', () => {
    fc.assert(
      fc.property(validSpec, statefulSetSettings, (spec, { replicas, podManagementPolicy, podStartup }) => {
        const rollout = { podStartup, podManagementPolicy };
        const statefulPlan = planShutdown({ ...spec, replicas, rollout }, { workloadKind: 'StatefulSet' });
        const estimate = statefulPlan.rolloutEstimate;
        expect(estimate.updatedPods).toBe(replicas);
        expect(estimate.rolloutSeconds).toBeGreaterThanOrEqual(replicas * (statefulPlan.terminationGracePeriodSeconds + podStartup));
        const deploymentPlan = planShutdown({ ...spec, replicas, rollout: { podStartup } });
        expect(estimate.rolloutSeconds).toBeGreaterThanOrEqual(deploymentPlan.rolloutEstimate.rolloutSeconds);
      }),
      { numRuns: 200 },
    );
  });
});
