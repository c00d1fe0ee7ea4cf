import { GracefulConfigError } from '../../core';
import type { CliSession } from '../io';

/** Exit code for unusable input or invalid options. */
export const EXIT_USAGE = 2;

/**
 * Prints a {@link GracefulConfigError} as one line on stderr, naming the command-line flag behind
 * the field when there is one (`flags`: field -> flag), and sets exit code 2. Anything else is a bug
 * and is rethrown.
 */
export function reportConfigError(session: CliSession, error: unknown, flags: Readonly<Record<string, string>> = {}): void {
  if (!(error instanceof GracefulConfigError)) throw error;
  const flag = flags[error.field];
  session.io.stderr.write(`graceful-k8s: error: ${flag ? `${flag}: ` : ''}${error.message}\n`);
  session.fail(EXIT_USAGE);
}
