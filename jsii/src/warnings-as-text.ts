import type { PlanWarning } from 'graceful-k8s';

/**
 * Warnings as `[code] message`, as the glue records them in the construct metadata (jsii has no type for the core's
 * PlanWarning objects).
 * @internal
 */
export function asText(warnings: readonly PlanWarning[]): string[] {
  return warnings.map((w) => `[${w.code}] ${w.message}`);
}
