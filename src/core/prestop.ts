import { frameworkContribution } from './framework';
import type { Container, EnvVar, LifecycleHandler, Volume, VolumeMount } from './k8s-types';
import type { ResolvedSpec } from './spec';

/**
 * The native preStop `sleep` action (KEP-3960, feature gate PodLifecycleSleepAction): alpha in 1.29 (off by
 * default), beta and on by default in 1.30, GA and locked on in 1.34 (kubernetes `pkg/features/kube_features.go`).
 * With the gate off an API server drops `sleep` and, with nothing else left, the whole preStop, without an error
 * (`pkg/api/pod/util.go`, `dropPodLifecycleSleepAction`), and a kubelet's `runSleepHandler`
 * (`pkg/kubelet/lifecycle/handlers.go`) returns at once. So the native sleep is safe only when every API server
 * and every kubelet (up to three minors older, version skew policy) is 1.30 or newer.
 * https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations
 * @internal
 */
export const NATIVE_SLEEP_MINOR = 30;

/** The mechanism the plan uses; `none` when there is nothing to wait for (drain delay 0). */
export type PreStopMechanism = 'native-sleep' | 'exec-sleep' | 'exec-shell' | 'copied-sleep' | 'app-drain' | 'none';

/** One step of a shell preStop hook. */
export interface PreStopStep {
  /** The `/bin/sh` script of the step (a registry deregistration, the user's preStopCommand, or a graceful quit). */
  readonly script: string;
  /** Why it runs. */
  readonly reason: string;
  /** Its time budget, counted in the grace period (0 for steps that overlap the app's own shutdown). */
  readonly budgetSeconds: number;
}

/**
 * Names used by the copied static sleep.
 * @internal
 */
export const COPIED_SLEEP = {
  volumeName: 'graceful-k8s-bin',
  initContainerName: 'graceful-k8s-copy-sleep',
  mountPath: '/graceful-k8s/bin',
  binary: '/graceful-k8s/bin/busybox',
  /** The uid the init container runs as: busybox images default to root, which runAsNonRoot refuses. */
  uid: 65532,
} as const;

/**
 * Everything the preStop mechanism adds to a pod.
 * @internal
 */
export interface PreStopPlan {
  readonly mechanism: PreStopMechanism;
  /** Why this mechanism, in a sentence. */
  readonly reason: string;
  /** The handler for `lifecycle.preStop` of every app container, if any. */
  readonly handler?: LifecycleHandler;
  readonly initContainers: readonly Container[];
  readonly volumes: readonly Volume[];
  /** Mounts every app container needs. */
  readonly volumeMounts: readonly VolumeMount[];
  /** Extra env the mechanism needs (app-drain tells the app its drain delay). */
  readonly env: readonly EnvVar[];
  /** For `exec-shell`: the steps before the drain sleep. */
  readonly beforeDrain: readonly PreStopStep[];
  /** For `exec-shell`: the steps after the drain sleep (a graceful quit that overlaps the app's shutdown). */
  readonly afterDrain: readonly PreStopStep[];
  /** Seconds of preStop work before the drain sleep: added to the grace period. */
  readonly commandSeconds: number;
}

/**
 * The shell steps the spec asks for, in order: deregistrations, the user's command; the graceful quit.
 * @internal
 */
export function preStopSteps(spec: ResolvedSpec): { before: PreStopStep[]; after: PreStopStep[] } {
  const before: PreStopStep[] = [
    ...spec.traffic.flatMap((t) => (t.deregistration
      ? [{ ...t.deregistration, reason: `deregister from ${t.kind} (disable the instance with $POD_IP) so clients stop choosing it` }]
      : [])),
    ...(spec.preStopCommand ? [{ ...spec.preStopCommand, reason: 'the user\'s preStopCommand' }] : []),
  ];
  const appBudgetSeconds = Math.max(spec.appShutdownTimeoutSeconds, spec.longConnectionBudgetSeconds);
  const quit = spec.framework ? frameworkContribution(spec.framework, appBudgetSeconds).afterDrainScript : undefined;
  const after: PreStopStep[] = quit
    ? [{ script: quit, budgetSeconds: 0, reason: `${spec.framework!.kind} drains on SIGQUIT: send it to PID 1 and wait for the graceful exit (SIGTERM would be a fast shutdown)` }]
    : [];
  return { before, after };
}

/**
 * The env var that tells an app-drain app how long to keep serving after the stop signal.
 * @internal
 */
export const DRAIN_DELAY_ENV = 'GRACEFUL_DRAIN_DELAY_SECONDS';

/**
 * Chooses and builds the preStop mechanism for a validated spec. Pure; never throws.
 * @internal
 */
export function planPreStop(spec: ResolvedSpec): PreStopPlan {
  const d = spec.drainDelaySeconds;
  const empty = { initContainers: [], volumes: [], volumeMounts: [], env: [], beforeDrain: [], afterDrain: [], commandSeconds: 0 };
  const steps = preStopSteps(spec);
  if (steps.before.length > 0 || steps.after.length > 0) {
    // Validation guarantees a shell image and a strategy of 'auto' here.
    const script = [...steps.before.map((s) => s.script), `sleep ${d}`, ...steps.after.map((s) => s.script)].join('; ');
    return {
      ...empty,
      mechanism: 'exec-shell',
      reason: 'preStop must run commands around the drain sleep, so it runs them through the image\'s /bin/sh: ' +
        [...steps.before, ...steps.after].map((s) => s.reason).join('; '),
      handler: { exec: { command: ['/bin/sh', '-c', script] } },
      beforeDrain: steps.before,
      afterDrain: steps.after,
      commandSeconds: steps.before.reduce((sum, s) => sum + s.budgetSeconds, 0),
    };
  }
  if (spec.preStop === 'app-drain') {
    return {
      ...empty,
      mechanism: 'app-drain',
      reason: `preStop 'app-drain' was asked for: no hook; the app reads ${DRAIN_DELAY_ENV}=${d} and keeps serving that long after the stop signal`,
      env: [{ name: DRAIN_DELAY_ENV, value: String(d) }],
    };
  }
  if (d === 0) {
    return { ...empty, mechanism: 'none', reason: 'drainDelay is 0 s: there is nothing to wait for, so no preStop hook' };
  }
  const mechanism = chooseMechanism(spec);
  switch (mechanism.kind) {
    case 'native-sleep':
      return { ...empty, mechanism: 'native-sleep', reason: mechanism.reason, handler: { sleep: { seconds: d } } };
    case 'exec-sleep':
      return { ...empty, mechanism: 'exec-sleep', reason: mechanism.reason, handler: { exec: { command: ['sleep', String(d)] } } };
    case 'copied-sleep':
      return {
        ...empty,
        mechanism: 'copied-sleep',
        reason: mechanism.reason,
        handler: { exec: { command: [COPIED_SLEEP.binary, 'sleep', String(d)] } },
        initContainers: [copySleepInitContainer(spec.copiedSleepImage)],
        volumes: [{ name: COPIED_SLEEP.volumeName, emptyDir: { sizeLimit: '16Mi' } }],
        volumeMounts: [{ name: COPIED_SLEEP.volumeName, mountPath: COPIED_SLEEP.mountPath, readOnly: true }],
      };
  }
}

function chooseMechanism(spec: ResolvedSpec): { kind: 'native-sleep' | 'exec-sleep' | 'copied-sleep'; reason: string } {
  const version = `1.${spec.kubernetesMinor}`;
  switch (spec.preStop) {
    case 'native-sleep':
      return { kind: 'native-sleep', reason: 'preStop \'native-sleep\' was asked for: the kubelet sleeps, nothing runs in the image' };
    case 'exec-sleep':
      return { kind: 'exec-sleep', reason: 'preStop \'exec-sleep\' was asked for: the image\'s own sleep binary runs' };
    case 'copied-sleep':
      return { kind: 'copied-sleep', reason: 'preStop \'copied-sleep\' was asked for: a static busybox is copied into an emptyDir by an init container' };
    default:
      break;
  }
  if (spec.kubernetesMinor >= NATIVE_SLEEP_MINOR) {
    return {
      kind: 'native-sleep',
      reason: `every API server and kubelet is 1.${NATIVE_SLEEP_MINOR} or newer (kubernetesVersion ${version}), where the native preStop sleep is on by default ` +
        '(KEP-3960): the kubelet sleeps, so it works in any image',
    };
  }
  if (spec.image === 'shell') {
    return {
      kind: 'exec-sleep',
      reason: `an API server or kubelet of ${version} < 1.${NATIVE_SLEEP_MINOR} would silently drop or skip the native sleep, and the image has a shell: exec its sleep binary`,
    };
  }
  return {
    kind: 'copied-sleep',
    reason: `an API server or kubelet of ${version} < 1.${NATIVE_SLEEP_MINOR} would silently drop or skip the native sleep, and a distroless image has no sleep binary: ` +
      'an init container copies a static busybox into an emptyDir and preStop execs it from there',
  };
}

function copySleepInitContainer(image: string): Container {
  return {
    name: COPIED_SLEEP.initContainerName,
    image,
    command: ['/bin/cp', '/bin/busybox', COPIED_SLEEP.binary],
    volumeMounts: [{ name: COPIED_SLEEP.volumeName, mountPath: COPIED_SLEEP.mountPath }],
    resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '16Mi' } },
    // busybox runs as root by default; with runAsNonRoot the kubelet refuses a root image unless
    // runAsUser is a non-zero uid (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/).
    securityContext: {
      runAsNonRoot: true,
      runAsUser: COPIED_SLEEP.uid,
      runAsGroup: COPIED_SLEEP.uid,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}
