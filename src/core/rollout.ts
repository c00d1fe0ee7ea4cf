import type { IntOrPercent, ResolvedSpec } from './spec';
import { DEFAULTS } from './spec';

/** The rolling-update settings of the plan. */
export interface RolloutPlan {
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  readonly minReadySeconds: number;
  readonly progressDeadlineSeconds: number;
}

/** Derives the rollout settings from a validated spec. Pure. */
export function planRollout(spec: ResolvedSpec): RolloutPlan {
  const minReadySeconds = spec.minReadySeconds ?? spec.drainDelaySeconds;
  return {
    maxSurge: spec.maxSurge,
    maxUnavailable: spec.maxUnavailable,
    minReadySeconds,
    progressDeadlineSeconds: spec.progressDeadlineSeconds ?? minReadySeconds + DEFAULTS.progressDeadlineAllowanceSeconds,
  };
}
