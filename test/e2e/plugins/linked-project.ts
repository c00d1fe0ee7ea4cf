/**
 * A throwaway project for the plugin suites: a copy of an example folder whose node_modules holds a link to every
 * package of the repository's node_modules plus `graceful-k8s` linked to the repository (its lib/, through its
 * `exports`), so the real cdk8s CLI and the real Pulumi engine load the plugin as a user's project would, without a
 * registry install. Node resolves the links to their real paths: one copy of each package.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** Builds lib/ (incremental `tsc --build`, as `npm run test:e2e` does first): the projects load graceful-k8s from it. */
export function buildLib(): void {
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['--build'], { cwd: ROOT, stdio: 'inherit' });
}

/** Copies `examples/<example>` (but node_modules) to a new temp folder and links its node_modules; returns the folder. */
export function linkedProject(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), `graceful-k8s-${example}-`));
  const source = join(ROOT, 'examples', example);
  for (const file of readdirSync(source)) {
    if (file !== 'node_modules' && file !== 'package-lock.json') cpSync(join(source, file), join(dir, file), { recursive: true });
  }
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== 'graceful-k8s') symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  symlinkSync(ROOT, join(modules, 'graceful-k8s'), 'dir');
  return dir;
}
