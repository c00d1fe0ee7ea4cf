// ~~ Copied from src/cdk8s-common/enums.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
/*
 * The string choices of the construct props as enums (jsii turns a TypeScript enum into a Python, Java, Go and
 * .NET enum; a union of string literals has no equivalent there). Each member's value is the core's string, so
 * the mapping to a ShutdownSpec keeps it as it is.
 */

/** What the app's container image offers the kubelet for an exec hook (the core's `ImageKind`). */
export enum AppImage {
  /** The image has a shell and coreutils (`sleep`, `/bin/sh`). */
  SHELL = 'shell',
  /** The image has neither (distroless, scratch): the drain never execs from the image's own filesystem. */
  DISTROLESS = 'distroless',
}

/** How the preStop drain is carried out (the core's `PreStopStrategy`; DESIGN.md §3). */
export enum PreStopMode {
  /** Native `sleep` on Kubernetes >= 1.30, else exec `sleep` (shell images) or the copied static sleep (distroless images). */
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

/** How a SIGQUIT-draining server (nginx, php-fpm) gets its graceful quit (the core's `QuitVia`). */
export enum GracefulQuit {
  /** After the drain sleep, preStop sends SIGQUIT to PID 1 and waits for it to exit (needs a shell). */
  PRESTOP = 'prestop',
  /** `lifecycle.stopSignal: SIGQUIT` (alpha since Kubernetes 1.33, feature gate ContainerStopSignals; KEP-4960). */
  STOP_SIGNAL = 'stop-signal',
  /** Trust the image's own `STOPSIGNAL SIGQUIT` (the official nginx and php-fpm images set it). */
  IMAGE = 'image',
}

/** Whether a graceful workload creates a PodDisruptionBudget over its pods. */
export enum PodDisruptionBudgetPolicy {
  /** Create one (policy/v1, `maxUnavailable` from the plan) when the workload has 2 or more replicas or an autoscaler. */
  AUTO = 'auto',
  /** Never create one. */
  NONE = 'none',
}
