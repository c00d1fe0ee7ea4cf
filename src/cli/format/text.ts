import { countBySeverity, type AuditFinding, type AuditReport } from '../../audit/audit';
import { type Severity } from '../../audit/finding';
import type { Painter } from '../color';

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'blue' } as const;
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Findings grouped per workload, then per container (workload-level findings first), then a summary. */
export function formatAuditText(report: AuditReport, paint: Painter): string {
  const lines: string[] = [];
  for (const workload of report.workloads) {
    const findings = report.findings.filter((f) => f.workload === workload);
    const title = `${workload.kind} ${workload.namespace ? `${workload.namespace}/` : ''}${workload.name}`;
    const where = paint('dim', `${workload.source.file}:${workload.source.line}`);
    if (findings.length === 0) {
      lines.push(`${paint('green', '✓')} ${paint('bold', title)}  ${where}  no findings`);
      continue;
    }
    lines.push(`${paint('bold', title)}  ${where}`);
    for (const [container, group] of groupByContainer(findings)) {
      lines.push(container === undefined ? '  pod / workload' : `  container ${paint('bold', container)}`);
      for (const f of group) {
        const severity = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(7));
        lines.push(`    ${severity} ${paint('bold', f.ruleId)}  ${f.path}  ${paint('dim', `(line ${f.location.line})`)}`);
        lines.push(`            ${f.message}`);
        if (f.fix) lines.push(`            ${paint('green', 'fix:')} ${f.fix}`);
      }
    }
    lines.push('');
  }
  lines.push(summaryLine(report, paint));
  return lines.join('\n');
}

/** `3 workloads: 2 errors, 5 warnings, 1 info; 1 unusable input; skipped Job/x`. */
export function summaryLine(report: AuditReport, paint: Painter): string {
  const counts = countBySeverity(report.findings);
  const parts = [
    paint(counts.error > 0 ? 'red' : 'green', plural(counts.error, 'error')),
    paint(counts.warning > 0 ? 'yellow' : 'dim', plural(counts.warning, 'warning')),
    plural(counts.info, 'info', 'infos'),
  ];
  let text = `${plural(report.workloads.length, 'workload')} audited: ${parts.join(', ')}`;
  if (report.suppressed.length > 0) {
    text += `; ${plural(report.suppressed.length, 'finding')} suppressed (${[...new Set(report.suppressed.map((f) => f.ruleId))].join(', ')})`;
  }
  if (report.problems.length > 0) text += `; ${paint('red', plural(report.problems.length, 'unusable input'))}`;
  if (report.skipped.length > 0) text += `; skipped ${report.skipped.map((s) => `${s.kind}/${s.name}`).join(', ')} (run to completion)`;
  return text;
}

function groupByContainer(findings: readonly AuditFinding[]): Array<[string | undefined, AuditFinding[]]> {
  const groups = new Map<string | undefined, AuditFinding[]>();
  const sorted = [...findings].sort((a, b) => (a.container === undefined ? 0 : 1) - (b.container === undefined ? 0 : 1));
  for (const f of sorted) groups.set(f.container, [...(groups.get(f.container) ?? []), f]);
  for (const group of groups.values()) group.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return [...groups.entries()];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `file:line:column: message`, the shape editors and CI logs link. */
export function formatProblem(problem: { file: string; line?: number; column?: number; message: string }): string {
  const at = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}${problem.column === undefined ? '' : `:${problem.column}`}`;
  return `${at}: ${problem.message}`;
}
