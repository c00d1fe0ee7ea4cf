import { Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { DEFAULT_REPLICAS, GracefulConfigError, planShutdown, wantsDisruptionBudget, type PlanWarning, type RolloutSpec, type ShutdownPlan, type ShutdownSpec } from '../core';
import { applyPlanToWorkload } from './apply-plan-to-workload';

/**
 * Props of {@link GracefulDeployment}: cdk8s-plus-27's `DeploymentProps` plus `shutdown`.
 * `strategy`, `minReady` and `progressDeadline` come from the plan (set them in `shutdown.rollout`); passed anyway
 * (from JavaScript), a rolling update's values and the durations become `shutdown.rollout` values, and a
 * Recreate strategy is refused.
 */
export interface GracefulDeploymentProps extends Omit<kplus.DeploymentProps, 'strategy' | 'minReady' | 'progressDeadline'> {
  /** The numbers the plan is derived from. Required. */
  readonly shutdown: ShutdownSpec;

  /**
   * A pinned grace period (same as `shutdown.terminationGracePeriod`; set one of them). It must
   * cover the plan's drain + app shutdown + margin.
   * @default derived by the plan
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Whether to create a PodDisruptionBudget (policy/v1, `maxUnavailable` from the plan) over the
   * pods: `'auto'` creates one when the Deployment has 2 or more replicas or an autoscaler.
   * @default 'auto'
   */
  readonly podDisruptionBudget?: 'auto' | 'none';
}

/**
 * A cdk8s-plus-27 `Deployment` that shuts down without dropping requests: every app container
 * gets the planned preStop and env, the pod the planned grace period (and the copied sleep's init
 * container and volume when needed), the Deployment the planned rolling update.
 */
export class GracefulDeployment extends kplus.Deployment {
  /** The plan this Deployment renders. */
  public readonly plan: ShutdownPlan;
  /** The plan's warnings plus this workload's (also recorded as construct metadata). */
  public readonly warnings: readonly PlanWarning[];
  private disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  private readonly autoDisruptionBudget: boolean;

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const plan = planShutdown(shutdownSpecOf(props));
    const { shutdown: _shutdown, podDisruptionBudget: _pdb, ...deploymentProps } = props as GracefulDeploymentProps & kplus.DeploymentProps;
    super(scope, id, {
      ...deploymentProps,
      terminationGracePeriod: Duration.seconds(plan.terminationGracePeriodSeconds),
      minReady: Duration.seconds(plan.rollout.minReadySeconds),
      progressDeadline: Duration.seconds(plan.rollout.progressDeadlineSeconds),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: toPercentOrAbsolute(plan.rollout.maxSurge),
        maxUnavailable: toPercentOrAbsolute(plan.rollout.maxUnavailable),
      }),
    });
    this.plan = plan;
    this.warnings = applyPlanToWorkload(this, plan).warnings;
    this.autoDisruptionBudget = (props.podDisruptionBudget ?? 'auto') === 'auto';
    // An autoscaler marks the Deployment only after construction (markHasAutoscaler below decides again then).
    if (wantsDisruptionBudget(this.replicas ?? DEFAULT_REPLICAS)) this.addDisruptionBudget();
  }

  /** The PodDisruptionBudget, when one was created (`podDisruptionBudget: 'auto'`; see `wantsDisruptionBudget`). */
  public get podDisruptionBudget(): kplus.k8s.KubePodDisruptionBudget | undefined {
    return this.disruptionBudget;
  }

  /**
   * Called by a HorizontalPodAutoscaler that targets this Deployment (after construction): the replica count is
   * then the autoscaler's, so the PodDisruptionBudget decision is made again, as for an unknown count.
   */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    if (wantsDisruptionBudget(undefined)) this.addDisruptionBudget();
  }

  private addDisruptionBudget(): void {
    if (!this.autoDisruptionBudget || this.disruptionBudget !== undefined) return;
    this.disruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(this.plan.podDisruptionBudget.maxUnavailable),
        // Resolved at synthesis: the selector may still change after construction.
        selector: { matchLabels: Lazy.any({ produce: () => this.matchLabels }) as unknown as Record<string, string> },
      },
    });
  }

  /**
   * Exposes the pods through a Service that carries the plan's load-balancer annotations. When those
   * annotations only act on a load balancer (aws-nlb, alibaba-clb, alibaba-nlb: `plan.serviceType`), the
   * Service type defaults to `LoadBalancer`, and another `serviceType` is an error.
   */
  public exposeViaService(options?: kplus.DeploymentExposeViaServiceOptions): kplus.Service {
    const service = super.exposeViaService(withPlannedServiceType(this.plan, options));
    for (const [key, value] of Object.entries(this.plan.serviceAnnotations)) service.metadata.addAnnotation(key, value);
    return service;
  }

  /** Exposes the pods through an Ingress (and a Service) that carry the plan's load-balancer annotations. */
  public exposeViaIngress(path: string, options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    const ingress = super.exposeViaIngress(path, options);
    for (const [key, value] of Object.entries(this.plan.ingressAnnotations)) ingress.metadata.addAnnotation(key, value);
    return ingress;
  }
}

/** The plan's Service type over the user's options; a different explicit type would drop the annotations silently. */
function withPlannedServiceType(plan: ShutdownPlan, options: kplus.DeploymentExposeViaServiceOptions = {}): kplus.DeploymentExposeViaServiceOptions {
  if (plan.serviceType === undefined) return options;
  if (options.serviceType !== undefined && options.serviceType !== plan.serviceType) {
    const sources = plan.trafficAnnotations.filter((a) => a.serviceType).map((a) => a.source).join(', ');
    throw new GracefulConfigError(
      'exposeViaService.serviceType',
      options.serviceType,
      `is ${options.serviceType} but the ${sources} annotations act only on a Service of type ${plan.serviceType}; ` +
        `remove serviceType or set it to ${plan.serviceType}`,
    );
  }
  return { ...options, serviceType: kplus.ServiceType.LOAD_BALANCER };
}

function shutdownSpecOf(props: GracefulDeploymentProps): ShutdownSpec {
  if (props.shutdown == null) {
    throw new GracefulConfigError('shutdown', props.shutdown, 'is required: give at least { appShutdownTimeout: \'30s\' }');
  }
  const rollout = rolloutOf(props);
  const spec: ShutdownSpec = rollout === props.shutdown.rollout ? props.shutdown : { ...props.shutdown, rollout };
  if (props.terminationGracePeriod === undefined) return spec;
  if (props.shutdown.terminationGracePeriod !== undefined) {
    throw new GracefulConfigError(
      'terminationGracePeriod',
      props.terminationGracePeriod.toSeconds(),
      'is set both on the Deployment and in shutdown.terminationGracePeriod; keep one of them',
    );
  }
  return { ...spec, terminationGracePeriod: props.terminationGracePeriod };
}

/**
 * The Deployment's own rollout props (`strategy`, `minReady`, `progressDeadline`) are kept where they fit the
 * plan: they become `shutdown.rollout` values (and go through its validation). A Recreate strategy stops every
 * old pod before a new one is ready, so it is refused; a value set in both places must agree.
 */
function rolloutOf(props: GracefulDeploymentProps): RolloutSpec | undefined {
  const given = props.shutdown.rollout;
  // The props type leaves these out, but JavaScript callers (and casts) can pass them.
  const { strategy, minReady, progressDeadline } = props as Pick<kplus.DeploymentProps, 'strategy' | 'minReady' | 'progressDeadline'>;
  const fromProps: { -readonly [K in keyof RolloutSpec]: RolloutSpec[K] } = {};
  if (strategy !== undefined) {
    const kube = strategy._toKube();
    if (kube.type !== 'RollingUpdate') {
      throw new GracefulConfigError(
        'strategy',
        kube.type,
        `is ${JSON.stringify(kube.type)}: every old pod is stopped before a new one is ready, so requests fail during each rollout; ` +
          'remove strategy and set shutdown.rollout (maxSurge, maxUnavailable) if the planned rolling update does not fit',
      );
    }
    const rolling = kube.rollingUpdate as { maxSurge?: { value?: number | string }; maxUnavailable?: { value?: number | string } } | undefined;
    if (rolling?.maxSurge?.value !== undefined) fromProps.maxSurge = rolling.maxSurge.value;
    if (rolling?.maxUnavailable?.value !== undefined) fromProps.maxUnavailable = rolling.maxUnavailable.value;
  }
  if (minReady !== undefined) fromProps.minReady = minReady.toSeconds();
  if (progressDeadline !== undefined) fromProps.progressDeadline = progressDeadline.toSeconds();
  if (Object.keys(fromProps).length === 0) return given;
  for (const key of Object.keys(fromProps) as Array<keyof RolloutSpec>) {
    const ours = given?.[key];
    if (ours !== undefined && JSON.stringify(ours) !== JSON.stringify(fromProps[key])) {
      throw new GracefulConfigError(
        `shutdown.rollout.${key}`,
        ours,
        `is ${JSON.stringify(ours)} but the Deployment's own ${key === 'maxSurge' || key === 'maxUnavailable' ? 'strategy' : key} says ` +
          `${JSON.stringify(fromProps[key])}; keep one of them`,
      );
    }
  }
  return { ...given, ...fromProps };
}

function toPercentOrAbsolute(value: number | string): kplus.PercentOrAbsolute {
  return typeof value === 'number' ? kplus.PercentOrAbsolute.absolute(value) : kplus.PercentOrAbsolute.percent(Number(value.slice(0, -1)));
}
