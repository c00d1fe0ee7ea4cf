import { packagesLoadedBy } from './helpers/loaded-modules';

describe('subpath exports load only what they need', () => {
  test("importing 'graceful-k8s' (the core) loads no cdk8s, constructs or Pulumi code", () => {
    expect(packagesLoadedBy('graceful-k8s')).toEqual(['graceful-k8s']);
  });

  test("importing 'graceful-k8s/audit' (the audit engine) loads no cdk8s, constructs or Pulumi code", () => {
    expect(packagesLoadedBy('graceful-k8s/audit')).toEqual(['graceful-k8s', 'yaml']);
  });

  test("importing 'graceful-k8s/cdk8s-validation' (the cdk8s-cli plugin) loads the audit only: no cdk8s-cli, cdk8s or Pulumi code", () => {
    expect(packagesLoadedBy('graceful-k8s/cdk8s-validation')).toEqual(['graceful-k8s', 'yaml']);
  });

  test("importing 'graceful-k8s/pulumi-policy' (the policy pack's policies) loads the audit only: not even @pulumi/policy", () => {
    expect(packagesLoadedBy('graceful-k8s/pulumi-policy')).toEqual(['graceful-k8s', 'yaml']);
  });

  test('the root entry point is a deliberate list: the validation and planning internals are not exported', () => {
    /* eslint-disable-next-line @typescript-eslint/no-require-imports */
    const core = require('../lib/index.js');
    for (const internal of ['validateSpec', 'planPreStop', 'resolveTraffic', 'frameworkContribution', 'sidecarShutdown', 'gracePeriodTerms', 'describeValue']) {
      expect(core[internal]).toBeUndefined();
    }
    /* eslint-disable-next-line @typescript-eslint/no-require-imports */
    expect(require('../lib/cdk8s-plus-27/index.js').addPostSynthesisTransform).toBeUndefined();
  });

  test.each([
    ['graceful-k8s/cdk8s-plus-27', 'cdk8s-plus-27'],
    ['graceful-k8s/cdk8s-plus-32', 'cdk8s-plus-32'],
    ['graceful-k8s/cdk8s-plus-33', 'cdk8s-plus-33'],
    ['graceful-k8s/cdk8s-plus-34', 'cdk8s-plus-34'],
  ])("importing '%s' loads cdk8s and %s, no other cdk8s-plus line and no Pulumi code", (entry, line) => {
    const loaded = packagesLoadedBy(entry);
    expect(loaded).toEqual(expect.arrayContaining(['cdk8s', line, 'constructs', 'graceful-k8s']));
    expect(loaded.filter((name) => name.startsWith('cdk8s-plus-'))).toEqual([line]);
    expect(loaded.filter((name) => name.startsWith('@pulumi/'))).toEqual([]);
  });

  test("'graceful-k8s/cdk8s' is no entry point: each cdk8s-plus line has its own, named for it", () => {
    expect(() => packagesLoadedBy('graceful-k8s/cdk8s')).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  test('every line\'s entry point exposes the same names; the glue\'s internals are in none of them', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const entries = ['cdk8s-plus-27', 'cdk8s-plus-32', 'cdk8s-plus-33', 'cdk8s-plus-34'].map((folder) => require(`../lib/${folder}/index.js`));
    /* eslint-enable @typescript-eslint/no-require-imports */
    const names = Object.keys(entries[3]).sort();
    expect(names).toEqual([
      'AppImage', 'Framework', 'GracefulDeployment', 'GracefulQuit', 'GracefulStatefulSet', 'PodCount', 'PodDisruptionBudgetPolicy', 'PreStopMode',
      'Sidecar', 'Traffic', 'WARNING_METADATA_TYPE', 'applyPlanToWorkload', 'collectWarnings',
    ]);
    for (const entry of entries) expect(Object.keys(entry).sort()).toEqual(names);
    // The shared classes are one and the same in every entry point.
    expect(entries[0].Traffic).toBe(entries[3].Traffic);
  });

  test('the core entry point exposes planShutdown and GracefulConfigError; the cdk8s one GracefulDeployment', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const core = require('../lib/index.js');
    const cdk8s = require('../lib/cdk8s-plus-27/index.js');
    /* eslint-enable @typescript-eslint/no-require-imports */
    expect(typeof core.planShutdown).toBe('function');
    expect(typeof core.GracefulConfigError).toBe('function');
    expect(typeof cdk8s.GracefulDeployment).toBe('function');
    expect(core.planShutdown({ appShutdownTimeout: 30 }).terminationGracePeriodSeconds).toBe(40);
  });
});

test('every "apply a plan" function is named for the layer it works on; the cdk8s lines\' applyShutdownPlan and the Pulumi adapter\'s pre-0.1.0 aliases are gone', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const core = require('../lib/index.js');
  const cdk8s = require('../lib/cdk8s-plus-27/index.js');
  const pulumi = require('../lib/pulumi/index.js');
  /* eslint-enable @typescript-eslint/no-require-imports */
  expect(typeof core.applyPlanToWorkloadSpec).toBe('function');
  expect(typeof cdk8s.applyPlanToWorkload).toBe('function');
  expect(cdk8s.applyShutdownPlan).toBeUndefined();
  expect(typeof pulumi.applyPlanToWorkloadArgs).toBe('function');
  expect(typeof pulumi.applyPlanToSpecInputs).toBe('function');
  // Removed before the first release (CHANGELOG "Public API"): the Pulumi adapter's pre-0.1.0 names.
  expect(pulumi.withShutdownPlan).toBeUndefined();
  expect(pulumi.applyShutdownPlanToSpec).toBeUndefined();
});
