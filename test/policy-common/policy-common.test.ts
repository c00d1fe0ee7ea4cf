import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GracefulConfigError } from '../../src/core';
import { checkPolicyOptions, isBlocking, runPolicyAudit } from '../../src/policy-common';

const FIXTURES = join(__dirname, '..', 'fixtures', 'policy');
const input = (name: string) => ({ file: name, text: readFileSync(join(FIXTURES, name), 'utf8') });
const defaults = checkPolicyOptions({}, 'options');

describe('isBlocking follows the CLI\'s --fail-on', () => {
  test.each([
    ['error', 'error', true], ['warning', 'error', false], ['info', 'error', false],
    ['error', 'warning', true], ['warning', 'warning', true], ['info', 'warning', false],
    ['error', 'never', false], ['warning', 'never', false],
  ] as const)('a %s finding under failOn %s blocks: %s', (severity, failOn, expected) => {
    expect(isBlocking(severity, failOn)).toBe(expected);
  });
});

describe('checkPolicyOptions', () => {
  test('no settings: fail on errors, no rule disabled, no suppression, info hidden', () => {
    expect(defaults).toEqual({ failOn: 'error', disabledRules: [], suppressions: [], includeInfo: false });
    expect(checkPolicyOptions(undefined, 'options')).toEqual(defaults);
  });

  test.each([
    [{ failOn: 'warnings' }, 'options.failOn', /must be one of error, warning, never/],
    [{ disabledRules: ['no-prestop'] }, 'options.disabledRules[0]', /must be one of grace-period-too-short, /],
    [{ disabledRules: 'no-prestop-drain' }, 'options.disabledRules', /must be a list of rule ids/],
    [{ suppressions: [{ rule: 'no-prestop-drain', reason: ' ' }] }, 'options.suppressions[0]', /must be \{ rule: <rule id>, workload\?: Kind\/name, reason/],
    [{ suppressions: [{ rule: 'no-prestop-drain', workload: 'orders', reason: 'x' }] }, 'options.suppressions[0].workload', /must be Kind\/name or namespace\/Kind\/name/],
    [{ includeInfo: 'yes' }, 'options.includeInfo', /must be true or false/],
    [{ failon: 'error' }, 'options.failon', /^options\.failon is "error": not a setting; the settings are failOn, disabledRules, suppressions, includeInfo/],
  ])('%j is refused, naming %s and the fix', (raw, field, fix) => {
    let error: unknown;
    try {
      checkPolicyOptions(raw, 'options');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GracefulConfigError);
    expect((error as GracefulConfigError).field).toBe(field);
    expect((error as Error).message).toMatch(fix);
  });
});

describe('runPolicyAudit', () => {
  test('a routed Deployment without a preStop fails with a blocking no-prestop-drain error; its info finding is hidden', () => {
    const result = runPolicyAudit([input('routed-without-prestop.yaml')], defaults);
    expect(result.failed).toBe(true);
    expect(result.workloads).toBe(1);
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.blocking])).toEqual([['no-prestop-drain', 'error', true]]);
    expect(result.findings[0].workload.name).toBe('orders');
  });

  test('includeInfo lists the info finding, never as blocking', () => {
    const result = runPolicyAudit([input('routed-without-prestop.yaml')], { ...defaults, includeInfo: true });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.blocking])).toEqual([
      ['no-prestop-drain', 'error', true],
      ['single-replica-no-pdb', 'info', false],
    ]);
  });

  test('a suppression moves the finding to suppressed with its reason, and the check passes', () => {
    const options = checkPolicyOptions({ suppressions: [{ rule: 'no-prestop-drain', workload: 'Deployment/orders', reason: 'drains in its own SIGTERM handler' }] }, 'options');
    const result = runPolicyAudit([input('routed-without-prestop.yaml')], options);
    expect(result.failed).toBe(false);
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map((s) => [s.ruleId, s.suppression])).toEqual([['no-prestop-drain', { reason: 'drains in its own SIGTERM handler', from: 'config' }]]);
  });

  test('a disabled rule does not run', () => {
    const result = runPolicyAudit([input('routed-without-prestop.yaml')], checkPolicyOptions({ disabledRules: ['no-prestop-drain'] }, 'options'));
    expect(result.findings).toEqual([]);
    expect(result.failed).toBe(false);
  });

  test('the audit sees every input at once: the Service of one file routes to the Deployment of another', () => {
    const [head, service] = readFileSync(join(FIXTURES, 'routed-without-prestop.yaml'), 'utf8').split('\n---\n');
    const result = runPolicyAudit([{ file: 'deployment.yaml', text: head }, { file: 'service.yaml', text: service }], defaults);
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.file])).toEqual([['no-prestop-drain', 'error', 'deployment.yaml']]);
  });

  test('a warning (no Service in the input: unverified) blocks only under failOn warning', () => {
    const worker = [input('worker-without-service.yaml')];
    expect(runPolicyAudit(worker, defaults)).toMatchObject({ failed: false, findings: [{ ruleId: 'no-prestop-drain', severity: 'warning', blocking: false }] });
    expect(runPolicyAudit(worker, { ...defaults, failOn: 'warning' })).toMatchObject({ failed: true, findings: [{ severity: 'warning', blocking: true }] });
    expect(runPolicyAudit(worker, { ...defaults, failOn: 'never' }).failed).toBe(false);
  });

  test('an input with no object passes (an app may hold no workload); a malformed workload fails as an input problem', () => {
    expect(runPolicyAudit([{ file: 'empty.yaml', text: '' }], defaults)).toMatchObject({ failed: false, problems: [], workloads: 0 });
    const broken = runPolicyAudit([{ file: 'broken.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { template: { spec: { containers: 3 } } }\n' }], defaults);
    expect(broken.failed).toBe(true);
    expect(broken.problems[0]).toMatchObject({ file: 'broken.yaml' });
  });
});
