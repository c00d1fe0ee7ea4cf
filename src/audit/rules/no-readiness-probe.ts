import { coreWarningFindings } from '../core-checks';
import type { AuditRule } from '../finding';
import { trafficOf } from '../traffic';

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
    'requests of every rollout fail. During a rolling update this also lets old pods go before new ones can serve. Readiness only decides ' +
    'which pods a Service sends requests to: warning when a Service of the input routes to the container, also when the input has no Service ' +
    'with a selector (marked unverified), nothing when the input has Services and none selects the pod, or for registry clients.',
  check(workload, context) {
    const traffic = trafficOf(workload, context);
    if (traffic.state === 'not-routed' || traffic.state === 'unselected') return [];
    if (traffic.registry !== undefined && traffic.services.length === 0) return []; // registry clients do not read Kubernetes readiness
    const findings = coreWarningFindings(workload, context, 'no-readiness-probe', traffic.containers, 'readinessProbe');
    if (traffic.state === 'routed') return findings;
    return findings.map((f) => ({ ...f, message: `unverified (no Service of the input selects it): ${f.message}` }));
  },
};
