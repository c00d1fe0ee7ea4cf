import { describePlannedGrace, planFor } from '../container-plan';
import type { AuditRule, RuleFinding } from '../finding';
import { gracePeriodOf } from '../workload';

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
    workload.podSpec.containers.forEach((container) => {
      const planned = planFor(workload, container, context);
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
