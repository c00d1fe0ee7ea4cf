/**
 * The policy pack's mapping without the engine: policy names, enforcement levels, and what each policy reports for
 * a stack's resources as @pulumi/policy's server passes them (type, URN, outputs as props). The real engine runs
 * the pack in test/e2e/plugins/pulumi-policy.test.ts.
 */
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy/policy';
import * as policyCommon from '../../src/policy-common';
import { ALL_RULES } from 'graceful-k8s/audit';
import { enforcementLevelOf, gracefulK8sPolicies, kubernetesObjectOf, policyName, stackInputs } from 'graceful-k8s/pulumi-policy';

const labels = { app: 'orders' };
const DEPLOYMENT_URN = 'urn:pulumi:e2e::shop::kubernetes:apps/v1:Deployment::orders';
const SERVICE_URN = 'urn:pulumi:e2e::shop::kubernetes:core/v1:Service::orders';

/** A hand-written Deployment without a preStop and the Service that routes to it, as a stack's resources. */
function stack(deploymentSpec: object = {}): PolicyResource[] {
  const deployment = {
    replicas: 3,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'orders', image: 'registry.example.com/shop/orders:2.7.1', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } } }] } },
    ...deploymentSpec,
  };
  return [
    { type: 'pulumi:pulumi:Stack', urn: 'urn:pulumi:e2e::shop::pulumi:pulumi:Stack::shop-e2e', props: {} },
    { type: 'kubernetes:apps/v1:Deployment', urn: DEPLOYMENT_URN, props: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'orders-1a2b3c4d', namespace: 'default' }, spec: deployment, status: {} } },
    { type: 'kubernetes:core/v1:Service', urn: SERVICE_URN, props: { metadata: { name: 'orders-5e6f7a8b', namespace: 'default' }, spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] } } },
    { type: 'kubernetes:core/v1:Secret', urn: 'urn:pulumi:e2e::shop::kubernetes:core/v1:Secret::token', props: { metadata: { name: 'token' }, data: { token: 'c2VjcmV0' } } },
  ].map((r) => ({ ...r, name: r.urn.split('::').pop()! } as unknown as PolicyResource));
}

/** Runs every enabled policy as the server does and returns the violations by policy name. */
function violations(policies: StackValidationPolicy[], resources: PolicyResource[]): Record<string, Array<[string, string | undefined]>> {
  const found: Record<string, Array<[string, string | undefined]>> = {};
  for (const policy of policies) {
    if (policy.enforcementLevel === 'disabled') continue;
    const args = { resources, getConfig: () => ({}) } as unknown as StackValidationArgs;
    void policy.validateStack(args, (message, urn) => {
      (found[policy.name] ??= []).push([message, urn]);
    });
  }
  return found;
}

test('one policy per rule and severity, named <rule-id>-<severity>, plus one for unreadable input', () => {
  const names = gracefulK8sPolicies().map((p) => p.name);
  expect(names).toHaveLength(ALL_RULES.length * 3 + 1);
  expect(names).toEqual(expect.arrayContaining(['no-prestop-drain-error', 'no-prestop-drain-warning', 'no-prestop-drain-info', 'graceful-k8s-unreadable-input']));
  expect(new Set(names).size).toBe(names.length);
  for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9-_.]{1,100}$/);
});

test.each([
  ['error', {}, 'mandatory'],
  ['warning', {}, 'advisory'],
  ['info', {}, 'disabled'],
  ['warning', { failOn: 'warning' }, 'mandatory'],
  ['info', { includeInfo: true }, 'advisory'],
  ['error', { failOn: 'never' }, 'advisory'],
] as const)('the policy for %s findings under %j is %s', (severity, options, level) => {
  expect(enforcementLevelOf(severity, { failOn: 'error', includeInfo: false, ...options })).toBe(level);
  const policy = gracefulK8sPolicies(options).find((p) => p.name === policyName('no-prestop-drain', severity))!;
  expect(policy.enforcementLevel).toBe(level);
});

test('a hand-written routed Deployment without a preStop: no-prestop-drain-error reports it on the Deployment\'s URN, nothing else reports', () => {
  const found = violations(gracefulK8sPolicies(), stack());
  expect(Object.keys(found)).toEqual(['no-prestop-drain-error']);
  expect(found['no-prestop-drain-error']).toEqual([[
    expect.stringMatching(/^Deployment orders-1a2b3c4d, container orders: container 'orders' has no preStop hook; Service orders-5e6f7a8b routes to it.* Fix: add preStop \{"sleep":\{"seconds":5\}\} .*\(spec\.template\.spec\.containers\[0\]\.lifecycle\.preStop\)$/),
    DEPLOYMENT_URN,
  ]]);
});

test('a StatefulSet is audited the same way: a routed one without a preStop fails no-prestop-drain-error on its URN', () => {
  const statefulSetUrn = 'urn:pulumi:e2e::shop::kubernetes:apps/v1:StatefulSet::rooms';
  const resources = stack().map((r) => (r.type === 'kubernetes:apps/v1:Deployment'
    ? { ...r, type: 'kubernetes:apps/v1:StatefulSet', urn: statefulSetUrn, props: { ...r.props, kind: 'StatefulSet', spec: { ...r.props.spec, serviceName: 'orders' } } }
    : r));
  const found = violations(gracefulK8sPolicies(), resources);
  expect(Object.keys(found)).toEqual(['no-prestop-drain-error']);
  expect(found['no-prestop-drain-error']).toEqual([[expect.stringMatching(/^StatefulSet orders-1a2b3c4d, container orders: container 'orders' has no preStop hook/), statefulSetUrn]]);
});

test('the planned Deployment passes every policy', () => {
  const planned = { template: { metadata: { labels }, spec: { terminationGracePeriodSeconds: 40, containers: [{ name: 'orders', image: 'registry.example.com/shop/orders:2.7.1', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, lifecycle: { preStop: { sleep: { seconds: 5 } } } }] } } };
  expect(violations(gracefulK8sPolicies(), stack(planned))).toEqual({});
});

test('suppressions and disabled rules come from the options; an info policy reports once enabled', () => {
  expect(violations(gracefulK8sPolicies({ suppressions: [{ rule: 'no-prestop-drain', reason: 'drains in its SIGTERM handler' }] }), stack())).toEqual({});
  const disabled = gracefulK8sPolicies({ disabledRules: ['no-prestop-drain'] });
  expect(disabled.map((p) => p.name)).not.toContain('no-prestop-drain-error');
  const withInfo = violations(gracefulK8sPolicies({ includeInfo: true }), stack());
  expect(Object.keys(withInfo)).toEqual(['no-prestop-drain-error', 'single-replica-no-pdb-info']);
});

test('the audit runs once per stack analysis for all the policies', () => {
  const spy = jest.spyOn(policyCommon, 'runPolicyAudit');
  try {
    violations(gracefulK8sPolicies(), stack());
    expect(spy).toHaveBeenCalledTimes(1);
    violations(gracefulK8sPolicies(), stack({ replicas: 4 }));
    expect(spy).toHaveBeenCalledTimes(2);
  } finally {
    spy.mockRestore();
  }
});

test('resources become the objects they stand for; other resources, patches and Secrets are left out', () => {
  expect(kubernetesObjectOf({ type: 'kubernetes:networking.k8s.io/v1:Ingress', props: { metadata: { name: 'web' }, spec: {} } }))
    .toEqual({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: {} });
  expect(kubernetesObjectOf({ type: 'kubernetes:core/v1:Service', props: {} })).toEqual({ apiVersion: 'v1', kind: 'Service' });
  expect(kubernetesObjectOf({ type: 'kubernetes:apps/v1:DeploymentPatch', props: {} })).toBeUndefined();
  expect(kubernetesObjectOf({ type: 'graceful-k8s:index:GracefulDeployment', props: {} })).toBeUndefined();
  expect(stackInputs(stack()).map((i) => i.file)).toEqual([DEPLOYMENT_URN, SERVICE_URN]);
});

test('wrong options are refused when the pack is built, naming the option and the fix', () => {
  expect(() => gracefulK8sPolicies({ disabledRules: ['no-such-rule'] })).toThrow(/^gracefulK8sPolicies options\.disabledRules\[0\] is "no-such-rule": must be one of /);
});
