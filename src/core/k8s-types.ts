/*
 * The few plain Kubernetes object shapes the planner produces and transforms (core/v1 and apps/v1,
 * field names as in the API reference). Kept structural and minimal on purpose: the core imports
 * no Kubernetes client library, and both adapters feed these objects to their own typed builders.
 */

export interface ExecAction {
  readonly command: string[];
}

export interface SleepAction {
  readonly seconds: number;
}

/** core/v1 LifecycleHandler (exec, sleep; httpGet is not produced by the planner). */
export interface LifecycleHandler {
  readonly exec?: ExecAction;
  readonly sleep?: SleepAction;
  readonly [key: string]: unknown;
}

export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string }; readonly [key: string]: unknown };
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

export interface Volume {
  readonly name: string;
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  readonly [key: string]: unknown;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: EnvVar[];
  readonly volumeMounts?: VolumeMount[];
  readonly lifecycle?: { readonly preStop?: LifecycleHandler; readonly postStart?: LifecycleHandler; readonly [key: string]: unknown };
  readonly readinessProbe?: Record<string, unknown>;
  readonly livenessProbe?: Record<string, unknown>;
  readonly startupProbe?: Record<string, unknown>;
  readonly restartPolicy?: string;
  /** `ports` of a core/v1 Container: named ports resolve probe ports. */
  readonly ports?: ReadonlyArray<{ readonly name?: string; readonly containerPort?: number; readonly [key: string]: unknown }>;
  readonly [key: string]: unknown;
}

export interface PodSpec {
  readonly containers: Container[];
  readonly initContainers?: Container[];
  readonly volumes?: Volume[];
  readonly terminationGracePeriodSeconds?: number;
  readonly [key: string]: unknown;
}

export interface PodTemplateSpec {
  readonly metadata?: Record<string, unknown>;
  readonly spec: PodSpec;
}

/** apps/v1 DeploymentSpec or StatefulSetSpec, as far as the plan touches them. */
export interface WorkloadSpec {
  readonly replicas?: number;
  readonly template: PodTemplateSpec;
  readonly minReadySeconds?: number;
  readonly progressDeadlineSeconds?: number;
  readonly strategy?: Record<string, unknown>;
  readonly [key: string]: unknown;
}
