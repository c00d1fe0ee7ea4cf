import type { EnvVar } from './k8s-types';

/**
 * The env var that tells the app its own shutdown budget in whole seconds: max(appShutdownTimeout,
 * longConnectionBudget). The app should give up on remaining work by itself once this much time
 * has passed after the stop signal, so it exits before SIGKILL.
 * @internal
 */
export const SHUTDOWN_TIMEOUT_ENV = 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS';

/**
 * Downward-API env for registries and logs
 * (https://kubernetes.io/docs/concepts/workloads/pods/downward-api/#downwardapi-fieldRef).
 * @internal
 */
export const DOWNWARD_API_ENV: readonly EnvVar[] = [
  { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
];

/**
 * The env every app container gets.
 * @internal
 */
export function planEnv(appBudgetSeconds: number, extra: readonly EnvVar[]): readonly EnvVar[] {
  return [...DOWNWARD_API_ENV, { name: SHUTDOWN_TIMEOUT_ENV, value: String(appBudgetSeconds) }, ...extra];
}
