/**
 * docs/rehearse.md's `rehearse` runs: the CLI in-process against the example app, with real processes and timers.
 * Their figures depend on timing, so `npm run readme -- --rehearse` rewrites them and the README test does
 * not compare them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli';
import { killAllLocalProcesses } from '../../src/rehearse';
import { APPS, handWrittenManifest } from '../rehearse/helpers';
import { plannedManifest } from '../rehearse/planned-manifest';

/** Each docs/rehearse.md run: the manifest and the flags after `--manifest FILE --app APP`. */
const SCENARIOS: Record<string, { readonly manifest: () => string; readonly flags: readonly string[] }> = {
  // The seeds' shape: no preStop, a 5 s grace period, under a 2 s routing lag.
  'no-prestop': {
    manifest: () => handWrittenManifest({ gracePeriodSeconds: 5 }),
    flags: ['--routing-lag', '2s', '--rps', '100', '--rollouts', '1'],
  },
  // The GracefulDeployment of { appShutdownTimeout: 1, drainDelay: 2, safetyMargin: 1, rollout: { minReady: 1 } }.
  'graceful': {
    manifest: () => plannedManifest({ appShutdownTimeout: 1, drainDelay: 2, safetyMargin: 1, rollout: { minReady: 1 } }).yaml,
    flags: ['--routing-lag', '1.5s', '--rps', '100', '--rollouts', '2'],
  },
};

/** True for a scenario this module knows. */
export function isRehearseScenario(name: string): boolean {
  return name in SCENARIOS;
}

/** The text report of one scenario, run now from the repository root. */
export async function rehearseBlock(name: string, root: string): Promise<string> {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown rehearse scenario '${name}'`);
  const dir = mkdtempSync(join(tmpdir(), 'graceful-k8s-readme-'));
  const manifest = join(dir, 'web.k8s.yaml');
  writeFileSync(manifest, scenario.manifest());
  let stdout = '';
  const previous = process.cwd();
  process.chdir(root);
  try {
    await run(['rehearse', '--manifest', manifest, '--app', APPS.drain, ...scenario.flags], {
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: () => true, isTTY: false },
      env: {},
      readStdin: async () => '',
    });
  } finally {
    process.chdir(previous);
    await killAllLocalProcesses();
    rmSync(dir, { recursive: true, force: true });
  }
  return stdout;
}
