/*
 * The thin per-line files of the cdk8s adapter, from one template: every cdk8s-plus line gets the same classes
 * (`class GracefulDeployment extends kplus.Deployment`, `class GracefulStatefulSet extends kplus.StatefulSet` of
 * THAT line, so TypeScript users get that line's types) delegating to the shared glue in src/cdk8s-common/. The
 * files differ only in the line's module and in the props style (below); what differs between the lines
 * themselves lives in src/cdk8s-common/cdk8s-plus-lines.ts. `npx projen` writes them; test/cdk8s/generated-lines.test.ts
 * fails when one is stale.
 */

/** How a line's construct props are typed. */
export type PropsStyle =
  /**
   * jsii-ready (issue #17/#18): the line's own props interfaces extended as they are (jsii has no Omit), `shutdown`
   * as ShutdownProps, `podDisruptionBudget` as an enum.
   */
  | 'jsii'
  /**
   * graceful-k8s/cdk8s-plus-27 (cdk8s-plus-27) as before 0.2: Omit<> of the plan-owned props, `shutdown` as ShutdownSpec or
   * ShutdownProps, `podDisruptionBudget` as `'auto' | 'none'` or the enum.
   */
  | 'typescript';

/** One line's entry point. */
export interface Cdk8sLineEntry {
  /** The cdk8s-plus package. */
  readonly packageName: 'cdk8s-plus-27' | 'cdk8s-plus-32' | 'cdk8s-plus-33' | 'cdk8s-plus-34';
  /** The folder under src/ (the entry point's subpath). */
  readonly folder: string;
  readonly propsStyle: PropsStyle;
}

/** Every line's entry point. */
export const CDK8S_LINE_ENTRIES: readonly Cdk8sLineEntry[] = [
  { packageName: 'cdk8s-plus-27', folder: 'cdk8s-plus-27', propsStyle: 'typescript' },
  { packageName: 'cdk8s-plus-32', folder: 'cdk8s-plus-32', propsStyle: 'jsii' },
  { packageName: 'cdk8s-plus-33', folder: 'cdk8s-plus-33', propsStyle: 'jsii' },
  { packageName: 'cdk8s-plus-34', folder: 'cdk8s-plus-34', propsStyle: 'jsii' },
];

const HEADER = '// ~~ Generated from projenrc/cdk8s-lines.ts (one template for every cdk8s-plus line). To modify, edit it and run "npx projen".';

/** Every generated file of every line: path (from the repository root) to content. */
export function cdk8sLineFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of CDK8S_LINE_ENTRIES) {
    for (const [name, content] of Object.entries(lineFiles(entry))) files.set(`src/${entry.folder}/${name}`, `${HEADER}\n${content}`);
  }
  return files;
}

function lineFiles(e: Cdk8sLineEntry): Record<string, string> {
  const ts = e.propsStyle === 'typescript';
  const shutdownType = ts ? 'ShutdownSpec | ShutdownProps' : 'ShutdownProps';
  const pdbType = ts ? '\'auto\' | \'none\' | PodDisruptionBudgetPolicy' : 'PodDisruptionBudgetPolicy';
  const pdbDefault = ts ? '\'auto\'' : 'PodDisruptionBudgetPolicy.AUTO';
  const deploymentBase = ts ? 'Omit<kplus.DeploymentProps, \'strategy\' | \'minReady\' | \'progressDeadline\'>' : 'kplus.DeploymentProps';
  const statefulSetBase = ts ? 'Omit<kplus.StatefulSetProps, \'minReady\'>' : 'kplus.StatefulSetProps';
  const shutdownDoc = ts
    ? 'The numbers the plan is derived from: a ShutdownSpec (`{ appShutdownTimeout: \'30s\' }`) or the jsii-ready ShutdownProps.'
    : 'The numbers the plan is derived from (a ShutdownSpec is accepted too at runtime, from JavaScript).';
  const deploymentPropsDoc = ts
    ? ` * \`strategy\`, \`minReady\` and \`progressDeadline\` come from the plan (set them in \`shutdown.rollout\`); passed anyway
 * (from JavaScript), a rolling update's values and the durations become \`shutdown.rollout\` values, and a
 * Recreate strategy is refused.`
    : ` * \`strategy\` (a rolling update's maxSurge and maxUnavailable), \`minReady\` and \`progressDeadline\` become
 * \`shutdown.rollout\` values when given (set them in one place); a Recreate strategy is refused.`;
  const statefulSetPropsDoc = ts
    ? ' * `minReady` comes from the plan (set it in `shutdown.rollout.minReady`).'
    : ' * `minReady` becomes `shutdown.rollout.minReady` when given (set it in one place).';
  // The jsii style inherits terminationGracePeriod from the line's PodProps (same type); only its doc differs.
  const gracePeriodProp = ts
    ? `
  /**
   * A pinned grace period (same as \`shutdown.terminationGracePeriod\`; set one of them). It must
   * cover the plan's drain + app shutdown + margin.
   * @default derived by the plan
   */
  readonly terminationGracePeriod?: Duration;
`
    : '';
  const durationImport = ts ? 'import type { Duration } from \'cdk8s\';\n' : '';
  const pkg = e.packageName;
  const line = `import * as kplus from '${pkg}';
import { CDK8S_PLUS_LINES, type Cdk8sPlusLine } from '../cdk8s-common';

/**
 * ${pkg} for the shared glue (src/cdk8s-common/).
 * @internal
 */
export const LINE: Cdk8sPlusLine = { ...CDK8S_PLUS_LINES['${pkg}'], kplus };
`;

  const deployment = `${durationImport}import * as kplus from '${pkg}';
import type { Construct } from 'constructs';
import {
  addPlannedAnnotations,
  applyPlanToLineWorkload,
  disruptionBudgetEnabled,
  DisruptionBudgetSlot,
  prepareDeployment,
  withPlannedServiceType,
  type PodDisruptionBudgetPolicy,
  type ShutdownProps,
} from '../cdk8s-common';
import type { PlanWarning, ShutdownPlan${ts ? ', ShutdownSpec' : ''} } from '../core';
import { LINE } from './line';

/**
 * Props of {@link GracefulDeployment}: ${pkg}'s \`DeploymentProps\` plus \`shutdown\`.
${deploymentPropsDoc}
 */
export interface GracefulDeploymentProps extends ${deploymentBase} {
  /** ${shutdownDoc} */
  readonly shutdown: ${shutdownType};
${gracePeriodProp}
  /**
   * Whether to create a PodDisruptionBudget (policy/v1, \`maxUnavailable\` from the plan) over the
   * pods: \`AUTO\` creates one when the Deployment has 2 or more replicas or an autoscaler.
   * @default ${pdbDefault}
   */
  readonly podDisruptionBudget?: ${pdbType};
}

/**
 * A ${pkg} \`Deployment\` that shuts down without dropping requests: every app container
 * gets the planned preStop and env, the pod the planned grace period (and the copied sleep's init
 * container and volume when needed), the Deployment the planned rolling update.
 */
export class GracefulDeployment extends kplus.Deployment {
  /** The plan this Deployment renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const prepared = prepareDeployment(LINE, props);
    super(scope, id, prepared.props as kplus.DeploymentProps);
    this.plan = prepared.plan;
    this.warnings = applyPlanToLineWorkload(LINE, this, prepared.plan, prepared.warnings).warnings;
    this.disruptionBudgetSlot = new DisruptionBudgetSlot(LINE, this, this.plan, disruptionBudgetEnabled(props.podDisruptionBudget));
    // An autoscaler marks the Deployment only after construction (markHasAutoscaler below decides again then).
    this.disruptionBudgetSlot.consider(this.replicas ?? LINE.defaultDeploymentReplicas);
  }

  /** The PodDisruptionBudget, when one was created (see \`podDisruptionBudget\` in the props). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.disruptionBudgetSlot.created as kplus.k8s.KubePodDisruptionBudget | undefined;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this Deployment (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.disruptionBudgetSlot.consider(undefined);
  }

  /**
   * Exposes the pods through a Service that carries the plan's load-balancer annotations. When those
   * annotations only act on a load balancer (aws-nlb, alibaba-clb, alibaba-nlb: \`plan.serviceType\`), the
   * Service type defaults to \`LoadBalancer\`, and another \`serviceType\` is an error.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    const service = super.exposeViaService(withPlannedServiceType(LINE, this.plan, options));
    addPlannedAnnotations(service.metadata, this.plan.serviceAnnotations);
    return service;
  }

  /** Exposes the pods through an Ingress (and a Service) that carry the plan's load-balancer annotations. */
  public exposeViaIngress(path: string, options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    const ingress = super.exposeViaIngress(path, options);
    addPlannedAnnotations(ingress.metadata, this.plan.ingressAnnotations);
    return ingress;
  }
}
`;

  const statefulSet = `${durationImport}import * as kplus from '${pkg}';
import type { Construct } from 'constructs';
import {
  applyPlanToLineWorkload,
  disruptionBudgetEnabled,
  DisruptionBudgetSlot,
  exposeStatefulSetViaService,
  prepareStatefulSet,
  type PodDisruptionBudgetPolicy,
  type ShutdownProps,
} from '../cdk8s-common';
import type { PlanWarning, ShutdownPlan${ts ? ', ShutdownSpec' : ''} } from '../core';
import { LINE } from './line';

/**
 * Props of {@link GracefulStatefulSet}: ${pkg}'s \`StatefulSetProps\` plus \`shutdown\`.
${statefulSetPropsDoc}
 * \`strategy\` (a rolling update's \`partition\`) and \`podManagementPolicy\` become \`shutdown.rollout\` values (set
 * each in one place); an \`OnDelete\` strategy is kept with a warning (the controller then replaces no pod by itself).
 */
export interface GracefulStatefulSetProps extends ${statefulSetBase} {
  /** ${shutdownDoc} */
  readonly shutdown: ${shutdownType};
${gracePeriodProp}
  /**
   * Whether to create a PodDisruptionBudget (policy/v1, \`maxUnavailable\` from the plan) over the
   * pods: \`AUTO\` creates one when the StatefulSet has 2 or more replicas or an autoscaler.
   * @default ${pdbDefault}
   */
  readonly podDisruptionBudget?: ${pdbType};
}

/**
 * A ${pkg} \`StatefulSet\` that shuts down without dropping requests: every app container gets the
 * planned preStop and env, the pod the planned grace period (and the copied sleep's init container and volume
 * when needed), the StatefulSet the planned rolling update (one pod at a time; \`minReadySeconds\`, \`partition\`,
 * \`podManagementPolicy\`). \`exposeViaService\` adds a Service with the plan's load-balancer annotations.
 */
export class GracefulStatefulSet extends kplus.StatefulSet {
  /** The plan this StatefulSet renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private readonly disruptionBudgetSlot: DisruptionBudgetSlot;

  constructor(scope: Construct, id: string, props: GracefulStatefulSetProps) {
    const prepared = prepareStatefulSet(LINE, props);
    super(scope, id, prepared.props as kplus.StatefulSetProps);
    this.plan = prepared.plan;
    this.warnings = applyPlanToLineWorkload(LINE, this, prepared.plan, prepared.warnings).warnings;
    this.disruptionBudgetSlot = new DisruptionBudgetSlot(LINE, this, this.plan, disruptionBudgetEnabled(props.podDisruptionBudget));
    // An autoscaler marks the StatefulSet only after construction (markHasAutoscaler below decides again then).
    this.disruptionBudgetSlot.consider(this.replicas ?? LINE.defaultStatefulSetReplicas);
  }

  /** The PodDisruptionBudget, when one was created (see \`podDisruptionBudget\` in the props). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.disruptionBudgetSlot.created as kplus.k8s.KubePodDisruptionBudget | undefined;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this StatefulSet (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    this.disruptionBudgetSlot.consider(undefined);
  }

  /**
   * Exposes the pods through a Service (next to the governing headless one) that carries the plan's load-balancer
   * annotations, as GracefulDeployment.exposeViaService does: when those annotations only act on a load balancer
   * (\`plan.serviceType\`), the Service type defaults to \`LoadBalancer\`, and another \`serviceType\` is an error.
   * Ports: the given ones, else every container port.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    return exposeStatefulSetViaService(LINE, this, this.plan, options) as kplus.Service;
  }
}
`;

  const applyPlan = `import type * as kplus from '${pkg}';
import { applyPlanToLineWorkload, type AppliedShutdownPlan, type ShutdownProps } from '../cdk8s-common';
import type { ShutdownPlan, ShutdownSpec } from '../core';
import { LINE } from './line';

/**
 * Applies a shutdown plan to an existing ${pkg} \`Deployment\` or \`StatefulSet\`: preStop, env and
 * mounts on every app container, the grace period, init containers and volumes on the pod, and the
 * rollout settings. Validation (spec and workload) runs now; the change is rendered at synthesis.
 *
 * The workload's own grace period is never lowered (see \`planForWorkload\` in the core): a longer one is kept
 * and the plan sized for it, a shorter one is raised with a warning. cdk8s-plus fills in 30 s when none is set,
 * so raising exactly 30 s gets no warning.
 *
 * The workload's own rollout settings are kept (the core's \`workloadRolloutOf\`): a rolling update's maxSurge and
 * maxUnavailable, minReady, progressDeadline, a StatefulSet's partition and podManagementPolicy become the plan's;
 * a Recreate strategy, or a given plan that would replace one of them, is an error. Values equal to Kubernetes'
 * defaults (which cdk8s-plus renders when none is set) are the plan's to choose.
 *
 * @param shutdown a spec (a ShutdownSpec or ShutdownProps, planned here) or a plan from \`planShutdown\`
 * @throws GracefulConfigError on invalid input, before anything is changed
 */
export function applyPlanToWorkload(
  workload: kplus.Deployment | kplus.StatefulSet,
  shutdown: ShutdownSpec | ShutdownProps | ShutdownPlan,
): AppliedShutdownPlan {
  return applyPlanToLineWorkload(LINE, workload, shutdown);
}
`;

  const index = `export * from './apply-plan-to-workload';
export * from './graceful-deployment';
export * from './graceful-stateful-set';
export * from '../cdk8s-common/public-api';
`;
  return {
    'line.ts': line,
    'graceful-deployment.ts': deployment,
    'graceful-stateful-set.ts': statefulSet,
    'apply-plan-to-workload.ts': applyPlan,
    'index.ts': index,
  };
}
