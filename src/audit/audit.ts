import { ALL_RULES } from './all-rules';
import { claimOf, configMapOf, EXPOSING_KINDS, exposedServicesOf, selectingObjectOf, webhookServicesOf, type AuditAssumptions, type ClaimFacts, type ConfigMapFacts, type SelfDrainingImage, type AuditContext, type AutoscalerFacts, type PodDisruptionBudgetFacts, type ServiceFacts } from './context';
import { type AuditRule, type RuleFinding, type Severity } from './finding';
import { parseManifest, type InputProblem, type ManifestInput, type ParsedObject } from './manifest';
import { formatFieldPath } from './object-path';
import { annotationSuppressions, configuredSuppression, SUPPRESS_ANNOTATION_PREFIX, type Suppression, type SuppressionReason } from './suppression';
import { AUDITED_KINDS, auditedKindOf, nameOf, workloadFromObject, type AuditedKind, type AuditedWorkload, type SourceLocation } from './workload';

/** A workload as findings name it. */
export interface WorkloadRef {
  /** The workload's kind. */
  readonly kind: AuditedKind;
  /** `metadata.name`, or `(unnamed)`. */
  readonly name: string;
  /** `metadata.namespace`; `undefined` when the manifest leaves it to `kubectl apply -n`. */
  readonly namespace?: string;
  /** The file and the 1-based line where the workload object starts. */
  readonly source: SourceLocation;
}

/** One finding of the audit, located. */
export interface AuditFinding {
  /** The {@link AuditRule.id} of the rule that found it. */
  readonly ruleId: string;
  /** How bad this finding is, as the rule reported it (usually the rule's `defaultSeverity`). */
  readonly severity: Severity;
  /** The workload the finding is about. */
  readonly workload: WorkloadRef;
  /** The name of the container the finding is about, when it is about one. */
  readonly container?: string;
  /** `spec.template.spec.containers[0].lifecycle.preStop`, relative to the workload object. */
  readonly path: string;
  /** The file and the 1-based line of the field (or of its nearest present ancestor). */
  readonly location: SourceLocation;
  /** Why it drops or cuts requests. */
  readonly message: string;
  /** What to change, with the numbers the planner would use. */
  readonly fix: string;
}

/** An object the audit skipped on purpose (Jobs, CronJobs, kinds it does not read). */
export interface SkippedObject {
  /** The object's kind: `Job` or `CronJob`. */
  readonly kind: string;
  /** `metadata.name`, or `(unnamed)`. */
  readonly name: string;
  /** The file and the 1-based line where the object starts. */
  readonly source: SourceLocation;
}

/** A finding a suppression covers: not counted against the exit code, still listed (summary, JSON, SARIF). */
export interface SuppressedFinding extends AuditFinding {
  /** The suppression that covers the finding: its reason and where it was given. */
  readonly suppression: SuppressionReason;
}

/** What {@link auditManifests} found in all its inputs. */
export interface AuditReport {
  /** Every workload the rules checked, in input order (a malformed workload is in `problems` instead). */
  readonly workloads: readonly WorkloadRef[];
  /** Findings not suppressed. */
  readonly findings: readonly AuditFinding[];
  /** Findings an annotation or a configured suppression covers. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Unusable input: invalid YAML, malformed workloads. */
  readonly problems: readonly InputProblem[];
  /** Objects skipped on purpose: Jobs and CronJobs, whose pods run to completion. */
  readonly skipped: readonly SkippedObject[];
  /** The rules that ran: {@link AuditOptions.rules}, or {@link ALL_RULES} when it is omitted. */
  readonly rules: readonly AuditRule[];
}

/** Options of {@link auditManifests}. */
export interface AuditOptions {
  /**
   * What to assume where a manifest says nothing.
   * @default `{}` (every assumption at its own default)
   */
  readonly assumptions?: AuditAssumptions;
  /**
   * The rules to run on every workload.
   * @default ALL_RULES
   */
  readonly rules?: readonly AuditRule[];
  /** Suppressions from a CLI option or config file (annotations in the manifests apply too). @default none */
  readonly suppressions?: readonly Suppression[];
  /**
   * Images that keep serving for a while after the stop signal and then stop by themselves, as the user
   * knows them (config file `selfDraining`); the project's own list is in src/audit/images.ts. @default none
   */
  readonly selfDrainingImages?: readonly SelfDrainingImage[];
  /**
   * Whether an input with no Kubernetes object at all is fine. By default it is an input problem: a renderer that
   * failed (`helm template ... | graceful-k8s audit -`) prints nothing, and an audit of nothing must not pass.
   * @default false
   */
  readonly allowEmpty?: boolean;
}

/** The kinds the rules read; any other object (CRDs, RBAC...) is not converted from YAML at all. */
const READ_KINDS: ReadonlySet<string> = new Set([
  ...AUDITED_KINDS,
  'Service',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'ConfigMap',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'PersistentVolumeClaim',
  ...EXPOSING_KINDS,
]);

/** Kinds whose pods run to completion: nothing routes to them, a shutdown plan does not apply. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);

/**
 * Audits manifests: parses every input, gathers Services, PDBs and autoscalers across all inputs,
 * then runs every rule on every workload. Pure: the caller reads the files.
 */
export function auditManifests(inputs: readonly ManifestInput[], options: AuditOptions = {}): AuditReport {
  const rules = options.rules ?? ALL_RULES;
  const problems: InputProblem[] = [];
  const objects: ParsedObject[] = [];
  for (const input of inputs) {
    const parsed = parseManifest(input, { keep: (kind) => READ_KINDS.has(kind) });
    problems.push(...parsed.problems);
    objects.push(...parsed.objects);
  }
  if (objects.length === 0 && problems.length === 0 && !options.allowEmpty) {
    problems.push({
      file: inputs.length === 1 ? inputs[0].file : inputs.length === 0 ? '(no input)' : inputs.map((i) => i.file).join(', '),
      message: 'no Kubernetes object in the input: nothing was audited (did the command that renders the manifests fail?); ' +
        'allow an empty input with --allow-empty (allowEmpty: true)',
    });
  }
  const services: ServiceFacts[] = [];
  const podDisruptionBudgets: PodDisruptionBudgetFacts[] = [];
  const autoscalers: AutoscalerFacts[] = [];
  const configMaps: ConfigMapFacts[] = [];
  const webhookServices = new Set<string>();
  const claims: ClaimFacts[] = [];
  const exposedServices = new Map<string, string>();
  for (const { object } of objects) {
    const configMap = configMapOf(object);
    if (configMap) configMaps.push(configMap);
    const claim = claimOf(object);
    if (claim) claims.push(claim);
    for (const service of exposedServicesOf(object)) if (!exposedServices.has(service)) exposedServices.set(service, `${String(object.kind)} ${nameOf(object)}`);
    for (const service of webhookServicesOf(object)) webhookServices.add(service);
    const selecting = selectingObjectOf(object);
    if (selecting === undefined) continue;
    if ('selector' in selecting) services.push(selecting);
    else if ('matchLabels' in selecting) podDisruptionBudgets.push(selecting);
    else autoscalers.push(selecting);
  }

  const audited: Array<{ readonly workload: AuditedWorkload; readonly parsed: ParsedObject }> = [];
  const skipped: SkippedObject[] = [];
  for (const parsed of objects) {
    const kind = auditedKindOf(parsed.object);
    if (kind === undefined) {
      if (RUN_TO_COMPLETION.has(String(parsed.object.kind))) {
        skipped.push({ kind: String(parsed.object.kind), name: nameOf(parsed.object), source: parsed.source });
      }
      continue;
    }
    const workload = workloadFromObject(kind, parsed.object, parsed.source);
    if ('problem' in workload) {
      const line = workload.path ? parsed.lineOf(workload.path) : parsed.source.line;
      problems.push({ file: parsed.source.file, line, message: `${workload.problem}: skipped` });
      continue;
    }
    audited.push({ workload, parsed });
  }
  const context: AuditContext = {
    services,
    podDisruptionBudgets,
    autoscalers,
    configMaps,
    webhookServices,
    workloads: audited.map((a) => a.workload),
    assumptions: options.assumptions ?? {},
    claims,
    exposedServices,
    ...(options.selfDrainingImages ? { selfDrainingImages: options.selfDrainingImages } : {}),
  };

  const workloads: WorkloadRef[] = [];
  const findings: AuditFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const ruleIds = new Set([...ALL_RULES, ...rules].map((r) => r.id));
  for (const { workload, parsed } of audited) {
    const ref = refOf(workload);
    workloads.push(ref);
    const annotations = annotationSuppressions(workload);
    for (const message of annotations.problems) problems.push({ file: parsed.source.file, line: parsed.lineOf(['metadata', 'annotations']), message });
    for (const rule of annotations.byRule.keys()) {
      if (!ruleIds.has(rule)) {
        problems.push({
          file: parsed.source.file,
          line: parsed.lineOf(['metadata', 'annotations']),
          message: `annotation ${SUPPRESS_ANNOTATION_PREFIX}${rule} on ${workload.kind} ${workload.name} names no rule; rules: ${[...ruleIds].join(', ')}`,
        });
      }
    }
    for (const rule of rules) {
      let ruleFindings: readonly RuleFinding[];
      try {
        ruleFindings = rule.check(workload, context);
      } catch (error) {
        // One rule failing on one workload must not stop the audit: it becomes a problem located at
        // the workload, and every other rule and workload is still checked.
        problems.push({
          file: parsed.source.file,
          line: parsed.source.line,
          message: `rule ${rule.id} could not check ${workload.kind} ${workload.name}: ${firstLine(error)}`,
        });
        continue;
      }
      const suppression = annotations.byRule.get(rule.id) ?? configuredSuppression(options.suppressions ?? [], rule.id, workload);
      for (const finding of ruleFindings) {
        (suppression ? suppressed : findings).push({
          ...(suppression ? { suppression } : {}),
          ruleId: rule.id,
          severity: finding.severity,
          workload: ref,
          ...(finding.container !== undefined ? { container: finding.container } : {}),
          path: formatFieldPath(finding.path),
          location: { file: parsed.source.file, line: parsed.lineOf(finding.path) },
          message: finding.message,
          fix: finding.fix,
        });
      }
    }
  }
  return { workloads, findings, suppressed, problems, skipped, rules };
}

function refOf(workload: AuditedWorkload): WorkloadRef {
  return {
    kind: workload.kind,
    name: workload.name,
    ...(workload.namespace !== undefined ? { namespace: workload.namespace } : {}),
    source: workload.source,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

/** How many findings of each severity. */
export function countBySeverity(findings: readonly AuditFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}
