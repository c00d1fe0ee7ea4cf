// The warning and decision records a plan, an adapter and the audit share. Below plan.ts and every module
// that plans a part (statefulset-rollout, workload), so that their imports flow one way.

/**
 * A legal but risky choice, shown to the user (cdk8s metadata, Pulumi log.warn, CLI stderr) and read by the
 * audit as data: what is wrong and what to do, never parsed out of the message.
 */
export interface PlanWarning {
  /** Stable identifier, e.g. `drain-delay-zero`. */
  readonly code: string;
  /** What is risky and what it costs, as a sentence without the fix. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
  /** `problem; fix`, for printing. */
  readonly message: string;
}

/**
 * Builds a {@link PlanWarning} the way the planner, the adapters and the audit do: the message is `problem; fix`.
 * For code that adds its own warnings beside a plan's (adapters, policy packs).
 */
export function planWarning(code: string, problem: string, fix: string): PlanWarning {
  return { code, problem, fix, message: `${problem}; ${fix}` };
}

/**
 * The warnings a plan's spec has not acknowledged (`ShutdownSpec.acknowledgedWarnings`): every adapter passes the
 * warnings it reports (the plan's, the workload's, its own) through this one filter.
 */
export function unacknowledged(plan: { readonly acknowledgedWarnings?: readonly string[] }, warnings: readonly PlanWarning[]): PlanWarning[] {
  const acknowledged = plan.acknowledgedWarnings ?? [];
  return warnings.filter((w) => !acknowledged.includes(w.code));
}

/** One number (or choice) of the plan and the reason for it. */
export interface PlanDecision {
  /** The Kubernetes field or plan output, e.g. `terminationGracePeriodSeconds`. */
  readonly field: string;
  /** The value chosen: a number (in the field's unit, e.g. seconds or pods) or a text such as `'25%'` or annotations. */
  readonly value: number | string;
  /** Why it has this value, with the source of any default (or a note that it is an estimate). */
  readonly reason: string;
}
