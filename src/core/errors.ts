/**
 * Base class of every error graceful-k8s throws on purpose.
 */
export class GracefulError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Invalid input: thrown by the single validation step, before anything is planned or synthesized.
 * The message names the field, the value given and the fix.
 */
export class GracefulConfigError extends GracefulError {
  /** The input field at fault, e.g. `appShutdownTimeout` or `containers[app].lifecycle.preStop`. */
  public readonly field: string;
  /** The value that was given, as received. */
  public readonly value: unknown;

  constructor(field: string, value: unknown, problemAndFix: string) {
    super(`${field} ${problemAndFix}`);
    this.field = field;
    this.value = value;
  }
}

/**
 * Renders a user-given value for an error message.
 * @internal
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
