import { planForContainer } from '../container-plan';
import { routingOf } from '../context';
import { coreContainerWarnings } from '../core-checks';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath, servingContainerIndexes } from '../workload';
import { splitCoreMessage } from './liveness-equals-readiness';

/**
 * A container without a readiness probe counts as ready as soon as it runs, so Services send it
 * traffic before it can serve (https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#readiness-probe).
 */
export const noReadinessProbe: AuditRule = {
  id: 'no-readiness-probe',
  defaultSeverity: 'warning',
  title: 'a serving container of a routed workload has no readiness probe',
  description:
    'Without a readiness probe a new pod is added to Service endpoints as soon as its containers start, before the app listens: the first ' +
    'requests of every rollout fail. During a rolling update this also lets old pods go before new ones can serve.',
  check(workload, context) {
    if (routingOf(workload, context).state === 'not-routed') return [];
    const findings: RuleFinding[] = [];
    for (const i of servingContainerIndexes(workload)) {
      const container = workload.podSpec.containers[i];
      const plan = planForContainer(container, context.assumptions).plan;
      for (const warning of coreContainerWarnings(plan, container)) {
        if (warning.code !== 'no-readiness-probe') continue;
        const [why, fix] = splitCoreMessage(warning.message);
        findings.push({ severity: 'warning', container: container.name, path: containerPath(workload, i, 'readinessProbe'), message: why, fix });
      }
    }
    return findings;
  },
};
