import type { AuditRule } from './finding';
import {
  distrolessExecPreStop,
  gracePeriodTooShort,
  livenessEqualsReadiness,
  maxUnavailableFewReplicas,
  noPreStopDrain,
  noReadinessProbe,
  preStopExceedsGrace,
  quitSignalServer,
  shellFormCommand,
  singleReplicaNoPdb,
} from './rules';

/** Every rule, in the order findings are listed (most severe first). */
export const ALL_RULES: readonly AuditRule[] = [
  gracePeriodTooShort,
  preStopExceedsGrace,
  noPreStopDrain,
  distrolessExecPreStop,
  quitSignalServer,
  shellFormCommand,
  noReadinessProbe,
  livenessEqualsReadiness,
  maxUnavailableFewReplicas,
  singleReplicaNoPdb,
];
