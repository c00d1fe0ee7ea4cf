import { toWholeSeconds } from './duration';
import { GracefulConfigError, describeValue } from './errors';
import { resolveFramework } from './framework';
import { gracePeriodTerms } from './grace-period';
import { parseKubernetesVersion } from './kubernetes-version';
import { NATIVE_SLEEP_MINOR } from './prestop';
import { planRollout } from './rollout';
import { parseIntOrPercent } from './rollout-bounds';
import { resolveSidecar } from './sidecar';
import {
  DEFAULTS,
  DEFAULT_COPIED_SLEEP_IMAGE,
  IMAGE_KINDS,
  isZeroIntOrPercent,
  POD_MANAGEMENT_POLICIES,
  PRESTOP_STRATEGIES,
  type IntOrPercent,
  type ResolvedSpec,
  type RolloutSpec,
  type ShutdownSpec,
  type StatefulSetRolloutSettings,
} from './spec';
import { MAX_UNAVAILABLE_STATEFULSET_MINOR } from './statefulset-rollout';
import { resolveTraffic } from './traffic';
import { WORKLOAD_KINDS, type WorkloadKind } from './workload-kind';

/** The largest value of the int32 fields the plan renders (spec.replicas, minReadySeconds, progressDeadlineSeconds). */
const INT32_MAX = 2_147_483_647;

/**
 * The one validation step: every check on a {@link ShutdownSpec} happens here, before anything is
 * planned or synthesized. Returns the spec in whole seconds with defaults filled in.
 * @param workloadKind the kind the spec is planned for: it decides which rollout settings are legal
 * @throws GracefulConfigError naming the field, the value given and the fix
 * @internal
 */
export function validateSpec(spec: ShutdownSpec, workloadKind: WorkloadKind = 'Deployment'): ResolvedSpec {
  const kind = validateWorkloadKind(workloadKind);
  if (spec == null || typeof spec !== 'object') {
    throw new GracefulConfigError('shutdown', spec, `must be an object with at least appShutdownTimeout, got ${describeValue(spec)}`);
  }
  if (spec.appShutdownTimeout === undefined || spec.appShutdownTimeout === null) {
    throw new GracefulConfigError(
      'appShutdownTimeout',
      spec.appShutdownTimeout,
      'is required: how long the app needs after the stop signal to finish in-flight requests, e.g. \'30s\'',
    );
  }
  const appShutdownTimeoutSeconds = toWholeSeconds('appShutdownTimeout', spec.appShutdownTimeout);
  const traffic = resolveTraffic(spec.traffic);
  const explicitDrain = optionalSeconds('drainDelay', spec.drainDelay);
  const slowest = traffic.reduce<(typeof traffic)[number] | undefined>(
    (max, t) => (max === undefined || t.lagSeconds > max.lagSeconds ? t : max),
  undefined,
  );
  const drainDelaySeconds = explicitDrain ?? slowest?.lagSeconds ?? DEFAULTS.drainDelaySeconds;
  const drainDelaySource = explicitDrain !== undefined ? 'user' : slowest?.kind ?? 'default';
  const longConnectionBudgetSeconds = optionalSeconds('longConnectionBudget', spec.longConnectionBudget) ?? DEFAULTS.longConnectionBudgetSeconds;
  const safetyMarginSeconds = optionalSeconds('safetyMargin', spec.safetyMargin) ?? DEFAULTS.safetyMarginSeconds;
  const pinnedGracePeriodSeconds = optionalSeconds('terminationGracePeriod', spec.terminationGracePeriod);

  const version = parseKubernetesVersion('kubernetesVersion', spec.kubernetesVersion ?? DEFAULTS.kubernetesVersion);
  const image = oneOf('image', spec.image ?? DEFAULTS.image, IMAGE_KINDS);
  const preStop = oneOf('preStop', spec.preStop ?? DEFAULTS.preStop, PRESTOP_STRATEGIES);
  const framework = resolveFramework(spec.framework, version.minor);
  const sidecar = resolveSidecar(spec.sidecar, version.minor);
  const preStopCommand = resolvePreStopCommand(spec.preStopCommand);

  const commandsBeforeDrain = [...traffic.flatMap((t) => (t.deregistration ? [t.deregistration] : [])), ...(preStopCommand ? [preStopCommand] : [])];
  const commandSeconds = commandsBeforeDrain.reduce((sum, c) => sum + c.budgetSeconds, 0);
  const needsShell = commandsBeforeDrain.length > 0 || (framework?.kind === 'nginx' || framework?.kind === 'php-fpm') && (framework.quitVia ?? 'prestop') === 'prestop';
  if (needsShell && image === 'distroless') {
    const what = commandsBeforeDrain.length > 0 ? 'a command before the drain (registry deregistration or preStopCommand)' : `the ${framework?.kind} graceful quit in preStop`;
    throw new GracefulConfigError(
      'image',
      image,
      `is 'distroless' but the plan needs ${what}, which runs through /bin/sh in the app image; ` +
        'deregister from the app itself on SIGTERM (and use preStop \'app-drain\' or the plain sleep), or use an image with a shell',
    );
  }
  if (needsShell && preStop === 'app-drain') {
    throw new GracefulConfigError(
      'preStop',
      preStop,
      'is \'app-drain\' (no hook) but the plan needs a preStop command (registry deregistration, preStopCommand or a graceful quit); ' +
        'use preStop \'auto\', or do these steps in the app on SIGTERM and remove them from the spec',
    );
  }

  if (needsShell && (preStop === 'native-sleep' || preStop === 'exec-sleep' || preStop === 'copied-sleep')) {
    throw new GracefulConfigError(
      'preStop',
      preStop,
      `is '${preStop}', which only sleeps, but the plan needs a preStop command (registry deregistration, preStopCommand or a graceful quit); ` +
        'use preStop \'auto\' (a /bin/sh hook that runs the commands and the drain sleep)',
    );
  }

  if (preStop === 'native-sleep' && version.minor < NATIVE_SLEEP_MINOR) {
    throw new GracefulConfigError(
      'preStop',
      preStop,
      `is 'native-sleep' but kubernetesVersion is 1.${version.minor}: the preStop sleep action is on by default only from 1.${NATIVE_SLEEP_MINOR} (KEP-3960), ` +
        'and an older API server silently drops it with the whole preStop (pkg/api/pod/util.go, dropPodLifecycleSleepAction) while an older kubelet skips it; ' +
        `raise kubernetesVersion to '1.${NATIVE_SLEEP_MINOR}' once every API server and kubelet is that new, or use preStop 'auto'`,
    );
  }
  if (preStop === 'exec-sleep' && image === 'distroless') {
    throw new GracefulConfigError(
      'preStop',
      preStop,
      'is \'exec-sleep\' but image is \'distroless\': a distroless image has no sleep binary, so the hook would fail and the drain would be skipped; ' +
        'use preStop \'auto\' (native sleep on >= 1.30, else the copied static sleep) or \'copied-sleep\'',
    );
  }

  const rollout = spec.rollout ?? {};
  const bounds = kind === 'StatefulSet' ? statefulSetRollout(rollout, version.minor) : deploymentRollout(rollout);
  const { maxSurge, maxUnavailable } = bounds;
  const minReadySeconds = optionalSeconds('rollout.minReady', rollout.minReady);
  const progressDeadlineSeconds = optionalSeconds('rollout.progressDeadline', rollout.progressDeadline);
  const podStartupSeconds = optionalSeconds('rollout.podStartup', rollout.podStartup) ?? DEFAULTS.podStartupSeconds;
  const replicas = spec.replicas ?? DEFAULTS.replicas;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > INT32_MAX) {
    throw new GracefulConfigError(
      'replicas',
      spec.replicas,
      `must be a whole number of pods from 0 to ${INT32_MAX} (spec.replicas is an int32), got ${describeValue(spec.replicas)}`,
    );
  }
  const copiedSleepImage = spec.copiedSleepImage ?? DEFAULT_COPIED_SLEEP_IMAGE;
  if (typeof copiedSleepImage !== 'string' || copiedSleepImage.trim() === '' || /\s/.test(copiedSleepImage)) {
    throw new GracefulConfigError(
      'copiedSleepImage',
      spec.copiedSleepImage,
      `must be an image reference without spaces, got ${describeValue(spec.copiedSleepImage)}; e.g. '${DEFAULT_COPIED_SLEEP_IMAGE}'`,
    );
  }

  const acknowledgedWarnings = spec.acknowledgedWarnings ?? [];
  if (!Array.isArray(acknowledgedWarnings) || !acknowledgedWarnings.every((code) => typeof code === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(code))) {
    throw new GracefulConfigError(
      'acknowledgedWarnings',
      spec.acknowledgedWarnings,
      `must be a list of warning codes (lower-case words joined by hyphens, e.g. ['namespace-label']), got ${describeValue(spec.acknowledgedWarnings)}`,
    );
  }

  const resolved: ResolvedSpec = {
    acknowledgedWarnings,
    appShutdownTimeoutSeconds,
    drainDelaySeconds,
    longConnectionBudgetSeconds,
    safetyMarginSeconds,
    pinnedGracePeriodSeconds,
    kubernetesMinor: version.minor,
    image,
    preStop,
    workloadKind: kind,
    maxSurge,
    maxUnavailable,
    ...(bounds.statefulSet ? { statefulSet: bounds.statefulSet } : {}),
    minReadySeconds,
    progressDeadlineSeconds,
    podStartupSeconds,
    replicas,
    copiedSleepImage,
    drainDelaySource,
    traffic,
    framework,
    sidecar,
    preStopCommand,
  };
  const grace = gracePeriodTerms(resolved, commandSeconds);
  if (pinnedGracePeriodSeconds !== undefined && pinnedGracePeriodSeconds < grace.requiredSeconds) {
    throw new GracefulConfigError(
      'terminationGracePeriod',
      spec.terminationGracePeriod,
      `is ${pinnedGracePeriodSeconds}s but the plan needs at least ${grace.requiredSeconds}s (${grace.formula}); ` +
        `raise it to ${grace.requiredSeconds}s or remove it to let the plan choose`,
    );
  }
  const { minReadySeconds: effectiveMinReady, progressDeadlineSeconds: effectiveDeadline } = planRollout(resolved).rollout;
  if (kind === 'Deployment' && effectiveDeadline > INT32_MAX) {
    throw new GracefulConfigError(
      'rollout.minReady',
      rollout.minReady,
      `is ${effectiveMinReady}s, so the default progressDeadlineSeconds (minReadySeconds + 600) would be ${effectiveDeadline}s, above the ${INT32_MAX} an ` +
        'int32 field stores; lower minReady, or set rollout.progressDeadline',
    );
  }
  if (progressDeadlineSeconds !== undefined && progressDeadlineSeconds <= effectiveMinReady) {
    throw new GracefulConfigError(
      'rollout.progressDeadline',
      rollout.progressDeadline,
      `is ${progressDeadlineSeconds}s but must be greater than minReadySeconds (${effectiveMinReady}s), or every rollout is reported failed; ` +
        `raise it above ${effectiveMinReady}s or remove it to let the plan choose`,
    );
  }
  return resolved;
}

/** The rolling-update bounds of a validated spec, per workload kind. */
interface ResolvedBounds {
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  readonly statefulSet?: StatefulSetRolloutSettings;
}

function deploymentRollout(rollout: RolloutSpec): ResolvedBounds {
  for (const field of ['partition', 'podManagementPolicy'] as const) {
    if (rollout[field] !== undefined) {
      throw new GracefulConfigError(
        `rollout.${field}`,
        rollout[field],
        'is a StatefulSet setting, but the plan is for a Deployment, which has no such field (Kubernetes would never apply it); ' +
          'remove it, or plan for a StatefulSet: planShutdown(spec, { workloadKind: \'StatefulSet\' })',
      );
    }
  }
  const maxSurge = parseIntOrPercent('rollout.maxSurge', rollout.maxSurge ?? DEFAULTS.maxSurge, 'maxSurge');
  const maxUnavailable = parseIntOrPercent('rollout.maxUnavailable', rollout.maxUnavailable ?? DEFAULTS.maxUnavailable, 'maxUnavailable');
  if (isZeroIntOrPercent(maxSurge) && isZeroIntOrPercent(maxUnavailable)) {
    throw new GracefulConfigError(
      'rollout.maxSurge',
      rollout.maxSurge,
      `and rollout.maxUnavailable are both zero (${describeValue(maxSurge)}, ${describeValue(maxUnavailable)}), which Kubernetes rejects: no pod could ever be replaced; ` +
        'set maxSurge to 1 or more (recommended, keeps capacity) or maxUnavailable above 0',
    );
  }
  return { maxSurge, maxUnavailable };
}

/**
 * A StatefulSet's rolling update (kubernetes.io "StatefulSets", Rolling Updates; `updateStatefulSet` in kubernetes
 * `pkg/controller/statefulset/stateful_set_control.go`): the controller deletes the pod with the highest ordinal that
 * is not updated, and creates its replacement (same name) once it is gone, so there is no surge and no progress
 * deadline. Settings for Deployments only are errors: nothing in a StatefulSet would carry them.
 */
function statefulSetRollout(rollout: RolloutSpec, minor: number): ResolvedBounds {
  if (rollout.maxSurge !== undefined) {
    throw new GracefulConfigError(
      'rollout.maxSurge',
      rollout.maxSurge,
      'is a Deployment setting, but a StatefulSet has no surge: it deletes each old pod before it creates the replacement, which has the same name ' +
        '(updateStatefulSet, pkg/controller/statefulset/stateful_set_control.go), so each step runs one pod short; remove it (and size replicas ' +
        'for one pod less during a rollout)',
    );
  }
  if (rollout.progressDeadline !== undefined) {
    throw new GracefulConfigError(
      'rollout.progressDeadline',
      rollout.progressDeadline,
      'is a Deployment setting, but a StatefulSet has no progressDeadlineSeconds (apps/v1 StatefulSetSpec) and never reports a stalled rollout; ' +
        'remove it and watch the rollout with kubectl rollout status --timeout',
    );
  }
  const partition = rollout.partition;
  if (partition !== undefined && (typeof partition !== 'number' || !Number.isInteger(partition) || partition < 0)) {
    throw new GracefulConfigError(
      'rollout.partition',
      partition,
      `must be a whole number >= 0 (the lowest pod ordinal a rollout updates; the API server rejects a negative one), got ${describeValue(partition)}`,
    );
  }
  const podManagementPolicy = rollout.podManagementPolicy === undefined
    ? undefined
    : oneOf('rollout.podManagementPolicy', rollout.podManagementPolicy, POD_MANAGEMENT_POLICIES);
  let maxUnavailable: IntOrPercent | undefined;
  if (rollout.maxUnavailable !== undefined) {
    maxUnavailable = parseIntOrPercent('rollout.maxUnavailable', rollout.maxUnavailable, 'maxUnavailable');
    if (isZeroIntOrPercent(maxUnavailable)) {
      throw new GracefulConfigError(
        'rollout.maxUnavailable',
        rollout.maxUnavailable,
        'is 0, which a StatefulSet cannot have (the API server rejects it: validateRollingUpdateStatefulSet, pkg/apis/apps/validation/validation.go): ' +
          'each step deletes a pod before its replacement starts; remove it (one pod at a time)',
      );
    }
    if (minor < MAX_UNAVAILABLE_STATEFULSET_MINOR) {
      throw new GracefulConfigError(
        'rollout.maxUnavailable',
        rollout.maxUnavailable,
        `is set for a StatefulSet but kubernetesVersion is 1.${minor}: the MaxUnavailableStatefulSet feature gate (KEP-961) is off by default ` +
          `before 1.${MAX_UNAVAILABLE_STATEFULSET_MINOR}, and then the API server drops the field without an error ` +
          '(dropStatefulSetDisabledFields, pkg/registry/apps/statefulset/strategy.go) and the rollout goes one pod at a time; ' +
          `remove it, or raise kubernetesVersion to '1.${MAX_UNAVAILABLE_STATEFULSET_MINOR}' once every API server is that new`,
      );
    }
  }
  const statefulSet: StatefulSetRolloutSettings = {
    ...(partition !== undefined ? { partition } : {}),
    ...(maxUnavailable !== undefined ? { maxUnavailable } : {}),
    ...(podManagementPolicy !== undefined ? { podManagementPolicy } : {}),
  };
  return { maxSurge: 0, maxUnavailable: maxUnavailable ?? DEFAULTS.statefulSetMaxUnavailable, statefulSet };
}

/**
 * The workload kind of a plan call, checked before the plan memo is asked (part of the one validation step).
 * @throws GracefulConfigError naming `workloadKind` and the choices
 * @internal
 */
export function validateWorkloadKind(kind: unknown): WorkloadKind {
  return oneOf('workloadKind', kind, WORKLOAD_KINDS);
}

function resolvePreStopCommand(command: ShutdownSpec['preStopCommand']): ResolvedSpec['preStopCommand'] {
  if (command === undefined) return undefined;
  if (command == null || typeof command.script !== 'string' || command.script.trim() === '') {
    throw new GracefulConfigError('preStopCommand.script', (command as { script?: unknown } | null)?.script, 'must be a non-empty shell script, e.g. \'curl -s -X POST http://localhost:8080/drain\'');
  }
  const budgetSeconds = optionalSeconds('preStopCommand.timeout', command.timeout) ?? DEFAULTS.preStopCommandTimeoutSeconds;
  return { script: command.script.trim(), budgetSeconds };
}

function optionalSeconds(field: string, value: ShutdownSpec['drainDelay']): number | undefined {
  return value === undefined || value === null ? undefined : toWholeSeconds(field, value);
}

function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new GracefulConfigError(field, value, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}`);
}
