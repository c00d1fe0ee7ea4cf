/*
 * The few plain Kubernetes object shapes the planner produces and transforms (core/v1 and apps/v1,
 * field names as in the API reference). Kept structural and minimal on purpose: the core imports
 * no Kubernetes client library, and both adapters feed these objects to their own typed builders.
 * Each field mirrors the Kubernetes field of the same name: k8s.io/api `core/v1/types.go` (ExecAction,
 * SleepAction, LifecycleHandler, EnvVar, VolumeMount, Volume, Container, PodSpec, PodTemplateSpec) and
 * `apps/v1/types.go` (DeploymentSpec, StatefulSetSpec); https://kubernetes.io/docs/reference/kubernetes-api/.
 * The index signatures keep every field the planner does not read, so a transform never drops one.
 */

/** core/v1 ExecAction: `lifecycle.preStop.exec` of a Container. */
export interface ExecAction {
  /** `exec.command` of a core/v1 ExecAction: the argv run in the container (no shell unless it names one). */
  readonly command: string[];
}

/** core/v1 SleepAction: `lifecycle.preStop.sleep` of a Container (KEP-3960). */
export interface SleepAction {
  /** `sleep.seconds` of a core/v1 SleepAction: how long the kubelet waits, in seconds. */
  readonly seconds: number;
}

/** core/v1 LifecycleHandler (exec, sleep; httpGet is not produced by the planner). */
export interface LifecycleHandler {
  /** `exec` of a core/v1 LifecycleHandler: a command run in the container. */
  readonly exec?: ExecAction;
  /** `sleep` of a core/v1 LifecycleHandler: a pause done by the kubelet, no binary needed in the image. */
  readonly sleep?: SleepAction;
  /** The other handler fields of a core/v1 LifecycleHandler (`httpGet`, `tcpSocket`), kept as given. */
  readonly [key: string]: unknown;
}

/** core/v1 EnvVar: one entry of `spec.template.spec.containers[].env` of a core/v1 Container. */
export interface EnvVar {
  /** `env[].name` of a core/v1 Container: the variable's name. */
  readonly name: string;
  /** `env[].value` of a core/v1 Container: a literal value. */
  readonly value?: string;
  /** `env[].valueFrom` of a core/v1 Container: a value read at pod start (the plan uses `fieldRef`, e.g. `status.podIP`). */
  readonly valueFrom?: { readonly fieldRef?: { readonly fieldPath: string; readonly apiVersion?: string }; readonly [key: string]: unknown };
}

/** core/v1 VolumeMount: one entry of `spec.template.spec.containers[].volumeMounts` of a core/v1 Container. */
export interface VolumeMount {
  /** `volumeMounts[].name` of a core/v1 Container: the pod volume to mount. */
  readonly name: string;
  /** `volumeMounts[].mountPath` of a core/v1 Container: where in the container it appears. */
  readonly mountPath: string;
  /** `volumeMounts[].readOnly` of a core/v1 Container. */
  readonly readOnly?: boolean;
}

/** core/v1 Volume: one entry of `spec.template.spec.volumes` of a core/v1 PodSpec. */
export interface Volume {
  /** `volumes[].name` of a core/v1 PodSpec. */
  readonly name: string;
  /** `volumes[].emptyDir` of a core/v1 PodSpec: a scratch directory that lives as long as the pod. */
  readonly emptyDir?: { readonly medium?: string; readonly sizeLimit?: string };
  /** The other volume sources of a core/v1 Volume (`configMap`, `secret`, ...), kept as given. */
  readonly [key: string]: unknown;
}

/** core/v1 Container: one entry of `spec.template.spec.containers` (or `initContainers`) of a core/v1 PodSpec. */
export interface Container {
  /** `spec.template.spec.containers[].name` of a core/v1 Container. */
  readonly name: string;
  /** `spec.template.spec.containers[].image` of a core/v1 Container. */
  readonly image?: string;
  /** `spec.template.spec.containers[].command` of a core/v1 Container: replaces the image's ENTRYPOINT. */
  readonly command?: string[];
  /** `spec.template.spec.containers[].args` of a core/v1 Container: replaces the image's CMD. */
  readonly args?: string[];
  /** `spec.template.spec.containers[].env` of a core/v1 Container. */
  readonly env?: EnvVar[];
  /** `spec.template.spec.containers[].volumeMounts` of a core/v1 Container. */
  readonly volumeMounts?: VolumeMount[];
  /** `spec.template.spec.containers[].lifecycle` of a core/v1 Container (`preStop`, `postStart`, `stopSignal`). */
  readonly lifecycle?: { readonly preStop?: LifecycleHandler; readonly postStart?: LifecycleHandler; readonly [key: string]: unknown };
  /** `spec.template.spec.containers[].readinessProbe` of a core/v1 Container, kept as given. */
  readonly readinessProbe?: Record<string, unknown>;
  /** `spec.template.spec.containers[].livenessProbe` of a core/v1 Container, kept as given. */
  readonly livenessProbe?: Record<string, unknown>;
  /** `spec.template.spec.containers[].startupProbe` of a core/v1 Container, kept as given. */
  readonly startupProbe?: Record<string, unknown>;
  /** `spec.template.spec.initContainers[].restartPolicy` of a core/v1 Container: `Always` makes a native sidecar (KEP-753). */
  readonly restartPolicy?: string;
  /** `spec.template.spec.containers[].ports` of a core/v1 Container: named ports resolve probe ports. */
  readonly ports?: ReadonlyArray<{ readonly name?: string; readonly containerPort?: number; readonly [key: string]: unknown }>;
  /** The other fields of a core/v1 Container (`resources`, `securityContext`, ...), kept as given. */
  readonly [key: string]: unknown;
}

/** core/v1 PodSpec: `spec.template.spec` of a workload. */
export interface PodSpec {
  /** `spec.template.spec.containers` of a core/v1 PodSpec: the app containers. */
  readonly containers: Container[];
  /** `spec.template.spec.initContainers` of a core/v1 PodSpec (native sidecars included). */
  readonly initContainers?: Container[];
  /** `spec.template.spec.volumes` of a core/v1 PodSpec. */
  readonly volumes?: Volume[];
  /** `spec.template.spec.terminationGracePeriodSeconds` of a core/v1 PodSpec, in seconds (Kubernetes' default 30, core/v1 `types.go`). */
  readonly terminationGracePeriodSeconds?: number;
  /** The other fields of a core/v1 PodSpec (`securityContext`, `os`, ...), kept as given. */
  readonly [key: string]: unknown;
}

/** core/v1 PodTemplateSpec: `spec.template` of a workload. */
export interface PodTemplateSpec {
  /** `spec.template.metadata` of a workload (labels, annotations), kept as given. */
  readonly metadata?: Record<string, unknown>;
  /** `spec.template.spec` of a workload: the pod's spec. */
  readonly spec: PodSpec;
}

/** apps/v1 DeploymentSpec or StatefulSetSpec, as far as the plan touches them. */
export interface WorkloadSpec {
  /** `spec.replicas` of an apps/v1 Deployment or StatefulSet, in pods (Kubernetes' default 1, apps/v1 `types.go`). */
  readonly replicas?: number;
  /** `spec.template` of an apps/v1 Deployment or StatefulSet: the pod template. */
  readonly template: PodTemplateSpec;
  /** `spec.minReadySeconds` of an apps/v1 Deployment or StatefulSet, in seconds. */
  readonly minReadySeconds?: number;
  /** `spec.progressDeadlineSeconds` of an apps/v1 Deployment (StatefulSets have none), in seconds. */
  readonly progressDeadlineSeconds?: number;
  /** `spec.strategy` of an apps/v1 Deployment (StatefulSets use `updateStrategy`), kept as given outside what the plan sets. */
  readonly strategy?: Record<string, unknown>;
  /** The other fields of an apps/v1 DeploymentSpec or StatefulSetSpec (`selector`, `serviceName`, ...), kept as given. */
  readonly [key: string]: unknown;
}
