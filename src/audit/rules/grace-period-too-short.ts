import { planShutdown } from '../../core';
import { describePlannedGrace, planFor, type ContainerPlan } from '../container-plan';
import type { AuditContext } from '../context';
import { drainOf } from '../drain';
import type { AuditRule, RuleFinding } from '../finding';
import { gracePeriodOf, type AuditedWorkload } from '../workload';

/**
 * The grace period countdown starts before preStop and covers preStop plus the app's own stop
 * (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution),
 * so it must be at least the preStop wait + the app's declared shutdown timeout + a margin.
 */
export const gracePeriodTooShort: AuditRule = {
  id: 'grace-period-too-short',
  defaultSeverity: 'error',
  title: 'terminationGracePeriodSeconds is shorter than preStop + the app\'s declared shutdown timeout + margin',
  description:
    'The kubelet sends SIGKILL when the grace period ends, counting from the start of preStop. When preStop waits D seconds and the app ' +
    'declares it may take A seconds after SIGTERM, a grace period below D + A kills requests the app is still finishing (error); below ' +
    'D + A + margin leaves no headroom for process exit and shutdown hooks (info: a plan made with a smaller safetyMargin renders that on purpose).',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    const grace = gracePeriodOf(workload);
    workload.podSpec.containers.forEach((container, i) => {
      const planned = planFor(workload, container, context);
      const own = selfDrainFinding(workload, i, context, planned);
      if (own !== null) {
        if (own !== undefined) findings.push(own);
        return;
      }
      if (planned.appShutdown === undefined) return;
      const d = planned.drain.kind === 'sleep' ? planned.drain.seconds : 0;
      if (d >= grace.seconds) return; // prestop-exceeds-grace reports it
      const a = planned.appShutdown.seconds;
      const margin = planned.plan.safetyMarginSeconds;
      if (grace.seconds >= d + a + margin) return;
      const graceText = grace.declared ? `terminationGracePeriodSeconds is ${grace.seconds}` : `terminationGracePeriodSeconds is not set (Kubernetes uses ${grace.seconds})`;
      // Below D + A requests are cut; between D + A and the margin only headroom is missing, and a plan made with a
      // smaller safetyMargin (legal, down to 0) renders exactly that: advice, not a warning.
      const severity = grace.seconds < d + a ? 'error' : 'info';
      findings.push({
        severity,
        container: container.name,
        path: [...workload.podSpecPath, 'terminationGracePeriodSeconds'],
        message:
          `${graceText}, but preStop waits ${d}s and the app may take ${a}s after SIGTERM (${planned.appShutdown.source}): ` +
          (severity === 'error'
            ? `SIGKILL comes at ${grace.seconds}s while requests may run until ${d + a}s, so they are cut`
            : `only ${grace.seconds - d - a}s are left for process exit and shutdown hooks (the plan keeps ${margin}s)`),
        fix: `set ${describePlannedGrace(planned.plan)}`,
      });
    });
    return findings;
  },
};

/**
 * A container that keeps serving S seconds by itself (a draining hook with a wait, a drain the app declares, an
 * image that waits after the stop signal): the grace period must cover S + the app's shutdown + margin, counted
 * like a preStop sleep. `null` when the container has no such drain (the preStop rule applies); `undefined` when
 * it has one and the grace period covers it. Error when the grace period ends within S (SIGKILL while it still
 * serves) or, with a declared app shutdown A, within S + A; info when only the margin is missing (as in the preStop case). With A
 * not declared and S inside the grace period there is no evidence of a cut: no finding.
 */
function selfDrainFinding(workload: AuditedWorkload, index: number, context: AuditContext, planned: ContainerPlan): RuleFinding | undefined | null {
  const drain = drainOf(workload, index, context);
  if (drain.kind !== 'drains' || drain.seconds === undefined || drain.seconds <= 0) return null;
  const grace = gracePeriodOf(workload);
  const s = drain.seconds;
  const plan = planShutdown({ ...planned.spec, drainDelay: s });
  if (grace.seconds >= plan.terminationGracePeriodSeconds) return undefined;
  const a = planned.appShutdown?.seconds;
  if (a === undefined && grace.seconds > s) return undefined;
  const graceText = grace.declared ? `terminationGracePeriodSeconds is ${grace.seconds}` : `terminationGracePeriodSeconds is not set (Kubernetes uses ${grace.seconds})`;
  // A drain that ends exactly at the grace period cuts nothing when the app declares it needs 0 s after it (the plan
  // renders that with safetyMargin 0), as for a preStop sleep; only the margin is then missing: info, as there.
  const cut = grace.seconds < s || (grace.seconds === s && a !== 0) || (a !== undefined && grace.seconds < s + a);
  const container = workload.podSpec.containers[index];
  return {
    severity: cut ? 'error' : 'info',
    container: container.name,
    path: [...workload.podSpecPath, 'terminationGracePeriodSeconds'],
    message: `${graceText}, but the container keeps serving ${s}s by itself (${drain.description})` +
      (a !== undefined ? ` and the app may then take ${a}s (${planned.appShutdown?.source})` : '') + ': ' +
      (cut && grace.seconds <= s
        ? `SIGKILL comes at ${grace.seconds}s, while it still serves, and cuts the requests in flight`
        : cut ? `SIGKILL comes at ${grace.seconds}s while requests may run until ${s + (a ?? 0)}s, so they are cut`
          : `only ${grace.seconds - s - (a ?? 0)}s are left for process exit and shutdown hooks (the plan keeps ${plan.safetyMarginSeconds}s)`),
    fix: `set ${describePlannedGrace(plan)}` + (a === undefined ? `; ${plan.appShutdownTimeoutSeconds}s app shutdown is assumed (declare it or pass --app-shutdown)` : ''),
  };
}
