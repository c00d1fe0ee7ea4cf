import { planFor } from '../container-plan';
import { autoscalerFor, budgetsFor } from '../context';
import type { AuditContext } from '../context';
import { coreReplicaWarnings } from '../core-checks';
import type { AuditRule, RuleFinding } from '../finding';
import { roleOf } from '../role';
import { trafficOf, type Traffic } from '../traffic';
import type { AuditedWorkload } from '../workload';

/**
 * A PodDisruptionBudget limits voluntary evictions such as node drains
 * (https://kubernetes.io/docs/concepts/workloads/pods/disruptions/); apps/v1 `replicas` defaults to 1.
 */
export const singleReplicaNoPdb: AuditRule = {
  id: 'single-replica-no-pdb',
  defaultSeverity: 'warning',
  title: 'a single replica, or several without a PodDisruptionBudget',
  description:
    'A node drain or eviction takes the only pod down: every request fails until a replacement is ready, whatever the preStop. With two or ' +
    'more replicas and no PodDisruptionBudget, a drain may still evict them all at once. Only for workloads a Service of the input routes ' +
    'requests to (or that register in Nacos, Consul or Eureka); the same severity, marked unverified, when the input has no Service at all; nothing when the ' +
    'input has Services and none selects the pods.',
  check(workload, context) {
    if (workload.kind === 'DaemonSet' || workload.podSpec.containers.length === 0) return [];
    const traffic = trafficOf(workload, context);
    // Serves no requests, or no Service of an input that has Services selects it: one pod down drops none.
    if (traffic.state === 'not-routed' || traffic.state === 'unselected') return [];
    return traffic.state === 'routed' ? findings(workload, context, traffic) : findings(workload, context, traffic).map(unverified);
  },
};

/** Without a Service in the input, whether the pods serve is unverified: said in the message (warning at most). */
function unverified(finding: RuleFinding): RuleFinding {
  return { ...finding, message: `unverified (no Service of the input selects it): ${finding.message}` };
}

function findings(workload: AuditedWorkload, context: AuditContext, traffic: Traffic): RuleFinding[] {
  const plan = planFor(workload, workload.podSpec.containers[0], context).plan;
  if (workload.kind === 'Pod') {
    return [{
      severity: 'warning',
      path: ['kind'],
      message: 'a bare Pod is a single replica that nothing replaces: deleting it or draining its node drops every request until someone recreates it',
      fix: 'run it from a Deployment with replicas: 2 or more and a PodDisruptionBudget (maxUnavailable: 1)',
    }];
  }
  const autoscaler = autoscalerFor(workload, context);
  const replicas = workload.replicas ?? autoscaler?.minReplicas ?? 1;
  const replicasPath = workload.replicas !== undefined || autoscaler === undefined ? ['spec', 'replicas'] : ['spec'];
  const from = workload.replicas !== undefined ? undefined : autoscaler ? `HorizontalPodAutoscaler ${autoscaler.name} minReplicas` : 'omitted, so 1';
  // Several workloads behind one Service (bookinfo's reviews-v1/v2/v3): this is not the only pod.
  const shared = traffic.state === 'routed' && traffic.podsBehind > replicas;
  const warning = shared ? undefined : coreReplicaWarnings(plan, replicas, from).find((w) => w.code === 'single-replica');
  if (warning) {
    const role = roleOf(workload, context);
    return [{
      severity: 'warning',
      path: replicasPath,
      message: warning.problem,
      // A single instance (a Recreate Deployment, a ReadWriteOnce volume) cannot just be scaled: say what can be done.
      fix: role.role === 'single-instance'
        ? `${role.evidence}: more replicas need an app that replicates its own state (a StatefulSet with a replicated setup); otherwise ` +
          'plan node drains and rollouts as short outages'
        : `run at least 2 replicas${autoscaler ? ` (minReplicas: 2 on ${autoscaler.name})` : ''} and add a PodDisruptionBudget with maxUnavailable: 1`,
    }];
  }
  if (budgetsFor(workload, context).length > 0) return [];
  return [{
    severity: 'info',
    path: ['metadata', 'name'],
    message: shared
      ? `no PodDisruptionBudget in the input selects the pods of ${workload.kind} ${workload.name}; with the other workloads behind Service ` +
        `${traffic.services.map((s) => s.name).join(', ')} there are ${traffic.podsBehind} pods, and a node drain may evict them all at once`
      : `no PodDisruptionBudget in the input selects the pods of ${workload.kind} ${workload.name}: a node drain may evict all ${replicas} at once`,
    fix: shared
      ? 'add a PodDisruptionBudget (policy/v1) whose selector matches the pods of every workload behind the Service (its selector), with maxUnavailable: 1'
      : 'add a PodDisruptionBudget (policy/v1) whose selector matches the pod labels, with maxUnavailable: 1',
  }];
}
