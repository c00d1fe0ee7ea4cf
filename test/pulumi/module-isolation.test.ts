/*
 * The Pulumi and cdk8s packages are optional peers: each entry point must load only its own.
 * Each case runs a fresh Node process from the repository root that requires one public entry point
 * (resolved through the package's own `exports`, i.e. lib/**) and prints every module it loaded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CHECKED_DIRS = ['core', 'cdk8s', 'pulumi'];

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
  // `npm test` compiles first; a lone jest run compiles here (the project's compile step) when lib/ is behind src/.
  if (staleOrMissing().length > 0) {
    try {
      execFileSync('npx', ['tsc', '--build'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
      // a compile error elsewhere in src still emits (noEmitOnError: false); the check below decides
    }
  }
  const stale = staleOrMissing();
  if (stale.length > 0) throw new Error(`lib/ is missing or older than src/ for: ${stale.join(', ')}; run \`npx tsc --build\``);
}, 180_000);

/** Every module a fresh process loaded after requiring `entry`, as paths relative to the repo. */
function modulesLoadedBy(entry: string): { resolved: string; loaded: string[] } {
  const script = `
    const resolved = require.resolve(process.env.ENTRY);
    require(process.env.ENTRY);
    process.stdout.write(JSON.stringify({ resolved, loaded: Object.keys(require.cache) }));`;
  const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, ENTRY: entry }, encoding: 'utf8' });
  const { resolved, loaded } = JSON.parse(out) as { resolved: string; loaded: string[] };
  return { resolved: relative(ROOT, resolved), loaded: loaded.map((p) => relative(ROOT, p)) };
}

const packagesIn = (loaded: string[]) => [...new Set(loaded.map((p) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1]).filter((p): p is string => !!p))];

const PULUMI = ['@pulumi/pulumi', '@pulumi/kubernetes'];
const CDK8S = ['cdk8s', 'cdk8s-plus-27', 'constructs'];

test('importing graceful-k8s loads neither Pulumi nor cdk8s', () => {
  const { resolved, loaded } = modulesLoadedBy('graceful-k8s');
  expect(resolved).toBe(join('lib', 'index.js'));
  expect(loaded).toContain(join('lib', 'core', 'plan.js'));
  const packages = packagesIn(loaded);
  for (const p of [...PULUMI, ...CDK8S]) expect(packages).not.toContain(p);
});

test('importing graceful-k8s/cdk8s loads cdk8s but no @pulumi module', () => {
  const { resolved, loaded } = modulesLoadedBy('graceful-k8s/cdk8s');
  expect(resolved).toBe(join('lib', 'cdk8s', 'index.js'));
  const packages = packagesIn(loaded);
  expect(packages).toEqual(expect.arrayContaining(['cdk8s', 'cdk8s-plus-27']));
  expect(packages.filter((p) => p.startsWith('@pulumi/'))).toEqual([]);
});

test('importing graceful-k8s/pulumi loads Pulumi but no cdk8s, cdk8s-plus-27 or constructs module', () => {
  const { resolved, loaded } = modulesLoadedBy('graceful-k8s/pulumi');
  expect(resolved).toBe(join('lib', 'pulumi', 'index.js'));
  const packages = packagesIn(loaded);
  expect(packages).toEqual(expect.arrayContaining(PULUMI));
  for (const p of CDK8S) expect(packages).not.toContain(p);
});
