// The public API of `graceful-k8s` (the core, no framework). A deliberate list: what a user needs to plan a shutdown
// and render it onto plain Kubernetes objects, the types of the spec and the plan, and the errors. The rest of
// src/core is internal to the adapters, the audit and the CLI, which import it from its modules (src/core/index.ts),
// never from here. docs/api/graceful-k8s.api.md records this surface, and a test fails when it changes without the
// report (npm run api-report).

// Planning
export { planShutdown } from './core/plan';
export type { ShutdownPlan, PlanOptions } from './core/shutdown-plan';
export { planWarning, unacknowledged } from './core/plan-warning';
export type { PlanWarning, PlanDecision } from './core/plan-warning';
export { GracefulError, GracefulConfigError } from './core/errors';

// Rendering a plan onto plain Kubernetes objects
export { applyPlanToPodSpec, applyPlanToWorkloadSpec } from './core/apply';
export type { Container, EnvVar, LifecycleHandler, PodSpec, Volume, VolumeMount, WorkloadSpec } from './core/k8s-types';
export type { WorkloadKind } from './core/workload-kind';
export { WORKLOAD_KINDS } from './core/workload-kind';

// The spec, and the lists of values its union types are made of (for validating or offering choices)
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
export { DEFAULTS, IMAGE_KINDS, POD_MANAGEMENT_POLICIES, PRESTOP_STRATEGIES } from './core/spec';
export type { DurationInput, DurationLike } from './core/duration';
export type { KubernetesVersionInput } from './core/kubernetes-version';
export type { TrafficSource, LoadBalancerTrafficSource, NacosTrafficSource, TrafficKind, TrafficAnnotations, AnnotationTarget } from './core/traffic';
export { TRAFFIC_KINDS } from './core/traffic';
export type { FrameworkPreset, FrameworkKind, QuitVia, AppSetting } from './core/framework';
export { FRAMEWORK_KINDS, QUIT_VIAS } from './core/framework';
export type { SidecarPreset, SidecarKind, ResolvedSidecar } from './core/sidecar';
export { SIDECAR_KINDS } from './core/sidecar';

// What a plan holds
export type { PreStopMechanism, PreStopStep } from './core/prestop';
export type { RolloutPlan } from './core/rollout';
export type { RolloutEstimate } from './core/rollout-estimate';
export type { ProbePlan } from './core/probes';
export type { PodDisruptionBudgetPlan } from './core/disruption-budget';
