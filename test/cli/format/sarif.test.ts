import '@microsoft/jest-sarif';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { auditManifests } from '../../../src/audit';
import { AUDIT_RULES_DOC_URL } from '../../../src/audit/rule-docs';
import { formatAuditSarif, repositoryRoot, SARIF_SRCROOT } from '../../../src/cli';
import { FIXTURES, runCli } from '../run-cli';

const PHP_FPM = `${FIXTURES}/php-fpm-502.yaml`;
/** The repository (or worktree) this test runs in: jest's cwd is its root. */
const ROOT = process.cwd();

/** GitHub's heading anchor for a Markdown heading: lowercased, punctuation except `-` and `_` dropped, spaces to `-`. */
function githubAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

describe('audit -o sarif', () => {
  test('the log is valid against the SARIF 2.1.0 JSON schema, and the schema check can fail', async () => {
    const { stdout } = await runCli(['audit', '-o', 'sarif', PHP_FPM, `${FIXTURES}/invalid.yaml`]);
    const log = JSON.parse(stdout);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(log).toBeValidSarifLog();
    const broken = JSON.parse(stdout);
    broken.runs[0].results[0].level = 'fatal';
    expect(broken).not.toBeValidSarifLog();
  });

  test('every rule has a helpUri whose anchor is a heading of docs/audit-rules.md', async () => {
    const { stdout } = await runCli(['audit', '-o', 'sarif', PHP_FPM]);
    const rules = JSON.parse(stdout).runs[0].tool.driver.rules;
    expect(rules.length).toBeGreaterThan(0);
    const anchors = new Set(readFileSync('docs/audit-rules.md', 'utf8').split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => githubAnchor(l.replace(/^#+ /, ''))));
    for (const rule of rules) {
      const [page, anchor] = rule.helpUri.split('#');
      expect(page).toBe(AUDIT_RULES_DOC_URL);
      expect(page.endsWith('/docs/audit-rules.md')).toBe(true);
      expect(anchors).toContain(anchor);
      expect(anchor).toBe(rule.id);
    }
  });

  test('file URIs are relative to the repository root with uriBaseId %SRCROOT%, whatever the current directory', () => {
    const report = auditManifests([{ file: 'fixtures/audit/php-fpm-502.yaml', text: readFileSync(PHP_FPM, 'utf8') }]);
    // As if run from test/ with a path relative to it: the URI is still relative to the root.
    const log = JSON.parse(formatAuditSarif(report, { toolVersion: '0.0.0', baseDirectory: ROOT, cwd: join(ROOT, 'test') }));
    const run = log.runs[0];
    expect(run.originalUriBaseIds[SARIF_SRCROOT].uri).toBe(`file://${ROOT}/`);
    for (const result of run.results) {
      expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'test/fixtures/audit/php-fpm-502.yaml', uriBaseId: SARIF_SRCROOT });
    }
  });

  test('the CLI finds the repository root above the current directory; a file outside it gets an absolute file: URI, percent-encoded', async () => {
    expect(repositoryRoot(join(ROOT, 'test', 'fixtures'))).toBe(ROOT);
    const outside = mkdtempSync(join(tmpdir(), 'graceful k8s '));
    try {
      expect(repositoryRoot(outside)).toBe(resolve(outside));
      const { writeFileSync } = await import('node:fs');
      const file = join(outside, 'my app.yaml');
      writeFileSync(file, readFileSync(PHP_FPM));
      const { stdout } = await runCli(['audit', '-o', 'sarif', PHP_FPM, file]);
      const locations = JSON.parse(stdout).runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation);
      expect(locations).toContainEqual({ uri: PHP_FPM, uriBaseId: SARIF_SRCROOT });
      const absolute = locations.find((l: any) => l.uriBaseId === undefined);
      expect(absolute.uri).toMatch(/^file:\/\/\//);
      expect(absolute.uri).toContain('my%20app.yaml');
      expect(decodeURIComponent(new URL(absolute.uri).pathname)).toBe(file);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
