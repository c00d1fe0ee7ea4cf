import type { AuditFinding, AuditReport } from '../../audit/audit';
import type { Severity } from '../../audit/finding';

/** SARIF result levels (SARIF 2.1.0 §3.27.10): `info` maps to `note`. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  readonly toolVersion: string;
  /** Makes file URIs relative to this directory (CI code scanning wants repository-relative paths). */
  readonly baseDirectory?: string;
}

/**
 * The audit as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one run, the
 * rules as `tool.driver.rules` with their metadata, each finding a result located at the field's
 * file and line, and unusable inputs as tool execution notifications.
 */
export function formatAuditSarif(report: AuditReport, options: SarifOptions): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const uri = (file: string) => (file === '-' ? 'stdin' : relative(file, options.baseDirectory));
  const result = (f: AuditFinding) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: `${f.workload.kind} ${f.workload.name}${f.container ? `, container ${f.container}` : ''}: ${f.message}. Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: uri(f.location.file) }, region: { startLine: f.location.line } },
        logicalLocations: [{ fullyQualifiedName: `${f.workload.kind}/${f.workload.name}/${f.path}`, kind: 'member' }],
      },
    ],
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'graceful-k8s',
            semanticVersion: options.toolVersion,
            informationUri: 'https://www.npmjs.com/package/graceful-k8s',
            rules: report.rules.map((rule) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              help: { text: rule.description },
              defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
              properties: { tags: ['kubernetes', 'graceful-shutdown', 'reliability'] },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.problems.length === 0,
            toolExecutionNotifications: report.problems.map((p) => ({
              level: 'error',
              message: { text: p.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: uri(p.file) },
                    ...(p.line !== undefined ? { region: { startLine: p.line, ...(p.column !== undefined ? { startColumn: p.column } : {}) } } : {}),
                  },
                },
              ],
            })),
          },
        ],
        results: [
          ...report.findings.map((f) => result(f)),
          // SARIF 2.1.0 §3.27.23 / §3.35: a suppressed result stays in the log with its justification;
          // `inSource` for an annotation in the manifest, `external` for a CLI option or config file.
          ...report.suppressed.map((f) => ({
            ...result(f),
            suppressions: [{ kind: f.suppression.from === 'annotation' ? 'inSource' : 'external', status: 'accepted', justification: f.suppression.reason }],
          })),
        ],
        properties: { suppressedCount: report.suppressed.length },
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function relative(file: string, base: string | undefined): string {
  const slashes = file.replace(/\\/g, '/');
  if (base === undefined) return slashes;
  const prefix = base.replace(/\\/g, '/').replace(/\/?$/, '/');
  return slashes.startsWith(prefix) ? slashes.slice(prefix.length) : slashes;
}

function pascalCase(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
