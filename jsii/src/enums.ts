/**
 * What the container image offers the kubelet for an exec hook (the core's `ImageKind`).
 */
export enum ImageKind {
  /** The image has a shell and coreutils (`/bin/sh`, `sleep`). */
  SHELL = 'shell',
  /** No shell and no `sleep`: the plan never execs from the image's own filesystem. */
  DISTROLESS = 'distroless',
}

/**
 * How the preStop drain is carried out (the core's `PreStopStrategy`, DESIGN.md §3).
 */
export enum PreStopStrategy {
  /** Native `sleep` on Kubernetes >= 1.30, else exec `sleep` (shell images) or the copied static sleep (distroless). */
  AUTO = 'auto',
  /** `lifecycle.preStop.sleep` (KEP-3960; beta and on by default from Kubernetes 1.30). */
  NATIVE_SLEEP = 'native-sleep',
  /** `exec: ["sleep", D]`: needs a `sleep` binary in the image. */
  EXEC_SLEEP = 'exec-sleep',
  /** An init container copies a static busybox into an `emptyDir`; preStop execs it. */
  COPIED_SLEEP = 'copied-sleep',
  /** No hook: the app is told the drain delay and waits by itself after the stop signal. */
  APP_DRAIN = 'app-drain',
}

/** For nginx and php-fpm: how the graceful quit (SIGQUIT) is delivered (the core's `QuitVia`). */
export enum QuitVia {
  /** preStop sends SIGQUIT after the drain and waits for the master to exit. */
  PRESTOP = 'prestop',
  /** `lifecycle.stopSignal: SIGQUIT` (Kubernetes >= 1.33). */
  STOP_SIGNAL = 'stop-signal',
  /** The image's own STOPSIGNAL is already SIGQUIT. */
  IMAGE = 'image',
}

/** Whether a GracefulDeployment creates a PodDisruptionBudget over its pods. */
export enum DisruptionBudgetMode {
  /** Create one (policy/v1, `maxUnavailable` from the plan) when there are 2 or more replicas or an autoscaler. */
  AUTO = 'auto',
  /** Never create one. */
  NONE = 'none',
}
