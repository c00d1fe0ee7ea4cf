// The public API of `graceful-k8s/audit`: auditing plain manifests without the CLI. A deliberate list: the audit
// itself, its report, the rules and the types a custom rule is written against. The rest of src/audit (parsing,
// the facts the rules read, the CLI's config readers) is internal: the CLI and the rehearsal import it from its
// modules, never from here. docs/api/graceful-k8s.audit.api.md records this surface (npm run api-report).

// Auditing
export { auditManifests, countBySeverity } from './audit';
export type { AuditOptions, AuditReport, AuditFinding, SuppressedFinding, SkippedObject, WorkloadRef } from './audit';
export type { ManifestInput, InputProblem } from './manifest';
export { SUPPRESS_ANNOTATION_PREFIX } from './suppression';
export type { Suppression, SuppressionReason } from './suppression';

// Baselines: fail only on findings a baseline does not hold (`graceful-k8s audit --baseline`, docs/ci-formats.md)
export { applyBaseline, formatBaseline, parseBaseline, BASELINE_FORMAT_VERSION } from './baseline';
export type { BaselineComparison, BaselineEntry } from './baseline';

// The rules
export { ALL_RULES } from './all-rules';
export * as rules from './rules';

// What a rule is written against
export type { AuditRule, RuleFinding, Severity } from './finding';
export type { FieldPath } from './object-path';
export type { AuditedKind, AuditedWorkload, SourceLocation } from './workload';
export type {
  AuditAssumptions,
  AuditContext,
  AutoscalerFacts,
  ClaimFacts,
  ConfigMapFacts,
  PodDisruptionBudgetFacts,
  Selecting,
  SelfDrainingImage,
  ServiceFacts,
} from './context';
