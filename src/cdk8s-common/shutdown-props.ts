import type { Duration } from 'cdk8s';
import type { AppImage, PreStopMode } from './enums';
import type { Framework } from './framework';
import type { PodCount } from './pod-count';
import type { Sidecar } from './sidecar';
import type { Traffic } from './traffic';

/*
 * The construct props' form of the core's ShutdownSpec, ready for jsii (issue #17): every duration a cdk8s
 * `Duration`, every choice an enum or an enum-like class, no union, no generic, no index signature. Field names,
 * meanings and defaults are the ShutdownSpec's (README, "Options"); `toShutdownSpec` maps one to the other.
 */

/** A shell command preStop runs before the drain sleep (the core's `PreStopCommand`). */
export interface PreStopCommandProps {
  /** A `/bin/sh -c` script. */
  readonly script: string;
  /**
   * How long it may take: counted in the grace period.
   * @default 10 seconds
   */
  readonly timeout?: Duration;
}

/** Rolling-update settings (the core's `RolloutSpec`); every field has a planned default. */
export interface RolloutProps {
  /**
   * Deployments only: extra pods a rolling update may start above the desired count (a StatefulSet has no surge:
   * an error there).
   * @default PodCount.percent(25)
   */
  readonly maxSurge?: PodCount;
  /**
   * Pods that may be unavailable during a rolling update. StatefulSets: pods one step takes down, from
   * kubernetesVersion 1.37 only (the MaxUnavailableStatefulSet gate; see the core's `RolloutSpec.maxUnavailable`).
   * @default Deployments: PodCount.absolute(0) (an old pod goes only after its replacement is available);
   * StatefulSets: unset (one pod at a time)
   */
  readonly maxUnavailable?: PodCount;
  /**
   * How long a new pod must be Ready before it counts as available.
   * @default the slowest registration lag of an external load balancer without a readiness gate; 0 otherwise
   */
  readonly minReady?: Duration;
  /**
   * Deployments only: how long a rollout may make no progress before it is reported failed (an error for a
   * StatefulSet, which has no progress deadline).
   * @default minReady + 600 seconds (Kubernetes' own default stall allowance)
   */
  readonly progressDeadline?: Duration;
  /**
   * How long a new pod takes from creation to Ready; used only for the rollout estimate in explain().
   * @default 10 seconds (an estimate)
   */
  readonly podStartup?: Duration;
}

/** The few numbers a team knows about its workload (the core's `ShutdownSpec`, in jsii-ready form). */
export interface ShutdownProps {
  /** How long the app needs after the stop signal to finish in-flight requests and exit. */
  readonly appShutdownTimeout: Duration;
  /**
   * How long every router needs to stop sending new requests to a terminating pod; preStop waits this long.
   * @default the largest lag of `traffic`, else 5 seconds
   */
  readonly drainDelay?: Duration;
  /**
   * The routers that send traffic to the pods.
   * @default none (drainDelay defaults to 5 s, the in-cluster Service lag)
   */
  readonly traffic?: Traffic[];
  /**
   * The app's framework: its shutdown settings, and the graceful quit of SIGQUIT servers.
   * @default none
   */
  readonly framework?: Framework;
  /**
   * A service-mesh sidecar in the pod.
   * @default none
   */
  readonly sidecar?: Sidecar;
  /**
   * A shell command preStop runs before the drain sleep. Needs `image: AppImage.SHELL`.
   * @default none
   */
  readonly preStopCommand?: PreStopCommandProps;
  /**
   * How long long-lived connections may keep running after the stop signal. Hours are legal.
   * @default 0 (no long-lived connections)
   */
  readonly longConnectionBudget?: Duration;
  /**
   * Headroom after the app's deadline for process exit.
   * @default 5 seconds
   */
  readonly safetyMargin?: Duration;
  /**
   * A pinned `terminationGracePeriodSeconds` (the workload's own `terminationGracePeriod` prop does the same: set one).
   * @default drainDelay + max(appShutdownTimeout, longConnectionBudget) + safetyMargin
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * The oldest Kubernetes version (API servers and kubelets) the manifests meet, e.g. `'1.30'`.
   * @default '1.30'
   */
  readonly kubernetesVersion?: string;
  /**
   * The replica count for the rollout estimate in explain(); the constructs fill it from the workload.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * The codes of warnings you have answered (e.g. `namespace-label` once your Namespace carries `plan.namespaceLabels`,
   * `drain-delay-zero` and `no-readiness-probe` for a worker nothing routes to): they are left out of the construct's
   * warnings and metadata, as the audit's suppressions leave out findings.
   * @default none
   */
  readonly acknowledgedWarnings?: string[];
  /**
   * Whether the app image has a shell and coreutils.
   * @default AppImage.SHELL
   */
  readonly image?: AppImage;
  /**
   * How the drain delay is enforced.
   * @default PreStopMode.AUTO
   */
  readonly preStop?: PreStopMode;
  /**
   * Rolling-update settings.
   * @default planned (see RolloutProps)
   */
  readonly rollout?: RolloutProps;
  /**
   * The image the copied static sleep comes from (only for `PreStopMode.COPIED_SLEEP`).
   * @default 'busybox:1.36.1-uclibc'
   */
  readonly copiedSleepImage?: string;
}
