/**
 * What differs between the cdk8s-plus lines, in one place. Each value was read in the line's published package
 * (node_modules/cdk8s-plus-NN/lib), and test/cdk8s/cdk8s-plus-lines.test.ts checks it against the installed line.
 * @internal
 */
export interface Cdk8sPlusLineFacts {
  /** The npm package, e.g. `'cdk8s-plus-34'`. */
  readonly packageName: string;
  /** The graceful-k8s entry point for the line. */
  readonly entryPoint: string;
  /** The Kubernetes minor whose API the line's generated classes (lib/imports/k8s.d.ts) carry. */
  readonly kubernetesMinor: number;
  /** The grace period the line's `Pod` fills in when none is given (`lib/pod.js`, `AbstractPod` constructor). */
  readonly defaultGracePeriodSeconds: number;
  /** The replicas a Deployment renders when none is given (`lib/deployment.js`, `_toKube`). */
  readonly defaultDeploymentReplicas: number;
  /** The replicas a StatefulSet renders when none is given (`lib/stateful-set.js`, `_toKube`). */
  readonly defaultStatefulSetReplicas: number;
  /**
   * Whether the line's generated `LifecycleHandler` has `sleep` (KEP-3960, Kubernetes 1.29+). A line without it
   * drops the key in `toJson()`; the post-synthesis transform renders it anyway (DESIGN.md §3).
   */
  readonly knowsPreStopSleep: boolean;
  /**
   * Whether the line's generated `Lifecycle` has `stopSignal` (KEP-4960, Kubernetes 1.33+); a line without it
   * drops the key in `toJson()`, and the post-synthesis transform renders it anyway.
   */
  readonly knowsStopSignal: boolean;
}

/** Every supported cdk8s-plus line (the versions the tests run against are the devDependencies in .projenrc.ts). @internal */
export const CDK8S_PLUS_LINES = {
  'cdk8s-plus-27': {
    packageName: 'cdk8s-plus-27',
    entryPoint: 'graceful-k8s/cdk8s-plus-27',
    kubernetesMinor: 27,
    defaultGracePeriodSeconds: 30,
    defaultDeploymentReplicas: 2,
    defaultStatefulSetReplicas: 1,
    knowsPreStopSleep: false,
    knowsStopSignal: false,
  },
  'cdk8s-plus-32': {
    packageName: 'cdk8s-plus-32',
    entryPoint: 'graceful-k8s/cdk8s-plus-32',
    kubernetesMinor: 32,
    defaultGracePeriodSeconds: 30,
    defaultDeploymentReplicas: 2,
    defaultStatefulSetReplicas: 1,
    knowsPreStopSleep: true,
    knowsStopSignal: false,
  },
  'cdk8s-plus-33': {
    packageName: 'cdk8s-plus-33',
    entryPoint: 'graceful-k8s/cdk8s-plus-33',
    kubernetesMinor: 33,
    defaultGracePeriodSeconds: 30,
    defaultDeploymentReplicas: 2,
    defaultStatefulSetReplicas: 1,
    knowsPreStopSleep: true,
    knowsStopSignal: true,
  },
  'cdk8s-plus-34': {
    packageName: 'cdk8s-plus-34',
    entryPoint: 'graceful-k8s/cdk8s-plus-34',
    kubernetesMinor: 34,
    defaultGracePeriodSeconds: 30,
    defaultDeploymentReplicas: 2,
    defaultStatefulSetReplicas: 1,
    knowsPreStopSleep: true,
    knowsStopSignal: true,
  },
} as const satisfies Record<string, Cdk8sPlusLineFacts>;

/** The name of a supported cdk8s-plus line. @internal */
export type Cdk8sPlusLineName = keyof typeof CDK8S_PLUS_LINES;
