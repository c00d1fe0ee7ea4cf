import { planShutdown, type ShutdownPlan, type TrafficKind } from '../../core';
import { describeGraceFix, describePlannedPreStop, planFor } from '../container-plan';
import type { ServiceFacts } from '../context';
import { drainOf, waitAdviceFor } from '../drain';
import type { AuditRule, RuleFinding } from '../finding';
import { roleOf } from '../role';
import { trafficOf } from '../traffic';
import { containerPath, type AuditedWorkload } from '../workload';

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
    'closes its listener while kube-proxy, ingress controllers and load balancers still send it new requests: they are refused or get a 502. ' +
    'Purpose-built draining hooks (nodetool drain, kong quit --wait, /wait-shutdown with --shutdown-grace-period, shutdown endpoints), ' +
    'drains the app declares (a lameduck setting, a drain-delay flag or env) and images that keep serving after the stop signal (declared in ' +
    'the config, or known with a source) count as drains. Severity follows the evidence: error when a Service of the input routes a request ' +
    'port to the container (or the pod registers in Nacos, Consul or Eureka); warning, marked unverified, when the input has no Service with a selector (or a selectorless one in the pod\'s namespace); ' +
    'info when the input has Services and none selects the pod, or when every Service that routes to it sets publishNotReadyAddresses (a ' +
    'wait does not take the pod out of their endpoints). Not for a single instance (one replica of a StatefulSet, or of a Deployment ' +
    'with strategy: Recreate or a ReadWriteOnce claim), nor for a DaemonSet no Service routes to (a node agent): no other pod can take the ' +
    'requests a drain would divert.',
  check(workload, context) {
    const traffic = trafficOf(workload, context);
    if (traffic.state === 'not-routed') return [];
    // A single instance stops before its replacement starts (a one-replica StatefulSet is OrderedReady, one pod
    // at a time: https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#rolling-updates; Recreate
    // and a ReadWriteOnce volume do the same for a Deployment): no other endpoint could take the new connections
    // a drain would divert, so a wait only moves the outage.
    if (roleOf(workload, context).role === 'single-instance') return [];
    // A DaemonSet no Service of the input routes to serves its own node (hostPort, hostNetwork, node-local
    // clients): its replacement on that node starts after it stops (updateStrategy maxUnavailable 1, maxSurge 0 by
    // default: https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/), and no other pod serves that
    // node meanwhile: a drain only moves the outage, as for a single instance.
    if (workload.kind === 'DaemonSet' && traffic.state !== 'routed') return [];
    const findings: RuleFinding[] = [];
    for (const i of traffic.containers) {
      const container = workload.podSpec.containers[i];
      const drain = drainOf(workload, i, context);
      if (traffic.registry !== undefined && traffic.services.length === 0 && drain.kind === 'sleep' && drain.seconds > 0 && !deregisters(container, traffic.registry)) {
        findings.push(registrySleepFinding(workload, i, traffic.registry, drain.seconds));
        continue;
      }
      if (drain.kind === 'drains' || (drain.kind === 'sleep' && drain.seconds > 0)) continue;
      const balancer = loadBalancerOf(traffic.services);
      // Every routing Service keeps terminating pods in its endpoints (publishNotReadyAddresses): a preStop wait
      // takes the pod out of no rotation, so the fix cannot help; what is left is advice.
      const keepsTerminatingPods = traffic.services.length > 0 && traffic.services.every((s) => s.publishNotReadyAddresses);
      const planned = planFor(workload, container, context);
      const plan = balancer?.traffic ? planWithTraffic(planned.spec, balancer.traffic) : planned.plan;
      const what = drain.kind === 'none' ? 'has no preStop hook' : drain.kind === 'no-wait' ? `has a preStop hook that does not wait (${drain.description})` : 'has a preStop sleep of 0s';
      const routing = traffic.state === 'routed'
        ? traffic.services.length > 0
          ? `Service ${traffic.services.map((s) => s.name).join(', ')} routes to it${traffic.exposure ? ` (${traffic.exposure.join('; ')})` : ''}`
          : `it registers in ${traffic.registry} and clients call its pod IP`
        : traffic.state === 'unverified'
          ? 'unverified: no Service of the input selects it, so whether requests reach it depends on Services kept elsewhere (the verdict depends on Services outside the input); if one routes to it'
          : 'the input has Services but none selects this pod, so it is probably not a server; if something else routes to it';
      const notes = [
        balancer ? balancer.note : '',
        ...traffic.services.filter((s) => s.publishNotReadyAddresses).map((s) =>
          `; Service ${s.name} sets publishNotReadyAddresses, so terminating pods stay in its endpoints: a preStop wait does not take the pod out of ` +
          'rotation there, its clients must retry or the app must keep serving until it exits'),
      ].join('');
      findings.push({
        severity: traffic.state === 'routed' ? (keepsTerminatingPods ? 'info' : 'error') : traffic.state === 'unverified' ? 'warning' : 'info',
        container: container.name,
        path: containerPath(workload, i, 'lifecycle', 'preStop'),
        message: `container '${container.name}' ${what}; ${routing}, the app gets SIGTERM while routers still send it new requests, which are refused (502/connection reset)${notes}`,
        fix: `${hookFix(workload, i, drain.kind, plan)} and ${describeGraceFix(plan, workload)}`,
      });
    }
    return findings;
  },
};

/**
 * A registry's clients pick instances from their cached list, not from Kubernetes endpoints: a pod
 * that sleeps in preStop while still registered keeps receiving requests for the whole sleep and
 * then stops with requests in flight. It must deregister (Nacos: mark the instance disabled, Open API
 * `PUT /nacos/v1/ns/instance`, as the planner's Nacos hook does) before the sleep lets caches expire.
 */
function registrySleepFinding(workload: AuditedWorkload, index: number, registry: string, seconds: number): RuleFinding {
  const container = workload.podSpec.containers[index];
  return {
    severity: 'error',
    container: container.name,
    path: containerPath(workload, index, 'lifecycle', 'preStop'),
    message: `container '${container.name}' registers in ${registry} and its preStop sleeps ${seconds}s without deregistering: ${registry} clients keep ` +
      'calling the pod for the whole sleep and it stops with requests in flight',
    fix: `deregister from ${registry} first, then sleep while client caches expire` +
      (registry === 'Nacos' ? ' (graceful-k8s plan --nacos host:port/service:port prints the hook)' : ''),
  };
}

/** Whether the container's preStop talks to the registry (a deregistration call). */
function deregisters(container: AuditedWorkload['podSpec']['containers'][number], registry: string): boolean {
  const preStop = container.lifecycle?.preStop as Record<string, unknown> | undefined;
  return preStop !== undefined && JSON.stringify(preStop).toLowerCase().includes(registry.toLowerCase());
}

/** What to do with the hook: add one, or make the existing one wait first (never replace a purpose-built hook). */
function hookFix(workload: AuditedWorkload, index: number, kind: string, plan: ShutdownPlan): string {
  const container = workload.podSpec.containers[index];
  const d = plan.drainDelaySeconds;
  if (kind === 'none' || kind === 'sleep') {
    // Below Kubernetes 1.30 an exec sleep needs a sleep binary in the image; the audit cannot see inside it.
    const unsure = plan.preStopMechanism === 'exec-sleep'
      ? ` (if ${String(container.image)} has no sleep binary, as distroless and scratch images do not, use the copied static sleep: graceful-k8s plan --image distroless)`
      : '';
    return `add ${describePlannedPreStop(plan)} (drain ${d}s)${unsure}`;
  }
  const advice = waitAdviceFor(container);
  if (advice.kind === 'kong-quit') return `keep the hook and let Kong keep serving while routers forget the pod: kong quit --wait=${d}`;
  if (advice.kind === 'ingress-nginx-wait-shutdown') {
    return `keep /wait-shutdown and add --shutdown-grace-period=${d} to the controller's args (it keeps serving ${d}s after the hook starts)`;
  }
  const preStop = container.lifecycle?.preStop as Record<string, unknown> | undefined;
  if (preStop && 'exec' in preStop) {
    return `keep the hook and make it wait ${d}s before it acts: exec ["/bin/sh", "-c", "sleep ${d}; <the command>"] (needs a shell and sleep in the image)`;
  }
  return `keep the hook and make its endpoint return only after ${d}s, once routers forgot the pod`;
}

/**
 * A LoadBalancer Service among the routing ones: its load balancer forgets a pod only after its own
 * deregistration, so the drain is sized to it (the planner's traffic lags, src/core/traffic.ts).
 */
function loadBalancerOf(services: readonly ServiceFacts[]): { readonly note: string; readonly traffic?: TrafficKind } | undefined {
  const service = services.find((s) => s.type === 'LoadBalancer');
  if (service === undefined) return undefined;
  const annotations = Object.entries(service.annotations);
  const aws = annotations.find(([k]) => k === 'service.beta.kubernetes.io/aws-load-balancer-type')?.[1];
  const traffic: TrafficKind | undefined = aws !== undefined
    ? 'aws-nlb'
    : annotations.some(([k]) => k.startsWith('service.beta.kubernetes.io/alibaba-cloud-loadbalancer'))
      ? 'alibaba-clb'
      : annotations.some(([k]) => k === 'cloud.google.com/neg')
        ? 'gke-neg'
        : undefined;
  const local = service.localTrafficPolicy ? ' with externalTrafficPolicy: Local (nodes answer its health checks per pod)' : '';
  return {
    note: `; Service ${service.name} is a LoadBalancer${local}: the load balancer forgets the pod only after its own deregistration, so the drain ` +
      `must cover it${traffic ? ` (${traffic}, sized by the planner)` : ', not only kube-proxy\'s few seconds (graceful-k8s plan --traffic <your load balancer>)'}`,
    ...(traffic ? { traffic } : {}),
  };
}

function planWithTraffic(spec: Parameters<typeof planShutdown>[0], traffic: TrafficKind): ShutdownPlan {
  const { drainDelay: _ignored, ...rest } = spec;
  return planShutdown({ ...rest, traffic: [traffic] });
}
