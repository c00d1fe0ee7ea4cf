import { countBySeverity, type AuditFinding, type AuditReport } from '../../audit/audit';
import type { BaselineComparison } from '../../audit/baseline';

/**
 * The audit as one JSON document (stable field names; `schemaVersion` changes when they do). With a baseline
 * comparison, `findings` are the new findings and `baseline` lists the known and the fixed ones.
 */
export function formatAuditJson(report: AuditReport, baseline?: BaselineComparison): string {
  const counts = countBySeverity(report.findings);
  return JSON.stringify(
    {
      schemaVersion: 1,
      summary: {
        workloads: report.workloads.length,
        errors: counts.error,
        warnings: counts.warning,
        infos: counts.info,
        suppressed: report.suppressed.length,
        problems: report.problems.length,
      },
      findings: report.findings.map(findingJson),
      suppressed: report.suppressed.map((f) => ({ ...findingJson(f), suppression: f.suppression })),
      problems: report.problems,
      workloads: report.workloads.map((w) => ({
        kind: w.kind,
        name: w.name,
        ...(w.namespace ? { namespace: w.namespace } : {}),
        file: w.source.file,
        line: w.source.line,
      })),
      skipped: report.skipped.map((s) => ({ kind: s.kind, name: s.name, file: s.source.file, line: s.source.line })),
      ...(baseline !== undefined ? { baseline: { known: baseline.known.map(findingJson), fixed: baseline.fixed } } : {}),
    },
    null,
    2,
  );
}

function findingJson(f: AuditFinding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    workload: { kind: f.workload.kind, name: f.workload.name, ...(f.workload.namespace ? { namespace: f.workload.namespace } : {}) },
    ...(f.container !== undefined ? { container: f.container } : {}),
    path: f.path,
    file: f.location.file,
    line: f.location.line,
    message: f.message,
    fix: f.fix,
  };
}
