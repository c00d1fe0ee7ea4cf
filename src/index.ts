// The public API of `graceful-k8s` (the core, no framework). A deliberate list: the rest of src/core is
// internal to the adapters, the audit and the CLI. docs/api/graceful-k8s.api.md records this surface, and a
// test fails when it changes without the report (npm run api-report).

// Planning
export { planShutdown, isShutdownPlan, planWarning, unacknowledged } from './core/plan';
export type { ShutdownPlan, PlanOptions, PlanWarning, PlanDecision } from './core/plan';
export { GracefulError, GracefulConfigError } from './core/errors';

// The spec
export type {
  ShutdownSpec,
  RolloutSpec,
  PreStopCommand,
  IntOrPercent,
  ImageKind,
  PreStopStrategy,
  PodManagementPolicy,
  StatefulSetRolloutSettings,
} from './core/spec';
export { DEFAULTS, DEFAULT_COPIED_SLEEP_IMAGE, IMAGE_KINDS, POD_MANAGEMENT_POLICIES, PRESTOP_STRATEGIES } from './core/spec';
export { MAX_UNAVAILABLE_STATEFULSET_MINOR } from './core/statefulset-rollout';
export type { DurationInput, DurationLike } from './core/duration';
export { MAX_DURATION_SECONDS, toWholeSeconds } from './core/duration';
export type { KubernetesVersionInput } from './core/kubernetes-version';
export type { TrafficSource, LoadBalancerTrafficSource, NacosTrafficSource, TrafficKind, TrafficAnnotations, AnnotationTarget } from './core/traffic';
export { TRAFFIC_KINDS } from './core/traffic';
export type { FrameworkPreset, FrameworkKind, QuitVia, AppSetting } from './core/framework';
export { FRAMEWORK_KINDS, QUIT_VIAS, STOP_SIGNAL_MINOR } from './core/framework';
export type { SidecarPreset, SidecarKind, ResolvedSidecar } from './core/sidecar';
export { SIDECAR_KINDS, NATIVE_SIDECAR_MINOR } from './core/sidecar';

// What a plan holds
export type { PreStopMechanism, PreStopStep } from './core/prestop';
export { NATIVE_SLEEP_MINOR, COPIED_SLEEP, DRAIN_DELAY_ENV } from './core/prestop';
export { SHUTDOWN_TIMEOUT_ENV } from './core/env';
export type { RolloutPlan } from './core/rollout';
export type { RolloutEstimate } from './core/rollout-estimate';
export { estimateRollout } from './core/rollout-estimate';
export type { ProbePlan } from './core/probes';
export type { Container, EnvVar, LifecycleHandler, PodSpec, Volume, VolumeMount, WorkloadSpec } from './core/k8s-types';

// Rendering a plan onto plain Kubernetes objects, and the rules every adapter follows
export type { WorkloadKind } from './core/workload-kind';
export { WORKLOAD_KINDS } from './core/workload-kind';
export { applyPlanToPodSpec, applyPlanToWorkloadSpec } from './core/apply';
export type { ExistingGracePeriod, WorkloadPlan } from './core/workload-grace-period';
export { planForWorkload } from './core/workload-grace-period';
export type { WorkloadRollout, WorkloadRolloutFields } from './core/workload-rollout';
export { checkPlanKeepsRollout, specWithWorkloadRollout, workloadRolloutOf } from './core/workload-rollout';
export type { ContainerFacts, WorkloadFacts } from './core/workload';
export { checkWorkload, factsFromContainer, factsFromWorkloadSpec } from './core/workload';
export { DEFAULT_REPLICAS, UNHEALTHY_POD_EVICTION_POLICY_MINOR, wantsDisruptionBudget } from './core/disruption-budget';
export type { PodDisruptionBudgetPlan } from './core/disruption-budget';
export { DEFAULT_STATEFULSET_REPLICAS, defaultReplicas } from './core/default-replicas';
export type { RolloutBounds } from './core/rollout-bounds';
export { resolveRolloutBounds } from './core/rollout-bounds';
