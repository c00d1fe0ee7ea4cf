import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlDocuments } from './run-cli';

const ROOT = join(__dirname, '..', '..');
/** The installed binary: package.json's bin (the bundle that post-compile writes from lib/cli/main.js). */
const MAIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['graceful-k8s']);

function graceful(args: string[], input?: string) {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: run \`npm test\` (it compiles and bundles first) or \`npx projen compile && npx projen post-compile\` before this test`);
  }
  return spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });
}

describe('the compiled graceful-k8s binary (package.json bin)', () => {
  test('starts with a node shebang so npx can run it', () => {
    expect(existsSync(MAIN)).toBe(true);
    expect(readFileSync(MAIN, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });

  test('plan -o yaml prints the fragment and exits 0', () => {
    const result = graceful(['plan', '--app-shutdown', '30s', '--drain-delay', '35s', '-o', 'yaml']);
    expect(result.status).toBe(0);
    expect(yamlDocuments(result.stdout)[0].spec.template.spec.terminationGracePeriodSeconds).toBe(70);
  });

  test('audit reads stdin and sets the exit code: 1 for the Spring seed\'s error, 2 for invalid YAML', () => {
    const spring = graceful(['audit', '-'], readFileSync(join(ROOT, 'test/fixtures/audit/spring-nacos.yaml'), 'utf8'));
    expect(spring.status).toBe(1);
    expect(spring.stdout).toContain('grace-period-too-short');
    const invalid = graceful(['audit', 'test/fixtures/audit/invalid.yaml']);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('test/fixtures/audit/invalid.yaml:17:18: invalid YAML');
    expect(invalid.stderr).not.toContain('    at ');
  });

  test('a planner error exits 2 with one line and no stack trace', () => {
    const result = graceful(['plan', '--app-shutdown', 'soon']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('--app-shutdown: appShutdownTimeout is not a duration');
  });
});

describe('the compiled binary in a pipeline', () => {
  test('a reader that closes the pipe early (| head) ends the CLI quietly with exit 0', () => {
    // pipefail: the pipeline's status is the CLI's own when it fails.
    const script = `set -o pipefail; "${process.execPath}" "${MAIN}" plan --app-shutdown 30s --traffic aws-nlb | head -c 10 >/dev/null; echo "exit=$?"`;
    const result = spawnSync('/bin/bash', ['-c', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stdout.trim()).toBe('exit=0');
  });
});
