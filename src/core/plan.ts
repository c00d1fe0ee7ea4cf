import { planDisruptionBudget } from './disruption-budget';
import { planEnv, SHUTDOWN_TIMEOUT_ENV } from './env';
import { explainPlan } from './explain';
import { frameworkContribution, STOP_SIGNAL_MINOR } from './framework';
import { gracePeriodTerms } from './grace-period';
import type { LifecycleHandler } from './k8s-types';
import { PlanMemo } from './plan-memo';
import { planWarning, type PlanDecision, type PlanWarning } from './plan-warning';
import { planPreStop, type PreStopMechanism } from './prestop';
import { PROBE_PLAN } from './probes';
import { planRollout, type RolloutPlan } from './rollout';
import { estimateRollout, type RolloutEstimate } from './rollout-estimate';
import type { PlanOptions, ShutdownPlan } from './shutdown-plan';
import { sidecarShutdown } from './sidecar';
import { isZeroIntOrPercent, type ResolvedSpec, type ShutdownSpec } from './spec';
import { statefulSetRolloutDecisions, statefulSetWarnings } from './statefulset-rollout';
import { drainTimeoutFor, TRAFFIC_NOTES, trafficAnnotations, ungatedRegistrationLagSeconds, type TrafficAnnotations } from './traffic';
import { validateSpec, validateWorkloadKind } from './validate';

/** Each distinct spec is planned once per process; the plans are frozen (see PlanMemo). */
const recentPlans = new PlanMemo<ShutdownPlan>();
/** The same for StatefulSet plans. */
const recentStatefulSetPlans = new PlanMemo<ShutdownPlan>();

/**
 * Derives the termination plan from the few numbers a team knows. Pure: no cdk8s or Pulumi.
 * The plan is deeply frozen, and shared by every call with a spec of the same content and the same options.
 *
 * The workload kind is an option of the call rather than a field of the spec: one spec (a team's numbers for an app)
 * may serve a Deployment and a StatefulSet, and `planShutdown(spec)` stays the Deployment plan it always was. A
 * StatefulSet plan: `planShutdown(spec, { workloadKind: 'StatefulSet' })`.
 * @param options the workload kind (default a Deployment)
 * @throws GracefulConfigError for invalid input (a rollout setting the kind does not have included), before anything is planned
 */
export function planShutdown(spec: ShutdownSpec, options: PlanOptions = {}): ShutdownPlan {
  const workloadKind = validateWorkloadKind(options?.workloadKind ?? 'Deployment');
  if (workloadKind === 'Deployment') return recentPlans.planFor(spec, (s) => planFromResolved(validateSpec(s)));
  return recentStatefulSetPlans.planFor(spec, (s) => planFromResolved(validateSpec(s, workloadKind)));
}

function planFromResolved(spec: ResolvedSpec): ShutdownPlan {
  const d = spec.drainDelaySeconds;
  const a = spec.appShutdownTimeoutSeconds;
  const l = spec.longConnectionBudgetSeconds;
  const m = spec.safetyMarginSeconds;
  const appBudgetSeconds = Math.max(a, l);
  const preStop = planPreStop(spec);
  const c = preStop.commandSeconds;
  const grace = gracePeriodTerms(spec, c);
  const requiredGracePeriodSeconds = grace.requiredSeconds;
  const terminationGracePeriodSeconds = Math.max(spec.pinnedGracePeriodSeconds ?? 0, requiredGracePeriodSeconds);
  const { rollout, minReadyReason, progressDeadlineReason } = planRollout(spec);
  const rolloutEstimate = estimateRollout(rollout, terminationGracePeriodSeconds, spec.replicas, spec.podStartupSeconds);
  const framework = spec.framework ? frameworkContribution(spec.framework, appBudgetSeconds) : undefined;
  const env = planEnv(appBudgetSeconds, [...preStop.env, ...(framework?.env ?? [])]);
  const annotations = trafficAnnotations(spec.traffic, terminationGracePeriodSeconds);
  const sidecar = spec.sidecar ? sidecarShutdown(spec.sidecar, { signalAtSeconds: c + d, appShutdownSeconds: a, appBudgetSeconds }) : undefined;
  const podAnnotations = sidecar?.annotations ?? {};

  const graceReason = spec.pinnedGracePeriodSeconds !== undefined && spec.pinnedGracePeriodSeconds > requiredGracePeriodSeconds
    ? `pinned by the user; it covers the ${requiredGracePeriodSeconds}s the plan needs (${grace.formula})`
    : `${grace.formula}: the countdown starts before preStop, so it must cover the drain and the app's own shutdown`;

  const decisions: PlanDecision[] = [
    { field: 'drainDelaySeconds', value: d, reason: drainReason(spec) },
    { field: 'terminationGracePeriodSeconds', value: terminationGracePeriodSeconds, reason: graceReason },
    {
      field: 'preStop',
      value: describeHandler(preStop.mechanism, preStop.handler),
      reason: preStop.reason,
    },
    {
      field: `env.${SHUTDOWN_TIMEOUT_ENV}`,
      value: appBudgetSeconds,
      reason: `max(app shutdown ${a}s, long connections ${l}s): the app gives up on remaining work by itself this long after the stop signal, before SIGKILL`,
    },
    { field: 'env.POD_IP / POD_NAME / POD_NAMESPACE', value: 'downward API', reason: 'the pod\'s identity for service registries and logs' },
    ...(spec.workloadKind === 'StatefulSet'
      ? statefulSetRolloutDecisions(rollout, rolloutEstimate, terminationGracePeriodSeconds, minReadyReason)
      : deploymentRolloutDecisions(rollout, rolloutEstimate, terminationGracePeriodSeconds, minReadyReason, progressDeadlineReason)),
  ];
  for (const t of annotations) {
    decisions.push({
      field: `${t.target === 'Namespace' ? 'Namespace labels' : `${t.target} annotations`} (${t.source})`,
      value: Object.entries(t.annotations).map(([k, v]) => `${k}: ${v}`).join(', '),
      reason: t.note,
    });
  }
  for (const kind of new Set(spec.traffic.map((t) => t.kind))) {
    const note = TRAFFIC_NOTES[kind];
    if (note) decisions.push({ field: `traffic ${kind}`, value: note.value, reason: note.reason });
  }
  if (spec.sidecar && sidecar) {
    decisions.push({
      field: `pod annotations (${spec.sidecar.native ? 'native ' : ''}${spec.sidecar.kind} sidecar)`,
      value: Object.entries(podAnnotations).map(([k, v]) => `${k}: ${v}`).join(', '),
      reason: sidecar.reason,
    });
  }
  for (const e of framework?.env ?? []) {
    decisions.push({ field: `env.${e.name}`, value: e.value ?? '', reason: `${framework!.kind}: ${framework!.envReasons[e.name]}` });
  }
  for (const setting of framework?.settings ?? []) {
    decisions.push({ field: `${setting.framework} ${setting.setting}`, value: setting.value, reason: `set in ${setting.where}: the plan cannot set it through env` });
  }
  if (framework?.stopSignal) {
    decisions.push({ field: 'lifecycle.stopSignal', value: framework.stopSignal, reason: `${framework.kind} drains on SIGQUIT; spec.os.name is set to linux, which stopSignal requires` });
  }
  const disruptionBudget = planDisruptionBudget(spec.workloadKind, spec.kubernetesMinor);
  decisions.push({
    field: 'podDisruptionBudget.maxUnavailable',
    value: disruptionBudget.budget.maxUnavailable,
    reason: 'node drains and other voluntary evictions take one pod at a time, each through this same shutdown; created for 2 or more replicas',
  });
  decisions.push({
    field: 'podDisruptionBudget.unhealthyPodEvictionPolicy',
    value: disruptionBudget.budget.unhealthyPodEvictionPolicy ?? 'unset (IfHealthyBudget)',
    reason: disruptionBudget.policyReason,
  });
  if (preStop.mechanism === 'copied-sleep') {
    decisions.push({
      field: 'initContainers[graceful-k8s-copy-sleep].image',
      value: spec.copiedSleepImage,
      reason: 'a small multi-arch image with a statically linked busybox that runs from an emptyDir in any image; it runs as a non-root uid with a read-only root filesystem',
    });
  }

  const plan: ShutdownPlan = {
    workloadKind: spec.workloadKind,
    appShutdownTimeoutSeconds: a,
    drainDelaySeconds: d,
    drainDelaySource: spec.drainDelaySource,
    longConnectionBudgetSeconds: l,
    safetyMarginSeconds: m,
    preStopCommandSeconds: c,
    appBudgetSeconds,
    requiredGracePeriodSeconds,
    terminationGracePeriodSeconds,
    kubernetesVersion: `1.${spec.kubernetesMinor}`,
    image: spec.image,
    preStopMechanism: preStop.mechanism,
    ...(preStop.handler ? { preStop: preStop.handler } : {}),
    preStopBeforeDrain: preStop.beforeDrain,
    preStopAfterDrain: preStop.afterDrain,
    ...(framework?.stopSignal ? { stopSignal: framework.stopSignal } : {}),
    initContainers: preStop.initContainers,
    volumes: preStop.volumes,
    volumeMounts: preStop.volumeMounts,
    env,
    rollout,
    rolloutEstimate,
    probes: PROBE_PLAN,
    traffic: spec.traffic.map((t) => t.kind),
    trafficAnnotations: annotations,
    serviceAnnotations: mergeAnnotations(annotations, 'Service'),
    ingressAnnotations: mergeAnnotations(annotations, 'Ingress'),
    ...(annotations.some((entry) => entry.serviceType) ? { serviceType: 'LoadBalancer' as const } : {}),
    namespaceLabels: mergeAnnotations(annotations, 'Namespace'),
    podAnnotations,
    ...(spec.framework ? { framework: spec.framework.kind } : {}),
    ...(spec.sidecar ? { sidecar: spec.sidecar } : {}),
    appSettings: framework?.settings ?? [],
    podDisruptionBudget: disruptionBudget.budget,
    warnings: [...specWarnings(spec, terminationGracePeriodSeconds), ...namespaceLabelWarnings(annotations)]
      .filter((w) => !spec.acknowledgedWarnings.includes(w.code)),
    acknowledgedWarnings: spec.acknowledgedWarnings,
    decisions,
    explain: () => explainPlan(plan),
  };
  return plan;
}

/** The rollout entries of a Deployment plan's decisions. */
function deploymentRolloutDecisions(
  rollout: RolloutPlan,
  rolloutEstimate: RolloutEstimate,
  terminationGracePeriodSeconds: number,
  minReadyReason: string,
  progressDeadlineReason: string,
): PlanDecision[] {
  return [
    {
      field: 'strategy.rollingUpdate.maxSurge',
      value: rollout.maxSurge,
      reason: 'new pods start before old ones stop, so capacity never drops (Kubernetes rounds a percentage up: at least one pod)',
    },
    {
      field: 'strategy.rollingUpdate.maxUnavailable',
      value: rollout.maxUnavailable,
      reason: isZeroIntOrPercent(rollout.maxUnavailable)
        ? 'an old pod is taken out only after its replacement is available'
        : 'set by the user: capacity may drop during a rollout',
    },
    { field: 'minReadySeconds', value: rollout.minReadySeconds, reason: minReadyReason },
    { field: 'progressDeadlineSeconds', value: rollout.progressDeadlineSeconds, reason: progressDeadlineReason },
    {
      field: `rollout estimate (${rolloutEstimate.replicas} replicas)`,
      value: `${rolloutEstimate.rolloutSeconds}s`,
      reason: `estimate: ${rolloutEstimate.steps} step(s) of ${rolloutEstimate.podsPerStep} pod(s) x (pod start ${rolloutEstimate.podStartupSeconds}s ` +
        `+ minReadySeconds ${rollout.minReadySeconds}s); the last old pods may stay Terminating ${terminationGracePeriodSeconds}s more ` +
        `(done by ${rolloutEstimate.rolloutCompleteSeconds}s), each holding its resources that long`,
    },
    {
      field: `node drain estimate (${rolloutEstimate.replicas} pods on one node)`,
      value: `${rolloutEstimate.nodeDrainSeconds}s`,
      reason: 'estimate: the PodDisruptionBudget lets one pod go at a time and the next eviction waits for its replacement to start ' +
        `(${rolloutEstimate.podStartupSeconds}s each); the node is empty only once the last pod terminated, up to the grace period ` +
        `${terminationGracePeriodSeconds}s: a long grace period makes every node drain at least that long`,
    },
  ];
}

function drainReason(spec: ResolvedSpec): string {
  const lags = spec.traffic.map((t) => `${t.kind} ${t.lagSeconds}s`).join(', ');
  switch (spec.drainDelaySource) {
    case 'user':
      return lags ? `set by the user (router lags: ${lags})` : 'set by the user';
    case 'default':
      return 'default: in-cluster Services (EndpointSlice update + kube-proxy rule sync on every node) forget a pod within a few seconds';
    default: {
      const source = spec.traffic.find((t) => t.kind === spec.drainDelaySource)!;
      return `the slowest router, ${source.kind} (${lags}): ${source.lagReason}`;
    }
  }
}

function mergeAnnotations(annotations: readonly TrafficAnnotations[], target: TrafficAnnotations['target']): Record<string, string> {
  return Object.assign({}, ...annotations.filter((a) => a.target === target).map((a) => a.annotations));
}

/**
 * A namespace label no adapter can set (the workload does not own its namespace): say exactly what to run,
 * what is lost without it, and the plan that stays safe when the namespace cannot be labelled (`readinessGate: false`:
 * minReadySeconds covers the registration instead).
 */
function namespaceLabelWarnings(annotations: readonly TrafficAnnotations[]): PlanWarning[] {
  return annotations.filter((a) => a.target === 'Namespace').map((a) => {
    const labels = Object.entries(a.annotations).map(([k, v]) => `${k}=${v}`).join(' ');
    return planWarning(
      'namespace-label',
      `${a.source} needs the label ${labels} on the workload's namespace, which graceful-k8s does not create; without it ` +
        'the load balancer controller injects no readiness gate, a new pod counts as ready before the load balancer sends it traffic, ' +
        'and a rollout can leave only initial and draining targets (minReadySeconds is 0 because the plan relies on the gate)',
      `run kubectl label namespace <namespace> ${labels}, or create the Namespace with plan.namespaceLabels; ` +
        `if the namespace cannot be labelled, set readinessGate: false on the ${a.source} traffic source, so minReadySeconds ` +
        `(${ungatedRegistrationLagSeconds(a.source)}s) covers the registration instead`,
    );
  });
}

function specWarnings(spec: ResolvedSpec, gracePeriodSeconds: number): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const t of spec.traffic) {
    if (t.lagSeconds > spec.drainDelaySeconds) {
      warnings.push(planWarning(
        'drain-delay-below-router',
        `drainDelay is ${spec.drainDelaySeconds}s but ${t.kind} may keep sending new requests for ${t.lagSeconds}s`,
        `raise drainDelay to ${t.lagSeconds}s or remove it to let the plan use the slowest router`,
      ));
    }
    const drain = drainTimeoutFor(t.kind, gracePeriodSeconds);
    if (drain.clamped) {
      warnings.push(planWarning(
        'load-balancer-drain-clamped',
        `${t.kind} drains connections for at most ${drain.seconds}s but the pod may live ${gracePeriodSeconds}s: ` +
          'connections still open then are closed by the load balancer',
        'shorten longConnectionBudget or let clients reconnect',
      ));
    }
  }
  if (spec.framework?.quitVia === 'stop-signal') {
    warnings.push(planWarning(
      'stop-signal-alpha',
      `lifecycle.stopSignal is alpha from 1.${STOP_SIGNAL_MINOR} (KEP-4960, feature gate ContainerStopSignals, off by default): ` +
        'without the gate the API server drops the field (pkg/api/pod/util.go) and the container gets its image\'s STOPSIGNAL (SIGTERM if the image sets none); ' +
        'the container runtime must support the field too (containerd and CRI-O support arrived after the API)',
      'enable the gate on the API server and every kubelet and check the runtime, or use quitVia \'prestop\'',
    ));
  }
  if (spec.drainDelaySeconds === 0) {
    warnings.push(planWarning(
      'drain-delay-zero',
      'drainDelay is 0 s: the app gets the stop signal while kube-proxy, ingress controllers and load balancers may still send it new requests, ' +
        'which then fail',
      'set drainDelay to the slowest router\'s lag (5 s for in-cluster Services) unless nothing routes to this workload',
    ));
  }
  if (spec.statefulSet) {
    warnings.push(...statefulSetWarnings(spec.statefulSet, spec.replicas));
  } else if (!isZeroIntOrPercent(spec.maxUnavailable)) {
    warnings.push(planWarning(
      'max-unavailable',
      `rollout.maxUnavailable is ${JSON.stringify(spec.maxUnavailable)}: pods are taken out before their replacements are ready, ` +
        'so capacity drops during every rollout',
      'use 0 with maxSurge >= 1',
    ));
  }
  return warnings;
}

function describeHandler(mechanism: PreStopMechanism, handler: LifecycleHandler | undefined): string {
  if (handler?.sleep) return `sleep ${handler.sleep.seconds}s (native)`;
  if (handler?.exec) return `exec ${JSON.stringify(handler.exec.command)}`;
  return mechanism === 'app-drain' ? 'none (app-side drain)' : 'none';
}

