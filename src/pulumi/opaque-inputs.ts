import * as pulumi from '@pulumi/pulumi';
import { GracefulConfigError } from '../core';
import { isPlainObject } from '../core/plain-object';

/** The key of a placeholder object: a string, so that the core's copies of a tree keep it. */
const PLACEHOLDER_KEY = '$graceful-k8s/opaque-input';

/**
 * A Pulumi input tree split in two: `plain` is the same tree with every value the planner must not
 * look into (an `Output`, a promise, a class instance such as a `Resource`) replaced by a plain
 * placeholder object; `restore` puts the original values back into any tree derived from `plain`.
 *
 * This lets the core planner, which works on plain Kubernetes objects and clones them, run on
 * Pulumi inputs without resolving them: an `Output` a user put in `image`, a probe or an env
 * value travels through the plan untouched and is resolved by the Pulumi engine as usual.
 * @internal
 */
export interface SealedInputs<T> {
  readonly plain: T;
  /**
   * Puts the original values back into a tree derived from `plain`.
   * @throws GracefulConfigError when the derivation spread a placeholder into an object of its own
   * (it merged entries into a field it could not see), naming the field's path
   */
  restore<U>(derived: U): U;
}

/**
 * Replaces every opaque value in `value` by a placeholder; see {@link SealedInputs}.
 * @internal
 */
export function sealInputs<T>(value: T): SealedInputs<T> {
  // The common case, a tree of plain values, needs neither a copy nor a restore: the planner never
  // changes its input, and nothing can have been spread into a placeholder.
  if (!containsOpaque(value)) return { plain: value, restore: <U>(derived: U) => derived };
  const originals: unknown[] = [];
  const indexOf = new Map<unknown, number>();
  const seal = (v: unknown): unknown => {
    if (isOpaque(v)) {
      // The same Output given twice gets the same placeholder, so equal inputs still compare equal.
      let index = indexOf.get(v);
      if (index === undefined) {
        index = originals.push(v) - 1;
        indexOf.set(v, index);
      }
      return { [PLACEHOLDER_KEY]: index };
    }
    if (Array.isArray(v)) return Array.from(v, seal);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, seal(item)]));
    return v;
  };
  const restore = (v: unknown, path: string): unknown => {
    const index = placeholderIndex(v);
    if (index !== undefined) return originals[index];
    if (Array.isArray(v)) return Array.from(v, (item, i) => restore(item, `${path}[${i}]`));
    if (isPlainObject(v)) {
      if (PLACEHOLDER_KEY in v) {
        // The planner spread an opaque value into an object of its own: it merged into a field it could not see.
        throw new GracefulConfigError(
          path,
          originals[v[PLACEHOLDER_KEY] as number],
          'is an Output or a promise, but the plan merges its own entries into it at construction; pass a plain object (its values may be Outputs)',
        );
      }
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, restore(item, path ? `${path}.${k}` : k)]));
    }
    return v;
  };
  return { plain: seal(value) as T, restore: <U>(derived: U) => restore(derived, '') as U };
}

/** True when `value` is, or holds at any depth, a value {@link isOpaque} calls opaque. */
function containsOpaque(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (isOpaque(value)) return true;
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return items.some(containsOpaque);
}

/**
 * True when `value` is a placeholder made by {@link sealInputs}.
 * @internal
 */
export function isPlaceholder(value: unknown): boolean {
  return placeholderIndex(value) !== undefined;
}

/**
 * True for a value the planner must not look into: an Output, a promise, or a class instance.
 * @internal
 */
export function isOpaque(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (pulumi.Output.isInstance(value)) return true;
  if (typeof (value as { then?: unknown }).then === 'function') return true;
  return !Array.isArray(value) && !isPlainObject(value);
}

function placeholderIndex(value: unknown): number | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === PLACEHOLDER_KEY ? (value[PLACEHOLDER_KEY] as number) : undefined;
}
