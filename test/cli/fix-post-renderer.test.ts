import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The Helm post-renderer contract, on the compiled binary as Helm runs it (a process whose only argument is `fix`):
 * the rendered manifests come on stdin, the manifests to install go to stdout, and a failure is a non-zero exit code
 * (Helm docs, "Advanced Helm Techniques", Post Rendering). Helm writes stdin from a goroutine, reads stdout and
 * stderr into buffers, and shows stderr only when the exit code is not 0 (`execRender.Run` in helm.sh/helm/v3
 * pkg/postrender/exec.go, v3.22.1). test/e2e/helm/post-renderer.test.ts runs the real helm.
 */
const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'lib', 'cli', 'main.js');
const RENDERED = readFileSync(join(ROOT, 'test/fixtures/helm/web-rendered.yaml'), 'utf8');

function postRender(input: string, args: string[] = ['fix']) {
  if (!existsSync(MAIN)) throw new Error('lib/cli/main.js is missing: run `npm test` (it compiles first) or `npx tsc --build` before this test');
  return spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
}

describe('graceful-k8s fix as a Helm post-renderer (stdin to stdout)', () => {
  test('reads the rendered chart on stdin and writes only planned manifests on stdout, exit 0', () => {
    const result = postRender(RENDERED);
    expect(result.status).toBe(0);
    const objects = parseAllDocuments(result.stdout).map((d) => d.toJS()).filter((o) => o !== null);
    expect(objects.map((o) => o.kind)).toEqual(['Service', 'Deployment', 'PodDisruptionBudget']);
    const pod = objects[1].spec.template.spec;
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(pod.terminationGracePeriodSeconds).toBe(40);
    // What helm gave is all still there, its `# Source:` comments included.
    expect(result.stdout.startsWith(RENDERED.slice(0, RENDERED.indexOf('# Source: web/templates/deployment.yaml')))).toBe(true);
    expect(result.stdout).toContain('# Source: web/templates/deployment.yaml');
    // Notes go to stderr, never into the manifests.
    expect(result.stderr).toContain('added a PodDisruptionBudget');
    expect(result.stdout).not.toContain('graceful-k8s:');
  });

  test('a chart with nothing to fix passes through byte for byte', () => {
    const plain = RENDERED.replace(/ {6}annotations:\n {8}graceful-k8s\.io\/app-shutdown: 30s\n/, '');
    expect(plain).not.toContain('graceful-k8s.io/');
    const result = postRender(plain);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(plain);
  });

  test('a refusal exits non-zero with the reason on stderr and nothing on stdout, so helm stops', () => {
    const result = postRender(RENDERED.replace('graceful-k8s.io/app-shutdown: 30s', 'graceful-k8s.io/app-shutdown: soon'));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('graceful-k8s: error: -: Deployment shop-web: annotation graceful-k8s.io/app-shutdown (on the pod template): appShutdownTimeout');
  });
});
