import { coreWarningFindings } from '../core-checks';
import type { AuditRule } from '../finding';

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
    const all = workload.podSpec.containers.map((_, i) => i);
    return coreWarningFindings(workload, context, 'liveness-equals-readiness', all, 'livenessProbe');
  },
};
