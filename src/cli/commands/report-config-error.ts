import { GracefulConfigError } from '../../core';
import type { CliSession } from '../io';

/** Exit code for unusable input or invalid options. */
export const EXIT_USAGE = 2;

/**
 * The one prefix of every CLI error line: planner errors, the CLI's own checks and commander's parser
 * errors (`error: option '--image <kind>' argument 'x' is invalid...`, prefixed in `buildProgram`).
 */
export const ERROR_PREFIX = 'graceful-k8s: ';

/**
 * The flag behind a spec field, as the user typed it. `flags` maps a field or a field prefix to a flag:
 * `terminationGracePeriod` -> `--grace-period`, or `traffic[0]` -> `--traffic ingres-nginx` for the first
 * traffic source. The longest prefix wins; `rest` is what remains of the field after it (`kind`).
 * @internal
 */
export function flagForField(field: string, flags: Readonly<Record<string, string>>): { flag: string; prefix: string; rest: string } | undefined {
  let prefix = field;
  while (prefix.length > 0) {
    const flag = flags[prefix];
    if (flag !== undefined) return { flag, prefix, rest: field.slice(prefix.length).replace(/^\./, '') };
    const cut = Math.max(prefix.lastIndexOf('.'), prefix.lastIndexOf('['));
    if (cut <= 0) return undefined;
    prefix = prefix.slice(0, cut);
  }
  return undefined;
}

/**
 * Prints a {@link GracefulConfigError} as one line on stderr, naming the command-line flag behind
 * the field when there is one (`flags`: field or field prefix -> flag, see {@link flagForField}), and
 * sets exit code 2. When the flag stands for a list entry (`--traffic ingres-nginx` for `traffic[0]`),
 * the line names the flag and the entry's field (`kind must be one of ...`), not the internal path.
 * Anything else is a bug and is rethrown.
 */
export function reportConfigError(session: CliSession, error: unknown, flags: Readonly<Record<string, string>> = {}): void {
  if (!(error instanceof GracefulConfigError)) throw error;
  const match = flagForField(error.field, flags);
  let text = error.message;
  if (match && match.prefix.includes('[') && error.message.startsWith(`${error.field} `)) {
    // The entry's own field instead of the internal path: `--traffic ingres-nginx: kind must be ...`.
    text = `${match.rest}${match.rest ? ' ' : ''}${error.message.slice(error.field.length + 1)}`;
  }
  reportUsageError(session, match ? `${match.flag}: ${text}` : text);
}

/** Prints a usage error found by the CLI itself (a flag's format) as one line, with exit code 2. */
export function reportUsageError(session: CliSession, message: string): void {
  session.io.stderr.write(`${ERROR_PREFIX}error: ${message}\n`);
  session.fail(EXIT_USAGE);
}
