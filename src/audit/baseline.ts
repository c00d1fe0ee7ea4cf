import type { AuditFinding, AuditReport, SuppressedFinding } from './audit';
import { GracefulConfigError } from '../core/errors';

/**
 * The version of the baseline file format ({@link formatBaseline}); a file with another version is refused.
 */
export const BASELINE_FORMAT_VERSION = 1;

/**
 * One known finding in a baseline file: what identifies it across edits. No file, line or field path: moving a
 * workload to another file, editing lines above it or reordering containers keeps it known.
 */
export interface BaselineEntry {
  /** The rule's id, e.g. `no-prestop-drain`. */
  readonly ruleId: string;
  /** The workload's kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The workload's `metadata.namespace`; absent when the manifest leaves it to `kubectl apply -n`. */
  readonly namespace?: string;
  /** The workload's `metadata.name`. */
  readonly name: string;
  /** The container's name, for a finding about one container; absent for a finding about the workload. */
  readonly container?: string;
}

/** What comparing an audit with a baseline found. */
export interface BaselineComparison {
  /** Findings the baseline lists: still reported, but they do not fail the audit. */
  readonly known: readonly AuditFinding[];
  /** Baseline entries that no finding matches any more (fixed, or the workload is gone), in file order. */
  readonly fixed: readonly BaselineEntry[];
  /** Suppressed findings the baseline lists (suppressed since it was written); the others are new. */
  readonly suppressedKnown: readonly SuppressedFinding[];
}

/**
 * The fingerprint of a finding or a baseline entry: rule id, kind, namespace, name and container, joined by a
 * character that Kubernetes names cannot hold (`metadata.name` is a DNS subdomain or label, container names are
 * DNS labels: kubernetes apimachinery pkg/util/validation/validation.go, IsDNS1123Subdomain / IsDNS1123Label).
 * @internal
 */
export function baselineFingerprint(entry: BaselineEntry): string {
  return [entry.ruleId, entry.kind, entry.namespace ?? '', entry.name, entry.container ?? ''].join('\u0000');
}

/** The baseline entry of a finding. */
export function baselineEntryOf(finding: AuditFinding): BaselineEntry {
  return {
    ruleId: finding.ruleId,
    kind: finding.workload.kind,
    ...(finding.workload.namespace !== undefined ? { namespace: finding.workload.namespace } : {}),
    name: finding.workload.name,
    ...(finding.container !== undefined ? { container: finding.container } : {}),
  };
}

/**
 * A baseline file listing every (unsuppressed) finding of `report`: JSON, one entry per fingerprint, sorted, so
 * the same findings always give the same bytes and a diff of the file shows what changed.
 */
export function formatBaseline(report: Pick<AuditReport, 'findings'>): string {
  const byPrint = new Map<string, BaselineEntry>();
  for (const finding of report.findings) {
    const entry = baselineEntryOf(finding);
    byPrint.set(baselineFingerprint(entry), entry);
  }
  const key = (e: BaselineEntry) => [e.kind, e.namespace ?? '', e.name, e.ruleId, e.container ?? ''].join('\u0000');
  const findings = [...byPrint.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return `${JSON.stringify({ graceful_k8s_baseline: BASELINE_FORMAT_VERSION, findings }, null, 2)}\n`;
}

/**
 * Reads a baseline file's text. Throws {@link GracefulConfigError} naming the field at fault when it is not one
 * {@link formatBaseline} could have written.
 */
export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new GracefulConfigError('baseline', text.slice(0, 40), `is not JSON (${error instanceof Error ? error.message : String(error)}); write one with --write-baseline FILE`);
  }
  const root = data as Record<string, unknown> | null;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new GracefulConfigError('baseline', data, 'must be a JSON object with graceful_k8s_baseline and findings; write one with --write-baseline FILE');
  }
  if (root.graceful_k8s_baseline !== BASELINE_FORMAT_VERSION) {
    throw new GracefulConfigError('baseline.graceful_k8s_baseline', root.graceful_k8s_baseline,
      `must be ${BASELINE_FORMAT_VERSION} (the format this version reads); rewrite the file with --write-baseline FILE`);
  }
  if (!Array.isArray(root.findings)) throw new GracefulConfigError('baseline.findings', root.findings, 'must be a list of { ruleId, kind, namespace?, name, container? }');
  return root.findings.map((item: unknown, index) => {
    const field = `baseline.findings[${index}]`;
    const entry = item as Record<string, unknown> | null;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new GracefulConfigError(field, item, 'must be an object { ruleId, kind, namespace?, name, container? }');
    for (const required of ['ruleId', 'kind', 'name'] as const) {
      if (typeof entry[required] !== 'string' || entry[required] === '') throw new GracefulConfigError(`${field}.${required}`, entry[required], 'must be a non-empty string');
    }
    for (const optional of ['namespace', 'container'] as const) {
      if (entry[optional] !== undefined && typeof entry[optional] !== 'string') throw new GracefulConfigError(`${field}.${optional}`, entry[optional], 'must be a string or absent');
    }
    return {
      ruleId: entry.ruleId as string,
      kind: entry.kind as string,
      ...(entry.namespace !== undefined ? { namespace: entry.namespace as string } : {}),
      name: entry.name as string,
      ...(entry.container !== undefined ? { container: entry.container as string } : {}),
    };
  });
}

/**
 * Splits the report's findings into new ones (left in `report.findings`, which fail the audit) and ones the
 * baseline knows (`comparison.known`); baseline entries no finding matches are `comparison.fixed`.
 */
export function applyBaseline<R extends AuditReport>(
  report: R,
  baseline: readonly BaselineEntry[],
): { readonly report: R; readonly comparison: BaselineComparison } {
  const prints = new Set(baseline.map(baselineFingerprint));
  const found = new Set<string>();
  const fresh: AuditFinding[] = [];
  const known: AuditFinding[] = [];
  for (const finding of report.findings) {
    const print = baselineFingerprint(baselineEntryOf(finding));
    found.add(print);
    (prints.has(print) ? known : fresh).push(finding);
  }
  // A finding suppressed since the baseline was written is not fixed: it is still there, now acknowledged.
  const suppressedKnown: SuppressedFinding[] = [];
  for (const finding of report.suppressed) {
    const print = baselineFingerprint(baselineEntryOf(finding));
    found.add(print);
    if (prints.has(print)) suppressedKnown.push(finding);
  }
  const fixed = baseline.filter((entry) => !found.has(baselineFingerprint(entry)));
  return { report: { ...report, findings: fresh }, comparison: { known, fixed, suppressedKnown } };
}
