import { parse } from 'yaml';
import { GracefulConfigError } from '../core';
import type { SelfDrainingImage } from './context';
import { isRecord, stringRecord } from './object-path';
import { type AuditedWorkload } from './workload';

/**
 * The annotation prefix that suppresses one rule on one workload, kube-linter style
 * (`ignore-check.kube-linter.io/<check>: "<reason>"`): `ignore-check.graceful-k8s.io/<rule-id>: "<reason>"`
 * on the workload's `metadata.annotations`. The reason is required.
 */
export const SUPPRESS_ANNOTATION_PREFIX = 'ignore-check.graceful-k8s.io/';

/** A suppression from outside the manifests (a CLI option or config file), like a cdk-nag `{ id, reason }`. */
export interface Suppression {
  /** The rule id, e.g. `single-replica-no-pdb`. */
  readonly rule: string;
  /**
   * The workloads it applies to: `Kind/name` or `namespace/Kind/name`; all workloads when omitted.
   * @default every workload
   */
  readonly workload?: string;
  /** Why the finding does not apply. Required, shown in the report and in SARIF. */
  readonly reason: string;
}

/** Why a finding was suppressed, and where that was said. */
export interface SuppressionReason {
  /** The reason given: the annotation's value, or {@link Suppression.reason}. */
  readonly reason: string;
  /** `annotation` (in the manifest, SARIF `inSource`) or `config` (CLI option or config file, SARIF `external`). */
  readonly from: 'annotation' | 'config';
}

/**
 * The suppressions a workload's annotations declare, by rule id; `problems` lists annotations without a reason.
 * @internal
 */
export function annotationSuppressions(workload: AuditedWorkload): { readonly byRule: Map<string, SuppressionReason>; readonly problems: string[] } {
  const metadata = isRecord(workload.object.metadata) ? workload.object.metadata : {};
  const byRule = new Map<string, SuppressionReason>();
  const problems: string[] = [];
  for (const [key, value] of Object.entries(stringRecord(metadata.annotations))) {
    if (!key.startsWith(SUPPRESS_ANNOTATION_PREFIX)) continue;
    const rule = key.slice(SUPPRESS_ANNOTATION_PREFIX.length);
    if (value.trim() === '') {
      problems.push(`annotation ${key} on ${workload.kind} ${workload.name} gives no reason, so it suppresses nothing; write why the rule does not apply`);
      continue;
    }
    byRule.set(rule, { reason: value.trim(), from: 'annotation' });
  }
  return { byRule, problems };
}

/**
 * The configured suppression that covers `rule` on `workload`, if any.
 * @internal
 */
export function configuredSuppression(suppressions: readonly Suppression[], rule: string, workload: AuditedWorkload): SuppressionReason | undefined {
  const names = [`${workload.kind}/${workload.name}`, `${workload.namespace ?? ''}/${workload.kind}/${workload.name}`];
  const match = suppressions.find((s) => s.rule === rule && (s.workload === undefined || names.includes(s.workload)));
  return match ? { reason: match.reason, from: 'config' } : undefined;
}

/**
 * Reads `--suppress RULE[@WORKLOAD]=REASON` (WORKLOAD is `Kind/name` or `namespace/Kind/name`).
 * @throws GracefulConfigError naming the option, the value and the fix
 * @internal
 */
export function parseSuppressOption(text: string, ruleIds: readonly string[]): Suppression {
  const match = /^([a-z0-9-]+)(?:@([^=]+))?=(.*)$/.exec(text);
  if (!match || match[3].trim() === '') {
    throw new GracefulConfigError('suppress', text, 'must be RULE[@Kind/name]=REASON, e.g. single-replica-no-pdb@Deployment/metrics=\'one replica by design\'');
  }
  return checkedSuppression({ rule: match[1], ...(match[2] ? { workload: match[2] } : {}), reason: match[3].trim() }, 'suppress', ruleIds);
}

/**
 * Reads a config file: YAML `suppressions: [{ rule, workload?, reason }]`.
 * @throws GracefulConfigError naming the entry, the value and the fix
 * @internal
 */
export function parseSuppressionConfig(text: string, ruleIds: readonly string[]): Suppression[] {
  let config: unknown;
  try {
    config = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new GracefulConfigError('config', text.slice(0, 40), `must be YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const list = isRecord(config) ? config.suppressions : undefined;
  if (list === undefined && isRecord(config) && config.selfDraining !== undefined) return [];
  if (!Array.isArray(list)) throw new GracefulConfigError('config.suppressions', list, 'must be a list of { rule, workload?, reason }');
  return list.map((entry, i) => suppressionFromEntry(entry, `config.suppressions[${i}]`, ruleIds));
}

/**
 * Reads one `{ rule, workload?, reason }` entry given as data (a config file's, cdk8s.yaml `properties`, Pulumi policy config).
 * @param field how the user names the entry in errors, e.g. `config.suppressions[0]`
 * @throws GracefulConfigError naming the entry, the value and the fix
 */
export function suppressionFromEntry(entry: unknown, field: string, ruleIds: readonly string[]): Suppression {
  if (!isRecord(entry) || typeof entry.rule !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim() === '' ||
    (entry.workload !== undefined && typeof entry.workload !== 'string')) {
    throw new GracefulConfigError(field, entry, 'must be { rule: <rule id>, workload?: Kind/name, reason: <why it does not apply> }');
  }
  return checkedSuppression({ rule: entry.rule, ...(typeof entry.workload === 'string' ? { workload: entry.workload } : {}), reason: entry.reason.trim() }, field, ruleIds);
}

/**
 * Reads the images a config file declares to drain by themselves: YAML
 * `selfDraining: [{ image: <repository>, seconds: <how long it keeps serving after the stop signal>, source: <where that is written> }]`.
 * @throws GracefulConfigError naming the entry, the value and the fix
 * @internal
 */
export function parseSelfDrainingConfig(text: string): SelfDrainingImage[] {
  const config = parse(text, { maxAliasCount: 100 }) as unknown;
  const list = isRecord(config) ? config.selfDraining : undefined;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new GracefulConfigError('config.selfDraining', list, 'must be a list of { image, seconds, source }');
  return list.map((entry, i) => {
    if (!isRecord(entry) || typeof entry.image !== 'string' || entry.image.trim() === '' || typeof entry.seconds !== 'number' ||
      !Number.isInteger(entry.seconds) || entry.seconds <= 0 || typeof entry.source !== 'string' || entry.source.trim() === '') {
      throw new GracefulConfigError(`config.selfDraining[${i}]`, entry,
        'must be { image: <repository, e.g. registry.example/team/proxy>, seconds: <whole seconds it keeps serving after the stop signal>, source: <where that is documented> }');
    }
    return { image: entry.image.trim(), seconds: entry.seconds, source: entry.source.trim() };
  });
}

function checkedSuppression(suppression: Suppression, field: string, ruleIds: readonly string[]): Suppression {
  if (!ruleIds.includes(suppression.rule)) {
    throw new GracefulConfigError(`${field}.rule`, suppression.rule, `must be one of ${ruleIds.join(', ')}`);
  }
  if (suppression.workload !== undefined && !/^([^/]+\/)?[A-Za-z]+\/[^/]+$/.test(suppression.workload)) {
    throw new GracefulConfigError(`${field}.workload`, suppression.workload, 'must be Kind/name or namespace/Kind/name, e.g. Deployment/web');
  }
  return suppression;
}
