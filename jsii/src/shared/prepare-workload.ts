// ~~ Copied from src/cdk8s-common/prepare-workload.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import { Duration } from 'cdk8s';
import { defaultReplicas, GracefulConfigError, planShutdown, planWarning, type PlanWarning, type ShutdownPlan, type ShutdownSpec } from './core';
import type { Cdk8sPlusLine } from './cdk8s-plus-line';
import { specWithWorkloadProps, type PlanOwnedProps } from './rollout-from-props';
import type { ShutdownProps } from './shutdown-props';
import { toShutdownSpec } from './to-shutdown-spec';

/** The props every graceful construct adds to its line's workload props, on any line. @internal */
export interface GracefulPropsSurface extends PlanOwnedProps {
  readonly shutdown: ShutdownSpec | ShutdownProps;
  readonly podDisruptionBudget?: string;
  readonly replicas?: number;
}

/** A graceful construct's plan and the props its line's workload class is built with. @internal */
export interface PreparedWorkload {
  readonly plan: ShutdownPlan;
  /** The user's workload props with the plan-owned ones from the plan (cast to the line's props type by the caller). */
  readonly props: Record<string, unknown>;
  /** Warnings about the workload props (recorded with the plan's). */
  readonly warnings: readonly PlanWarning[];
}

/**
 * The spec a construct plans: `shutdown` mapped, the workload's plan-owned props folded in, and `replicas` (for the
 * estimate in explain() and the partition check) from the workload when the spec does not give it (else the core's
 * `defaultReplicas(kind)`, which every line renders for an omitted `replicas`: test/cdk8s/cdk8s-plus-lines.test.ts), as the core asks
 * of adapters (`ShutdownSpec.replicas`).
 */
function specOf(props: GracefulPropsSurface, kind: 'Deployment' | 'StatefulSet'): ShutdownSpec {
  if (props == null || props.shutdown == null) {
    throw new GracefulConfigError('shutdown', props?.shutdown, 'is required: give at least { appShutdownTimeout: Duration.seconds(30) }');
  }
  const spec = specWithWorkloadProps(toShutdownSpec(props.shutdown), props, kind);
  if (spec.replicas !== undefined) return spec;
  return { ...spec, replicas: props.replicas ?? defaultReplicas(kind) };
}

/**
 * GracefulDeployment on any line: the plan, and the Deployment props with the planned grace period, minReady,
 * progressDeadline and rolling update (the line's own DeploymentStrategy and PercentOrAbsolute).
 * @internal
 */
export function prepareDeployment(line: Cdk8sPlusLine, props: GracefulPropsSurface): PreparedWorkload {
  const plan = planShutdown(specOf(props, 'Deployment'));
  const { shutdown: _shutdown, podDisruptionBudget: _pdb, ...deploymentProps } = props;
  const { PercentOrAbsolute, DeploymentStrategy } = line.kplus;
  const count = (value: number | string) =>
    typeof value === 'number' ? PercentOrAbsolute.absolute(value) : PercentOrAbsolute.percent(Number(value.slice(0, -1)));
  return {
    plan,
    props: {
      ...deploymentProps,
      terminationGracePeriod: Duration.seconds(plan.terminationGracePeriodSeconds),
      minReady: Duration.seconds(plan.rollout.minReadySeconds),
      progressDeadline: Duration.seconds(plan.rollout.progressDeadlineSeconds),
      strategy: DeploymentStrategy.rollingUpdate({ maxSurge: count(plan.rollout.maxSurge), maxUnavailable: count(plan.rollout.maxUnavailable) }),
    },
    warnings: [],
  };
}

/**
 * GracefulStatefulSet on any line: the StatefulSet plan (`planShutdown(spec, { workloadKind: 'StatefulSet' })`), and
 * the StatefulSet props with the planned grace period and minReady. The user's `strategy` (a rolling update's
 * `partition`) and `podManagementPolicy` become the plan's `shutdown.rollout` values (see `specWithWorkloadProps`)
 * and are rendered by the core with the plan's other StatefulSet settings. An `OnDelete` strategy is kept with a
 * warning rather than refused: it is legal and chosen on purpose for hand-driven rollouts of databases, and each pod
 * the user deletes still gets the planned preStop and grace period; but the controller then replaces no pod on a
 * template change, so nothing paces the deletions ("Update strategies", kubernetes.io/docs/concepts/workloads/
 * controllers/statefulset/#update-strategies: "the StatefulSet controller will not automatically update the Pods").
 * @internal
 */
export function prepareStatefulSet(_line: Cdk8sPlusLine, props: GracefulPropsSurface): PreparedWorkload {
  const plan = planShutdown(specOf(props, 'StatefulSet'), { workloadKind: 'StatefulSet' });
  const { shutdown: _shutdown, podDisruptionBudget: _pdb, ...statefulSetProps } = props;
  const warnings: PlanWarning[] = [];
  if (props.strategy?._toKube().type === 'OnDelete') {
    const rolling = Object.entries(plan.rollout.statefulSet ?? {}).filter(([key, value]) => key !== 'podManagementPolicy' && value !== undefined);
    if (rolling.length > 0) {
      // applyPlanToWorkloadSpec would refuse it at synthesis; refuse it now, naming the prop.
      throw new GracefulConfigError(
        'strategy',
        'OnDelete',
        `is OnDelete, but shutdown.rollout sets ${rolling.map(([key]) => key).join(' and ')}, which only a rolling update reads; ` +
          'remove strategy (or use StatefulSetUpdateStrategy.rollingUpdate()) or remove those settings',
      );
    }
    warnings.push(planWarning(
      'statefulset-on-delete',
      'updateStrategy is OnDelete: the StatefulSet controller replaces no pod when the template changes, so the planned minReadySeconds ' +
        `(${plan.rollout.minReadySeconds}s) paces nothing; each pod you delete still gets the planned preStop and grace period`,
      'delete one pod at a time and wait until its replacement is Ready, or remove strategy for the planned rolling update',
    ));
  }
  return {
    plan,
    props: {
      ...statefulSetProps,
      terminationGracePeriod: Duration.seconds(plan.terminationGracePeriodSeconds),
      minReady: Duration.seconds(plan.rollout.minReadySeconds),
    },
    warnings,
  };
}
