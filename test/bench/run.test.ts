import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FRAMEWORK_PACKAGES, IMPORTS, type ImportSample } from '../../bench/cold-import';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run bench` with tiny n and one repeat: proves the scripts run end to end against lib/ and
 * print every table. Asserts what was built and loaded, never how long it took.
 */
describe('npm run bench (tiny n, one repeat)', () => {
  let output = '';
  let raw: any;
  const dir = mkdtempSync(join(tmpdir(), 'graceful-k8s-bench-'));

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'lib', 'index.js'))) throw new Error('lib/ is missing: run `npx tsc --build` (npm run test:bench compiles first)');
    const json = join(dir, 'results.json');
    output = execFileSync(
      process.execPath,
      ['--expose-gc', '-r', 'ts-node/register/transpile-only', 'bench/run.ts', '--repeats', '1', '--sizes', '2,3', '--pulumi-size', '2', '--pulumi-repeats', '1', '--samples', '1',
        '--json', json],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    raw = JSON.parse(readFileSync(json, 'utf8'));
  }, 240_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('prints the cdk8s, growth, Pulumi and cold-import tables and a goal line', () => {
    const titles = [
      'cdk8s: new App', 'Growth from n=2 to n=3', 'Pulumi (mocks): n', 'Pulumi (mocks), the same runs against the hand-written component',
      'Pulumi runtime work per workload', 'Cold import', 'goal (CPU time and peak RSS ratio',
    ];
    for (const title of titles) {
      expect(output).toContain(title);
    }
  });

  test('the graceful cdk8s variant synthesizes as many YAML bytes as the hand-written one at every n', () => {
    for (const n of [2, 3]) {
      expect(raw.cdk8s[`graceful@${n}`][0].output).toBe(raw.cdk8s[`hand-written@${n}`][0].output);
    }
  });

  test('the Pulumi component variant registers one component per workload on top of the raw variant\'s Deployment and PodDisruptionBudget', () => {
    expect(raw.pulumi['raw@2'][0].output).toBe(4);
    expect(raw.pulumi['graceful@2'][0].output).toBe(6);
    expect(raw.pulumi['own-component@2'][0].output).toBe(6);
  });

  test('the counted runtime work puts GracefulDeployment at the hand-written component\'s count, above the raw resources\'', () => {
    const work = (variant: string) => (raw.pulumiRuntimeWork as { variant: string; runtimePromises: number }[]).find((w) => w.variant === variant)!;
    expect(work('graceful').runtimePromises).toBe(work('own-component').runtimePromises);
    expect(work('graceful').runtimePromises).toBeGreaterThan(work('raw').runtimePromises);
  });

  test('the hand-written component is marked as a reference, not judged against the goal', () => {
    expect(output).toMatch(/^2\s+own-component\s.*\sreference$/m);
  });

  test('require(\'graceful-k8s\') loads no cdk8s or Pulumi package; the adapters load their own framework only', () => {
    const packages = (specifier: string) => (raw.imports as ImportSample[]).find((s) => s.specifier === specifier)?.packages ?? [];
    expect(IMPORTS.every((s) => packages(s).length > 0)).toBe(true);
    expect(packages('graceful-k8s').filter((p) => FRAMEWORK_PACKAGES.includes(p))).toEqual([]);
    expect(packages('graceful-k8s/cdk8s-plus-27')).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-27']));
    expect(packages('graceful-k8s/cdk8s-plus-27')).not.toContain('@pulumi/pulumi');
    expect(packages('graceful-k8s/pulumi')).toEqual(expect.arrayContaining(['@pulumi/pulumi', '@pulumi/kubernetes']));
    expect(packages('graceful-k8s/pulumi')).not.toContain('cdk8s');
  });
});
