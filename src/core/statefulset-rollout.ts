import { planWarning, type PlanDecision, type PlanWarning } from './plan-warning';
import type { RolloutPlan } from './rollout';
import { statefulSetPodsPerStep } from './rollout-bounds';
import type { RolloutEstimate } from './rollout-estimate';
import type { StatefulSetRolloutSettings } from './spec';

/**
 * The oldest Kubernetes minor where a StatefulSet's `updateStrategy.rollingUpdate.maxUnavailable` works by default:
 * the MaxUnavailableStatefulSet feature gate (KEP-961) is alpha and off from 1.24, beta and still off from 1.35, and
 * on by default from 1.37 (kubernetes `pkg/features/kube_features.go` of v1.30.14 to v1.37.2). With the gate off the
 * API server drops the field without an error (`dropStatefulSetDisabledFields` in
 * `pkg/registry/apps/statefulset/strategy.go`) and the controller replaces one pod at a time.
 * @internal
 */
export const MAX_UNAVAILABLE_STATEFULSET_MINOR = 37;

/**
 * The rollout entries of a StatefulSet plan's decisions: the update strategy, each StatefulSet setting the spec gave,
 * minReadySeconds and the rollout and node-drain estimates.
 * @internal
 */
export function statefulSetRolloutDecisions(
  rollout: RolloutPlan,
  estimate: RolloutEstimate,
  gracePeriodSeconds: number,
  minReadyReason: string,
): PlanDecision[] {
  const settings = rollout.statefulSet ?? {};
  const g = gracePeriodSeconds;
  const decisions: PlanDecision[] = [
    {
      field: 'updateStrategy.type',
      value: 'RollingUpdate',
      reason: 'the StatefulSet controller replaces pods from the highest ordinal down, deleting each old pod before it creates the replacement ' +
        `(same name, so no surge): each rollout step runs with ${estimate.podsPerStep === 1 ? 'one pod' : `${estimate.podsPerStep} pods`} of capacity less ` +
        '(updateStatefulSet, pkg/controller/statefulset/stateful_set_control.go)',
    },
  ];
  if (settings.partition !== undefined) {
    decisions.push({
      field: 'updateStrategy.rollingUpdate.partition',
      value: settings.partition,
      reason: `set by the user: pods with an ordinal below ${settings.partition} keep the old revision, even when deleted ` +
        `(${estimate.updatedPods} of ${estimate.replicas} pods are updated)`,
    });
  }
  decisions.push({
    field: 'updateStrategy.rollingUpdate.maxUnavailable',
    value: settings.maxUnavailable ?? estimate.podsPerStep,
    reason: settings.maxUnavailable !== undefined
      ? `set by the user (MaxUnavailableStatefulSet, KEP-961, on by default from 1.${MAX_UNAVAILABLE_STATEFULSET_MINOR}): ` +
        `${estimate.podsPerStep} pod(s) down per step, capacity drops by as many`
      : 'not set: the controller takes one pod down at a time (getStatefulSetMaxUnavailable, pkg/controller/statefulset/stateful_set_utils.go)',
  });
  if (settings.podManagementPolicy !== undefined) {
    decisions.push({
      field: 'podManagementPolicy',
      value: settings.podManagementPolicy,
      reason: settings.podManagementPolicy === 'Parallel'
        ? 'set by the user: pods start and stop all at once when scaling; a rolling update still goes step by step (kubernetes.io "StatefulSets", ' +
          'Parallel Pod Management); fixed once the StatefulSet exists'
        : 'set by the user (Kubernetes\' default): pods start in ordinal order, each once the one before is Ready; fixed once the StatefulSet exists',
    });
  }
  const startsInParallel = settings.podManagementPolicy === 'Parallel' && estimate.podsPerStep > 1;
  decisions.push(
    { field: 'minReadySeconds', value: rollout.minReadySeconds, reason: `${minReadyReason}; StatefulSets honour it since 1.25 (KEP-2599)` },
    {
      field: `rollout estimate (${estimate.replicas} replicas, StatefulSet)`,
      value: `${estimate.rolloutSeconds}s`,
      reason: `estimate: ${estimate.updatedPods} pod(s) updated in ${estimate.steps} step(s) of ${estimate.podsPerStep} pod(s); each step waits for ` +
        `the old pod${estimate.podsPerStep > 1 ? 's' : ''} to terminate (up to the grace period ${g}s) before the replacement${estimate.podsPerStep > 1 ? 's' : ''} ` +
        `start${estimate.podsPerStep > 1 ? '' : 's'} (pod start ${estimate.podStartupSeconds}s + minReadySeconds ${rollout.minReadySeconds}s` +
        `${estimate.podsPerStep > 1 ? (startsInParallel ? ', together' : ', one after another') : ''}), ` +
        'and loses that capacity meanwhile: a long grace period slows every step',
    },
    {
      field: `node drain estimate (${estimate.replicas} pods on one node, StatefulSet)`,
      value: `${estimate.nodeDrainSeconds}s`,
      reason: 'estimate: the PodDisruptionBudget lets one pod go at a time; a StatefulSet creates the replacement only once the evicted pod is gone ' +
        `(up to ${g}s), and the next eviction waits for it to start (${estimate.podStartupSeconds}s): (replicas - 1) x (grace period + pod start) + grace period`,
    },
  );
  return decisions;
}

/**
 * Legal but risky StatefulSet settings: more than one pod down per step, and a partition that holds back every pod.
 * @param replicas the replica count the plan estimates for (`ShutdownSpec.replicas`)
 * @internal
 */
export function statefulSetWarnings(settings: StatefulSetRolloutSettings, replicas: number): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const podsPerStep = statefulSetPodsPerStep(settings.maxUnavailable, replicas);
  if (podsPerStep > 1) {
    warnings.push(planWarning(
      'max-unavailable',
      `rollout.maxUnavailable is ${JSON.stringify(settings.maxUnavailable)}: each StatefulSet step deletes ${podsPerStep} pods before their ` +
        'replacements start, so capacity drops by that many during every rollout',
      'remove it (one pod at a time) unless the app tolerates losing that many members at once',
    ));
  }
  if (settings.partition !== undefined && settings.partition >= replicas && replicas > 0) {
    warnings.push(planWarning(
      'partition-holds-all',
      `rollout.partition is ${settings.partition} and replicas ${replicas}: no pod has an ordinal at or above the partition, so a rollout updates none`,
      `lower it below ${replicas} to update the pods from that ordinal up (0 updates every pod)`,
    ));
  }
  return warnings;
}
