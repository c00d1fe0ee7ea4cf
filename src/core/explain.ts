import { SHUTDOWN_TIMEOUT_ENV } from './env';
import type { ShutdownPlan } from './plan';
import { DRAIN_DELAY_ENV } from './prestop';

interface TimelineEvent {
  readonly at: string;
  readonly what: string;
}

/** The timeline of a pod deletion under this plan, then every number with its reason. */
export function explainPlan(plan: ShutdownPlan): string {
  const lines: string[] = [];
  lines.push(
    `Shutdown plan (Kubernetes ${plan.kubernetesVersion}, ${plan.image} image, preStop: ${plan.preStopMechanism})`,
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
  const d = plan.drainDelaySeconds;
  const deadline = d + plan.appBudgetSeconds;
  const g = plan.terminationGracePeriodSeconds;
  const budget = plan.longConnectionBudgetSeconds > plan.appShutdownTimeoutSeconds
    ? `long connections ${plan.longConnectionBudgetSeconds}s`
    : `appShutdownTimeout ${plan.appShutdownTimeoutSeconds}s`;
  const events: TimelineEvent[] = [];
  if (plan.preStopMechanism === 'app-drain') {
    events.push({ at: 't=0s', what: 'Terminating: routers start forgetting the pod; no preStop hook, SIGTERM is sent at once' });
    events.push({ at: `t=0-${d}s`, what: `the app keeps serving for ${DRAIN_DELAY_ENV}=${d}s after SIGTERM while routers catch up (drainDelay)` });
    events.push({ at: `t=${d}s`, what: 'the app closes its listener and finishes in-flight work' });
  } else if (plan.preStopMechanism === 'none') {
    events.push({ at: 't=0s', what: 'Terminating: routers start forgetting the pod; no preStop (drainDelay 0s)' });
    events.push({ at: 't=0s', what: 'SIGTERM: the app stops accepting and finishes in-flight work' });
  } else {
    events.push({ at: 't=0s', what: `Terminating: routers start forgetting the pod; the kubelet runs preStop (${plan.preStopMechanism}, ${d}s)` });
    events.push({ at: `t=0-${d}s`, what: `the app keeps serving while every router catches up (drainDelay ${d}s)` });
    events.push({ at: `t=${d}s`, what: 'preStop returns; SIGTERM: the app stops accepting and finishes in-flight work' });
  }
  events.push({ at: `t=${deadline}s`, what: `app deadline: ${SHUTDOWN_TIMEOUT_ENV}=${plan.appBudgetSeconds} (${budget}); the app gives up and exits by itself` });
  events.push({
    at: `t=${g}s`,
    what: `SIGKILL: terminationGracePeriodSeconds ${g}` +
      (g === plan.requiredGracePeriodSeconds
        ? ` = drain ${d} + max(app ${plan.appShutdownTimeoutSeconds}, long connections ${plan.longConnectionBudgetSeconds}) + margin ${plan.safetyMarginSeconds}`
        : ` (pinned; the plan needs ${plan.requiredGracePeriodSeconds})`),
  });
  events.push({
    at: 'rollout',
    what: `maxSurge ${plan.rollout.maxSurge}, maxUnavailable ${plan.rollout.maxUnavailable}, minReadySeconds ${plan.rollout.minReadySeconds}, ` +
      `progressDeadlineSeconds ${plan.rollout.progressDeadlineSeconds}`,
  });
  return events;
}
