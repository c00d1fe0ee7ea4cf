/**
 * GracefulK8sValidation without the CLI: called as cdk8s-cli's validateApp calls it (lib/util.js), with cdk8s-cli's
 * own ValidationContext and ValidationReport classes (its `./plugins` export, lib/plugins/validation.js), so the report is the one
 * `cdk8s synth` prints. test/e2e/plugins/cdk8s-validation.test.ts runs the real CLI.
 */
import { join } from 'node:path';
import { ValidationContext } from 'cdk8s-cli/plugins';
import { GracefulConfigError } from '../../src/core';
import { GracefulK8sValidation } from 'graceful-k8s/cdk8s-validation';

const FIXTURES = join(__dirname, '..', 'fixtures', 'policy');
const ROUTED = join(FIXTURES, 'routed-without-prestop.yaml');
const WORKER = join(FIXTURES, 'worker-without-service.yaml');

async function validate(properties: object, manifests: string[], metadata = {}) {
  const context = new ValidationContext(manifests, 'graceful-k8s', '0.1.0', metadata, false);
  const logged: string[] = [];
  context.logger.log = (message: string) => void logged.push(message);
  await new GracefulK8sValidation(properties).validate(context);
  return { report: context.report.toJson(), success: context.report.success, logged };
}

test('a routed Deployment without a preStop: one failing violation with the rule, the resource, its construct path, the field and the fix', async () => {
  const { report, success } = await validate({}, [ROUTED], { orders: { path: 'shop/orders/Resource' } });
  expect(success).toBe(false);
  expect(report.summary).toMatchObject({ status: 'failure', metadata: { 'Workloads audited': '1', 'Findings (failing)': '1 (1)', 'Fail on': 'error' } });
  expect(report.violations).toHaveLength(1);
  const [violation] = report.violations;
  expect(violation.ruleName).toBe('no-prestop-drain [error]');
  expect(violation.recommendation).toMatch(/^Deployment orders, container orders: container 'orders' has no preStop hook; Service orders routes to it/);
  expect(violation.fix).toBe('add preStop {"sleep":{"seconds":5}} (drain 5s) and set terminationGracePeriodSeconds: 40 (drain 5s + app shutdown 30s + margin 5s)');
  expect(violation.violatingConstructs).toEqual([{
    resourceName: 'orders',
    constructPath: 'shop/orders/Resource',
    manifestPath: ROUTED,
    locations: ['spec.template.spec.containers[0].lifecycle.preStop (line 11)'],
  }]);
});

test('an acknowledged finding passes, and the acknowledgement is logged with its reason', async () => {
  const { success, report, logged } = await validate({ suppressions: [{ rule: 'no-prestop-drain', workload: 'Deployment/orders', reason: 'drains in its SIGTERM handler' }] }, [ROUTED]);
  expect(success).toBe(true);
  expect(report.violations).toEqual([]);
  expect(report.summary.metadata).toMatchObject({ Acknowledged: '1' });
  expect(logged).toEqual(['graceful-k8s: no-prestop-drain on Deployment orders acknowledged (config): drains in its SIGTERM handler']);
});

test('a warning is listed without failing, and fails under failOn: warning', async () => {
  const lenient = await validate({}, [WORKER]);
  expect(lenient.success).toBe(true);
  expect(lenient.report.violations.map((v) => v.ruleName)).toEqual(['no-prestop-drain [warning]']);
  const strict = await validate({ failOn: 'warning' }, [WORKER]);
  expect(strict.success).toBe(false);
});

test('includeInfo lists info findings; disabledRules turns a rule off', async () => {
  const withInfo = await validate({ includeInfo: true }, [ROUTED]);
  expect(withInfo.report.violations.map((v) => v.ruleName)).toEqual(['no-prestop-drain [error]', 'single-replica-no-pdb [info]']);
  const disabled = await validate({ disabledRules: ['no-prestop-drain'] }, [ROUTED]);
  expect(disabled.success).toBe(true);
  expect(disabled.report.violations).toEqual([]);
});

test('a workload the audit cannot read fails the report as an input problem', async () => {
  const broken = join(FIXTURES, 'malformed-workload.yaml');
  const { success, report } = await validate({}, [broken]);
  expect(success).toBe(false);
  expect(report.violations[0]).toMatchObject({ ruleName: 'graceful-k8s-unreadable-input [error]', violatingConstructs: [{ manifestPath: broken }] });
});

test('wrong properties stop the plugin when cdk8s-cli constructs it, naming the property and the fix', () => {
  expect(() => new GracefulK8sValidation({ failOn: 'sometimes' } as never)).toThrow(GracefulConfigError);
  expect(() => new GracefulK8sValidation({ failOn: 'sometimes' } as never)).toThrow('cdk8s.yaml validations[].properties.failOn is "sometimes": must be one of error, warning, never');
});
