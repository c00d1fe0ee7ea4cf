// ~~ Copied from src/cdk8s-common/sidecar.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { Duration } from 'cdk8s';
import type { SidecarPreset } from './core';

/** How a service-mesh sidecar runs in the pod. */
export interface SidecarOptions {
  /**
   * The proxy runs as a Kubernetes native sidecar (an init container with `restartPolicy: Always`, KEP-753).
   * @default false (a classic sidecar: a regular container that gets SIGTERM at t=0)
   */
  readonly native?: boolean;
  /**
   * Native sidecars only: how long the proxy needs after the app exited. Added to the grace period.
   * @default 5 seconds (an estimate; see the core's `SidecarPreset.stopTimeout`)
   */
  readonly stopTimeout?: Duration;
}

/**
 * A service-mesh sidecar in the pod (the core's `SidecarPreset`), as an enum-like class so that it reaches
 * every jsii language: `Sidecar.istio()`, `Sidecar.linkerd({ native: true })`.
 */
export class Sidecar {
  /** An Istio proxy (`proxy.istio.io/config` drain annotation). */
  public static istio(options?: SidecarOptions): Sidecar {
    return new Sidecar({ kind: 'istio', ...optionsOf(options ?? {}) });
  }

  /** A Linkerd proxy (`config.alpha.linkerd.io/proxy-wait-before-exit-seconds` annotation). */
  public static linkerd(options?: SidecarOptions): Sidecar {
    return new Sidecar({ kind: 'linkerd', ...optionsOf(options ?? {}) });
  }

  private constructor(private readonly preset: SidecarPreset) {}

  /**
   * The core's form.
   * @internal
   */
  public _toCore(): SidecarPreset {
    return this.preset;
  }
}

function optionsOf(options: SidecarOptions): { native?: boolean; stopTimeout?: Duration } {
  return {
    ...(options.native === undefined ? {} : { native: options.native }),
    ...(options.stopTimeout === undefined ? {} : { stopTimeout: options.stopTimeout }),
  };
}
