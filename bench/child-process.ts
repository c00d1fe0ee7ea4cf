import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Suite, WorkerResult } from './worker';

/** The repository root: children start there so `graceful-k8s` resolves to lib/ by self-reference. */
export const ROOT = join(__dirname, '..');

const WORKER = join(__dirname, 'worker.ts');

/** Runs one measurement in a fresh Node process and returns what it printed. */
export function runWorker(suite: Suite, variant: string, n: number): WorkerResult {
  const args = ['--expose-gc', '-r', 'ts-node/register/transpile-only', WORKER, suite, variant, String(n)];
  const lastLine = runNode(args).trim().split('\n').pop() ?? '';
  return JSON.parse(lastLine) as WorkerResult;
}

/** Runs `node <args>` at the repository root (with `env` added to this process's environment); returns stdout, throws with stderr on failure. */
export function runNode(args: readonly string[], env: Readonly<Record<string, string>> = {}): string {
  const child = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`node ${args.join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr}`);
  }
  return child.stdout;
}
