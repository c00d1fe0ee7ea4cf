// ~~ Copied from src/cdk8s-common/disruption-budget.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import { Lazy, type ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import { wantsDisruptionBudget, type ShutdownPlan } from './core';
import type { Cdk8sPlusLine } from './cdk8s-plus-line';

/**
 * The PodDisruptionBudget decision of one graceful workload, on any line: made at construction from the replica
 * count, and again when an autoscaler marks the workload (the count is then the autoscaler's). At most one budget.
 * @internal
 */
export class DisruptionBudgetSlot {
  private budget?: ApiObject;

  constructor(
    private readonly line: Cdk8sPlusLine,
    private readonly owner: Construct & { readonly matchLabels: Record<string, string> },
    private readonly plan: ShutdownPlan,
    private readonly enabled: boolean,
  ) {}

  /** The budget, once one was created. */
  public get created(): ApiObject | undefined {
    return this.budget;
  }

  /** Creates the budget when enabled and the replica count (undefined: an autoscaler's) calls for one. */
  public consider(replicas: number | undefined): void {
    if (!this.enabled || this.budget !== undefined || !wantsDisruptionBudget(replicas)) return;
    const { k8s } = this.line.kplus;
    this.budget = new k8s.KubePodDisruptionBudget(this.owner, 'DisruptionBudget', {
      spec: {
        maxUnavailable: k8s.IntOrString.fromNumber(this.plan.podDisruptionBudget.maxUnavailable),
        // The core decides it (AlwaysAllow for Deployment plans from 1.27, unset for StatefulSets); every line's types know the field.
        ...(this.plan.podDisruptionBudget.unhealthyPodEvictionPolicy !== undefined
          ? { unhealthyPodEvictionPolicy: this.plan.podDisruptionBudget.unhealthyPodEvictionPolicy }
          : {}),
        // Resolved at synthesis: the selector may still change after construction.
        selector: { matchLabels: Lazy.any({ produce: () => this.owner.matchLabels }) },
      },
    });
  }
}

/** Whether the construct's `podDisruptionBudget` prop asks for one (`'auto'`, the default) or not (`'none'`). @internal */
export function disruptionBudgetEnabled(policy: string | undefined): boolean {
  return (policy ?? 'auto') === 'auto';
}
