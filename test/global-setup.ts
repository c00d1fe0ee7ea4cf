import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * Set by the projen tasks that compile before they run jest (`npm test`, `npm run test:bench`; .projenrc.ts):
 * lib/ is current, so the tests do not compile it a second time.
 */
export const LIB_BUILT_BY_TASK = 'GRACEFUL_K8S_LIB_BUILT_BY_TASK';

/**
 * Jest's globalSetup: builds lib/ once before any test file runs, so a fresh clone's `npx jest`
 * passes the tests that load the package as a user does (lib/ through package.json `exports`, the
 * compiled CLI binary, the bench scripts). Skipped under `npm test`, whose compile step has just built lib/.
 */
export default function globalSetup(): void {
  if (process.env[LIB_BUILT_BY_TASK] === '1') return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--build'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    // A type error still emits lib/ (noEmitOnError: false); the tests that need a current lib/ say so themselves.
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    process.stderr.write(`\ntest/global-setup.ts: tsc --build reported errors; lib/ may be incomplete:\n${output}\n`);
  }
}
