import { toWholeSeconds } from './duration';
import { GracefulConfigError } from './errors';
import type { EnvVar } from './k8s-types';

/** gunicorn's own flag for the workers' time after SIGTERM (gunicorn docs, "Settings": graceful_timeout). */
const GUNICORN_GRACEFUL_TIMEOUT = /(^|\s)--graceful-timeout(?:=|\s+)(\S+)/;

/**
 * Spring Boot's Duration conversion: a bare number is milliseconds, a suffix (`ms`, `s`, `m`, `h`, `d`) or ISO-8601
 * (`PT30S`) gives the unit (Spring Boot reference, "Converting Durations"). Whole seconds, rounded up.
 * @returns undefined for a value Spring would not read as a duration
 */
export function springDurationSeconds(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.ceil(Number(text) / 1000);
  const days = /^(\d+)d$/.exec(text);
  if (days) return Number(days[1]) * 86400;
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(text);
  if (iso && text.length > 2) return Math.ceil(Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0));
  try {
    return toWholeSeconds('timeout-per-shutdown-phase', text);
  } catch {
    return undefined;
  }
}

/**
 * What a container's own value of a framework setting the plan also sets says, in the plan's terms.
 * @returns the seconds or mode it sets, `undefined` when it sets nothing the plan sets (a GUNICORN_CMD_ARGS of other flags)
 */
function ownSetting(name: string, value: string): string | undefined {
  switch (name) {
    case 'GUNICORN_CMD_ARGS': {
      const flag = GUNICORN_GRACEFUL_TIMEOUT.exec(value);
      return flag ? `--graceful-timeout ${flag[2]}` : undefined;
    }
    case 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE': {
      const seconds = springDurationSeconds(value);
      return seconds === undefined ? value : `${seconds}s`;
    }
    case 'UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN':
      return /^\d+$/.test(value.trim()) ? `${Number(value)}s` : value;
    case 'SERVER_SHUTDOWN':
      return value.trim().toLowerCase();
    default:
      return undefined;
  }
}

/**
 * Checks a container's own env against the framework env the plan sets (`plan.env`): a container value that sets what
 * the plan sets to another value (a `--graceful-timeout` in GUNICORN_CMD_ARGS, SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE,
 * UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN, SERVER_SHUTDOWN) would leave the app on a timeout the grace period was not planned
 * for, while explain() and the audit describe the plan's; it is refused. A GUNICORN_CMD_ARGS with other flags only is
 * merged at rendering ({@link mergeFrameworkEnv}). Part of the workload half of validation (`checkWorkload`).
 * @throws GracefulConfigError naming the container, the variable, both values and the fix
 */
export function checkFrameworkEnv(
  container: string,
  env: ReadonlyArray<{ readonly name: string; readonly value?: unknown }> | undefined,
  planned: readonly EnvVar[],
): void {
  for (const own of env ?? []) {
    const plannedVar = planned.find((p) => p.name === own.name);
    if (plannedVar?.value === undefined || typeof own.value !== 'string') continue;
    const setting = ownSetting(own.name, own.value);
    if (setting === undefined) continue;
    const plannedSetting = ownSetting(own.name, plannedVar.value);
    if (plannedSetting === undefined || setting === plannedSetting) continue;
    throw new GracefulConfigError(
      `containers[${container}].env.${own.name}`,
      own.value,
      `sets ${setting}, but the plan sets ${plannedSetting} (the app's budget after the stop signal, which the grace period is sized for); ` +
        `remove ${own.name === 'GUNICORN_CMD_ARGS' ? 'the --graceful-timeout flag (the plan adds its own, the other flags are kept)' : 'it (the plan sets it)'}, ` +
        'or change appShutdownTimeout to the value you need',
    );
  }
}

/**
 * The env entry rendered for a name both the container and the plan set: the container's, except a GUNICORN_CMD_ARGS
 * without `--graceful-timeout`, which gets the plan's flag appended (its own flags kept: `--workers 4 --graceful-timeout 20`).
 * A conflicting value never gets here: {@link checkFrameworkEnv} refuses it first.
 */
export function mergeFrameworkEnv(own: EnvVar, planned: EnvVar): EnvVar {
  if (own.name !== 'GUNICORN_CMD_ARGS' || typeof own.value !== 'string' || planned.value === undefined) return own;
  if (GUNICORN_GRACEFUL_TIMEOUT.test(own.value)) return own;
  return { ...own, value: `${own.value.trim()} ${planned.value}`.trim() };
}
