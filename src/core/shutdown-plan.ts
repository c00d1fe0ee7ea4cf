import type { PodDisruptionBudgetPlan } from './disruption-budget';
import type { AppSetting, FrameworkKind } from './framework';
import type { Container, EnvVar, LifecycleHandler, Volume, VolumeMount } from './k8s-types';
import type { PlanDecision, PlanWarning } from './plan-warning';
import type { PreStopMechanism, PreStopStep } from './prestop';
import type { ProbePlan } from './probes';
import type { RolloutPlan } from './rollout';
import type { RolloutEstimate } from './rollout-estimate';
import type { ResolvedSidecar } from './sidecar';
import type { ImageKind, ShutdownSpec } from './spec';
import type { TrafficAnnotations, TrafficKind } from './traffic';
import type { WorkloadKind } from './workload-kind';

// The shape of a plan, apart from planShutdown (plan.ts) that builds it: explain.ts and the renderers read it
// without importing the planner, so that plan.ts -> explain.ts is the one direction.

/** How {@link planShutdown} plans, beyond the spec. */
export interface PlanOptions {
  /**
   * The kind of workload the plan is for. It decides the rollout settings the spec may give and the plan renders,
   * the rollout estimate and explain(): a Deployment surges (`maxSurge`, `progressDeadline`); a StatefulSet replaces
   * one pod at a time, old pod first (`partition`, `podManagementPolicy`, StatefulSet `maxUnavailable`).
   * @default 'Deployment'
   */
  readonly workloadKind?: WorkloadKind;
}

/** The one consistent termination plan both adapters render. Plain data plus `explain()`. */
export interface ShutdownPlan {
  /** The kind of workload the plan is for (`PlanOptions.workloadKind`, default `'Deployment'`). */
  readonly workloadKind: WorkloadKind;
  /** How long the app needs after the stop signal, in seconds (`ShutdownSpec.appShutdownTimeout`, rounded up). */
  readonly appShutdownTimeoutSeconds: number;
  /**
   * How long preStop waits before the stop signal, in seconds, so every router stops sending new requests first:
   * `ShutdownSpec.drainDelay`, else the largest lag of the traffic sources, else 5 (`DEFAULTS.drainDelaySeconds`).
   */
  readonly drainDelaySeconds: number;
  /** Where the drain delay came from: `'user'`, `'default'`, or the traffic source with the largest lag. */
  readonly drainDelaySource: 'user' | 'default' | TrafficKind;
  /** How long long-lived connections may run after the stop signal, in seconds (`ShutdownSpec.longConnectionBudget`, default 0). */
  readonly longConnectionBudgetSeconds: number;
  /** Headroom after the app's deadline, in seconds (`ShutdownSpec.safetyMargin`, default 5). */
  readonly safetyMarginSeconds: number;
  /** Seconds preStop spends on commands before the drain sleep (registry deregistration, preStopCommand). */
  readonly preStopCommandSeconds: number;
  /** max(appShutdownTimeout, longConnectionBudget): the app's own deadline after the stop signal. */
  readonly appBudgetSeconds: number;
  /** preStop commands + drainDelay + max(appShutdownTimeout, longConnectionBudget) + safetyMargin (+ a native sidecar's stop). */
  readonly requiredGracePeriodSeconds: number;
  /** The value for `spec.terminationGracePeriodSeconds`: the required one, or a larger pinned one. */
  readonly terminationGracePeriodSeconds: number;
  /** The oldest Kubernetes version (API server and kubelet) the manifests meet, e.g. `'1.30'`. */
  readonly kubernetesVersion: string;
  /** What the app image offers an exec hook (`ShutdownSpec.image`, default `'shell'`). */
  readonly image: ImageKind;
  /** How the plan carries out the drain: the mechanism chosen for `ShutdownSpec.preStop` (default `'auto'`); `none` for a drain delay of 0. */
  readonly preStopMechanism: PreStopMechanism;
  /** `lifecycle.preStop` for every app container, when the mechanism uses a hook. */
  readonly preStop?: LifecycleHandler;
  /** Shell steps before the drain sleep (exec-shell only). */
  readonly preStopBeforeDrain: readonly PreStopStep[];
  /** Shell steps after the drain sleep (exec-shell only). */
  readonly preStopAfterDrain: readonly PreStopStep[];
  /** `lifecycle.stopSignal` for app containers (and `spec.os.name: linux`), when the framework asks for it. */
  readonly stopSignal?: 'SIGQUIT';
  /** Init containers to add (first) to the pod. */
  readonly initContainers: readonly Container[];
  /** Volumes to add to the pod. */
  readonly volumes: readonly Volume[];
  /** Volume mounts to add to every app container. */
  readonly volumeMounts: readonly VolumeMount[];
  /** Env to add to every app container (a name the container already sets is left alone). */
  readonly env: readonly EnvVar[];
  /**
   * The rolling-update settings for the workload: Deployments `strategy`, `minReadySeconds`, `progressDeadlineSeconds`;
   * StatefulSets `updateStrategy`, `minReadySeconds`, `podManagementPolicy` (see `RolloutPlan.statefulSet`).
   */
  readonly rollout: RolloutPlan;
  /** Recommended probe timing: the plan sets no probe, but its warnings about a missing or risky one quote these numbers. */
  readonly probes: ProbePlan;
  /** The traffic sources, in the order given. */
  readonly traffic: readonly TrafficKind[];
  /** Annotations (and namespace labels) each traffic source needs, with the plan's numbers. */
  readonly trafficAnnotations: readonly TrafficAnnotations[];
  /** All annotations for the Service in front of the pods (GracefulDeployment puts them on the Services it exposes). */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  /** All annotations for the Ingress in front of the Service. */
  readonly ingressAnnotations: Readonly<Record<string, string>>;
  /**
   * The Service type the Service annotations need (`LoadBalancer` for aws-nlb and the Alibaba load
   * balancers); the adapters set it on the Services they create and refuse another type.
   * @default undefined (any type)
   */
  readonly serviceType?: 'LoadBalancer';
  /**
   * Labels the workload's namespace needs (aws-alb: the readiness-gate injection label). No adapter owns
   * the namespace: create it with these labels, or label it (a `namespace-label` warning says how).
   */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Annotations for the pod template (service-mesh sidecar drain). */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /**
   * The app's framework (`ShutdownSpec.framework`).
   * @default undefined (no framework preset)
   */
  readonly framework?: FrameworkKind;
  /** The service-mesh sidecar and how it runs (classic or native). */
  readonly sidecar?: ResolvedSidecar;
  /** Settings the app needs that the plan cannot set through env. */
  readonly appSettings: readonly AppSetting[];
  /** What a rollout and a node drain cost under this plan, for `spec.replicas` (default 2) and `rollout.podStartup`. */
  readonly rolloutEstimate: RolloutEstimate;
  /**
   * The PodDisruptionBudget the adapters create for workloads of 2 or more replicas: `maxUnavailable` 1, and
   * `unhealthyPodEvictionPolicy: AlwaysAllow` for Deployment plans on kubernetesVersion 1.27 or newer (see
   * {@link PodDisruptionBudgetPlan}).
   */
  readonly podDisruptionBudget: PodDisruptionBudgetPlan;
  /** Legal but risky choices in the spec, each with its fix, but those acknowledged; the adapters add the workload's own on top. */
  readonly warnings: readonly PlanWarning[];
  /** The warning codes the spec acknowledges (`ShutdownSpec.acknowledgedWarnings`): left out of every warning list (see {@link unacknowledged}). */
  readonly acknowledgedWarnings: readonly string[];
  /** Every number of the plan with its reason. */
  readonly decisions: readonly PlanDecision[];
  /** The shutdown timeline as text, each number with its reason. */
  explain(): string;
}

/**
 * True for a plan from {@link planShutdown}, false for a spec: adapters accept either.
 * @internal
 */
export function isShutdownPlan(value: ShutdownSpec | ShutdownPlan): value is ShutdownPlan {
  return typeof (value as ShutdownPlan).terminationGracePeriodSeconds === 'number' && typeof (value as ShutdownPlan).explain === 'function';
}
