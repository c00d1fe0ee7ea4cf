/*
 * The jsii package (jsii/) runs the cdk8s adapter's own code: jsii/src/shared/ holds copies of src/cdk8s-common and
 * of cdk8s-plus-34's line facts in which only the import paths differ, jsii/src/graceful-*.ts are cdk8s-plus-34's
 * per-line classes with the plan's members in jsii types (jsii/sync-shared.sh writes both), and
 * jsii/src/shared/core.ts stands for the core the glue imports. These checks run in `npm test`, without building the
 * jsii package (`npm run test:python` builds it and tests it from Python).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { planWarning as coreShimPlanWarning } from '../../jsii/src/shared/core';
import { planWarning } from '../../src/core/plan-warning';

const ROOT = join(__dirname, '..', '..');
const hasGlue = existsSync(join(ROOT, 'src', 'cdk8s-common'));

describe('the jsii package runs the cdk8s adapters\' own glue', () => {
  // The glue arrives with the cdk8s-plus lines (issue #17); before it, jsii/src/shared is the committed copy.
  (hasGlue ? test : test.skip)('jsii/src is what jsii/sync-shared.sh writes from src/cdk8s-common and src/cdk8s-plus-34', () => {
    const check = spawnSync('bash', [join(ROOT, 'jsii', 'sync-shared.sh'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  test('the shim\'s planWarning (not exported by the root entry point) builds the same warning as the core\'s', () => {
    const args = ['statefulset-on-delete', 'updateStrategy is OnDelete', 'delete one pod at a time'] as const;
    expect(coreShimPlanWarning(...args)).toEqual(planWarning(...args));
    expect(coreShimPlanWarning(...args).message).toBe('updateStrategy is OnDelete; delete one pod at a time');
  });
});
