import { SHUTDOWN_TIMEOUT_ENV } from './env';
import { DRAIN_DELAY_ENV } from './prestop';
import type { ShutdownPlan } from './shutdown-plan';

interface TimelineEvent {
  readonly at: string;
  readonly what: string;
}

/**
 * The timeline of a pod deletion under this plan, then every number with its reason.
 * @internal
 */
export function explainPlan(plan: ShutdownPlan): string {
  const lines: string[] = [];
  lines.push(
    `Shutdown plan (oldest API server and kubelet: Kubernetes ${plan.kubernetesVersion}, ${plan.image} image, preStop: ${plan.preStopMechanism})`,
  );
  const events = timeline(plan);
  const width = Math.max(...events.map((e) => e.at.length));
  for (const event of events) lines.push(`  ${event.at.padEnd(width)}  ${event.what}`);
  lines.push('');
  lines.push('Numbers and why:');
  for (const decision of plan.decisions) {
    lines.push(`  ${decision.field} = ${decision.value}`);
    lines.push(`      ${decision.reason}`);
  }
  if (plan.warnings.length > 0) {
    lines.push('');
    lines.push('Warnings:');
    for (const warning of plan.warnings) lines.push(`  [${warning.code}] ${warning.message}`);
  }
  return lines.join('\n');
}

function timeline(plan: ShutdownPlan): TimelineEvent[] {
  const c = plan.preStopCommandSeconds;
  const d = plan.drainDelaySeconds;
  const signalAt = c + d;
  const deadline = signalAt + plan.appBudgetSeconds;
  const g = plan.terminationGracePeriodSeconds;
  const budget = plan.longConnectionBudgetSeconds > plan.appShutdownTimeoutSeconds
    ? `long connections ${plan.longConnectionBudgetSeconds}s`
    : `appShutdownTimeout ${plan.appShutdownTimeoutSeconds}s`;
  const drainSource = plan.drainDelaySource === 'user' || plan.drainDelaySource === 'default' ? 'drainDelay' : `drainDelay, set by ${plan.drainDelaySource}`;
  const signal = plan.stopSignal ?? 'SIGTERM';
  const events: TimelineEvent[] = [];
  if (plan.preStopMechanism === 'app-drain') {
    events.push({ at: 't=0s', what: 'Terminating: routers start forgetting the pod; no preStop hook, SIGTERM is sent at once' });
    events.push({ at: `t=0-${d}s`, what: `the app keeps serving for ${DRAIN_DELAY_ENV}=${d}s after SIGTERM while routers catch up (${drainSource})` });
    events.push({ at: `t=${d}s`, what: 'the app closes its listener and finishes in-flight work' });
  } else if (plan.preStopMechanism === 'none') {
    events.push({ at: 't=0s', what: 'Terminating: routers start forgetting the pod; no preStop (drainDelay 0s)' });
    events.push({ at: 't=0s', what: `${signal}: the app stops accepting and finishes in-flight work` });
  } else {
    events.push({ at: 't=0s', what: `Terminating: routers start forgetting the pod; the kubelet runs preStop (${plan.preStopMechanism})` });
    let at = 0;
    for (const step of plan.preStopBeforeDrain) {
      events.push({ at: `t=${at}-${at + step.budgetSeconds}s`, what: `preStop: ${step.reason} (at most ${step.budgetSeconds}s)` });
      at += step.budgetSeconds;
    }
    events.push({ at: `t=${c}-${signalAt}s`, what: `preStop sleeps; the app keeps serving while every router catches up (${drainSource} ${d}s)` });
    for (const step of plan.preStopAfterDrain) {
      events.push({ at: `t=${signalAt}s`, what: `preStop: ${step.reason}` });
    }
    events.push({
      at: `t=${signalAt}s`,
      what: plan.preStopAfterDrain.length > 0
        ? 'the app finishes in-flight work and exits; the kubelet\'s stop signal follows when preStop returns'
        : `preStop returns; ${signal}: the app stops accepting and finishes in-flight work`,
    });
  }
  events.push({ at: `t=${deadline}s`, what: `app deadline: ${SHUTDOWN_TIMEOUT_ENV}=${plan.appBudgetSeconds} (${budget}); the app gives up and exits by itself` });
  events.push({
    at: `t=${g}s`,
    what: `SIGKILL: terminationGracePeriodSeconds ${g}` +
      (g === plan.requiredGracePeriodSeconds
        ? ` = ${c > 0 ? `commands ${c} + ` : ''}drain ${d} + max(app ${plan.appShutdownTimeoutSeconds}, long connections ${plan.longConnectionBudgetSeconds}) + margin ${plan.safetyMarginSeconds}`
        : ` (pinned; the plan needs ${plan.requiredGracePeriodSeconds})`),
  });
  events.push({ at: 'rollout', what: rolloutSummary(plan) });
  return events;
}

/** The rollout settings in one line, and for a StatefulSet how it replaces pods and how long that takes. */
function rolloutSummary(plan: ShutdownPlan): string {
  const { rollout, rolloutEstimate: estimate } = plan;
  if (rollout.statefulSet === undefined) {
    return `maxSurge ${rollout.maxSurge}, maxUnavailable ${rollout.maxUnavailable}, minReadySeconds ${rollout.minReadySeconds}, ` +
      `progressDeadlineSeconds ${rollout.progressDeadlineSeconds}`;
  }
  const settings = rollout.statefulSet;
  return `StatefulSet RollingUpdate: ${estimate.podsPerStep === 1 ? 'one pod' : `${estimate.podsPerStep} pods`} at a time from the highest ordinal, ` +
    `old pod first (no surge)${settings.partition !== undefined ? `, partition ${settings.partition}` : ''}` +
    `${settings.podManagementPolicy !== undefined ? `, podManagementPolicy ${settings.podManagementPolicy}` : ''}, minReadySeconds ${rollout.minReadySeconds}; ` +
    `${estimate.updatedPods} of ${estimate.replicas} pods in about ${estimate.rolloutSeconds}s (estimate)`;
}
