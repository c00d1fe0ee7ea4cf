/*
 * Input shapes the Pulumi adapter cannot plan around: each is refused with a GracefulConfigError
 * that names the field and says what to pass instead, before any resource is registered.
 */
// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registered } from './mocks';
// eslint-disable-next-line import/order -- (the same: after the mocks)
import * as pulumi from '@pulumi/pulumi';
import { GracefulConfigError, planShutdown } from '../../src/core';
import { applyShutdownPlanToSpec, GracefulDeployment, planGracefulDeployment, withShutdownPlan } from '../../src/pulumi';

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

describe('withShutdownPlan and applyShutdownPlanToSpec refuse what they cannot see at construction', () => {
  test('args that are not a plain object (an Output) are refused, naming args', () => {
    expect(refusal(() => withShutdownPlan(pulumi.output({ spec: spec() }) as any, SHUTDOWN))).toMatch(
      /^args must be a plain Deployment or StatefulSet args object \(its fields may be Outputs\)/,
    );
    expect(refusal(() => withShutdownPlan(null as any, SHUTDOWN))).toMatch(/^args must be a plain/);
  });

  test('a missing shutdown spec is refused with the smallest one to give', () => {
    expect(refusal(() => applyShutdownPlanToSpec(spec(), undefined as any))).toBe('shutdown is required: give at least { appShutdownTimeout: \'30s\' }');
  });

  test('the pod template, its metadata and its pod spec must be plain objects', () => {
    expect(refusal(() => applyShutdownPlanToSpec({ ...spec(), template: pulumi.output(spec().template) }, SHUTDOWN))).toMatch(
      /^spec\.template must be a plain object \(its fields may be Outputs\): the plan adds to the pod template at construction/,
    );
    expect(refusal(() => applyShutdownPlanToSpec(spec({}, { metadata: pulumi.output({ labels: { app: 'api' } }) }), SHUTDOWN))).toMatch(
      /^spec\.template\.metadata must be a plain object .*the plan adds pod annotations at construction/,
    );
    expect(refusal(() => applyShutdownPlanToSpec(spec({}, { spec: Promise.resolve({ containers: [] }) }), SHUTDOWN))).toMatch(
      /^spec\.template\.spec must be a plain object .*the plan adds to the pod spec at construction/,
    );
  });

  test('containers must be a non-empty plain array of objects with a plain string name', () => {
    expect(refusal(() => applyShutdownPlanToSpec(spec({ containers: [] }), SHUTDOWN))).toMatch(
      /^spec\.template\.spec\.containers must be a non-empty plain array of containers \(their fields may be Outputs\)/,
    );
    expect(refusal(() => applyShutdownPlanToSpec(spec({ containers: pulumi.output([{ name: 'api' }]) }), SHUTDOWN))).toMatch(/^spec\.template\.spec\.containers must be a non-empty plain array/);
    expect(refusal(() => applyShutdownPlanToSpec(spec({ containers: [{ name: pulumi.output('api'), image: 'x' }] }), SHUTDOWN))).toMatch(
      /^containers\[0\] must be a plain object with a plain string name \(its other fields may be Outputs\)/,
    );
  });

  test('a grace period given as an Output is refused: the plan must check it at construction', () => {
    expect(refusal(() => applyShutdownPlanToSpec(spec({ terminationGracePeriodSeconds: pulumi.output(60) }), SHUTDOWN))).toMatch(
      /^template\.spec\.terminationGracePeriodSeconds must be a plain number \(the plan checks it at construction\), not an Output; remove it .* or pin it with shutdown\.terminationGracePeriod/,
    );
  });

  test('a ready plan whose grace period differs from the spec\'s is refused with both numbers', () => {
    const plan = planShutdown({ appShutdownTimeout: 30, drainDelay: 5, safetyMargin: 5 });
    expect(plan.terminationGracePeriodSeconds).toBe(40);
    expect(refusal(() => applyShutdownPlanToSpec(spec({ terminationGracePeriodSeconds: 90 }), plan))).toBe(
      'template.spec.terminationGracePeriodSeconds is 90s but the given plan decides 40s; remove it from the spec, or plan with shutdown.terminationGracePeriod to pin it',
    );
    expect(applyShutdownPlanToSpec(spec({ terminationGracePeriodSeconds: 40 }), plan).plan).toBe(plan);
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
