/*
 * Input shapes the Pulumi adapter cannot plan around: each is refused with a GracefulConfigError
 * that names the field and says what to pass instead, before any resource is registered.
 */
// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registered } from './mocks';
// eslint-disable-next-line import/order -- (the same: after the mocks)
import * as pulumi from '@pulumi/pulumi';
import { GracefulConfigError, planShutdown } from '../../src/core';
import { applyPlanToSpecInputs, GracefulDeployment, planGracefulDeployment, applyPlanToWorkloadArgs } from '../../src/pulumi';

const SHUTDOWN = { appShutdownTimeout: 30 };

/** A Deployment spec that plans cleanly; each test breaks one field of it. */
function spec(podSpec: Record<string, unknown> = {}, template: Record<string, unknown> = {}): any {
  return {
    selector: { matchLabels: { app: 'api' } },
    template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'registry.example/api:1' }], ...podSpec }, ...template },
  };
}

/** The error `fn` throws: a GracefulConfigError, whose message is returned. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GracefulConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a GracefulConfigError, nothing was thrown');
}

describe('applyPlanToWorkloadArgs and applyPlanToSpecInputs refuse what they cannot see at construction', () => {
  test('args that are not a plain object (an Output) are refused, naming args', () => {
    expect(refusal(() => applyPlanToWorkloadArgs(pulumi.output({ spec: spec() }) as any, SHUTDOWN))).toMatch(
      /^args must be a plain Deployment or StatefulSet args object \(its fields may be Outputs\)/,
    );
    expect(refusal(() => applyPlanToWorkloadArgs(null as any, SHUTDOWN))).toMatch(/^args must be a plain/);
  });

  test('a missing shutdown spec is refused with the smallest one to give', () => {
    expect(refusal(() => applyPlanToSpecInputs(spec(), undefined as any))).toBe('shutdown is required: give at least { appShutdownTimeout: \'30s\' }');
  });

  test('the pod template, its metadata and its pod spec must be plain objects', () => {
    expect(refusal(() => applyPlanToSpecInputs({ ...spec(), template: pulumi.output(spec().template) }, SHUTDOWN))).toMatch(
      /^spec\.template must be a plain object \(its fields may be Outputs\): the plan adds to the pod template at construction/,
    );
    expect(refusal(() => applyPlanToSpecInputs(spec({}, { metadata: pulumi.output({ labels: { app: 'api' } }) }), SHUTDOWN))).toMatch(
      /^spec\.template\.metadata must be a plain object .*the plan adds pod annotations at construction/,
    );
    expect(refusal(() => applyPlanToSpecInputs(spec({}, { spec: Promise.resolve({ containers: [] }) }), SHUTDOWN))).toMatch(
      /^spec\.template\.spec must be a plain object .*the plan adds to the pod spec at construction/,
    );
  });

  test('containers must be a non-empty plain array of objects with a plain string name', () => {
    expect(refusal(() => applyPlanToSpecInputs(spec({ containers: [] }), SHUTDOWN))).toMatch(
      /^spec\.template\.spec\.containers must be a non-empty plain array of containers \(their fields may be Outputs\)/,
    );
    expect(refusal(() => applyPlanToSpecInputs(spec({ containers: pulumi.output([{ name: 'api' }]) }), SHUTDOWN))).toMatch(/^spec\.template\.spec\.containers must be a non-empty plain array/);
    expect(refusal(() => applyPlanToSpecInputs(spec({ containers: [{ name: pulumi.output('api'), image: 'x' }] }), SHUTDOWN))).toMatch(
      /^containers\[0\] must be a plain object with a plain string name \(its other fields may be Outputs\)/,
    );
  });

  test('a grace period given as an Output is refused: the plan must check it at construction', () => {
    expect(refusal(() => applyPlanToSpecInputs(spec({ terminationGracePeriodSeconds: pulumi.output(60) }), SHUTDOWN))).toMatch(
      /^template\.spec\.terminationGracePeriodSeconds must be a plain number \(the plan checks it at construction\), not an Output; remove it .* or pin it with shutdown\.terminationGracePeriod/,
    );
  });

  test('a ready plan never lowers a longer grace period in the spec: kept, with a warning that the plan was sized for less', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 5, safetyMargin: 5 });
    expect(plan.terminationGracePeriodSeconds).toBe(40);
    const kept = applyPlanToSpecInputs(spec({ terminationGracePeriodSeconds: 90 }), plan);
    expect((kept.spec as any).template.spec.terminationGracePeriodSeconds).toBe(90);
    expect(kept.warnings.map((w) => w.code)).toContain('grace-period-kept');
    const raised = applyPlanToSpecInputs(spec({ terminationGracePeriodSeconds: 20 }), plan);
    expect((raised.spec as any).template.spec.terminationGracePeriodSeconds).toBe(40);
    expect(raised.warnings.map((w) => w.code)).toContain('grace-period-raised');
    expect(applyPlanToSpecInputs(spec({ terminationGracePeriodSeconds: 40 }), plan).plan).toBe(plan);
  });
});

describe('GracefulDeployment refuses malformed args before registering anything', () => {
  test('args that are not an object, and a service without ports, name the field', () => {
    const before = registered.length;
    expect(refusal(() => planGracefulDeployment('api', undefined as any))).toBe('args must be an object with at least containers and shutdown');
    expect(refusal(() => new GracefulDeployment('api', { containers: [{ name: 'api', image: 'x' }], shutdown: SHUTDOWN, service: {} as any }))).toBe(
      'service.ports is required when service is set: give at least one port, e.g. [{ port: 80, targetPort: 8080 }]',
    );
    expect(registered.length).toBe(before);
  });
});
