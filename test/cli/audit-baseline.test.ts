import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, runCli } from './run-cli';

const PHP_FPM = `${FIXTURES}/php-fpm-502.yaml`;

describe('audit --baseline / --write-baseline', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'graceful-baseline-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('--write-baseline writes every finding and passes; with it as --baseline an unchanged input passes', async () => {
    const file = join(dir, 'baseline.json');
    const first = await runCli(['audit', '--write-baseline', file, PHP_FPM]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/wrote \d+ finding\(s\) to baseline/);
    expect(JSON.parse(readFileSync(file, 'utf8')).findings.length).toBeGreaterThan(0);
    const again = await runCli(['audit', '--baseline', file, PHP_FPM]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/known finding\(s\) do not fail the audit, 0 new; 0 fixed/);
  });

  test('a new error fails the audit and is the only finding listed; a fixed one is named on stderr', async () => {
    const file = join(dir, 'baseline.json');
    await runCli(['audit', '--write-baseline', file, PHP_FPM]);
    const changed = join(dir, 'app.yaml');
    writeFileSync(changed, readFileSync(PHP_FPM, 'utf8').replace('- name: php-fpm', '- name: fpm'));
    const { code, stdout, stderr } = await runCli(['audit', '-o', 'json', '--baseline', file, changed]);
    expect(code).toBe(1);
    const json = JSON.parse(stdout);
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f: any) => f.container === 'fpm')).toBe(true);
    expect(json.baseline.known.length).toBeGreaterThan(0);
    expect(json.baseline.fixed.every((e: any) => e.container === 'php-fpm')).toBe(true);
    expect(stderr).toContain('no-prestop-drain on Deployment/my-pod container php-fpm');
  });

  test('SARIF marks results new or unchanged against the baseline; JUnit does not fail known findings', async () => {
    const file = join(dir, 'baseline.json');
    await runCli(['audit', '--write-baseline', file, PHP_FPM]);
    const sarif = JSON.parse((await runCli(['audit', '-o', 'sarif', '--baseline', file, PHP_FPM])).stdout);
    const results = sarif.runs[0].results;
    // SARIF 2.1.0 §3.27.24: with a baseline, every result has a baselineState; the suppressed one is not in the file.
    expect(results.every((r: any) => r.baselineState !== undefined)).toBe(true);
    expect(new Set(results.filter((r: any) => r.suppressions.length === 0).map((r: any) => r.baselineState))).toEqual(new Set(['unchanged']));
    // Suppressed after the baseline was written: the result is suppressed and unchanged, and not counted as fixed.
    const suppressed = await runCli(['audit', '-o', 'sarif', '--baseline', file, '--suppress', 'no-readiness-probe=probe added next sprint', PHP_FPM]);
    const probe = JSON.parse(suppressed.stdout).runs[0].results.find((r: any) => r.ruleId === 'no-readiness-probe');
    expect(probe.suppressions[0].justification).toBe('probe added next sprint');
    expect(probe.baselineState).toBe('unchanged');
    expect(suppressed.stderr).toContain('0 fixed');
    const junit = await runCli(['audit', '-o', 'junit', '--baseline', file, PHP_FPM]);
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain('failures="0"');
    expect(junit.stdout).toContain('in baseline, error no-prestop-drain');
  });

  test('a missing or malformed baseline file is a usage error (exit 2) that says how to write one', async () => {
    const missing = await runCli(['audit', '--baseline', join(dir, 'none.json'), PHP_FPM]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--write-baseline FILE');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"graceful_k8s_baseline": 9, "findings": []}');
    const malformed = await runCli(['audit', '--baseline', bad, PHP_FPM]);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('baseline.graceful_k8s_baseline');
  });

  test('-f is an alias of -o on every command', async () => {
    expect(JSON.parse((await runCli(['audit', '-f', 'json', PHP_FPM])).stdout).schemaVersion).toBe(1);
    expect(JSON.parse((await runCli(['plan', '--app-shutdown', '30s', '-f', 'json'])).stdout).plan).toBeDefined();
    expect((await runCli(['plan', '--app-shutdown', '30s', '--format', 'nope'])).code).toBe(2);
  });
});
