import { GracefulConfigError, describeValue } from './errors';

/** A Kubernetes minor version as a string: `'1.30'` (a leading `v` and a patch are accepted). */
export type KubernetesVersionInput = string;

/**
 * A parsed Kubernetes minor version.
 * @internal
 */
export interface KubernetesVersion {
  readonly major: 1;
  readonly minor: number;
}

/**
 * The oldest minor the planner accepts: apps/v1 workloads, policy/v1 PodDisruptionBudgets (1.21) and
 * the `lifecycle` schema it reasons about.
 * @internal
 */
export const OLDEST_SUPPORTED_MINOR = 21;

/**
 * Parses `'1.30'`, `'v1.30'` or `'1.30.2'`; anything else is a {@link GracefulConfigError}.
 * @internal
 */
export function parseKubernetesVersion(field: string, value: unknown): KubernetesVersion {
  const match = typeof value === 'string' ? /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(value.trim()) : null;
  if (!match) {
    throw new GracefulConfigError(
      field,
      value,
      `is not a Kubernetes version: ${describeValue(value)}; use the cluster's minor version as a string, e.g. '1.30'`,
    );
  }
  const minor = Number(match[1]);
  if (minor < OLDEST_SUPPORTED_MINOR) {
    throw new GracefulConfigError(
      field,
      value,
      `is ${describeValue(value)}, older than the oldest supported 1.${OLDEST_SUPPORTED_MINOR}; upgrade the cluster or pin an older graceful-k8s`,
    );
  }
  return { major: 1, minor };
}
