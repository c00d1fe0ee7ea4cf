import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/**
 * Jest's globalSetup: builds lib/ once before any test file runs, so a fresh clone's `npx jest`
 * passes the tests that load the package as a user does (lib/ through package.json `exports`, the
 * compiled CLI binary, the bench scripts). `tsc --build` is incremental: when lib/ is current (as
 * after `npm test`'s compile step) it only checks timestamps, about a second.
 */
export default function globalSetup(): void {
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--build'], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    // A type error still emits lib/ (noEmitOnError: false); the tests that need a current lib/ say so themselves.
    const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
    process.stderr.write(`\ntest/global-setup.ts: tsc --build reported errors; lib/ may be incomplete:\n${output}\n`);
  }
}
