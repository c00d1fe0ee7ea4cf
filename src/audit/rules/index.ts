// The rules, one per file: the `rules` namespace of graceful-k8s/audit. Only the rules themselves; a rule's own
// constants stay in its file.
export { distrolessExecPreStop } from './distroless-exec-prestop';
export { gracePeriodTooShort } from './grace-period-too-short';
export { livenessEqualsReadiness } from './liveness-equals-readiness';
export { maxUnavailableFewReplicas } from './max-unavailable-few-replicas';
export { noPreStopDrain } from './no-prestop-drain';
export { noReadinessProbe } from './no-readiness-probe';
export { preStopExceedsGrace } from './prestop-exceeds-grace';
export { quitSignalServer } from './quit-signal-server';
export { shellFormCommand } from './shell-form-command';
export { singleReplicaNoPdb } from './single-replica-no-pdb';
