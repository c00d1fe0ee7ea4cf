import { ApiObject, Duration, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-34';
import type { Construct } from 'constructs';
import {
  applyPlanToWorkloadSpec,
  checkWorkload,
  DEFAULT_REPLICAS,
  factsFromContainer,
  GracefulConfigError,
  planShutdown,
  wantsDisruptionBudget,
  type Container,
  type PlanWarning,
  type ShutdownPlan,
  type ShutdownSpec,
} from 'graceful-k8s';
import { PodDisruptionBudgetPolicy } from './shared/enums';
import type { ShutdownProps } from './shared/shutdown-props';
import { toShutdownSpec } from './shared/to-shutdown-spec';

/**
 * Props of {@link GracefulDeployment}: cdk8s-plus-34's `DeploymentProps` plus `shutdown`. `strategy`, `minReady` and
 * `progressDeadline` come from the plan: set them in `shutdown.rollout` (given here, they are refused).
 */
export interface GracefulDeploymentProps extends kplus.DeploymentProps {
  /** The numbers the plan is derived from. */
  readonly shutdown: ShutdownProps;

  /**
   * Whether to create a PodDisruptionBudget (policy/v1, `maxUnavailable` from the plan) over the
   * pods: `AUTO` creates one when the Deployment has 2 or more replicas or an autoscaler.
   * @default PodDisruptionBudgetPolicy.AUTO
   */
  readonly podDisruptionBudget?: PodDisruptionBudgetPolicy;
}

/** The construct metadata type under which plan warnings are recorded (as in graceful-k8s/cdk8s). */
const WARNING_METADATA_TYPE = 'graceful-k8s:warning';

/**
 * A cdk8s-plus-34 `Deployment` that shuts down without dropping requests: every app container gets the planned
 * preStop and env, the pod the planned grace period (and the copied sleep's init container and volume when
 * needed), the Deployment the planned rolling update. The plan comes from graceful-k8s's core (bundled).
 */
export class GracefulDeployment extends kplus.Deployment {
  /** The planned `terminationGracePeriodSeconds`, in seconds. */
  public readonly terminationGracePeriodSeconds: number;
  /** The plan's and this workload's warnings, as `[code] message` (also recorded as construct metadata). */
  public readonly warnings: string[];
  private readonly shutdownPlan: ShutdownPlan;
  private disruptionBudget?: kplus.k8s.KubePodDisruptionBudget;
  private readonly autoDisruptionBudget: boolean;

  constructor(scope: Construct, id: string, props: GracefulDeploymentProps) {
    const plan = planShutdown(shutdownSpecOf(props));
    super(scope, id, {
      ...props,
      terminationGracePeriod: Duration.seconds(plan.terminationGracePeriodSeconds),
      minReady: Duration.seconds(plan.rollout.minReadySeconds),
      progressDeadline: Duration.seconds(plan.rollout.progressDeadlineSeconds),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: toPercentOrAbsolute(plan.rollout.maxSurge),
        maxUnavailable: toPercentOrAbsolute(plan.rollout.maxUnavailable),
      }),
    });
    this.shutdownPlan = plan;
    this.terminationGracePeriodSeconds = plan.terminationGracePeriodSeconds;
    const facts = {
      kind: 'Deployment' as const,
      replicas: this.replicas ?? DEFAULT_REPLICAS,
      containers: this.containers.map((c) => factsFromContainer(c._toKube() as Container)),
    };
    const warnings: PlanWarning[] = [...plan.warnings, ...checkWorkload(plan, facts)];
    this.warnings = warnings.map((w) => `[${w.code}] ${w.message}`);
    for (const warning of this.warnings) this.node.addMetadata(WARNING_METADATA_TYPE, warning);
    renderAtSynthesis(ApiObject.of(this), plan);
    this.autoDisruptionBudget = (props.podDisruptionBudget ?? PodDisruptionBudgetPolicy.AUTO) === PodDisruptionBudgetPolicy.AUTO;
    if (wantsDisruptionBudget(this.replicas ?? DEFAULT_REPLICAS)) this.addDisruptionBudget();
  }

  /** The plan in words: every number, where it comes from, and the shutdown timeline. */
  public explain(): string {
    return this.shutdownPlan.explain();
  }

  /** Called by a HorizontalPodAutoscaler that targets this Deployment: the PodDisruptionBudget is decided again. */
  public markHasAutoscaler(): void {
    super.markHasAutoscaler();
    if (wantsDisruptionBudget(undefined)) this.addDisruptionBudget();
  }

  /** Exposes the pods through a Service that carries the plan's load-balancer annotations. */
  public exposeViaService(options: kplus.DeploymentExposeViaServiceOptions = {}): kplus.Service {
    const planned = this.shutdownPlan.serviceType;
    if (planned !== undefined && options.serviceType !== undefined && options.serviceType !== planned) {
      throw new GracefulConfigError(
        'exposeViaService.serviceType',
        options.serviceType,
        `is ${options.serviceType} but the plan's load-balancer annotations act only on a Service of type ${planned}; remove serviceType or set it to ${planned}`,
      );
    }
    const service = super.exposeViaService(planned === undefined ? options : { ...options, serviceType: kplus.ServiceType.LOAD_BALANCER });
    for (const [key, value] of Object.entries(this.shutdownPlan.serviceAnnotations)) service.metadata.addAnnotation(key, value);
    return service;
  }

  /** Exposes the pods through an Ingress (and a Service) that carry the plan's load-balancer annotations. */
  public exposeViaIngress(path: string, options?: kplus.ExposeDeploymentViaIngressOptions): kplus.Ingress {
    const ingress = super.exposeViaIngress(path, options);
    for (const [key, value] of Object.entries(this.shutdownPlan.ingressAnnotations)) ingress.metadata.addAnnotation(key, value);
    return ingress;
  }

  private addDisruptionBudget(): void {
    if (!this.autoDisruptionBudget || this.disruptionBudget !== undefined) return;
    this.disruptionBudget = new kplus.k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(this.shutdownPlan.podDisruptionBudget.maxUnavailable),
        // Resolved at synthesis: the selector may still change after construction.
        selector: { matchLabels: Lazy.any({ produce: () => this.matchLabels }) as unknown as Record<string, string> },
      },
    });
  }
}

function shutdownSpecOf(props: GracefulDeploymentProps): ShutdownSpec {
  for (const field of ['strategy', 'minReady', 'progressDeadline'] as const) {
    if (props[field] !== undefined) {
      throw new GracefulConfigError(field, String(props[field]), `comes from the plan: remove ${field} and set shutdown.rollout instead`);
    }
  }
  if (props.shutdown == null) {
    throw new GracefulConfigError('shutdown', props.shutdown, 'is required: give at least { appShutdownTimeout: Duration.seconds(30) }');
  }
  const spec = toShutdownSpec(props.shutdown);
  if (props.terminationGracePeriod === undefined) return spec;
  if (spec.terminationGracePeriod !== undefined) {
    throw new GracefulConfigError(
      'terminationGracePeriod',
      props.terminationGracePeriod.toSeconds(),
      'is set both on the Deployment and in shutdown.terminationGracePeriod; keep one of them',
    );
  }
  return { ...spec, terminationGracePeriod: props.terminationGracePeriod };
}

/** Applies the plan to the Deployment's synthesized spec (the core's applyPlanToWorkloadSpec). */
function renderAtSynthesis(apiObject: ApiObject, plan: ShutdownPlan): void {
  const toJson = apiObject.toJson.bind(apiObject);
  apiObject.toJson = () => {
    const manifest = toJson();
    return { ...manifest, spec: applyPlanToWorkloadSpec(manifest.spec, plan, 'Deployment') };
  };
}

function toPercentOrAbsolute(value: number | string): kplus.PercentOrAbsolute {
  return typeof value === 'number' ? kplus.PercentOrAbsolute.absolute(value) : kplus.PercentOrAbsolute.percent(Number(value.slice(0, -1)));
}
