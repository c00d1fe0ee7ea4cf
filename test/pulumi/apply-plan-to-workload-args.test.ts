// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { valueOf } from './mocks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { applyPlanToWorkloadSpec, GracefulConfigError, planShutdown } from '../../src/core';
import { applyPlanToSpecInputs, applyPlanToWorkloadArgs } from '../../src/pulumi';

/** Deployment args as existing Pulumi code has them. */
function existingArgs(): k8s.apps.v1.DeploymentArgs {
  return {
    metadata: { name: 'api' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'registry.example/api:1.0.0',
              env: [{ name: 'LOG_LEVEL', value: 'info' }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

let warn: jest.SpiedFunction<typeof pulumi.log.warn>;
beforeEach(() => {
  warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
});
afterEach(() => warn.mockRestore());

describe('applyPlanToWorkloadArgs on plain args', () => {
  test('gives the same spec as the core function the cdk8s adapter uses', () => {
    const args = existingArgs();
    const plan = planShutdown({ appShutdownTimeout: 30, kubernetesVersion: '1.27', image: 'distroless' });
    expect(applyPlanToWorkloadArgs(args, plan).spec).toEqual(applyPlanToWorkloadSpec(args.spec as any, plan, 'Deployment'));
  });

  test('keeps the rest of the args and does not change its input', () => {
    const args = existingArgs();
    const before = JSON.stringify(args);
    const out = applyPlanToWorkloadArgs(args, { appShutdownTimeout: 30 });
    expect(JSON.stringify(args)).toBe(before);
    expect(out.metadata).toEqual({ name: 'api' });
    expect((out.spec as any).replicas).toBe(3);
    expect((out.spec as any).template.spec.containers[0].env[0]).toEqual({ name: 'LOG_LEVEL', value: 'info' });
    expect((out.spec as any).template.spec.terminationGracePeriodSeconds).toBe(40);
  });

  test('a StatefulSet gets minReadySeconds but no strategy and no progress deadline', () => {
    const args: k8s.apps.v1.StatefulSetArgs = { kind: 'StatefulSet', spec: { ...(existingArgs().spec as any), serviceName: 'api' } };
    const out = applyPlanToWorkloadArgs(args, { appShutdownTimeout: 30, drainDelay: 10, rollout: { minReady: 10 } }).spec as any;
    expect(out.minReadySeconds).toBe(10);
    expect(out.strategy).toBeUndefined();
    expect(out.progressDeadlineSeconds).toBeUndefined();
    expect(out.template.spec.terminationGracePeriodSeconds).toBe(45);
  });

  test('an existing terminationGracePeriodSeconds too short for the plan (the Spring Boot seed) is raised, with a warning', () => {
    const args = existingArgs();
    (args.spec as any).template.spec.terminationGracePeriodSeconds = 60;
    const { spec, warnings } = applyPlanToSpecInputs(args.spec as any, { appShutdownTimeout: '30s', drainDelay: '35s', safetyMargin: 0 });
    expect((spec as any).template.spec.terminationGracePeriodSeconds).toBe(65);
    expect(warnings.find((w) => w.code === 'grace-period-raised')!.message)
      .toBe('terminationGracePeriodSeconds was 60s on the workload, below the 65s the plan needs; raised to 65s');
  });

  test('an existing longer grace period is never lowered: kept, and the plan sized for it', () => {
    const args = existingArgs();
    (args.spec as any).template.spec.terminationGracePeriodSeconds = 300;
    const { spec, plan, warnings } = applyPlanToSpecInputs(args.spec as any, { appShutdownTimeout: 30, traffic: ['aws-nlb'] });
    expect((spec as any).template.spec.terminationGracePeriodSeconds).toBe(300);
    expect(plan.terminationGracePeriodSeconds).toBe(300);
    expect(plan.serviceAnnotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes']).toContain('timeout_seconds=300');
    expect(warnings.map((w) => w.code)).not.toContain('grace-period-raised');
  });

  test('a spec pin below the workload\'s grace period would lower it and is refused; a pin above it wins', () => {
    const args = existingArgs();
    (args.spec as any).template.spec.terminationGracePeriodSeconds = 90;
    expect(() => applyPlanToWorkloadArgs(args, { appShutdownTimeout: 30, terminationGracePeriod: 60 })).toThrow(/^terminationGracePeriod is 60s but the workload already has terminationGracePeriodSeconds 90s/);
    const pinnedAbove = applyPlanToWorkloadArgs(args, { appShutdownTimeout: 30, terminationGracePeriod: 120 }).spec as any;
    expect(pinnedAbove.template.spec.terminationGracePeriodSeconds).toBe(120);
  });

  test('warnings of the plan and the workload are returned by applyPlanToSpecInputs', () => {
    const spec = { ...(existingArgs().spec as any), replicas: 1 };
    const { warnings } = applyPlanToSpecInputs(spec, { appShutdownTimeout: 30, rollout: { maxUnavailable: 1 } });
    expect(warnings.map((w) => w.code).sort()).toEqual(['max-unavailable', 'single-replica']);
  });

  test('applyPlanToWorkloadArgs logs the warnings to pulumi.log.warn', () => {
    applyPlanToWorkloadArgs({ spec: { ...(existingArgs().spec as any), replicas: 1 } }, { appShutdownTimeout: 30 });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([expect.stringMatching(/^\[single-replica\]/)]);
  });

  test('a spec given as an Output is refused with the fix', () => {
    expect(() => applyPlanToWorkloadArgs({ spec: pulumi.output(existingArgs().spec as object) }, { appShutdownTimeout: 30 })).toThrow(
      /^spec must be a plain Deployment spec object \(its fields may be Outputs\)/,
    );
  });
});

describe('applyPlanToWorkloadArgs feeds a real Deployment', () => {
  test('the Deployment registered from the returned args carries the plan', async () => {
    const deployment = new k8s.apps.v1.Deployment('api', applyPlanToWorkloadArgs(existingArgs(), { appShutdownTimeout: 30, drainDelay: 10 }));
    const spec = await valueOf(deployment.spec);
    expect(spec.template.spec.terminationGracePeriodSeconds).toBe(45);
    expect(spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
    expect(spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });
});

describe('one plan per workload', () => {
  test('applyPlanToWorkloadArgs on args that already carry a plan is refused with a GracefulConfigError naming the workload', () => {
    const once = applyPlanToWorkloadArgs({ metadata: { name: 'orders' }, spec: existingArgs().spec } as any, { appShutdownTimeout: 30 });
    expect(() => applyPlanToWorkloadArgs(once, { appShutdownTimeout: 120 })).toThrow(GracefulConfigError);
    expect(() => applyPlanToWorkloadArgs(once, { appShutdownTimeout: 120 })).toThrow(/^args "orders" already carry a shutdown plan/);
  });
});

describe('applyPlanToWorkloadArgs keeps the workload\'s rollout settings or refuses them (issue 23, item 2)', () => {
  const withRollout = (rollout: object): k8s.apps.v1.DeploymentArgs => ({
    ...existingArgs(),
    spec: { ...(existingArgs().spec as object), ...rollout } as k8s.types.input.apps.v1.DeploymentSpec,
  });

  test('a Recreate strategy is refused, naming strategy', () => {
    expect(() => applyPlanToWorkloadArgs(withRollout({ strategy: { type: 'Recreate' } }), { appShutdownTimeout: 30 })).toThrow(/^strategy is "Recreate"/);
  });

  test('a rolling update of (0 surge, 1 unavailable) and minReadySeconds 30 are kept, not replaced by 25 %/0 and 0', () => {
    const args = withRollout({ minReadySeconds: 30, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } });
    const spec = applyPlanToWorkloadArgs(args, { appShutdownTimeout: 30 }).spec as any;
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    expect(spec.minReadySeconds).toBe(30);
    expect(spec.progressDeadlineSeconds).toBe(630);
  });

  test('an Output strategy is refused: the plan must see what it keeps', () => {
    const args = withRollout({ strategy: pulumi.output({ type: 'RollingUpdate' }) });
    expect(() => applyPlanToWorkloadArgs(args, { appShutdownTimeout: 30 })).toThrow(/^spec\.strategy must be a plain value/);
  });

  test('the core applyPlanToWorkloadSpec refuses to replace a Recreate strategy or a user\'s minReadySeconds with a plan made without them', () => {
    const spec = existingArgs().spec as any;
    expect(() => applyPlanToWorkloadSpec({ ...spec, strategy: { type: 'Recreate' } }, planShutdown({ appShutdownTimeout: 30 }))).toThrow(GracefulConfigError);
    expect(() => applyPlanToWorkloadSpec({ ...spec, minReadySeconds: 30 }, planShutdown({ appShutdownTimeout: 30 }))).toThrow(/^minReadySeconds is the workload's own/);
    // Kubernetes' own defaults are what the plan replaces.
    const defaults = { ...spec, minReadySeconds: 0, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } };
    expect(applyPlanToWorkloadSpec(defaults, planShutdown({ appShutdownTimeout: 30 })).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
  });
});

test('warnings the spec acknowledges are left out of what applyPlanToSpecInputs reports (issue 23, item 11)', () => {
  const spec = { replicas: 3, template: { spec: { containers: [{ name: 'worker', image: 'registry.example/worker:1' }] } } };
  const noisy = applyPlanToSpecInputs(spec, { appShutdownTimeout: 30, drainDelay: 0 });
  expect(noisy.warnings.map((w) => w.code).sort()).toEqual(['drain-delay-zero', 'no-readiness-probe']);
  const quiet = applyPlanToSpecInputs(spec, { appShutdownTimeout: 30, drainDelay: 0, acknowledgedWarnings: ['drain-delay-zero', 'no-readiness-probe'] });
  expect(quiet.warnings).toEqual([]);
});
