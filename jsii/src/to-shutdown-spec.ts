import type { PercentOrAbsolute } from 'cdk8s-plus-34';
import { GracefulConfigError, type IntOrPercent, type RolloutSpec, type ShutdownSpec } from 'graceful-k8s';
import type { RolloutOptions, ShutdownOptions } from './shutdown-options';

/**
 * Maps the jsii props onto the core's `ShutdownSpec`, field for field; the core validates it (one validation step).
 * Fields left unset stay unset, so the core's defaults apply exactly as for a TypeScript user.
 * @internal
 */
export function toShutdownSpec(options: ShutdownOptions): ShutdownSpec {
  if (options == null) {
    throw new GracefulConfigError('shutdown', options, 'is required: give at least { appShutdownTimeout: Duration.seconds(30) }');
  }
  const spec: { -readonly [K in keyof ShutdownSpec]: ShutdownSpec[K] } = { appShutdownTimeout: options.appShutdownTimeout };
  if (options.drainDelay !== undefined) spec.drainDelay = options.drainDelay;
  if (options.traffic !== undefined) spec.traffic = options.traffic.map((t) => t._toCore());
  if (options.framework !== undefined) spec.framework = options.framework._toCore();
  if (options.sidecar !== undefined) spec.sidecar = options.sidecar._toCore();
  if (options.preStopCommand !== undefined) spec.preStopCommand = options.preStopCommand;
  if (options.longConnectionBudget !== undefined) spec.longConnectionBudget = options.longConnectionBudget;
  if (options.safetyMargin !== undefined) spec.safetyMargin = options.safetyMargin;
  if (options.terminationGracePeriod !== undefined) spec.terminationGracePeriod = options.terminationGracePeriod;
  if (options.kubernetesVersion !== undefined) spec.kubernetesVersion = options.kubernetesVersion;
  if (options.image !== undefined) spec.image = options.image;
  if (options.preStop !== undefined) spec.preStop = options.preStop;
  if (options.rollout !== undefined) spec.rollout = toRolloutSpec(options.rollout);
  if (options.copiedSleepImage !== undefined) spec.copiedSleepImage = options.copiedSleepImage;
  return spec;
}

function toRolloutSpec(options: RolloutOptions): RolloutSpec {
  const rollout: { -readonly [K in keyof RolloutSpec]: RolloutSpec[K] } = {};
  if (options.maxSurge !== undefined) rollout.maxSurge = toIntOrPercent(options.maxSurge);
  if (options.maxUnavailable !== undefined) rollout.maxUnavailable = toIntOrPercent(options.maxUnavailable);
  if (options.minReady !== undefined) rollout.minReady = options.minReady;
  if (options.progressDeadline !== undefined) rollout.progressDeadline = options.progressDeadline;
  if (options.podStartup !== undefined) rollout.podStartup = options.podStartup;
  return rollout;
}

/** cdk8s-plus-34's `PercentOrAbsolute` holds a number or a `'N%'` string (lib/deployment.js, `percent()`). */
function toIntOrPercent(value: PercentOrAbsolute): IntOrPercent {
  return value.value as IntOrPercent;
}
