import * as pulumi from '@pulumi/pulumi';
import { GracefulConfigError, type ShutdownPlan, type ShutdownSpec, type WorkloadKind } from '../core';
import { applyPlanToSpecInputs } from './apply-plan-to-inputs';
import { isOpaque } from './opaque-inputs';

/** Args objects returned by {@link applyPlanToWorkloadArgs}: planning them again is refused. */
const PLANNED = new WeakSet<object>();

/** The shape of `k8s.apps.v1.DeploymentArgs` and `k8s.apps.v1.StatefulSetArgs` this function needs. */
export interface WorkloadArgs {
  /**
   * The object's `kind` (`'Deployment'` or `'StatefulSet'`): a plain `'StatefulSet'` chooses StatefulSet rollout settings,
   * unless `applyPlanToWorkloadArgs`'s own `kind` argument is given.
   * @default undefined (Deployment rollout settings)
   */
  readonly kind?: pulumi.Input<string | undefined>;
  /**
   * The Deployment or StatefulSet spec; a plain object (its fields may be Outputs), the plan is applied to it.
   * Optional in @pulumi/kubernetes' args types; required here (a missing spec is a GracefulConfigError).
   */
  readonly spec?: pulumi.Input<object>;
}

/**
 * Returns new Deployment or StatefulSet args with the shutdown plan applied (preStop, env and
 * mounts on every app container; grace period, init containers and volumes on the pod; rollout
 * settings), so existing code adopts the plan in one line:
 *
 * ```ts
 * new k8s.apps.v1.Deployment('web', applyPlanToWorkloadArgs(args, { appShutdownTimeout: '30s' }));
 * ```
 *
 * The plan's and the workload's warnings go to `pulumi.log.warn`. For the plan and the warnings as
 * values (and no logging), call {@link applyPlanToSpecInputs} on `args.spec`.
 *
 * @param shutdown a spec (planned here) or a plan from `planShutdown`
 * @param kind which rollout settings apply
 * @default kind: `args.kind` when it is a plain 'Deployment' or 'StatefulSet', else a given plan's own kind, else 'Deployment'
 * @throws GracefulConfigError on invalid input (same messages as the core)
 */
export function applyPlanToWorkloadArgs<A extends WorkloadArgs>(args: A, shutdown: ShutdownSpec | ShutdownPlan, kind?: WorkloadKind): A {
  if (args == null || typeof args !== 'object' || isOpaque(args)) {
    throw new GracefulConfigError('args', args, 'must be a plain Deployment or StatefulSet args object (its fields may be Outputs)');
  }
  if (PLANNED.has(args)) {
    const name = (args as { metadata?: { name?: unknown } }).metadata?.name;
    throw new GracefulConfigError(
      'args',
      name,
      `${typeof name === 'string' ? `${JSON.stringify(name)} ` : ''}already carry a shutdown plan (from an earlier applyPlanToWorkloadArgs): a second plan would leave the first one's env stale; ` +
        'change the first plan\'s spec instead of applying another',
    );
  }
  const workloadKind = kind ?? (args.kind === 'StatefulSet' || args.kind === 'Deployment' ? args.kind : undefined);
  const { spec, warnings } = applyPlanToSpecInputs(args.spec as object, shutdown, workloadKind);
  for (const warning of warnings) void pulumi.log.warn(`[${warning.code}] ${warning.message}`);
  const planned = { ...args, spec };
  PLANNED.add(planned);
  return planned;
}
