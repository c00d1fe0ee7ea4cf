// ~~ Copied from src/cdk8s-common/planned-service.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { Construct } from 'constructs';
import { GracefulConfigError, type Container, type ShutdownPlan } from './core';
import type { ApiObjectMetadataHolder, Cdk8sPlusLine } from './cdk8s-plus-line';

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

/** A Service port as every line's `ServicePort` has it. @internal */
export interface ServicePortSurface {
  readonly port: number;
  readonly targetPort?: number;
  readonly protocol?: string;
  readonly name?: string;
}

/** What GracefulStatefulSet.exposeViaService takes, as every line's `DeploymentExposeViaServiceOptions` has it. @internal */
export interface ExposeOptionsSurface extends ServiceTypeOptions {
  readonly ports?: readonly ServicePortSurface[];
  readonly name?: string;
}

/**
 * GracefulStatefulSet.exposeViaService on any line: a Service over the StatefulSet's pods (next to its governing
 * headless Service, which keeps no annotation, as the Pulumi GracefulStatefulSet's) with the plan's Service type and
 * annotations, like GracefulDeployment.exposeViaService. Ports: the given ones, else every container port.
 * @internal
 */
export function exposeStatefulSetViaService(
  line: Cdk8sPlusLine,
  statefulSet: Construct & { readonly containers: ReadonlyArray<{ _toKube(): unknown }>; readonly metadata: { readonly namespace?: string } },
  plan: ShutdownPlan,
  options: ExposeOptionsSurface = {},
): ApiObjectMetadataHolder {
  const planned = withPlannedServiceType(line, plan, options);
  const ports = planned.ports ?? statefulSet.containers.flatMap((c) => ((c._toKube() as Container).ports ?? []).map((p) => ({
    port: p.containerPort, targetPort: p.containerPort, ...(p.protocol ? { protocol: p.protocol } : {}), ...(p.name ? { name: p.name } : {}),
  })));
  if (ports.length === 0) {
    throw new GracefulConfigError('exposeViaService.ports', undefined, 'cannot be derived: no container has a port; pass ports, e.g. [{ port: 80, targetPort: 8080 }]');
  }
  const service = new line.kplus.Service(statefulSet, `${planned.name ?? ''}ExposedService`, {
    selector: statefulSet,
    ports,
    metadata: { namespace: statefulSet.metadata.namespace, ...(planned.name ? { name: planned.name } : {}) },
    type: planned.serviceType ?? line.kplus.ServiceType.CLUSTER_IP,
  });
  addPlannedAnnotations(service.metadata, plan.serviceAnnotations);
  return service;
}

function annotationSources(plan: ShutdownPlan): string {
  return plan.trafficAnnotations.filter((a) => a.serviceType).map((a) => a.source).join(', ');
}
