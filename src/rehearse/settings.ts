import { GracefulConfigError } from '../core';

/**
 * The entries of `value` that are set, so that a caller's options spread over the defaults without an explicit
 * `undefined` hiding a default.
 * @internal
 */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The settings both rehearsals (simulated and on a cluster) share. @internal */
export interface LoadSettings {
  /** Requests per second. */
  readonly rps: number;
  /** Bound on the whole run, in milliseconds. */
  readonly maxDurationMs: number;
  /** Bound on one request, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** How many rollouts. */
  readonly rollouts: number;
  /** Work per request, in milliseconds. */
  readonly workMs: number;
}

/**
 * Refuses the shared settings a rehearsal cannot run with, naming the field, the value and an example.
 * @throws GracefulConfigError for the first unusable setting
 * @internal
 */
export function validateLoadSettings(o: LoadSettings): void {
  const positive = (field: string, value: number, fix: string) => {
    if (!(Number.isFinite(value) && value > 0)) throw new GracefulConfigError(field, value, `must be a number > 0; ${fix}`);
  };
  positive('rps', o.rps, 'e.g. 200 requests per second');
  positive('maxDuration', o.maxDurationMs, 'e.g. 600s');
  positive('requestTimeout', o.requestTimeoutMs, 'e.g. 10s');
  if (!Number.isInteger(o.rollouts) || o.rollouts < 1) throw new GracefulConfigError('rollouts', o.rollouts, 'must be a whole number >= 1');
  if (!(o.workMs >= 0)) throw new GracefulConfigError('work', o.workMs, 'must be >= 0 ms');
}
