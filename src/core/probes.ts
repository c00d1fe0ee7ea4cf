import type { Container } from './k8s-types';
import { isPlainObject } from './plain-object';

/** Probe timing the plan recommends (Kubernetes Probe fields, seconds). */
export interface ProbeTiming {
  /** `periodSeconds` of a core/v1 Probe: seconds between probes. */
  readonly periodSeconds: number;
  /** `timeoutSeconds` of a core/v1 Probe: seconds a probe may take before it counts as failed. */
  readonly timeoutSeconds: number;
  /** `failureThreshold` of a core/v1 Probe: failures in a row before the kubelet acts (marks the pod unready, or restarts it for liveness). */
  readonly failureThreshold: number;
  /** `successThreshold` of a core/v1 Probe: successes in a row before a failed probe passes again (1 for liveness and startup). */
  readonly successThreshold: number;
}

/** Recommended timing for each probe kind, with the reason a user can read. */
export interface ProbePlan {
  /** For `readinessProbe`: fails fast, so a struggling pod leaves rotation (period 5 s x failureThreshold 2 = 10 s). */
  readonly readiness: ProbeTiming;
  /** For `livenessProbe`: tolerant, so a slow dependency never restarts a pod (period 10 s x failureThreshold 6 = 60 s). */
  readonly liveness: ProbeTiming;
  /** For `startupProbe`: gives a slow starter time before liveness applies (period 5 s x failureThreshold 60 = 300 s). */
  readonly startup: ProbeTiming;
  /** Why these numbers, as a sentence. */
  readonly reason: string;
}

/**
 * Readiness reacts fast (a pod leaves rotation within ~10 s of failing); liveness is more tolerant
 * (60 s of failures before a restart), so a slow dependency makes a pod unready, not restarted;
 * the startup probe gives slow starters up to 5 minutes before liveness takes over
 * (https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/).
 * @internal
 */
export const PROBE_PLAN: ProbePlan = {
  readiness: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2, successThreshold: 1 },
  liveness: { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6, successThreshold: 1 },
  startup: { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 60, successThreshold: 1 },
  reason:
    'readiness fails fast (10 s) so routers stop sending to a struggling pod; liveness tolerates 60 s, so it never restarts a pod readiness ' +
    'already took out of rotation; the startup probe allows 300 s for slow starters before liveness applies',
};

/**
 * Probe fields Kubernetes defaults when omitted (core/v1 Probe in k8s.io/api/core/v1/types.go:
 * periodSeconds 10, timeoutSeconds 1, successThreshold 1, failureThreshold 3, initialDelaySeconds 0;
 * HTTPGetAction scheme HTTP).
 */
const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } as const;

/**
 * A probe as the kubelet runs it, for comparison: defaults filled, a named port resolved to the
 * container's number, HTTP headers left out (two probes of one endpoint that differ only in a header
 * fail together), keys sorted.
 * @internal
 */
export function comparableProbe(container: Pick<Container, 'ports'>, probe: unknown): unknown {
  if (!isPlainObject(probe)) return probe;
  const ports = Array.isArray(container.ports) ? (container.ports as unknown[]).filter(isPlainObject) : [];
  const port = (value: unknown) => (typeof value === 'string' ? ports.find((p) => p.name === value)?.containerPort ?? value : value);
  const handler = (key: string, value: unknown): unknown => {
    if (!isPlainObject(value)) return value;
    const { httpHeaders: _headers, ...rest } = value;
    return {
      ...(key === 'httpGet' ? { scheme: 'HTTP' } : {}),
      ...(key === 'httpGet' ? rest : value),
      ...('port' in value ? { port: port(value.port) } : {}),
    };
  };
  const filled: Record<string, unknown> = { ...PROBE_DEFAULTS };
  for (const [key, value] of Object.entries(probe)) filled[key] = ['httpGet', 'tcpSocket', 'grpc'].includes(key) ? handler(key, value) : value;
  return sortKeys(filled);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}
