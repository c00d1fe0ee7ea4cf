import { describePlannedGrace, planFor } from '../container-plan';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath, gracePeriodOf } from '../workload';

/**
 * When preStop still runs as the grace period ends, the kubelet stops waiting for it and sends the stop signal
 * with the minimum window of 2 s, then SIGKILL (kubernetes `pkg/kubelet/kuberuntime/kuberuntime_container.go`,
 * `killContainer` and `executePreStopHook`; `minimumGracePeriodInSeconds` = 2 in `kuberuntime_manager.go`;
 * https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution): the app gets
 * SIGTERM but only 2 s to finish its work.
 */
export const preStopExceedsGrace: AuditRule = {
  id: 'prestop-exceeds-grace',
  defaultSeverity: 'error',
  title: 'the preStop sleep alone is as long as the grace period or longer',
  description:
    'The grace period covers preStop and the app\'s shutdown. A preStop that waits the whole grace period leaves the app no time after ' +
    'the stop signal: at the grace period the kubelet sends it and SIGKILL 2 seconds later, cutting every request still in flight.',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    const grace = gracePeriodOf(workload);
    workload.podSpec.containers.forEach((container, i) => {
      const planned = planFor(workload, container, context);
      if (planned.drain.kind !== 'sleep' || planned.drain.seconds < grace.seconds) return;
      // A drain that ends exactly at the grace period cuts nothing when the app declares it needs no time after the
      // signal (a plan with app shutdown 0 and margin 0 renders exactly that): the kubelet's 2 s window is all it needs.
      if (planned.drain.seconds === grace.seconds && planned.appShutdown?.seconds === 0) return;
      findings.push({
        severity: 'error',
        container: container.name,
        path: containerPath(workload, i, 'lifecycle', 'preStop'),
        message:
          `preStop sleeps ${planned.drain.seconds}s but the grace period is ${grace.seconds}s${grace.declared ? '' : ' (the Kubernetes default)'}: ` +
          'at the grace period the kubelet sends the stop signal and SIGKILL 2s later, so the app has 2s instead of its shutdown time and in-flight requests are cut',
        fix: `keep the ${planned.drain.seconds}s drain and set ${describePlannedGrace(planned.plan)}` +
          (planned.appShutdown ? '' : `; ${planned.plan.appShutdownTimeoutSeconds}s app shutdown is assumed (declare it or pass --app-shutdown)`),
      });
    });
    return findings;
  },
};
