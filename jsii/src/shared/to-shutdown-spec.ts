// ~~ Copied from src/cdk8s-common/to-shutdown-spec.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { FrameworkPreset, IntOrPercent, RolloutSpec, ShutdownSpec, SidecarPreset, TrafficKind, TrafficSource } from './core';
import type { RolloutProps, ShutdownProps } from './shutdown-props';

/** One of the enum-like classes (Traffic, Framework, Sidecar, PodCount): it carries the core's form. */
interface HasCoreForm<T> {
  _toCore(): T;
}

function coreFormOf<T>(value: unknown): T | undefined {
  const candidate = value as Partial<HasCoreForm<T>> | null | undefined;
  return candidate != null && typeof candidate === 'object' && typeof candidate._toCore === 'function' ? candidate._toCore() : undefined;
}

/** An enum-like class's core form, or the value as given (a ShutdownSpec's own string or object). */
function toCore<T>(value: unknown): T {
  return coreFormOf<T>(value) ?? (value as T);
}

/**
 * Maps the construct props' `shutdown` to the core's ShutdownSpec. Takes either form: a {@link ShutdownProps}
 * (jsii-ready: Traffic, Framework, Sidecar and PodCount classes, `Duration`s) is mapped; a ShutdownSpec (the
 * friendlier TypeScript form: `'30s'`, `'aws-nlb'`, `'25%'`) passes through unchanged, so every line's constructs
 * accept both at runtime. Enum values are the core's strings and `Duration`s are durations the core reads, so those
 * fields pass as they are; validation is the core's (`planShutdown`), with the same field names.
 * @internal
 */
export function toShutdownSpec(shutdown: ShutdownProps | ShutdownSpec): ShutdownSpec {
  if (shutdown == null || typeof shutdown !== 'object') return shutdown as ShutdownSpec;
  const given = shutdown as ShutdownProps & ShutdownSpec;
  const spec: { -readonly [K in keyof ShutdownSpec]: ShutdownSpec[K] } = { ...given };
  if (Array.isArray(given.traffic)) spec.traffic = (given.traffic as unknown[]).map((t) => toCore<TrafficSource | TrafficKind>(t));
  if (given.framework !== undefined) spec.framework = toCore<FrameworkPreset>(given.framework);
  if (given.sidecar !== undefined) spec.sidecar = toCore<SidecarPreset>(given.sidecar);
  if (given.rollout != null && typeof given.rollout === 'object') spec.rollout = rolloutSpecOf(given.rollout);
  return spec;
}

function rolloutSpecOf(rollout: RolloutProps | RolloutSpec): RolloutSpec {
  const spec: { -readonly [K in keyof RolloutSpec]: RolloutSpec[K] } = { ...(rollout as RolloutSpec) };
  if (rollout.maxSurge !== undefined) spec.maxSurge = toCore<IntOrPercent>(rollout.maxSurge);
  if (rollout.maxUnavailable !== undefined) spec.maxUnavailable = toCore<IntOrPercent>(rollout.maxUnavailable);
  return spec;
}
