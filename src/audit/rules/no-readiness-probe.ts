import { routingOf } from '../context';
import { coreWarningFindings } from '../core-checks';
import type { AuditRule } from '../finding';
import { servingContainerIndexes } from '../workload';

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
    return coreWarningFindings(workload, context, 'no-readiness-probe', servingContainerIndexes(workload), 'readinessProbe');
  },
};
