import { GracefulConfigError, describeValue } from './errors';

/**
 * Anything with `toSeconds()`, such as a cdk8s `Duration`. When `toMilliseconds()` exists it is
 * preferred, so `Duration.millis(1500)` counts as 2 seconds instead of failing.
 */
export interface DurationLike {
  /** The duration in seconds; read only when `toMilliseconds()` is missing (and to show the value in an error). */
  toSeconds(): number;
  /** The duration in milliseconds; preferred when present. */
  toMilliseconds?(): number;
}

/**
 * A duration: a number of seconds, a string such as `'30s'`, `'2m'`, `'1h30m'`, `'1500ms'`
 * (a bare `'30'` is seconds), or a {@link DurationLike} such as a cdk8s `Duration`.
 * Fractions round up to whole seconds: Kubernetes takes integer seconds.
 */
export type DurationInput = number | string | DurationLike;

/**
 * The longest duration graceful-k8s accepts, in seconds: 2^31 - 1 (about 68 years). A duration lands in fields the API
 * server stores as int32 (`minReadySeconds`, `progressDeadlineSeconds`, `updateStrategy.rollingUpdate.partition`) or
 * int64 (`terminationGracePeriodSeconds`, `preStop.sleep.seconds`), and the grace period is a sum of several of them:
 * with every term at most int32's maximum the sum stays far below 2^53, so it is exact in JavaScript and in JSON, and
 * fits int64. A larger value (`1e21`, which JSON writes as `1e+21`) is refused rather than rendered into a manifest the
 * API server rejects or reads wrong.
 * @internal
 */
export const MAX_DURATION_SECONDS = 2_147_483_647;

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$/;

/**
 * Parses a {@link DurationInput} into whole seconds, rounding up.
 * @param field the input's name, for the error message
 * @throws GracefulConfigError when the value is negative, not finite or not a duration
 * @internal
 */
export function toWholeSeconds(field: string, value: DurationInput): number {
  const ms = toDurationMilliseconds(field, value);
  // Subtract a hair before rounding up so 1.0000000001 (float noise) stays 1; max() keeps 0 from becoming -0.
  return Math.max(0, Math.ceil(ms / 1000 - 1e-9));
}

/**
 * Parses a {@link DurationInput} into milliseconds, fractions kept (for tools that time things
 * locally, such as `rehearse`; manifests need {@link toWholeSeconds}).
 * @throws GracefulConfigError when the value is negative, not finite or not a duration
 * @internal
 */
export function toDurationMilliseconds(field: string, value: DurationInput): number {
  const ms = toMilliseconds(field, value);
  if (!Number.isFinite(ms)) {
    throw new GracefulConfigError(field, value, `must be a finite duration, got ${describeValue(value)}; give seconds (30) or a string ('30s', '2m')`);
  }
  if (ms < 0) {
    throw new GracefulConfigError(field, value, `must be >= 0 seconds, got ${formatGiven(value)}; use 0 or a positive duration`);
  }
  if (ms > MAX_DURATION_SECONDS * 1000) {
    throw new GracefulConfigError(
      field,
      value,
      `must be at most ${MAX_DURATION_SECONDS} seconds (2^31 - 1, about 68 years: the largest value every Kubernetes field a duration ` +
        `lands in can store), got ${formatGiven(value)}; give a real duration in seconds or a string like '30m'`,
    );
  }
  return ms;
}

function formatGiven(value: DurationInput): string {
  return typeof value === 'number' ? String(value) : describeValue(typeof value === 'object' ? safeSeconds(value) : value);
}

function safeSeconds(value: DurationLike): unknown {
  try {
    return value.toSeconds();
  } catch {
    return value;
  }
}

function toMilliseconds(field: string, value: DurationInput): number {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) {
      throw new GracefulConfigError(field, value, 'must be a number of seconds, got NaN; give seconds (30) or a string (\'30s\')');
    }
    return value * 1000;
  }
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (/^-/.test(text)) {
      throw new GracefulConfigError(field, value, `must be >= 0 seconds, got ${describeValue(value)}; use 0 or a positive duration`);
    }
    if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
    if (!WHOLE.test(text)) {
      throw new GracefulConfigError(
        field,
        value,
        `is not a duration: ${describeValue(value)}; use a number of seconds or a string like '30s', '2m', '1h30m', '1500ms'`,
      );
    }
    let total = 0;
    for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
    return total;
  }
  if (value !== null && typeof value === 'object' && typeof (value as DurationLike).toSeconds === 'function') {
    const like = value as DurationLike;
    return typeof like.toMilliseconds === 'function' ? like.toMilliseconds() : like.toSeconds() * 1000;
  }
  throw new GracefulConfigError(
    field,
    value,
    `is not a duration: ${describeValue(value)}; use a number of seconds, a string like '30s', or a cdk8s Duration`,
  );
}
