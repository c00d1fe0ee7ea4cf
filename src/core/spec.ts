import type { DurationInput } from './duration';
import type { FrameworkKind, FrameworkPreset } from './framework';
import type { KubernetesVersionInput } from './kubernetes-version';
import type { ResolvedSidecar, SidecarKind, SidecarPreset } from './sidecar';
import type { ResolvedTraffic, TrafficKind, TrafficSource } from './traffic';
import type { WorkloadKind } from './workload-kind';

/** The image kinds (see {@link ImageKind}). */
export const IMAGE_KINDS = ['shell', 'distroless'] as const;

/** What the container image offers the kubelet for an exec hook. */
export type ImageKind = (typeof IMAGE_KINDS)[number];

/** The preStop strategies (see {@link PreStopStrategy}). */
export const PRESTOP_STRATEGIES = ['auto', 'native-sleep', 'exec-sleep', 'copied-sleep', 'app-drain'] as const;

/**
 * How the preStop drain is carried out (DESIGN.md §3).
 * - `auto`: native `sleep` on Kubernetes >= 1.30, else exec `sleep` (shell images) or the copied
 *   static sleep (distroless images);
 * - `native-sleep`: `lifecycle.preStop.sleep` (KEP-3960; beta and on by default from 1.30);
 * - `exec-sleep`: `exec: ["sleep", D]`, needs a `sleep` binary in the image;
 * - `copied-sleep`: an init container copies a static busybox into an `emptyDir`, preStop execs it;
 * - `app-drain`: no hook; the app is told the drain delay and waits by itself after the stop signal.
 */
export type PreStopStrategy = (typeof PRESTOP_STRATEGIES)[number];

/** The StatefulSet pod management policies (see {@link PodManagementPolicy}). */
export const POD_MANAGEMENT_POLICIES = ['OrderedReady', 'Parallel'] as const;

/**
 * A StatefulSet's `spec.podManagementPolicy` (kubernetes.io "StatefulSets", Pod Management Policies):
 * - `OrderedReady` (Kubernetes' default, `SetDefaults_StatefulSet` in `pkg/apis/apps/v1/defaults.go`): pods are created
 *   in ordinal order, each once the one before is Running and Ready, and removed in reverse order, each once the one
 *   after it is gone;
 * - `Parallel`: pods are created and removed all at once when scaling. It changes scaling only, not a rolling update
 *   ("This option only affects the behavior for scaling operations. Updates are not affected."), except that with a
 *   StatefulSet maxUnavailable above 1 (KEP-961) the replacements of one step also start in parallel.
 * The field cannot change after the StatefulSet is created (`ValidateStatefulSetUpdate` in
 * `pkg/apis/apps/validation/validation.go` allows only replicas, ordinals, template, updateStrategy,
 * persistentVolumeClaimRetentionPolicy and minReadySeconds to change).
 */
export type PodManagementPolicy = (typeof POD_MANAGEMENT_POLICIES)[number];

/** A replica count (`1`) or a percentage of the desired replicas (`'25%'`). */
export type IntOrPercent = number | string;

/**
 * True for `0` and `'0%'`.
 * @internal
 */
export function isZeroIntOrPercent(value: unknown): boolean {
  return value === 0 || value === '0%';
}

/**
 * Rolling-update settings; every field has a planned default. Some are for one workload kind only (the kind given to
 * `planShutdown(spec, { workloadKind })`); one given for the other kind is a GracefulConfigError, since Kubernetes has
 * no field to carry it and ignoring it would mislead.
 */
export interface RolloutSpec {
  /**
   * Deployments only: extra pods a rolling update may start above the desired count. A StatefulSet has no surge
   * (it deletes a pod before it creates the replacement, which has the same name), so it is an error there.
   * @default '25%' (rounded up by Kubernetes, so at least one pod)
   */
  readonly maxSurge?: IntOrPercent;
  /**
   * Pods that may be unavailable during a rolling update.
   *
   * Deployments: `strategy.rollingUpdate.maxUnavailable`.
   *
   * StatefulSets: `updateStrategy.rollingUpdate.maxUnavailable`, how many pods one step takes down (at least 1; 0 is
   * rejected by the API server). It needs the MaxUnavailableStatefulSet feature gate (KEP-961; alpha off by default
   * from 1.24, beta off by default from 1.35, beta on by default from 1.37, `pkg/features/kube_features.go`); with the
   * gate off the API server drops the field silently (`dropStatefulSetDisabledFields` in
   * `pkg/registry/apps/statefulset/strategy.go`), so it is an error below kubernetesVersion 1.37.
   * @default Deployments: 0 (an old pod goes only after its replacement is available); StatefulSets: unset (one pod at a time)
   */
  readonly maxUnavailable?: IntOrPercent;
  /**
   * StatefulSets only: `updateStrategy.rollingUpdate.partition`, in pods. A rolling update replaces only the pods
   * whose ordinal is at least the partition; the others keep the old revision, even when deleted (kubernetes.io
   * "StatefulSets", Partitioned rolling updates). Used for staged (canary) rollouts.
   * @default unset (Kubernetes' 0: every pod is updated)
   */
  readonly partition?: number;
  /**
   * StatefulSets only: `spec.podManagementPolicy`. Fixed when the StatefulSet is created: a change is rejected by
   * the API server.
   * @default unset (Kubernetes' 'OrderedReady')
   */
  readonly podManagementPolicy?: PodManagementPolicy;
  /**
   * How long a new pod must be Ready before it counts as available (and, with maxUnavailable 0, before the
   * next old pod goes). It does not keep a pod out of Services.
   * @default the slowest registration lag of an external load balancer without a readiness gate; 0 otherwise
   */
  readonly minReady?: DurationInput;
  /**
   * Deployments only: how long a rollout may make no progress before it is reported failed. StatefulSets have no
   * progress deadline (apps/v1 StatefulSetSpec has no such field), so it is an error there.
   * @default minReady + 600 seconds (Kubernetes' own default stall allowance)
   */
  readonly progressDeadline?: DurationInput;
  /**
   * How long a new pod takes from creation to Ready (scheduling, image pull, app start, readiness probe).
   * Used only for the rollout and node-drain estimate in explain().
   * @default 10 seconds (an estimate)
   */
  readonly podStartup?: DurationInput;
}

/**
 * The few numbers a team knows about its workload. Durations are seconds (`30`), strings
 * (`'30s'`, `'2m'`, `'1h30m'`, `'1500ms'`) or a cdk8s `Duration`; fractions round up.
 */
export interface ShutdownSpec {
  /**
   * How long the app needs after the stop signal to finish in-flight requests and exit. Required.
   */
  readonly appShutdownTimeout: DurationInput;

  /**
   * How long every router (kube-proxy, ingress controllers, cloud load balancers, service
   * registries) needs to stop sending new requests to a terminating pod. preStop waits this long
   * before the stop signal.
   * @default 5 seconds
   */
  readonly drainDelay?: DurationInput;

  /**
   * The routers that send traffic to the pods. Each has a lag; without an explicit `drainDelay`, the
   * drain delay is the largest lag. Load balancers also get their draining annotations
   * (`plan.serviceAnnotations`, `plan.ingressAnnotations`), Nacos a deregistration before the drain.
   * @default none (drainDelay defaults to 5 s, the in-cluster Service lag)
   */
  readonly traffic?: ReadonlyArray<TrafficSource | TrafficKind>;

  /**
   * The app's framework: its shutdown settings get A (env, or settings listed in explain()), and
   * SIGQUIT servers (nginx, php-fpm) get their graceful quit.
   * @default none
   */
  readonly framework?: FrameworkPreset | FrameworkKind;

  /**
   * A service-mesh sidecar in the pod: a kind (a classic sidecar, whose drain must outlast the app) or a
   * preset (`{ kind: 'istio', native: true }` for a native sidecar, stopped by the kubelet after the app).
   * @default none
   */
  readonly sidecar?: SidecarKind | SidecarPreset;

  /**
   * A shell command preStop runs before the drain sleep (e.g. deregister from a registry), and how
   * long it may take (counted in the grace period). Needs `image: 'shell'`.
   * @default none
   */
  readonly preStopCommand?: PreStopCommand;

  /**
   * How long long-lived connections (WebSocket, gRPC streams, game rounds) may keep running after
   * the stop signal. Hours are legal.
   * @default 0 (no long-lived connections)
   */
  readonly longConnectionBudget?: DurationInput;

  /**
   * Headroom after the app's deadline for process exit, JVM shutdown hooks and pool closes.
   * @default 5 seconds
   */
  readonly safetyMargin?: DurationInput;

  /**
   * A pinned `terminationGracePeriodSeconds`. It must cover drainDelay + max(appShutdownTimeout,
   * longConnectionBudget) + safetyMargin; a larger value is kept.
   * @default derived: drainDelay + max(appShutdownTimeout, longConnectionBudget) + safetyMargin
   */
  readonly terminationGracePeriod?: DurationInput;

  /**
   * The oldest Kubernetes version the manifests meet: the oldest API server AND the oldest kubelet of every
   * cluster they are applied to (kubelets may be up to three minors older than their API server, version skew
   * policy: https://kubernetes.io/releases/version-skew-policy/). It decides whether the native preStop sleep
   * is safe: an API server below 1.30 (or with PodLifecycleSleepAction off) silently drops the `sleep` handler
   * and with it the whole preStop (kubernetes `pkg/api/pod/util.go`, `dropPodLifecycleSleepAction`), and a
   * kubelet below 1.30 skips it, so a too-new value removes the drain without an error anywhere.
   * @default '1.30' (the oldest minor where the native preStop sleep is on by default)
   */
  readonly kubernetesVersion?: KubernetesVersionInput;

  /**
   * The workload's replica count, for the rollout and node-drain estimate in explain(). The adapters fill it
   * from the workload.
   * @default 2
   */
  readonly replicas?: number;

  /**
   * The codes of warnings the user has answered, e.g. `namespace-label` once the Namespace carries
   * `plan.namespaceLabels`, or `drain-delay-zero` and `no-readiness-probe` for a worker nothing routes to. They are left
   * out of `plan.warnings` and of the warnings every adapter reports (the workload's own too), as the audit's
   * suppressions leave out findings. Each is a warning's `code` (lower-case words joined by hyphens); a code no warning
   * has does nothing.
   * @default none
   */
  readonly acknowledgedWarnings?: readonly string[];

  /**
   * Whether the app image has a shell and coreutils (`'shell'`) or not (`'distroless'`). A
   * distroless image never gets an exec of `sleep` or `/bin/sh` from its own filesystem.
   * @default 'shell'
   */
  readonly image?: ImageKind;

  /**
   * How the drain delay is enforced.
   * @default 'auto'
   */
  readonly preStop?: PreStopStrategy;

  /**
   * Rolling-update settings.
   * @default maxSurge '25%', maxUnavailable 0, minReady = drainDelay, progressDeadline = minReady + 600 s
   */
  readonly rollout?: RolloutSpec;

  /**
   * The image the copied static sleep comes from (only for `copied-sleep`). It must contain a
   * statically linked `/bin/busybox`. Pin it by digest in production.
   * @default 'busybox:1.36.1-uclibc' (DEFAULT_COPIED_SLEEP_IMAGE)
   */
  readonly copiedSleepImage?: string;
}

/**
 * The StatefulSet rolling-update settings the user gave, validated; each is rendered only when present, so a value
 * the workload already has is kept otherwise.
 */
export interface StatefulSetRolloutSettings {
  /** `updateStrategy.rollingUpdate.partition`, in pods (an ordinal). */
  readonly partition?: number;
  /** `updateStrategy.rollingUpdate.maxUnavailable`: pods (or a percentage of replicas) one step takes down. */
  readonly maxUnavailable?: IntOrPercent;
  /** `spec.podManagementPolicy`. */
  readonly podManagementPolicy?: PodManagementPolicy;
}

/** A user command run by preStop before the drain sleep. */
export interface PreStopCommand {
  /** A `/bin/sh -c` script. Required. */
  readonly script: string;
  /**
   * How long it may take: counted in the grace period.
   * @default 10 seconds
   */
  readonly timeout?: DurationInput;
}

/**
 * The spec after validation: every duration in whole seconds, every default filled in.
 * @internal
 */
export interface ResolvedSpec {
  /** `acknowledgedWarnings`, validated ([] when none). */
  readonly acknowledgedWarnings: readonly string[];
  readonly appShutdownTimeoutSeconds: number;
  readonly drainDelaySeconds: number;
  readonly longConnectionBudgetSeconds: number;
  readonly safetyMarginSeconds: number;
  /** The user-pinned grace period, if any. */
  readonly pinnedGracePeriodSeconds?: number;
  readonly kubernetesMinor: number;
  readonly image: ImageKind;
  readonly preStop: PreStopStrategy;
  /** The kind the spec is planned for. */
  readonly workloadKind: WorkloadKind;
  /** Deployments: the user's or '25%'; StatefulSets: 0 (no surge). */
  readonly maxSurge: IntOrPercent;
  /** Deployments: the user's or 0; StatefulSets: the user's or 1 (one pod at a time). */
  readonly maxUnavailable: IntOrPercent;
  /** StatefulSets only: the StatefulSet settings the user gave, each rendered as given. */
  readonly statefulSet?: StatefulSetRolloutSettings;
  /** Set only when the user gave it. */
  readonly minReadySeconds?: number;
  /** Set only when the user gave it. */
  readonly progressDeadlineSeconds?: number;
  /** For the rollout estimate. */
  readonly podStartupSeconds: number;
  /** For the rollout estimate. */
  readonly replicas: number;
  readonly copiedSleepImage: string;
  /** Where the drain delay came from: the user, a traffic source, or the default. */
  readonly drainDelaySource: 'user' | 'default' | TrafficKind;
  readonly traffic: readonly ResolvedTraffic[];
  readonly framework?: FrameworkPreset;
  readonly sidecar?: ResolvedSidecar;
  /** The user's preStop command, with its budget in seconds. */
  readonly preStopCommand?: { readonly script: string; readonly budgetSeconds: number };
}

/** Defaults, in one place, documented in README's options table. */
export const DEFAULTS = {
  drainDelaySeconds: 5,
  longConnectionBudgetSeconds: 0,
  safetyMarginSeconds: 5,
  kubernetesVersion: '1.30',
  image: 'shell' as ImageKind,
  preStop: 'auto' as PreStopStrategy,
  maxSurge: '25%' as IntOrPercent,
  maxUnavailable: 0 as IntOrPercent,
  preStopCommandTimeoutSeconds: 10,
  /** The pod start the rollout estimate assumes (an estimate). */
  podStartupSeconds: 10,
  /** The replica count the rollout estimate assumes. */
  replicas: 2,
  /**
   * The pods one StatefulSet rollout step takes down without a maxUnavailable: one
   * (`getStatefulSetMaxUnavailable` in kubernetes `pkg/controller/statefulset/stateful_set_utils.go` defaults it to 1).
   */
  statefulSetMaxUnavailable: 1 as IntOrPercent,
  /** Kubernetes' default progressDeadlineSeconds (apps/v1 DeploymentSpec). */
  progressDeadlineAllowanceSeconds: 600,
} as const;

/**
 * busybox's uclibc variant is built statically (Docker Official Image "busybox", image variants),
 * so its `/bin/busybox` runs from an emptyDir inside any image, distroless included. Built for amd64,
 * arm32v5, arm32v7, arm64v8, i386 and riscv64 only: there is no ppc64le or s390x build of the uclibc
 * variant (docker-library/official-images `library/busybox`); on those nodes set `copiedSleepImage` to a
 * statically linked busybox such as the `-musl` variant. The 1.36.1 tags are no longer rebuilt upstream
 * (dropped from the library file in May 2026): pin a digest you have checked.
 * @internal
 */
export const DEFAULT_COPIED_SLEEP_IMAGE = 'busybox:1.36.1-uclibc';
