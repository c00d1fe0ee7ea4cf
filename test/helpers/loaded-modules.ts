import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * Requires `specifier` (e.g. 'graceful-k8s/cdk8s-plus-27') in a fresh Node process started at the repo
 * root, as a user would after install (package self-reference through `exports` to lib/), and
 * returns the package names it loaded. `npm test` compiles lib/ before jest runs.
 */
export function packagesLoadedBy(specifier: string): string[] {
  if (!existsSync(join(ROOT, 'lib', 'index.js'))) {
    throw new Error('lib/ is missing: run `npm test` (it compiles first) or `npx tsc --build` before this test');
  }
  const script = `require(${JSON.stringify(specifier)});` +
    'process.stdout.write(JSON.stringify(Object.keys(require.cache)))';
  const files: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
  const names = new Set<string>();
  for (const file of files) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    names.add(match ? match[1] : 'graceful-k8s');
  }
  return [...names].sort();
}
