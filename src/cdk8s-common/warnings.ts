import type { IConstruct } from 'constructs';
import type { PlanWarning } from '../core';

/** The construct metadata type under which plan warnings are recorded. */
export const WARNING_METADATA_TYPE = 'graceful-k8s:warning';

/**
 * Every plan warning recorded in a construct tree (an app, a chart or one workload), as
 * `path: [code] message` lines, for printing at synthesis.
 */
export function collectWarnings(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === WARNING_METADATA_TYPE).map((m) => `${c.node.path}: ${String(m.data)}`));
}

/**
 * A warning as the constructs record it in the metadata, `[code] message` (also the jsii package's `warnings`).
 * @internal
 */
export function warningText(warning: PlanWarning): string {
  return `[${warning.code}] ${warning.message}`;
}
