/**
 * `graceful-k8s fix` as a post-renderer of the real helm: `helm template` (no cluster needed) of a chart whose
 * Deployment has no preStop and no lifecycle values (test/fixtures/helm/web, shaped like `helm create`'s), with the
 * numbers given by `--set-string podAnnotations...` or by a `fix --config` file, comes out planned.
 *
 * Needs: Go (helm is built once by scripts/helm-build.sh from the Go module proxy, at the version pinned there, into
 * ${GRACEFUL_K8S_CACHE:-~/.cache/graceful-k8s}/helm; about 10 minutes the first time on 2 shared cores) and the
 * compiled CLI (`npm run test:e2e` compiles first). Starts: helm, which starts graceful-k8s from PATH, as
 * `--post-renderer graceful-k8s` does for users (a name without a path separator is looked up in $PATH:
 * `getFullPath` in helm.sh/helm/v3 pkg/postrender/exec.go; the flags are bound in cmd/helm/flags.go `bindPostRenderFlag`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { auditManifests } from '../../../src/audit';
import { fixManifests } from '../../../src/cli/fix/fix-manifests';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'lib', 'cli', 'main.js');
const CHART = join(ROOT, 'test/fixtures/helm/web');
const CONFIG = join(ROOT, 'test/fixtures/helm/fix-config.yaml');

let helm: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error('lib/cli/main.js is missing: run `npm run test:e2e` (it compiles first) or `npx tsc --build`');
  helm = execFileSync(join(ROOT, 'scripts/helm-build.sh'), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  // `graceful-k8s` on PATH, as `npm install -g graceful-k8s` puts it there.
  const home = mkdtempSync(join(tmpdir(), 'graceful-helm-'));
  const bin = join(home, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(join(bin, 'graceful-k8s'), `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(join(bin, 'graceful-k8s'), 0o755);
  env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    // helm's own files in a throwaway place, not the user's.
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    NO_COLOR: '1',
  };
});

function helmTemplate(args: string[]) {
  return spawnSync(helm, ['template', 'shop', CHART, ...args], { cwd: ROOT, encoding: 'utf8', env });
}

function objectsOf(text: string): any[] {
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o !== null);
}

test('the pinned helm is the one built', () => {
  const version = spawnSync(helm, ['version', '--short'], { encoding: 'utf8', env });
  expect(version.stdout).toMatch(/^v3\.\d+\.\d+/);
  console.log(`e2e: helm ${version.stdout.trim()} at ${helm}`);
});

test('without the post-renderer the chart\'s Deployment has no preStop: the case fix is for', () => {
  const plain = helmTemplate([]);
  expect(plain.status).toBe(0);
  const deployment = objectsOf(plain.stdout).find((o) => o.kind === 'Deployment');
  expect(deployment.spec.template.spec.containers[0].lifecycle).toBeUndefined();
  expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeUndefined();
});

test('--set-string podAnnotations with --post-renderer graceful-k8s --post-renderer-args fix: the chart comes out planned, audit-clean and idempotent', () => {
  const result = helmTemplate([
    '--set-string', 'podAnnotations.graceful-k8s\\.io/app-shutdown=30s',
    '--set-string', 'podAnnotations.graceful-k8s\\.io/drain-delay=15s',
    '--post-renderer', 'graceful-k8s', '--post-renderer-args', 'fix',
  ]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const objects = objectsOf(result.stdout);
  const deployment = objects.find((o) => o.kind === 'Deployment');
  const pod = deployment.spec.template.spec;
  expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 15 } });
  expect(pod.terminationGracePeriodSeconds).toBe(50);
  expect(pod.containers[0].env).toEqual(expect.arrayContaining([{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '30' }]));
  expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 });
  const budget = objects.find((o) => o.kind === 'PodDisruptionBudget');
  expect(budget.spec).toEqual({ maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: deployment.spec.selector });
  // The audit finds nothing on the planned Deployment, and fix of helm's output changes nothing.
  const report = auditManifests([{ file: 'helm', text: result.stdout }]);
  expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(fixManifests(result.stdout, 'helm').text).toBe(result.stdout);
});

test('the numbers from a fix --config file, passed through repeated --post-renderer-args', () => {
  const result = helmTemplate(['--post-renderer', 'graceful-k8s', '--post-renderer-args', 'fix', '--post-renderer-args', '--config', '--post-renderer-args', CONFIG]);
  expect(result.status).toBe(0);
  const deployment = objectsOf(result.stdout).find((o) => o.kind === 'Deployment');
  // fix-config.yaml: defaults drain-delay 10s; shop-web app-shutdown 25s, traffic ingress-nginx.
  expect(deployment.spec.template.spec.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 10 } });
  expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(40);
});

test('a refusal makes helm fail with fix\'s reason, and nothing is rendered', () => {
  const result = helmTemplate([
    '--set-string', 'podAnnotations.graceful-k8s\\.io/app-shutdown=soon',
    '--post-renderer', 'graceful-k8s', '--post-renderer-args', 'fix',
  ]);
  expect(result.status).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain('error while running post render on files');
  expect(result.stderr).toContain('Deployment shop-web: annotation graceful-k8s.io/app-shutdown (on the pod template)');
});
