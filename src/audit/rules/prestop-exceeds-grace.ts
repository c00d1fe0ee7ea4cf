import { describePlannedGrace, planFor } from '../container-plan';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath, gracePeriodOf } from '../workload';

/**
 * When preStop still runs as the grace period ends, the kubelet grants a one-off 2 s extension and
 * then kills the container: the app never gets its SIGTERM shutdown
 * (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution).
 */
export const preStopExceedsGrace: AuditRule = {
  id: 'prestop-exceeds-grace',
  defaultSeverity: 'error',
  title: 'the preStop sleep alone is as long as the grace period or longer',
  description:
    'The grace period covers preStop and the app\'s shutdown. A preStop that waits the whole grace period leaves the app no time after ' +
    'SIGTERM: the kubelet adds 2 seconds once, then sends SIGKILL, cutting every request in flight.',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    const grace = gracePeriodOf(workload);
    workload.podSpec.containers.forEach((container, i) => {
      const planned = planFor(workload, container, context);
      if (planned.drain.kind !== 'sleep' || planned.drain.seconds < grace.seconds) return;
      findings.push({
        severity: 'error',
        container: container.name,
        path: containerPath(workload, i, 'lifecycle', 'preStop'),
        message:
          `preStop sleeps ${planned.drain.seconds}s but the grace period is ${grace.seconds}s${grace.declared ? '' : ' (the Kubernetes default)'}: ` +
          'the kubelet kills the container (after a one-off 2s extension) before the app gets SIGTERM, so in-flight requests are cut',
        fix: `keep the ${planned.drain.seconds}s drain and set ${describePlannedGrace(planned.plan)}` +
          (planned.appShutdown ? '' : `; ${planned.plan.appShutdownTimeoutSeconds}s app shutdown is assumed (declare it or pass --app-shutdown)`),
      });
    });
    return findings;
  },
};
