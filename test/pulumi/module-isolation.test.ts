/*
 * The Pulumi and cdk8s packages are optional peers: each entry point must load only its own.
 * A fresh Node process at the repository root requires the public entry point (resolved through
 * the package's own `exports`, i.e. lib/**) and reports every package it loaded.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packagesLoadedBy, ROOT } from '../helpers/loaded-modules';
const CHECKED_DIRS = ['core', 'cdk8s-common', 'cdk8s-plus-27', 'cdk8s-plus-32', 'cdk8s-plus-33', 'cdk8s-plus-34', 'pulumi'];

/** The compiled files the entry points load, paired with their sources. */
function compiledPairs(): Array<{ src: string; lib: string }> {
  const pairs = [{ src: join(ROOT, 'src', 'index.ts'), lib: join(ROOT, 'lib', 'index.js') }];
  for (const dir of CHECKED_DIRS) {
    for (const file of readdirSync(join(ROOT, 'src', dir)).filter((f) => f.endsWith('.ts'))) {
      pairs.push({ src: join(ROOT, 'src', dir, file), lib: join(ROOT, 'lib', dir, file.replace(/\.ts$/, '.js')) });
    }
  }
  return pairs;
}

function staleOrMissing(): string[] {
  return compiledPairs()
    .filter(({ src, lib }) => !existsSync(lib) || statSync(lib).mtimeMs < statSync(src).mtimeMs)
    .map(({ lib }) => relative(ROOT, lib));
}

beforeAll(() => {
  // test/global-setup.ts builds lib/ before any test runs.
  const stale = staleOrMissing();
  if (stale.length > 0) throw new Error(`lib/ is missing or older than src/ for: ${stale.join(', ')}; run \`npx tsc --build\``);
});

const PULUMI = ['@pulumi/kubernetes', '@pulumi/pulumi'];
const CDK8S = ['cdk8s', 'cdk8s-plus-27', 'constructs'];

// The core and cdk8s entry points loading no @pulumi module: test/exports.test.ts.

test('importing graceful-k8s/pulumi loads Pulumi but no cdk8s, cdk8s-plus-27 or constructs module', () => {
  const loaded = packagesLoadedBy('graceful-k8s/pulumi');
  expect(loaded).toEqual(expect.arrayContaining([...PULUMI, 'graceful-k8s']));
  for (const p of CDK8S) expect(loaded).not.toContain(p);
});

test('the Pulumi entry point exposes GracefulDeployment and applyPlanToWorkloadArgs from lib/', () => {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pulumiEntry = require(join(ROOT, 'lib', 'pulumi', 'index.js'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  expect(typeof pulumiEntry.GracefulDeployment).toBe('function');
  expect(typeof pulumiEntry.applyPlanToWorkloadArgs).toBe('function');
});
