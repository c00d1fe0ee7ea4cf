import { describePlannedGrace, describePlannedPreStop, planForContainer } from '../container-plan';
import { routingOf } from '../context';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath, servingContainerIndexes } from '../workload';

/**
 * Endpoint removal and the kubelet's preStop/SIGTERM run in parallel once a pod is Terminating
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination): without a
 * wait in preStop the app stops accepting while kube-proxy, ingresses and load balancers still send it
 * new connections.
 */
export const noPreStopDrain: AuditRule = {
  id: 'no-prestop-drain',
  defaultSeverity: 'error',
  title: 'a serving container has no preStop wait (drain) while a Service routes to it',
  description:
    'When a pod is deleted, routers forget it and the kubelet signals it at the same time. Without a preStop wait, the app gets SIGTERM and ' +
    'closes its listener while kube-proxy, ingress controllers and load balancers still send it new requests: they are refused or get a 502.',
  check(workload, context) {
    const { state, services } = routingOf(workload, context);
    if (state === 'not-routed') return [];
    const routed = state === 'routed';
    const findings: RuleFinding[] = [];
    for (const i of servingContainerIndexes(workload)) {
      const container = workload.podSpec.containers[i];
      const planned = planForContainer(container, context.assumptions);
      const drain = planned.drain;
      if (drain.kind === 'sleep' && drain.seconds > 0) continue;
      const what = drain.kind === 'none' ? 'has no preStop hook' : drain.kind === 'no-wait' ? `has a preStop hook that does not wait (${drain.description})` : 'has a preStop sleep of 0s';
      const routing = routed
        ? `Service ${services.map((s) => s.name).join(', ')} routes to it`
        : 'no Service in the input; if one routes to it';
      findings.push({
        severity: routed ? 'error' : 'warning',
        container: container.name,
        path: containerPath(workload, i, 'lifecycle', 'preStop'),
        message: `container '${container.name}' ${what}; ${routing}, the app gets SIGTERM while routers still send it new requests, which are refused (502/connection reset)`,
        fix: (drain.kind === 'no-wait' && drain.description.startsWith('exec ')
          ? `make the hook wait ${planned.plan.drainDelaySeconds}s before it acts (exec ["/bin/sh", "-c", "sleep ${planned.plan.drainDelaySeconds} && <the command>"]), ` +
            `or replace it with ${describePlannedPreStop(planned.plan)}`
          : `add ${describePlannedPreStop(planned.plan)} (drain ${planned.plan.drainDelaySeconds}s)`) +
          ` and set ${describePlannedGrace(planned.plan)}`,
      });
    }
    return findings;
  },
};
