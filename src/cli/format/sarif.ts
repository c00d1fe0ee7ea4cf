import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AuditFinding, AuditReport } from '../../audit/audit';
import type { Severity } from '../../audit/finding';
import type { BaselineComparison } from '../../audit/baseline';
import { ruleHelpUri } from '../../audit/rule-docs';

/** SARIF result levels (SARIF 2.1.0 §3.27.10): `info` maps to `note`. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * The `uriBaseId` of every file URI: relative to the repository root. `%SRCROOT%` is the name GitHub code scanning's
 * documentation uses for it (docs.github.com, "SARIF support for code scanning", `originalUriBaseIds`).
 */
export const SARIF_SRCROOT = '%SRCROOT%';

/** Options of {@link formatAuditSarif}. */
export interface SarifOptions {
  /** The tool's version (`tool.driver.semanticVersion`). */
  readonly toolVersion: string;
  /**
   * The repository root: file URIs are relative to it, with `uriBaseId` {@link SARIF_SRCROOT}, and the run's
   * `originalUriBaseIds` says where it was (SARIF 2.1.0 §3.4.4, §3.14.14). Code scanning resolves them against the
   * checkout. A file outside it gets an absolute `file:` URI.
   * @default the current directory
   */
  readonly baseDirectory?: string;
  /** The current directory relative file names are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** With `--baseline`: each result gets `baselineState` `new` or `unchanged` (SARIF 2.1.0 §3.27.24). @default none */
  readonly baseline?: BaselineComparison;
}

/**
 * The audit as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one run, the
 * rules as `tool.driver.rules` with their metadata, each finding a result located at the field's
 * file and line, and unusable inputs as tool execution notifications.
 */
export function formatAuditSarif(report: AuditReport, options: SarifOptions): string {
  const ruleIndex = new Map(report.rules.map((r, i) => [r.id, i]));
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.baseDirectory ?? cwd);
  const location = (file: string) => artifactLocation(file, root, cwd);
  const result = (f: AuditFinding, baselineState?: 'new' | 'unchanged') => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: `${f.workload.kind} ${f.workload.name}${f.container ? `, container ${f.container}` : ''}: ${f.message}. Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: { artifactLocation: location(f.location.file), region: { startLine: f.location.line } },
        logicalLocations: [{ fullyQualifiedName: `${f.workload.kind}/${f.workload.name}/${f.path}`, kind: 'member' }],
      },
    ],
    // §3.27.23: suppressions are all absent or all present in a run; an empty list says "evaluated, not suppressed".
    suppressions: [] as object[],
    // §3.27.24: with a baseline, every result has a baselineState (fixed entries are in the run's properties).
    ...(baselineState !== undefined ? { baselineState } : {}),
  });
  const fresh = options.baseline !== undefined ? 'new' : undefined;
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
              helpUri: ruleHelpUri(rule.id),
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
                    artifactLocation: location(p.file),
                    ...(p.line !== undefined ? { region: { startLine: p.line, ...(p.column !== undefined ? { startColumn: p.column } : {}) } } : {}),
                  },
                },
              ],
            })),
          },
        ],
        originalUriBaseIds: { [SARIF_SRCROOT]: { uri: directoryUri(root) } },
        results: [
          ...report.findings.map((f) => result(f, fresh)),
          ...(options.baseline?.known ?? []).map((f) => result(f, 'unchanged')),
          // SARIF 2.1.0 §3.27.23 / §3.35: a suppressed result stays in the log with its justification;
          // `inSource` for an annotation in the manifest, `external` for a CLI option or config file.
          ...report.suppressed.map((f) => ({
            ...result(f, options.baseline === undefined ? undefined : options.baseline.suppressedKnown.includes(f) ? 'unchanged' : 'new'),
            suppressions: [{ kind: f.suppression.from === 'annotation' ? 'inSource' : 'external', status: 'accepted', justification: f.suppression.reason }],
          })),
        ],
        properties: {
          suppressedCount: report.suppressed.length,
          ...(options.baseline !== undefined ? { baselineFixed: options.baseline.fixed } : {}),
        },
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/**
 * A SARIF artifactLocation for a file as the user named it: relative to `root` with `uriBaseId` when inside it,
 * else an absolute `file:` URI. URIs are percent-encoded (SARIF 2.1.0 §3.10.2: RFC 3986 URI references), with `/`.
 * stdin has no file: SARIF has no URI scheme for it, so it is the relative reference `stdin` (a name, not a path).
 */
function artifactLocation(file: string, root: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === '-') return { uri: 'stdin' };
  const absolute = resolve(cwd, file);
  const inside = relative(root, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { uri: pathToFileURL(absolute).href };
  return { uri: inside.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SARIF_SRCROOT };
}

/** A directory as an absolute `file:` URI ending in `/` (SARIF 2.1.0 §3.14.14 requires the trailing slash). */
function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
