/**
 * The one path from an ecosystem's policy hook to the audit: the cdk8s validation plugin
 * (src/cdk8s-validation) and the Pulumi policy pack (src/pulumi-policy) both read their settings with
 * {@link checkPolicyOptions}, run the audit with {@link runPolicyAudit} and ask {@link isBlocking} whether a
 * severity blocks. They only render the result into their ecosystem's shape; no rule logic lives here either
 * (the rules are src/audit/rules, the engine src/audit/audit.ts). Its types are public through both entry points;
 * its functions are internal.
 * @packageDocumentation
 */
import { suppressionFromEntry } from '../audit/suppression';
import { ALL_RULES, auditManifests, type AuditFinding, type InputProblem, type ManifestInput, type Severity, type SuppressedFinding, type Suppression } from '../audit';
import { describeValue, GracefulConfigError } from '../core/errors';

/** The lowest severity that fails the check, or `never`, as the CLI's `audit --fail-on`. */
export type FailOn = 'error' | 'warning' | 'never';

/** The settings both integrations accept (cdk8s.yaml `properties`, the policy pack's options). */
export interface PolicyOptions {
  /**
   * The lowest severity that fails `cdk8s synth` / is a mandatory Pulumi policy; `never` reports without failing.
   * @default 'error'
   */
  readonly failOn?: FailOn;
  /**
   * Rule ids not to run at all (e.g. `single-replica-no-pdb`). An unknown id is an error, not a silent no-op.
   * @default none
   */
  readonly disabledRules?: readonly string[];
  /**
   * Acknowledged findings: `{ rule, workload?, reason }`, as the CLI's config file `suppressions`
   * (workload `Kind/name` or `namespace/Kind/name`; every workload when omitted). Listed as suppressed, never counted.
   * @default none
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * Whether `info` findings (advice that needs no action, e.g. "not routed: no preStop needed") are reported.
   * @default false
   */
  readonly includeInfo?: boolean;
}

/** Options after {@link checkPolicyOptions}: every field present. @internal */
export interface CheckedPolicyOptions {
  /** See {@link PolicyOptions.failOn}. */
  readonly failOn: FailOn;
  /** See {@link PolicyOptions.disabledRules}. */
  readonly disabledRules: readonly string[];
  /** See {@link PolicyOptions.suppressions}. */
  readonly suppressions: readonly Suppression[];
  /** See {@link PolicyOptions.includeInfo}. */
  readonly includeInfo: boolean;
}

/** A finding the integration shows, and whether it fails the check. */
export interface PolicyFinding extends AuditFinding {
  /** Whether its severity is at or above {@link PolicyOptions.failOn}. */
  readonly blocking: boolean;
}

/** What {@link runPolicyAudit} returns. @internal */
export interface PolicyAuditResult {
  /** The findings to show (info only with {@link PolicyOptions.includeInfo}), in the audit's order. */
  readonly findings: readonly PolicyFinding[];
  /** Findings an annotation or a configured suppression covers. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Unusable input (malformed workloads, suppressions without a reason): always fails the check. */
  readonly problems: readonly InputProblem[];
  /** The number of workloads the rules checked. */
  readonly workloads: number;
  /** Whether the check fails: a blocking finding or an input problem. */
  readonly failed: boolean;
}

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];
const RANK: Readonly<Record<Severity, number>> = { error: 2, warning: 1, info: 0 };

/** Whether a finding of `severity` fails the check under `failOn` (the CLI's `--fail-on` rule, src/cli/commands/audit.ts). @internal */
export function isBlocking(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}

/**
 * Validates settings as received (YAML properties or code), once, before the audit runs.
 * @param where how the user names the settings in errors, e.g. `cdk8s.yaml validations[].properties`
 * @throws GracefulConfigError naming the field, the value and the fix
 * @internal
 */
export function checkPolicyOptions(raw: unknown, where: string): CheckedPolicyOptions {
  const ids = ALL_RULES.map((r) => r.id);
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw refused(where, raw, 'must be a map of failOn, disabledRules, suppressions, includeInfo');
  const input = raw as Record<string, unknown>;
  const known = ['failOn', 'disabledRules', 'suppressions', 'includeInfo'];
  for (const key of Object.keys(input)) {
    if (!known.includes(key)) throw refused(`${where}.${key}`, input[key], `not a setting; the settings are ${known.join(', ')}`);
  }
  const failOn = input.failOn ?? 'error';
  if (!FAIL_ON.includes(failOn as FailOn)) throw refused(`${where}.failOn`, failOn, `must be one of ${FAIL_ON.join(', ')}`);
  const disabled = input.disabledRules ?? [];
  if (!Array.isArray(disabled)) throw refused(`${where}.disabledRules`, disabled, `must be a list of rule ids (${ids.join(', ')})`);
  disabled.forEach((id, i) => {
    if (typeof id !== 'string' || !ids.includes(id)) throw refused(`${where}.disabledRules[${i}]`, id, `must be one of ${ids.join(', ')}`);
  });
  const suppressions = input.suppressions ?? [];
  if (!Array.isArray(suppressions)) throw refused(`${where}.suppressions`, suppressions, 'must be a list of { rule, workload?, reason }');
  const checked = suppressions.map((s, i) => suppressionFromEntry(s, `${where}.suppressions[${i}]`, ids));
  const includeInfo = input.includeInfo ?? false;
  if (typeof includeInfo !== 'boolean') throw refused(`${where}.includeInfo`, includeInfo, 'must be true or false');
  return { failOn: failOn as FailOn, disabledRules: disabled as string[], suppressions: checked, includeInfo };
}

/** A GracefulConfigError whose message names the field, the value given and the fix. */
function refused(field: string, value: unknown, fix: string): GracefulConfigError {
  return new GracefulConfigError(field, value, `is ${describeValue(value)}: ${fix}`);
}

/**
 * Runs the audit once over every input (so Services, PodDisruptionBudgets and autoscalers of one input count for
 * the workloads of another) and sorts what it found into what the integration shows and whether it fails.
 * An input without Kubernetes objects is fine here: a cdk8s app or a Pulumi stack may hold no workload.
 * @internal
 */
export function runPolicyAudit(inputs: readonly ManifestInput[], options: CheckedPolicyOptions): PolicyAuditResult {
  const rules = ALL_RULES.filter((rule) => !options.disabledRules.includes(rule.id));
  const report = auditManifests(inputs, { rules, suppressions: options.suppressions, allowEmpty: true });
  const findings = report.findings
    .filter((f) => options.includeInfo || f.severity !== 'info')
    .map((f) => ({ ...f, blocking: isBlocking(f.severity, options.failOn) }));
  return {
    findings,
    suppressed: report.suppressed,
    problems: report.problems,
    workloads: report.workloads.length,
    failed: report.problems.length > 0 || findings.some((f) => f.blocking),
  };
}
