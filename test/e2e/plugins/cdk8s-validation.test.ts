/**
 * The validation plugin under the real cdk8s CLI (cdk8s-cli 2.207.60, the repository's devDependency):
 * `cdk8s synth` of examples/cdk8s-validation, whose cdk8s.yaml names graceful-k8s/lib/cdk8s-validation, exits 2
 * (cdk8s-cli lib/util.js, validateApp: `process.exit(2)` on a failed report) with a no-prestop-drain violation that
 * carries the construct path for a hand-written cdk8s-plus-34 Deployment behind a Service, and exits 0 for the
 * GracefulDeployment of the same app.
 *
 * Needs: lib/ (built first), the repository's node_modules. Starts: the cdk8s CLI, which runs the app with ts-node.
 * Prints one line per synth: `e2e: cdk8s synth ...`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildLib, linkedProject, ROOT } from './linked-project';

let dir: string;
let home: string;

beforeAll(() => {
  buildLib();
  dir = linkedProject('cdk8s-validation');
  // cdk8s-cli caches its upgrade check in ~/.cdk8s-cli.version (lib/upgrades.js): kept out of the real home.
  home = mkdtempSync(join(tmpdir(), 'graceful-k8s-cdk8s-home-'));
}, 10 * 60_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

/** `cdk8s synth` in the project (the app through ts-node: cdk8s.yaml's tsx is not a dependency of the repository). */
function synth(workload: 'hand-written' | 'graceful'): { status: number | null; output: string } {
  const result = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--app', 'node -r ts-node/register/transpile-only main.ts'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, HOME: home, NO_COLOR: '1', FORCE_COLOR: '0', EXAMPLE_WORKLOAD: workload },
    maxBuffer: 16 * 1024 * 1024,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const summary = output.split('\n').filter((line) => /Status|no-prestop-drain|Construct Path|Resource Name|exit|Validations? /.test(line)).map((l) => l.trim());
  process.stdout.write(`e2e: cdk8s synth (${workload}) exited ${result.status}:\n  ${summary.join('\n  ')}\n`);
  return { status: result.status, output };
}

test('cdk8s synth fails (exit 2) on a hand-written Deployment without a preStop, naming the rule, the construct path and the fix', () => {
  const { status, output } = synth('hand-written');
  expect(output).toContain('Performing validations');
  expect(output).toMatch(/Status\s*│\s*failure/);
  expect(output).toContain('no-prestop-drain [error] (1 occurrences)');
  expect(output).toContain('Construct Path: shop/orders/Resource');
  expect(output).toMatch(/Resource Name: shop-orders-[0-9a-f]{8}/);
  expect(output).toContain('> spec.template.spec.containers[0].lifecycle.preStop');
  expect(output).toMatch(/How to fix: add preStop .*sleep/);
  expect(output).toContain('Validation failed. See above reports for details');
  expect(status).toBe(2);
});

test('cdk8s synth passes (exit 0) on the GracefulDeployment of the same app', () => {
  const { status, output } = synth('graceful');
  expect(output).toMatch(/Status\s*│\s*success/);
  expect(output).not.toContain('no-prestop-drain');
  expect(output).toContain('Validations ended succesfully');
  expect(status).toBe(0);
});
