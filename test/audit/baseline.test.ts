import { readFileSync } from 'node:fs';
import { applyBaseline, auditManifests, formatBaseline, parseBaseline } from '../../src/audit';
import { GracefulConfigError } from '../../src/core/errors';

const PHP_FPM = readFileSync('test/fixtures/audit/php-fpm-502.yaml', 'utf8');
const audit = (text: string, file = 'app.yaml') => auditManifests([{ file, text }]);

describe('audit baseline', () => {
  test('a baseline of a run knows every finding of the same input: nothing new, nothing fixed', () => {
    const report = audit(PHP_FPM);
    expect(report.findings.length).toBeGreaterThan(0);
    const { report: fresh, comparison } = applyBaseline(report, parseBaseline(formatBaseline(report)));
    expect(fresh.findings).toEqual([]);
    expect(comparison.known).toEqual(report.findings);
    expect(comparison.fixed).toEqual([]);
  });

  test('fingerprints ignore lines and files: lines added above the workload and a renamed file keep findings known', () => {
    const baseline = parseBaseline(formatBaseline(audit(PHP_FPM)));
    const moved = audit(`# a comment\n# another\n${PHP_FPM}`, 'renamed/app.yaml');
    expect(moved.findings[0].location.line).not.toBe(audit(PHP_FPM).findings[0].location.line);
    expect(applyBaseline(moved, baseline).report.findings).toEqual([]);
  });

  test('a new finding is new; a fixed one is listed as fixed', () => {
    const before = audit(PHP_FPM);
    const baseline = parseBaseline(formatBaseline(before));
    // Renaming the php-fpm container: its findings are new (another container), the old container's are fixed.
    const after = PHP_FPM.replace(/- name: php-fpm/, '- name: php-fpm-8');
    expect(after).not.toBe(PHP_FPM);
    const { report, comparison } = applyBaseline(audit(after), baseline);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.container === 'php-fpm-8')).toBe(true);
    expect(comparison.fixed.length).toBeGreaterThan(0);
    expect(comparison.fixed.every((e) => e.container === 'php-fpm')).toBe(true);
  });

  test('the file is sorted JSON with one entry per fingerprint and no line numbers, the same bytes for the same findings', () => {
    const text = formatBaseline(audit(PHP_FPM));
    expect(formatBaseline(audit(`\n\n${PHP_FPM}`, 'other.yaml'))).toBe(text);
    const data = JSON.parse(text);
    expect(data.graceful_k8s_baseline).toBe(1);
    for (const entry of data.findings) expect(Object.keys(entry).sort()).toEqual(expect.arrayContaining(['kind', 'name', 'ruleId']));
    expect(text).not.toMatch(/"line"|"file"/);
  });

  test('a malformed baseline is a config error naming the field', () => {
    expect(() => parseBaseline('nope')).toThrow(GracefulConfigError);
    expect(() => parseBaseline('{"graceful_k8s_baseline": 2, "findings": []}')).toThrow(/baseline.graceful_k8s_baseline/);
    expect(() => parseBaseline('{"graceful_k8s_baseline": 1, "findings": [{"ruleId": "x", "kind": "Deployment"}]}')).toThrow(/baseline.findings\[0\].name/);
  });
});
