import type { ResolvedSpec } from './spec';

/**
 * The terms of the grace period the plan needs, in whole seconds, and the formula as text.
 * @internal
 */
export interface GracePeriodTerms {
  /** preStop commands before the drain (registry deregistration, preStopCommand). */
  readonly commandSeconds: number;
  readonly drainDelaySeconds: number;
  readonly appShutdownTimeoutSeconds: number;
  readonly longConnectionBudgetSeconds: number;
  /** max(appShutdownTimeout, longConnectionBudget): the app's own deadline after the stop signal. */
  readonly appBudgetSeconds: number;
  /** The safety margin, raised to 1 s for a classic Linkerd proxy (its wait must stay below the grace period). */
  readonly marginSeconds: number;
  /** A native sidecar's stop after the app exited; 0 without one. */
  readonly sidecarStopSeconds: number;
  /** commands + drain + appBudget + margin + sidecar stop. */
  readonly requiredSeconds: number;
  /** The sum spelled out, e.g. `drain 35s + max(app shutdown 30s, long connections 0s) + margin 5s`. */
  readonly formula: string;
}

/**
 * The grace period the plan needs: G = C + D + max(A, L) + M (+ S for a native sidecar). The kubelet's
 * countdown starts before preStop (kubernetes.io, "Pod Lifecycle: Termination of Pods"), so it covers the
 * preStop commands, the drain and the app's shutdown; the margin covers process exit. A classic Linkerd proxy
 * waits C + D + max(A, L) before exiting and Linkerd requires that wait to be strictly below the grace period
 * (Linkerd docs, "Graceful Pod Shutdown"), so the margin is at least 1 s there. A native sidecar is stopped
 * only after the app exited (KEP-753; kubernetes `pkg/kubelet/kuberuntime/kuberuntime_termination_order.go`),
 * so its stop comes on top. The single place this sum is made: validation checks a pinned grace period
 * against it and the plan renders it.
 * @internal
 */
export function gracePeriodTerms(spec: ResolvedSpec, commandSeconds: number): GracePeriodTerms {
  const appBudgetSeconds = Math.max(spec.appShutdownTimeoutSeconds, spec.longConnectionBudgetSeconds);
  const linkerdClassic = spec.sidecar?.kind === 'linkerd' && !spec.sidecar.native;
  const marginSeconds = linkerdClassic ? Math.max(1, spec.safetyMarginSeconds) : spec.safetyMarginSeconds;
  const sidecarStopSeconds = spec.sidecar?.stopSeconds ?? 0;
  const marginText = marginSeconds !== spec.safetyMarginSeconds
    ? `margin ${marginSeconds}s (safetyMargin ${spec.safetyMarginSeconds}s raised to 1s: Linkerd's wait before exit must stay below the grace period)`
    : `margin ${marginSeconds}s`;
  const formula = (commandSeconds > 0 ? `preStop commands ${commandSeconds}s + ` : '') +
    `drain ${spec.drainDelaySeconds}s + max(app shutdown ${spec.appShutdownTimeoutSeconds}s, long connections ${spec.longConnectionBudgetSeconds}s) + ${marginText}` +
    (sidecarStopSeconds > 0 ? ` + native ${spec.sidecar!.kind} sidecar stop ${sidecarStopSeconds}s` : '');
  return {
    commandSeconds,
    drainDelaySeconds: spec.drainDelaySeconds,
    appShutdownTimeoutSeconds: spec.appShutdownTimeoutSeconds,
    longConnectionBudgetSeconds: spec.longConnectionBudgetSeconds,
    appBudgetSeconds,
    marginSeconds,
    sidecarStopSeconds,
    requiredSeconds: commandSeconds + spec.drainDelaySeconds + appBudgetSeconds + marginSeconds + sidecarStopSeconds,
    formula,
  };
}
