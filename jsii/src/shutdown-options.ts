import type { Duration } from 'cdk8s';
import type { PercentOrAbsolute } from 'cdk8s-plus-34';
import type { DisruptionBudgetMode, ImageKind, PreStopStrategy } from './enums';
import type { Framework } from './framework';
import type { Sidecar } from './sidecar';
import type { TrafficSource } from './traffic-source';

/** Rolling-update settings (the core's `RolloutSpec`); every field has a planned default. */
export interface RolloutOptions {
  /**
   * Extra pods a rolling update may start above the desired count.
   * @default 25% (rounded up by Kubernetes, so at least one pod)
   */
  readonly maxSurge?: PercentOrAbsolute;
  /**
   * Pods that may be unavailable during a rolling update.
   * @default 0 (an old pod goes only after its replacement is available)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
  /**
   * How long a new pod must be Ready before it counts as available.
   * @default the slowest registration lag of an external load balancer without a readiness gate; 0 otherwise
   */
  readonly minReady?: Duration;
  /**
   * How long a rollout may make no progress before it is reported failed.
   * @default minReady + 600 seconds
   */
  readonly progressDeadline?: Duration;
  /**
   * How long a new pod takes from creation to Ready; only for the rollout estimate in explain().
   * @default 10 seconds (an estimate)
   */
  readonly podStartup?: Duration;
}

/** A shell command preStop runs before the drain sleep (the core's `PreStopCommand`). */
export interface PreStopCommandOptions {
  /** A `/bin/sh -c` script. */
  readonly script: string;
  /**
   * How long it may take: counted in the grace period.
   * @default 10 seconds
   */
  readonly timeout?: Duration;
}

/**
 * The numbers the plan is derived from: the core's `ShutdownSpec` in jsii types (cdk8s `Duration`s, enums and
 * enum-like classes instead of strings and unions).
 */
export interface ShutdownOptions {
  /** How long the app needs after the stop signal to finish in-flight requests and exit. */
  readonly appShutdownTimeout: Duration;
  /**
   * How long every router needs to stop sending new requests to a terminating pod; preStop waits this long.
   * @default 5 seconds, or the largest lag of `traffic`
   */
  readonly drainDelay?: Duration;
  /**
   * The routers that send traffic to the pods.
   * @default none
   */
  readonly traffic?: TrafficSource[];
  /**
   * The app's framework.
   * @default none
   */
  readonly framework?: Framework;
  /**
   * A service-mesh sidecar in the pod.
   * @default none
   */
  readonly sidecar?: Sidecar;
  /**
   * A shell command preStop runs before the drain sleep. Needs `image: ImageKind.SHELL`.
   * @default none
   */
  readonly preStopCommand?: PreStopCommandOptions;
  /**
   * How long long-lived connections may keep running after the stop signal. Hours are legal.
   * @default 0 seconds
   */
  readonly longConnectionBudget?: Duration;
  /**
   * Headroom after the app's deadline for process exit.
   * @default 5 seconds
   */
  readonly safetyMargin?: Duration;
  /**
   * A pinned `terminationGracePeriodSeconds`; it must cover the plan.
   * @default drainDelay + max(appShutdownTimeout, longConnectionBudget) + safetyMargin
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * The oldest Kubernetes version (API server AND kubelet) the manifests meet, e.g. `'1.30'`.
   * @default '1.30'
   */
  readonly kubernetesVersion?: string;
  /**
   * Whether the app image has a shell and coreutils.
   * @default ImageKind.SHELL
   */
  readonly image?: ImageKind;
  /**
   * How the drain delay is enforced.
   * @default PreStopStrategy.AUTO
   */
  readonly preStop?: PreStopStrategy;
  /**
   * Rolling-update settings.
   * @default maxSurge 25%, maxUnavailable 0, minReady and progressDeadline planned
   */
  readonly rollout?: RolloutOptions;
  /**
   * The image the copied static sleep comes from (only for the copied sleep); pin it by digest in production.
   * @default 'busybox:1.36.1-uclibc'
   */
  readonly copiedSleepImage?: string;
}

/** Props of the graceful workloads' shutdown part. */
export interface GracefulWorkloadOptions {
  /** The numbers the plan is derived from. */
  readonly shutdown: ShutdownOptions;
  /**
   * Whether to create a PodDisruptionBudget over the pods.
   * @default DisruptionBudgetMode.AUTO
   */
  readonly podDisruptionBudget?: DisruptionBudgetMode;
}
