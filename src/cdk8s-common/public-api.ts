/*
 * The shared part of every line's entry point (graceful-k8s/cdk8s-plus-27, graceful-k8s/cdk8s-plus-32, -33, -34): the
 * jsii-ready props, the warnings helpers and AppliedShutdownPlan. The glue's internals are not in this list.
 */
export { type AppliedShutdownPlan } from './apply-plan-to-workload';
export { AppImage, GracefulQuit, PodDisruptionBudgetPolicy, PreStopMode } from './enums';
export { Framework, type GracefulQuitOptions } from './framework';
export { PodCount } from './pod-count';
export { type PreStopCommandProps, type RolloutProps, type ShutdownProps } from './shutdown-props';
export { Sidecar, type SidecarOptions } from './sidecar';
export { Traffic, type LoadBalancerTrafficOptions, type NacosTrafficOptions, type TrafficOptions } from './traffic';
export { collectWarnings, WARNING_METADATA_TYPE } from './warnings';
