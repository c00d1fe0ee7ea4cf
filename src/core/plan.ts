import { planEnv, SHUTDOWN_TIMEOUT_ENV } from './env';
import { explainPlan } from './explain';
import type { Container, EnvVar, LifecycleHandler, Volume, VolumeMount } from './k8s-types';
import { planPreStop, type PreStopMechanism } from './prestop';
import { PROBE_PLAN, type ProbePlan } from './probes';
import { planRollout, type RolloutPlan } from './rollout';
import { isZeroIntOrPercent, type ImageKind, type ResolvedSpec, type ShutdownSpec } from './spec';
import { validateSpec } from './validate';

/** A legal but risky choice, shown to the user (cdk8s annotations, Pulumi log.warn, CLI stderr). */
export interface PlanWarning {
  /** Stable identifier, e.g. `drain-delay-zero`. */
  readonly code: string;
  readonly message: string;
}

/** One number (or choice) of the plan and the reason for it. */
export interface PlanDecision {
  /** The Kubernetes field or plan output, e.g. `terminationGracePeriodSeconds`. */
  readonly field: string;
  readonly value: number | string;
  readonly reason: string;
}

/** The one consistent termination plan both adapters render. Plain data plus `explain()`. */
export interface ShutdownPlan {
  readonly appShutdownTimeoutSeconds: number;
  readonly drainDelaySeconds: number;
  readonly longConnectionBudgetSeconds: number;
  readonly safetyMarginSeconds: number;
  /** max(appShutdownTimeout, longConnectionBudget): the app's own deadline after the stop signal. */
  readonly appBudgetSeconds: number;
  /** drainDelay + max(appShutdownTimeout, longConnectionBudget) + safetyMargin. */
  readonly requiredGracePeriodSeconds: number;
  /** The value for `spec.terminationGracePeriodSeconds`: the required one, or a larger pinned one. */
  readonly terminationGracePeriodSeconds: number;
  /** The target Kubernetes minor, e.g. `'1.30'`. */
  readonly kubernetesVersion: string;
  readonly image: ImageKind;
  readonly preStopMechanism: PreStopMechanism;
  /** `lifecycle.preStop` for every app container, when the mechanism uses a hook. */
  readonly preStop?: LifecycleHandler;
  /** Init containers to add (first) to the pod. */
  readonly initContainers: readonly Container[];
  /** Volumes to add to the pod. */
  readonly volumes: readonly Volume[];
  /** Volume mounts to add to every app container. */
  readonly volumeMounts: readonly VolumeMount[];
  /** Env to add to every app container (a name the container already sets is left alone). */
  readonly env: readonly EnvVar[];
  readonly rollout: RolloutPlan;
  readonly probes: ProbePlan;
  readonly warnings: readonly PlanWarning[];
  /** Every number of the plan with its reason. */
  readonly decisions: readonly PlanDecision[];
  /** The shutdown timeline as text, each number with its reason. */
  explain(): string;
}

/**
 * Derives the termination plan from the few numbers a team knows. Pure: no cdk8s or Pulumi.
 * @throws GracefulConfigError for invalid input, before anything is planned
 */
export function planShutdown(spec: ShutdownSpec): ShutdownPlan {
  return planFromResolved(validateSpec(spec));
}

function planFromResolved(spec: ResolvedSpec): ShutdownPlan {
  const d = spec.drainDelaySeconds;
  const a = spec.appShutdownTimeoutSeconds;
  const l = spec.longConnectionBudgetSeconds;
  const m = spec.safetyMarginSeconds;
  const appBudgetSeconds = Math.max(a, l);
  const requiredGracePeriodSeconds = d + appBudgetSeconds + m;
  const terminationGracePeriodSeconds = Math.max(spec.pinnedGracePeriodSeconds ?? 0, requiredGracePeriodSeconds);
  const preStop = planPreStop(spec);
  const rollout = planRollout(spec);
  const env = planEnv(appBudgetSeconds, preStop.env);

  const graceReason = spec.pinnedGracePeriodSeconds !== undefined && spec.pinnedGracePeriodSeconds > requiredGracePeriodSeconds
    ? `pinned by the user; it covers the ${requiredGracePeriodSeconds}s the plan needs ` +
      `(drain ${d}s + max(app shutdown ${a}s, long connections ${l}s) + margin ${m}s)`
    : `drain ${d}s + max(app shutdown ${a}s, long connections ${l}s) + margin ${m}s: the countdown starts before preStop, ` +
      'so it must cover the drain and the app\'s own shutdown';

  const decisions: PlanDecision[] = [
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
    {
      field: 'minReadySeconds',
      value: rollout.minReadySeconds,
      reason: spec.minReadySeconds !== undefined
        ? 'set by the user'
        : `= drain delay ${d}s: routers register a new pod with about the lag they need to forget an old one, so a new pod counts as available only once routers can reach it`,
    },
    {
      field: 'progressDeadlineSeconds',
      value: rollout.progressDeadlineSeconds,
      reason: spec.progressDeadlineSeconds !== undefined
        ? 'set by the user'
        : `minReadySeconds ${rollout.minReadySeconds}s + Kubernetes' default 600s: a ready pod does not count as progress until minReadySeconds passed`,
    },
  ];
  if (preStop.mechanism === 'copied-sleep') {
    decisions.push({
      field: 'initContainers[graceful-k8s-copy-sleep].image',
      value: spec.copiedSleepImage,
      reason: 'a small multi-arch image with a statically linked busybox that runs from an emptyDir in any image; it runs as a non-root uid with a read-only root filesystem',
    });
  }

  const plan: ShutdownPlan = {
    appShutdownTimeoutSeconds: a,
    drainDelaySeconds: d,
    longConnectionBudgetSeconds: l,
    safetyMarginSeconds: m,
    appBudgetSeconds,
    requiredGracePeriodSeconds,
    terminationGracePeriodSeconds,
    kubernetesVersion: `1.${spec.kubernetesMinor}`,
    image: spec.image,
    preStopMechanism: preStop.mechanism,
    ...(preStop.handler ? { preStop: preStop.handler } : {}),
    initContainers: preStop.initContainers,
    volumes: preStop.volumes,
    volumeMounts: preStop.volumeMounts,
    env,
    rollout,
    probes: PROBE_PLAN,
    warnings: specWarnings(spec),
    decisions,
    explain: () => explainPlan(plan),
  };
  return plan;
}

function specWarnings(spec: ResolvedSpec): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (spec.drainDelaySeconds === 0) {
    warnings.push({
      code: 'drain-delay-zero',
      message:
        'drainDelay is 0 s: the app gets the stop signal while kube-proxy, ingress controllers and load balancers may still send it new requests, ' +
        'which then fail; set drainDelay to the slowest router\'s lag (5 s for in-cluster Services) unless nothing routes to this workload',
    });
  }
  if (!isZeroIntOrPercent(spec.maxUnavailable)) {
    warnings.push({
      code: 'max-unavailable',
      message: `rollout.maxUnavailable is ${JSON.stringify(spec.maxUnavailable)}: pods are taken out before their replacements are ready, ` +
        'so capacity drops during every rollout; use 0 with maxSurge >= 1',
    });
  }
  return warnings;
}

function describeHandler(mechanism: PreStopMechanism, handler: LifecycleHandler | undefined): string {
  if (handler?.sleep) return `sleep ${handler.sleep.seconds}s (native)`;
  if (handler?.exec) return `exec ${JSON.stringify(handler.exec.command)}`;
  return mechanism === 'app-drain' ? 'none (app-side drain)' : 'none';
}

