import { type AuditFinding, type AuditReport, type BaselineComparison, type Severity, type SuppressedFinding, type WorkloadRef } from '../../audit';

/** Options of {@link formatAuditJunit}. */
export interface JunitOptions {
  /**
   * The lowest severity whose findings are JUnit failures (the audit's `--fail-on`); `never` makes none a failure.
   * Findings below it are listed in the test case's `system-out`, which passes.
   * @default 'error'
   */
  readonly failOn?: Severity | 'never';
  /** With `--baseline`: findings the baseline knows pass, listed in `system-out`. @default none */
  readonly baseline?: BaselineComparison;
}

const RANK: Record<Severity | 'never', number> = { error: 3, warning: 2, info: 1, never: 4 };

/**
 * The audit as JUnit XML, the test report format Jenkins (junit plugin), GitLab (`artifacts:reports:junit`) and
 * Azure Pipelines (`PublishTestResults@2`, `testResultsFormat: JUnit`) read natively.
 *
 * One `<testsuite>` per input file; one `<testcase>` per workload and rule, so a pipeline lists every check that
 * ran, passing or not. The shape follows what those readers show:
 * - GitLab (docs.gitlab.com, "Unit test reports", JUnit XML format specification) shows `classname` as the suite
 *   and `name` as the test, and keeps only the first of test cases with the same name: so `classname` is the
 *   workload (`Deployment/shop/web`) and `name` holds workload and rule, unique per workload.
 * - Azure Pipelines shows `name` as the test title and hides `classname` in most views (php-src commit c02dfdd
 *   moved its file name into `name` for that reason): so `name` says which workload as well as which rule.
 * - Jenkins splits `classname` at its last `.` into package and class (junit plugin, CaseResult#getPackageName):
 *   workload names with dots show under a package; nothing is lost.
 * A test case fails (`<failure>`, one per test case: GitLab reads only one) when the rule found something at or
 * above `failOn` that no baseline knows; the failure's body lists every such finding of the rule on the workload.
 * A rule whose findings are all suppressed is `<skipped>` with the reason. Unusable inputs are `<error>`s.
 */
export function formatAuditJunit(report: AuditReport, options: JunitOptions = {}): string {
  const failRank = RANK[options.failOn ?? 'error'];
  const known = new Set(options.baseline?.known ?? []);
  const all: AuditFinding[] = [...report.findings, ...(options.baseline?.known ?? [])];
  const byWorkloadRule = new Map<string, { found: AuditFinding[]; suppressed: SuppressedFinding[] }>();
  const slot = (w: WorkloadRef, ruleId: string) => {
    const key = `${workloadKey(w)}\u0000${ruleId}`;
    let entry = byWorkloadRule.get(key);
    if (!entry) byWorkloadRule.set(key, (entry = { found: [], suppressed: [] }));
    return entry;
  };
  for (const f of all) slot(f.workload, f.ruleId).found.push(f);
  for (const f of report.suppressed) slot(f.workload, f.ruleId).suppressed.push(f);

  const files = new Map<string, string[]>();
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suiteCounts = new Map<string, typeof counts>();
  const add = (file: string, xml: string, kind: 'pass' | 'failure' | 'error' | 'skipped') => {
    if (!files.has(file)) {
      files.set(file, []);
      suiteCounts.set(file, { tests: 0, failures: 0, errors: 0, skipped: 0 });
    }
    files.get(file)!.push(xml);
    for (const c of [counts, suiteCounts.get(file)!]) {
      c.tests++;
      if (kind === 'failure') c.failures++;
      if (kind === 'error') c.errors++;
      if (kind === 'skipped') c.skipped++;
    }
  };

  for (const problem of report.problems) {
    const where = `${problem.file}${problem.line !== undefined ? `:${problem.line}` : ''}`;
    add(problem.file, `    <testcase classname="${attr(problem.file)}" name="${attr(`input ${where}`)}" file="${attr(problem.file)}" time="0">\n` +
      `      <error message="${attr(problem.message)}" type="unusable-input">${text(`${where}: ${problem.message}`)}</error>\n    </testcase>`, 'error');
  }
  for (const workload of report.workloads) {
    const classname = workloadKey(workload);
    for (const rule of report.rules) {
      const entry = byWorkloadRule.get(`${classname}\u0000${rule.id}`);
      const name = `${classname}: ${rule.id}`;
      const open = `    <testcase classname="${attr(classname)}" name="${attr(name)}" file="${attr(workload.source.file)}" time="0">`;
      const failing = (entry?.found ?? []).filter((f) => !known.has(f) && RANK[f.severity] >= failRank);
      const passing = (entry?.found ?? []).filter((f) => !failing.includes(f));
      const out = passing.length > 0
        ? `\n      <system-out>${text(passing.map((f) => `${known.has(f) ? 'in baseline, ' : ''}${describe(f)}`).join('\n'))}</system-out>`
        : '';
      if (failing.length > 0) {
        const first = failing[0];
        add(workload.source.file, `${open}\n      <failure message="${attr(`${first.message}. Fix: ${first.fix}`)}" type="${attr(first.severity)}">` +
          `${text(failing.map(describe).join('\n\n'))}</failure>${out}\n    </testcase>`, 'failure');
      } else if (passing.length === 0 && (entry?.suppressed.length ?? 0) > 0) {
        const reasons = entry!.suppressed.map((f) => f.suppression.reason);
        add(workload.source.file, `${open}\n      <skipped message="${attr(`suppressed: ${[...new Set(reasons)].join('; ')}`)}"/>\n    </testcase>`, 'skipped');
      } else {
        add(workload.source.file, `${open}${out}${out ? '\n    ' : ''}</testcase>`, 'pass');
      }
    }
  }

  const suites = [...files.entries()].map(([file, cases]) => {
    const c = suiteCounts.get(file)!;
    return `  <testsuite name="${attr(file)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="graceful-k8s audit" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0">\n` +
    `${suites.join('\n')}${suites.length > 0 ? '\n' : ''}</testsuites>`;
}

function workloadKey(w: WorkloadRef): string {
  return w.namespace !== undefined ? `${w.kind}/${w.namespace}/${w.name}` : `${w.kind}/${w.name}`;
}

function describe(f: AuditFinding): string {
  return `${f.severity} ${f.ruleId} at ${f.location.file}:${f.location.line} ${f.path}` +
    `${f.container !== undefined ? ` (container ${f.container})` : ''}: ${f.message}. Fix: ${f.fix}`;
}

/**
 * Characters XML 1.0 cannot hold at all (§2.2 Char: C0 controls except tab, newline and carriage return; lone
 * surrogates; U+FFFE and U+FFFF) become `\uXXXX` text, since no escape can represent them.
 */
function legal(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text content: `&`, `<` and `>` escaped (`>` for `]]>`), XML 1.0 §2.4. */
function text(value: string): string {
  return legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An attribute value in double quotes: also `"`, and tab, newline and carriage return as character references,
 * since attribute-value normalization would turn them into spaces (XML 1.0 §3.3.3).
 */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}
