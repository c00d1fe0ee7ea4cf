import type { AuditContext } from './context';
import type { FieldPath } from './object-path';
import type { AuditedWorkload } from './workload';

/** How bad a finding is: `error` drops or cuts requests, `warning` risks it, `info` is advice. */
export type Severity = 'error' | 'warning' | 'info';

/** What a rule reports: one problem at one field. */
export interface RuleFinding {
  /** How bad this finding is (usually the rule's {@link AuditRule.defaultSeverity}). */
  readonly severity: Severity;
  /** The field at fault, relative to the workload object (`spec.template.spec.containers[0].lifecycle.preStop`). */
  readonly path: FieldPath;
  /** The container the finding is about, when it is about one. */
  readonly container?: string;
  /** Why it drops or cuts requests. */
  readonly message: string;
  /** What to change, with the numbers the planner would use. */
  readonly fix: string;
}

/** A rule: a pure function over one parsed workload and what the rest of the input says about it. */
export interface AuditRule {
  /** Stable identifier, kebab-case, e.g. `grace-period-too-short`. */
  readonly id: string;
  /** The severity a typical finding has (SARIF `defaultConfiguration.level`). */
  readonly defaultSeverity: Severity;
  /** One line: what the rule checks. */
  readonly title: string;
  /** A paragraph: why it matters for a zero-drop shutdown. */
  readonly description: string;
  /** Returns the findings for one workload; never throws for well-formed objects. */
  check(workload: AuditedWorkload, context: AuditContext): readonly RuleFinding[];
}
