// ~~ Copied from src/cdk8s-common/planned-service.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import { GracefulConfigError, planWarning, type PlanWarning, type ShutdownPlan } from './core';
import type { Cdk8sPlusLine } from './cdk8s-plus-line';

/** A Service's options or props on any line, by the one field the plan decides. @internal */
export interface ServiceTypeOptions {
  readonly serviceType?: string;
}

/**
 * The plan's Service type over the user's options (GracefulDeployment.exposeViaService); a different explicit
 * type would drop the load-balancer annotations silently, so it is an error.
 * @internal
 */
export function withPlannedServiceType<T extends ServiceTypeOptions>(line: Cdk8sPlusLine, plan: ShutdownPlan, options: T = {} as T): T {
  if (plan.serviceType === undefined) return options;
  if (options.serviceType !== undefined && options.serviceType !== plan.serviceType) {
    throw new GracefulConfigError(
      'exposeViaService.serviceType',
      options.serviceType,
      `is ${options.serviceType} but the ${annotationSources(plan)} annotations act only on a Service of type ${plan.serviceType}; ` +
        `remove serviceType or set it to ${plan.serviceType}`,
    );
  }
  return { ...options, serviceType: line.kplus.ServiceType.LOAD_BALANCER };
}

/**
 * Adds the plan's annotations to a Service's or Ingress's metadata.
 * @internal
 */
export function addPlannedAnnotations(
  metadata: { addAnnotation(key: string, value: string): unknown },
  annotations: Readonly<Record<string, string>>,
): void {
  for (const [key, value] of Object.entries(annotations)) metadata.addAnnotation(key, value);
}

/**
 * A StatefulSet's governing Service (given, or the headless one cdk8s-plus creates) carries the plan's Service
 * annotations like GracefulDeployment's exposed Service. When they act only on a LoadBalancer Service
 * (`plan.serviceType`) and the governing one is another type, that is legal but the annotations do nothing there:
 * a warning names them for the user's own load-balancer Service.
 * @internal
 */
export function statefulSetServiceWarnings(plan: ShutdownPlan, serviceType: string | undefined): PlanWarning[] {
  if (plan.serviceType === undefined || serviceType === plan.serviceType) return [];
  return [planWarning(
    'statefulset-service-type',
    `the ${annotationSources(plan)} annotations act only on a Service of type ${plan.serviceType}, but the StatefulSet's governing Service ` +
      `is ${serviceType ?? 'ClusterIP'}, so they do nothing there`,
    `put ${Object.keys(plan.serviceAnnotations).join(', ')} (plan.serviceAnnotations) on the ${plan.serviceType} Service in front of the pods`,
  )];
}

function annotationSources(plan: ShutdownPlan): string {
  return plan.trafficAnnotations.filter((a) => a.serviceType).map((a) => a.source).join(', ');
}
