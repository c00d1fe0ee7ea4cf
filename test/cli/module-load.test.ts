import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'lib', 'cli', 'main.js');

/**
 * Runs the compiled CLI with a `--require` hook that writes, at exit, every module file it loaded (require.cache),
 * and returns those files relative to the repository root.
 */
function modulesLoadedBy(args: string[]): string[] {
  if (!existsSync(MAIN)) throw new Error('lib/cli/main.js is missing: run `npx tsc --build` (npm test compiles first)');
  const dir = mkdtempSync(join(tmpdir(), 'graceful-modules-'));
  try {
    const hook = join(dir, 'record.js');
    const out = join(dir, 'modules.json');
    writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const result = spawnSync(process.execPath, ['--require', hook, MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.error).toBeUndefined();
    return (JSON.parse(readFileSync(out, 'utf8')) as string[]).map((file) => relative(ROOT, file).split(sep).join('/'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The npm packages among `files`, by name (`@pulumi/pulumi`, `yaml`). */
function packagesOf(files: readonly string[]): Set<string> {
  const names = files.map((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f)?.[1]).filter((n): n is string => n !== undefined);
  return new Set(names);
}

const HEAVY = /^(cdk8s|cdk8s-plus-\d+|constructs|@pulumi\/.*|kubernetes-models)$/;

describe('each command loads only what it uses', () => {
  test('audit loads the audit, the core, yaml and commander: no cdk8s, Pulumi, or other command', () => {
    const files = modulesLoadedBy(['audit', 'test/fixtures/audit/php-fpm-502.yaml']);
    expect(files).toContain('lib/audit/audit.js'); // the hook saw the audit run
    expect([...packagesOf(files)].sort()).toEqual(['commander', 'yaml']);
    expect(files.filter((f) => /^lib\/(cdk8s|pulumi|rehearse|cli\/commands\/(plan|rehearse))/.test(f))).toEqual([]);
  });

  test('plan loads no cdk8s or Pulumi module and no audit or rehearse code', () => {
    const files = modulesLoadedBy(['plan', '--app-shutdown', '30s', '-o', 'yaml']);
    expect(files).toContain('lib/cli/commands/plan.js');
    expect([...packagesOf(files)].filter((p) => HEAVY.test(p))).toEqual([]);
    expect(files.filter((f) => /^lib\/(cdk8s|pulumi|rehearse|cli\/commands\/(audit|rehearse))/.test(f))).toEqual([]);
  });

  test('--help still lists every command (it loads them all)', () => {
    const files = modulesLoadedBy(['--help']);
    for (const command of ['plan', 'audit', 'rehearse']) expect(files).toContain(`lib/cli/commands/${command}.js`);
  });
});
