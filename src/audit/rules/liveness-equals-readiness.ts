import { planForContainer } from '../container-plan';
import { coreContainerWarnings } from '../core-checks';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath } from '../workload';

/**
 * Liveness failures restart the container; readiness failures only take it out of Service
 * endpoints (https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/).
 */
export const livenessEqualsReadiness: AuditRule = {
  id: 'liveness-equals-readiness',
  defaultSeverity: 'warning',
  title: 'liveness and readiness probes are identical',
  description:
    'When both probes are the same, a slow dependency fails readiness and liveness together: the pod is restarted instead of being taken out ' +
    'of rotation, dropping every request it was serving. Liveness should be more tolerant than readiness.',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    workload.podSpec.containers.forEach((container, i) => {
      const plan = planForContainer(container, context.assumptions).plan;
      for (const warning of coreContainerWarnings(plan, container)) {
        if (warning.code !== 'liveness-equals-readiness') continue;
        const [why, fix] = splitCoreMessage(warning.message);
        findings.push({ severity: 'warning', container: container.name, path: containerPath(workload, i, 'livenessProbe'), message: why, fix });
      }
    });
    return findings;
  },
};

/** The core's warnings read `problem: consequence; fix`: split at the last `; `. */
export function splitCoreMessage(message: string): [string, string] {
  const at = message.lastIndexOf('; ');
  return at < 0 ? [message, ''] : [message.slice(0, at), message.slice(at + 2)];
}
