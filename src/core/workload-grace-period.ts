import { GracefulConfigError } from './errors';
import { planShutdown } from './plan';
import { planWarning, type PlanWarning } from './plan-warning';
import { isShutdownPlan, type ShutdownPlan } from './shutdown-plan';
import type { ShutdownSpec } from './spec';
import type { WorkloadKind } from './workload-kind';
import { checkPlanKeepsRollout, specWithWorkloadRollout, type WorkloadRollout } from './workload-rollout';

/**
 * The grace period a workload already has, as the adapter reads it.
 * @internal
 */
export interface ExistingGracePeriod {
  /** `terminationGracePeriodSeconds` of the workload's pod template. */
  readonly seconds: number;
  /**
   * True when the value may be a framework's default rather than the user's choice (cdk8s-plus fills in 30 s
   * when none is set, `Pod` in cdk8s-plus-27 `lib/pod.js`): it is still never lowered, but raising it is not
   * worth a warning.
   */
  readonly mayBeDefault?: boolean;
}

/**
 * The never-lower rule itself, shared by {@link planForWorkload} and the audit's fixes: a grace period the
 * workload already has is kept when it is at least what the plan needs.
 * @internal
 */
export function keepsExistingGracePeriod(existingSeconds: number, requiredSeconds: number): boolean {
  return existingSeconds >= requiredSeconds;
}

/**
 * A plan for one existing workload, and what the workload's own grace period changed.
 * @internal
 */
export interface WorkloadPlan {
  /** The plan to render: the given one, or the spec planned with the workload's longer grace period pinned. */
  readonly plan: ShutdownPlan;
  /** Warnings about the workload's grace period (raised, or kept above a given plan). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * The one rule for a grace period a workload already has, used by every adapter and by the audit's fixes:
 * - never lower it: a longer one may cover work the plan does not know about, so it is kept, and a spec is
 *   planned with it pinned (the load-balancer draining and sidecar keep-alive follow the real grace period);
 * - a shorter one is raised to what the plan needs, with a warning (none for a framework default);
 * - a grace period pinned in the spec (`terminationGracePeriod`) that is too short for the plan stays an error
 *   (from the one validation step), and one that would lower the workload's is an error too.
 *
 * A spec is planned for `kind`. A given plan is used as it is; a StatefulSet plan for a workload said to be a
 * Deployment is an error (it has no surge), a Deployment plan for a StatefulSet is accepted (see
 * `applyPlanToWorkloadSpec`).
 *
 * The workload's rollout facts (`rollout`, read by `workloadRolloutOf`: strategy, minReadySeconds,
 * progressDeadlineSeconds, partition, podManagementPolicy, replicas) are kept: folded into a spec
 * (`specWithWorkloadRollout`), and a given plan that would replace one is an error.
 * @param kind the workload's kind: a spec is planned for it (`planShutdown(spec, { workloadKind: kind })`)
 * @param rollout the workload's own rollout facts, from `workloadRolloutOf`
 * @default kind: a given plan's own kind; for a spec, 'Deployment'. rollout: none (nothing to keep)
 * @throws GracefulConfigError for a spec pinned below the workload's grace period, a StatefulSet plan for a Deployment, a rollout
 * setting of the workload the spec or plan contradicts, or any invalid spec
 * @internal
 */
export function planForWorkload(
  shutdown: ShutdownSpec | ShutdownPlan,
  existing: ExistingGracePeriod | undefined,
  kind?: WorkloadKind,
  rollout?: WorkloadRollout,
): WorkloadPlan {
  if (shutdown == null) {
    throw new GracefulConfigError('shutdown', shutdown, 'is required: give at least { appShutdownTimeout: \'30s\' }');
  }
  if (isShutdownPlan(shutdown)) {
    if (rollout !== undefined) checkPlanKeepsRollout(shutdown, rollout, kind ?? shutdown.workloadKind ?? 'Deployment');
    if (kind === 'Deployment' && shutdown.workloadKind === 'StatefulSet') {
      throw new GracefulConfigError(
        'shutdown',
        'a StatefulSet plan',
        'was made for a StatefulSet (no surge, one pod at a time) but the workload is a Deployment; plan it with planShutdown(spec), or pass the spec',
      );
    }
    return { plan: shutdown, warnings: existing ? gracePeriodWarnings(shutdown, existing) : [] };
  }
  const options = { workloadKind: kind ?? 'Deployment' };
  if (rollout !== undefined && shutdown !== null && typeof shutdown === 'object') {
    shutdown = specWithWorkloadRollout(shutdown, rollout, options.workloadKind);
  }
  const plan = planShutdown(shutdown, options);
  if (existing === undefined) return { plan, warnings: [] };
  if (shutdown.terminationGracePeriod !== undefined) {
    if (plan.terminationGracePeriodSeconds < existing.seconds) {
      throw new GracefulConfigError(
        'terminationGracePeriod',
        shutdown.terminationGracePeriod,
        `is ${plan.terminationGracePeriodSeconds}s but the workload already has terminationGracePeriodSeconds ${existing.seconds}s, ` +
          'and a grace period is never lowered (it may cover work the plan does not know about); remove shutdown.terminationGracePeriod ' +
          'to keep the workload\'s, or lower the workload\'s own value yourself',
      );
    }
    return { plan, warnings: [] };
  }
  if (keepsExistingGracePeriod(existing.seconds, plan.terminationGracePeriodSeconds)) {
    return { plan: planShutdown({ ...shutdown, terminationGracePeriod: existing.seconds }, options), warnings: [] };
  }
  return { plan, warnings: gracePeriodWarnings(plan, existing) };
}

function gracePeriodWarnings(plan: ShutdownPlan, existing: ExistingGracePeriod): PlanWarning[] {
  const g = plan.terminationGracePeriodSeconds;
  if (existing.seconds < g && !existing.mayBeDefault) {
    return [planWarning(
      'grace-period-raised',
      `terminationGracePeriodSeconds was ${existing.seconds}s on the workload, below the ${g}s the plan needs`,
      `raised to ${g}s`,
    )];
  }
  if (existing.seconds > g) {
    return [planWarning(
      'grace-period-kept',
      `terminationGracePeriodSeconds is ${existing.seconds}s on the workload, longer than the given plan's ${g}s; kept (a grace period is never lowered), ` +
        `but the plan's load-balancer draining and sidecar keep-alive were sized for ${g}s`,
      `plan from a spec instead to size them for ${existing.seconds}s`,
    )];
  }
  return [];
}
