import { isPlainObject } from './plain-object';

/**
 * Recent plans by the content of their spec. A platform repository synthesizes hundreds of
 * workloads from a handful of shutdown specs (one per framework or preset): the plan is a pure
 * function of the spec, so each distinct spec is validated and planned once per process.
 *
 * Only specs made of plain data are remembered (object literals, arrays, strings, finite numbers,
 * booleans): a spec holding anything else, such as a cdk8s `Duration` whose value JSON cannot
 * show, is planned every time. The plans handed out are deeply frozen, so that one workload cannot
 * change another's.
 * @internal
 */
export class PlanMemo<P extends object> {
  private readonly plans = new Map<string, P>();

  /** @param capacity distinct specs kept; the memo starts over when it is full */
  constructor(private readonly capacity = 256) {}

  /** The plan remembered for `spec`, or `plan(spec)` (frozen, and remembered when `spec` is plain data). */
  planFor<S>(spec: S, plan: (spec: S) => P): P {
    const key = contentKey(spec);
    const known = key === undefined ? undefined : this.plans.get(key);
    if (known) return known;
    const planned = deepFreeze(plan(spec));
    if (key !== undefined) {
      if (this.plans.size >= this.capacity) this.plans.clear();
      this.plans.set(key, planned);
    }
    return planned;
  }
}

/** A string that is equal for two specs exactly when they hold the same plain data; `undefined` otherwise. */
function contentKey(value: unknown): string | undefined {
  return isPlainData(value) ? JSON.stringify(value) : undefined;
}

/** JSON-exact data: what JSON.stringify writes and reads back unchanged (an absent and an undefined property count alike). */
function isPlainData(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return value.every((item) => item !== undefined && isPlainData(item));
      return isPlainObject(value) && Object.values(value).every((item) => item === undefined || isPlainData(item));
    }
    default:
      return false;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
