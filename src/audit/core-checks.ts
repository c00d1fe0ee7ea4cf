import { checkWorkload, type Container, type PlanWarning, type ShutdownPlan, type WorkloadFacts } from '../core';
import { planFor } from './container-plan';
import type { AuditContext } from './context';
import type { RuleFinding } from './finding';
import { containerPath, isRecord, type AuditedWorkload } from './workload';

/**
 * The core's workload warnings (`checkWorkload`) for one container, so the audit and the adapters
 * say the same thing with the same numbers. The container's own preStop is left out of the facts:
 * in a hand-written manifest it is the thing audited, not a conflict with a plan being applied.
 */
export function coreContainerWarnings(plan: ShutdownPlan, container: Container): PlanWarning[] {
  const facts: WorkloadFacts = {
    kind: 'Deployment',
    replicas: undefined,
    containers: [{
      name: container.name,
      readinessProbe: comparableProbe(container, container.readinessProbe),
      livenessProbe: comparableProbe(container, container.livenessProbe),
    }],
  };
  return checkWorkload(plan, facts);
}

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
 */
export function comparableProbe(container: Container, probe: unknown): unknown {
  if (!isRecord(probe)) return probe;
  const ports = Array.isArray(container.ports) ? (container.ports as unknown[]).filter(isRecord) : [];
  const port = (value: unknown) => (typeof value === 'string' ? ports.find((p) => p.name === value)?.containerPort ?? value : value);
  const handler = (key: string, value: unknown): unknown => {
    if (!isRecord(value)) return value;
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
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
}

/** The core's replica-count warnings (`checkWorkload` with no containers). */
export function coreReplicaWarnings(plan: ShutdownPlan, replicas: number): PlanWarning[] {
  return checkWorkload(plan, { kind: 'Deployment', replicas, containers: [] });
}

/**
 * One finding per listed container for which the core's `checkWorkload` gives a warning of `code`,
 * located at `containers[i].<field>`; the core's message reads `problem; fix` and is split there.
 */
export function coreWarningFindings(
  workload: AuditedWorkload,
  context: AuditContext,
  code: string,
  containerIndexes: readonly number[],
  field: string,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const i of containerIndexes) {
    const container = workload.podSpec.containers[i];
    const plan = planFor(workload, container, context).plan;
    for (const warning of coreContainerWarnings(plan, container)) {
      if (warning.code !== code) continue;
      const at = warning.message.lastIndexOf('; ');
      const [message, fix] = at < 0 ? [warning.message, ''] : [warning.message.slice(0, at), warning.message.slice(at + 2)];
      findings.push({ severity: 'warning', container: container.name, path: containerPath(workload, i, field), message, fix });
    }
  }
  return findings;
}
