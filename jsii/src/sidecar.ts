import type { Duration } from 'cdk8s';
import type { SidecarPreset } from 'graceful-k8s';

/** Options of a service-mesh sidecar. */
export interface SidecarOptions {
  /**
   * The proxy runs as a Kubernetes native sidecar (an init container with `restartPolicy: Always`, KEP-753),
   * stopped by the kubelet after every app container has exited.
   * @default false (a classic sidecar: a regular container that gets SIGTERM at t=0)
   */
  readonly native?: boolean;
  /**
   * Native sidecars only: how long the proxy needs after the app exited. Added to the grace period.
   * @default 5 seconds (an estimate; see the core's NATIVE_SIDECAR_DEFAULT_STOP_SECONDS)
   */
  readonly stopTimeout?: Duration;
}

/** A service-mesh sidecar in the pod (the core's `SidecarPreset`). */
export class Sidecar {
  /** Istio's proxy. */
  public static istio(options: SidecarOptions = {}): Sidecar {
    return new Sidecar({ kind: 'istio', ...options });
  }
  /** Linkerd's proxy. */
  public static linkerd(options: SidecarOptions = {}): Sidecar {
    return new Sidecar({ kind: 'linkerd', ...options });
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
