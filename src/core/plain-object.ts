/**
 * True for an object literal or a null-prototype object, of any realm (a jest VM context, a worker):
 * plain data, as opposed to arrays, class instances, Outputs and promises.
 * @internal
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
