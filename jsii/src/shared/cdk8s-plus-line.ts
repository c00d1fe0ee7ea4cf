// ~~ Copied from src/cdk8s-common/cdk8s-plus-line.ts by jsii/sync-shared.sh (only import paths differ). Edit that file.
import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { Cdk8sPlusLineFacts } from './cdk8s-plus-lines';

/**
 * The small surface the shared glue needs from one cdk8s-plus line's module (`import * as kplus from 'cdk8s-plus-NN'`):
 * every line has these members with these shapes. Results the glue only hands back to the same line are `unknown`.
 * @internal
 */
export interface Cdk8sPlusModule {
  /** To tell a StatefulSet from a Deployment. */
  readonly StatefulSet: abstract new (...args: never[]) => object;
  readonly DeploymentStrategy: { rollingUpdate(options?: { maxSurge?: any; maxUnavailable?: any }): unknown };
  readonly PercentOrAbsolute: { absolute(num: number): unknown; percent(percent: number): unknown };
  readonly ServiceType: { readonly LOAD_BALANCER: string; readonly CLUSTER_IP: string };
  readonly Service: new (scope: Construct, id: string, props: any) => ApiObjectMetadataHolder;
  readonly k8s: {
    readonly KubePodDisruptionBudget: new (scope: Construct, id: string, props: any) => ApiObject;
    readonly IntOrString: { fromNumber(value: number): unknown };
  };
}

/** A cdk8s-plus resource (a Service) by its metadata. @internal */
export interface ApiObjectMetadataHolder extends Construct {
  readonly metadata: { addAnnotation(key: string, value: string): unknown };
}

/** One cdk8s-plus line: its facts and its module. @internal */
export interface Cdk8sPlusLine extends Cdk8sPlusLineFacts {
  readonly kplus: Cdk8sPlusModule;
}
