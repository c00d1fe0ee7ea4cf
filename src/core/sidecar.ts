import { toWholeSeconds, type DurationInput } from './duration';
import { GracefulConfigError, describeValue } from './errors';

/** The service-mesh sidecar kinds whose shutdown the plan sets. */
export const SIDECAR_KINDS = ['istio', 'linkerd'] as const;

/** Service-mesh sidecars whose drain the plan sets. */
export type SidecarKind = (typeof SIDECAR_KINDS)[number];

/** A service-mesh sidecar in the pod and how it runs. */
export interface SidecarPreset {
  /** The mesh whose proxy runs in the pod. */
  readonly kind: SidecarKind;
  /**
   * The proxy runs as a Kubernetes native sidecar: an init container with `restartPolicy: Always`
   * (KEP-753; Istio with `ENABLE_NATIVE_SIDECARS`, Linkerd with its native-sidecar setting). The kubelet
   * stops native sidecars only after every app container has exited, so the proxy needs no keep-alive,
   * but the grace period must leave it time to stop after the app.
   * @default false (a classic sidecar: a regular container that gets SIGTERM at t=0)
   */
  readonly native?: boolean;
  /**
   * Native sidecars only: how long the proxy needs after the app exited (its own stop). Added to the grace
   * period. The kubelet gives sidecars what is left of the grace period, at least 2 seconds.
   * @default 5 seconds (an estimate: Istio's native proxy is drained from pod deletion on and exits at once on
   * SIGTERM; the 5 s leave room for telemetry flushes and connection closes)
   */
  readonly stopTimeout?: DurationInput;
}

/** A sidecar after validation. */
export interface ResolvedSidecar {
  /** The mesh whose proxy runs in the pod. */
  readonly kind: SidecarKind;
  /** True for a native sidecar (an init container with `restartPolicy: Always`), from `SidecarPreset.native` (default false). */
  readonly native: boolean;
  /** Seconds the grace period reserves for the proxy after the app exits (native sidecars), else 0. */
  readonly stopSeconds: number;
}

/**
 * The kubelet stops native sidecars after the app containers with the rest of the grace period, but never
 * less than this (kubernetes `pkg/kubelet/kuberuntime/kuberuntime_termination_order.go` and
 * `killContainersWithSyncResult` in `kuberuntime_container.go`: `minimumGracePeriodInSeconds`).
 * @internal
 */
export const SIDECAR_MINIMUM_STOP_SECONDS = 2;

/**
 * The default {@link SidecarPreset.stopTimeout}: an estimate, see its documentation.
 * @internal
 */
export const NATIVE_SIDECAR_DEFAULT_STOP_SECONDS = 5;

/**
 * Validates the sidecar (a kind or a preset) for the oldest target minor. Part of the one validation step.
 * @internal
 */
export function resolveSidecar(value: SidecarKind | SidecarPreset | undefined, kubernetesMinor: number): ResolvedSidecar | undefined {
  if (value === undefined) return undefined;
  const preset: SidecarPreset = typeof value === 'string' ? { kind: value } : value;
  const kind = (preset as { kind?: unknown } | null)?.kind ?? preset;
  if (preset == null || typeof preset !== 'object' || !(SIDECAR_KINDS as readonly unknown[]).includes(kind)) {
    throw new GracefulConfigError('sidecar', kind, `must be one of ${SIDECAR_KINDS.map((k) => `'${k}'`).join(', ')}, got ${describeValue(kind)}`);
  }
  if (preset.native !== undefined && typeof preset.native !== 'boolean') {
    throw new GracefulConfigError('sidecar.native', preset.native, `must be true or false, got ${describeValue(preset.native)}`);
  }
  const native = preset.native ?? false;
  if (native && kubernetesMinor < NATIVE_SIDECAR_MINOR) {
    throw new GracefulConfigError(
      'sidecar.native',
      true,
      `needs Kubernetes 1.${NATIVE_SIDECAR_MINOR} or newer (native sidecars are on by default from 1.${NATIVE_SIDECAR_MINOR}, KEP-753) but kubernetesVersion is 1.${kubernetesMinor}; ` +
        'raise kubernetesVersion or remove native to plan for a classic sidecar',
    );
  }
  if (!native && preset.stopTimeout !== undefined) {
    throw new GracefulConfigError(
      'sidecar.stopTimeout',
      preset.stopTimeout,
      'applies only to native sidecars (a classic proxy is kept alive through the whole drain instead); set sidecar.native: true or remove stopTimeout',
    );
  }
  const stopSeconds = native
    ? Math.max(SIDECAR_MINIMUM_STOP_SECONDS, preset.stopTimeout === undefined ? NATIVE_SIDECAR_DEFAULT_STOP_SECONDS : toWholeSeconds('sidecar.stopTimeout', preset.stopTimeout))
    : 0;
  return { kind: preset.kind, native, stopSeconds };
}

/**
 * The oldest Kubernetes minor where native sidecars are on by default (KEP-753, feature gate
 * `SidecarContainers`: alpha 1.28, beta and on by default 1.29, GA 1.33; kubernetes `pkg/features/kube_features.go`).
 * @internal
 */
export const NATIVE_SIDECAR_MINOR = 29;

/**
 * Per-pod annotations that make the mesh inject its proxy as a native sidecar, so the plan's assumption holds
 * whatever the mesh-wide default is: Istio's `sidecar.istio.io/nativeSidecar` (injection template, istio
 * `manifests/charts/istio-control/istio-discovery/files/injection-template.yaml`; the mesh-wide default is
 * istiod's `ENABLE_NATIVE_SIDECARS`, `auto` from Istio 1.27); Linkerd's `proxy-enable-native-sidecar` under all
 * three prefixes it has used (linkerd2 `pkg/k8s/labels.go` at the version tags, read by `pkg/inject/inject.go`):
 * 2.15-2.18 read only `config.alpha.linkerd.io/...` (`ProxyEnableNativeSidecarAnnotation`); 2.19 adds
 * `config.beta.linkerd.io/...` and still reads the alpha key; 2.20 and later add `config.linkerd.io/...` (on by
 * default there) and still read both older keys, the newest taking precedence. Without the alpha key a 2.15-2.18
 * proxy is injected classic and, with no wait-before-exit in a native plan, stops at t=0.
 * A classic plan sets none of these: its keep-alive is harmless when the mesh runs
 * the proxy natively (Istio's native proxy ignores terminationDrainDuration; Linkerd ignores
 * waitBeforeExitSeconds with native sidecars, "Proxy Configuration" reference).
 */
const NATIVE_SIDECAR_ANNOTATIONS: Readonly<Record<SidecarKind, Readonly<Record<string, string>>>> = {
  istio: { 'sidecar.istio.io/nativeSidecar': 'true' },
  linkerd: {
    'config.alpha.linkerd.io/proxy-enable-native-sidecar': 'true',
    'config.beta.linkerd.io/proxy-enable-native-sidecar': 'true',
    'config.linkerd.io/proxy-enable-native-sidecar': 'true',
  },
};

/**
 * Istio's default `drainDuration` (ProxyConfig), in seconds: `DefaultProxyConfig` in istio `pkg/config/mesh/mesh.go`.
 * pilot-agent starts Envoy with `--drain-time-s` = drainDuration (`(*envoy).args` in istio `pkg/envoy/proxy.go`) and
 * drains the inbound listeners with `drain_listeners?inboundonly&graceful` (`DrainListeners`, `pkg/envoy/admin.go`):
 * on SIGTERM for a classic proxy (`(*Agent).terminate`), from the native proxy's preStop (`pilot-agent request POST
 * drain`, `(*Agent).DrainNow`, `pkg/envoy/agent.go`). Envoy keeps accepting new connections only until the drain
 * time ends and then closes those listeners (Envoy docs, "Draining"; the four drain settings are listed in
 * istio/istio#34855).
 * @internal
 */
export const ISTIO_DEFAULT_DRAIN_SECONDS = 45;

/**
 * The plan's timing a sidecar must follow, in seconds.
 * @internal
 */
export interface SidecarTiming {
  /** preStop commands + drain delay: when the app gets the stop signal. */
  readonly signalAtSeconds: number;
  /** The app's own shutdown (appShutdownTimeout). */
  readonly appShutdownSeconds: number;
  /** max(appShutdownTimeout, longConnectionBudget). */
  readonly appBudgetSeconds: number;
}

/**
 * What the plan sets for a sidecar: pod annotations, with why.
 * @internal
 */
export interface SidecarShutdown {
  readonly annotations: Readonly<Record<string, string>>;
  readonly reason: string;
}

/**
 * Pod annotations that keep a sidecar proxying while the app drains.
 *
 * Classic sidecars (regular containers) have no preStop and get SIGTERM at t=0, so they must keep proxying
 * until the app has finished: `keepAliveSeconds` = preStop commands + drain delay + the app's shutdown.
 * - Istio: `proxy.istio.io/config` `terminationDrainDuration` (ProxyConfig, default 5 s): pilot-agent drains
 *   Envoy that long, then stops it. With long connections the plan adds `EXIT_ON_ZERO_ACTIVE_CONNECTIONS`
 *   so the proxy leaves as soon as they are done; on that path pilot-agent ignores terminationDrainDuration,
 *   waits `MINIMUM_DRAIN_DURATION` (default 5 s) and then exits when Envoy's listeners count zero active
 *   connections (istio `pkg/envoy/agent.go`, `(*Agent).terminate()`; defaults in
 *   `pilot/cmd/pilot-agent/options/options.go`), so the plan sets `MINIMUM_DRAIN_DURATION` to preStop
 *   commands + drain + the app's shutdown: a quiet moment during the drain must not end the proxy. The
 *   injection template turns `proxyMetadata` into the proxy container's env. Where preStop commands + drain exceed
 *   Istio's default `drainDuration` (45 s), the plan sets `drainDuration` to them, classic or native: Envoy's inbound
 *   listeners stop accepting when that drain time ends ({@link ISTIO_DEFAULT_DRAIN_SECONDS}).
 * - Linkerd: `config.alpha.linkerd.io/proxy-wait-before-exit-seconds`, which must be strictly smaller than
 *   `terminationGracePeriodSeconds` (Linkerd docs, "Graceful Pod Shutdown"); the grace period keeps it so.
 *
 * Native sidecars (init containers with `restartPolicy: Always`) are stopped by the kubelet after every app
 * container exited, so no keep-alive annotation is set: Istio's native proxy is drained from the pod's deletion
 * on and exits at once on SIGTERM (istio `pkg/envoy/agent.go`, `Run()`: "/drain + SIGTERM"); the grace period
 * reserves {@link ResolvedSidecar.stopSeconds} after the app for the proxy's own stop.
 * @internal
 */
export function sidecarShutdown(sidecar: ResolvedSidecar, timing: SidecarTiming): SidecarShutdown {
  const keepAliveSeconds = timing.signalAtSeconds + timing.appBudgetSeconds;
  const drain = istioDrainDuration(timing.signalAtSeconds);
  if (sidecar.native) {
    const annotations = sidecar.kind === 'istio' && drain
      ? { ...NATIVE_SIDECAR_ANNOTATIONS.istio, 'proxy.istio.io/config': JSON.stringify({ drainDuration: drain.value }) }
      : NATIVE_SIDECAR_ANNOTATIONS[sidecar.kind];
    return {
      annotations,
      reason: `native sidecar, pinned per pod: the kubelet stops the ${sidecar.kind} proxy only after the app exited, with the rest of the grace period ` +
        `(at least ${SIDECAR_MINIMUM_STOP_SECONDS}s); the grace period reserves ${sidecar.stopSeconds}s for it, no keep-alive needed` +
        (sidecar.kind === 'istio' && drain ? `; ${drain.reason.replace('on SIGTERM', 'from its preStop at t=0')}` : ''),
    };
  }
  if (sidecar.kind === 'linkerd') {
    return {
      annotations: { 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': String(keepAliveSeconds) },
      reason: `the linkerd proxy gets SIGTERM at t=0 (a classic sidecar has no preStop); it waits ${keepAliveSeconds}s ` +
        '(preStop commands + drain + app budget) before exiting, which Linkerd requires to be below the grace period',
    };
  }
  const drainPart = drain ? { drainDuration: drain.value } : {};
  const drainReason = drain ? `; ${drain.reason}` : '';
  if (timing.appBudgetSeconds <= timing.appShutdownSeconds) {
    return {
      annotations: { 'proxy.istio.io/config': JSON.stringify({ terminationDrainDuration: `${keepAliveSeconds}s`, ...drainPart }) },
      reason: 'the istio proxy gets SIGTERM at t=0 (a classic sidecar has no preStop); pilot-agent keeps Envoy draining for terminationDrainDuration ' +
        `${keepAliveSeconds}s (preStop commands + drain + app budget) before stopping it${drainReason}`,
    };
  }
  const minimumSeconds = timing.signalAtSeconds + timing.appShutdownSeconds;
  const config = {
    terminationDrainDuration: `${keepAliveSeconds}s`,
    ...drainPart,
    proxyMetadata: { EXIT_ON_ZERO_ACTIVE_CONNECTIONS: 'true', MINIMUM_DRAIN_DURATION: `${minimumSeconds}s` },
  };
  return {
    annotations: { 'proxy.istio.io/config': JSON.stringify(config) },
    reason: 'the istio proxy gets SIGTERM at t=0; with EXIT_ON_ZERO_ACTIVE_CONNECTIONS pilot-agent ignores terminationDrainDuration, waits ' +
      `MINIMUM_DRAIN_DURATION ${minimumSeconds}s (preStop commands + drain + app shutdown) and then exits once no connection is active, ` +
      `so it outlives the drain and the app's shutdown and leaves as soon as the long connections are done (at most ${keepAliveSeconds}s, ` +
      `bounded by the grace period)${drainReason}`,
  };
}

/**
 * Istio's `drainDuration` for a pod whose routers need longer than the default: Envoy's inbound listeners accept new
 * connections only for drainDuration after the drain starts (t=0, see {@link ISTIO_DEFAULT_DRAIN_SECONDS}), and
 * routers send new connections until preStop commands + drain delay. Set only above the default: a shorter value would
 * also shorten Envoy's drain of listeners replaced by a configuration update.
 */
function istioDrainDuration(signalAtSeconds: number): { value: string; reason: string } | undefined {
  if (signalAtSeconds <= ISTIO_DEFAULT_DRAIN_SECONDS) return undefined;
  return {
    value: `${signalAtSeconds}s`,
    reason: `drainDuration ${signalAtSeconds}s (preStop commands + drain; Istio's default is ${ISTIO_DEFAULT_DRAIN_SECONDS}s): pilot-agent starts Envoy ` +
      'with --drain-time-s = drainDuration (istio pkg/envoy/proxy.go) and drains the inbound listeners on SIGTERM; Envoy accepts new ' +
      'connections only until the drain time ends, then closes them, so it must last as long as routers still send new connections (istio/istio#34855)',
  };
}
