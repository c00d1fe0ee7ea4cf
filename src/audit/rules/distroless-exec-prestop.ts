import { describePlannedPreStop, planFor } from '../container-plan';
import { execCommandOf } from '../declared';
import type { AuditRule, RuleFinding } from '../finding';
import { isRecord } from '../object-path';
import { containerPath, type AuditedWorkload } from '../workload';

const NEEDS_IMAGE_BINARY = new Set(['sleep', 'sh', 'bash', 'ash', 'dash', 'busybox']);

/**
 * An exec hook runs inside the container's image; a failing preStop is only logged as a
 * FailedPreStopHook event and the container is then stopped anyway
 * (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution).
 */
export const distrolessExecPreStop: AuditRule = {
  id: 'distroless-exec-prestop',
  defaultSeverity: 'error',
  title: 'preStop execs sleep or a shell in a distroless image that has neither',
  description:
    'Distroless images (gcr.io/distroless, cgr.dev/chainguard) ship no shell and no sleep binary. An exec preStop of sleep or /bin/sh fails ' +
    'at once, the kubelet logs FailedPreStopHook and sends SIGTERM immediately: the drain the hook was meant to give never happens. The ' +
    'native preStop sleep (Kubernetes 1.30+) runs in the kubelet and needs nothing in the image.',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    workload.podSpec.containers.forEach((container, i) => {
      const command = execCommandOf(container.lifecycle?.preStop)?.map(String);
      if (!command || command.length === 0) return;
      const planned = planFor(workload, container, context);
      if (planned.plan.image !== 'distroless') return;
      const binary = command[0].slice(command[0].lastIndexOf('/') + 1);
      if (!NEEDS_IMAGE_BINARY.has(binary)) return;
      if (broughtByInitContainer(workload, container, command[0])) return;
      findings.push({
        severity: 'error',
        container: container.name,
        path: containerPath(workload, i, 'lifecycle', 'preStop', 'exec', 'command'),
        message:
          `preStop execs '${command[0]}' but ${container.image} is a distroless image without it: the hook fails, ` +
          'SIGTERM comes at once and the drain never happens',
        fix: `use ${describePlannedPreStop(planned.plan)} (Kubernetes ${planned.plan.kubernetesVersion}, preStop: ${planned.plan.preStopMechanism})`,
      });
    });
    return findings;
  },
};

/**
 * Whether `path` lies in a volume the container mounts and an init container of the pod mounts too: a binary an init
 * container copied there (the planner's copied static sleep, `graceful-k8s-copy-sleep`) is not the image's.
 */
function broughtByInitContainer(workload: AuditedWorkload, container: { volumeMounts?: unknown }, path: string): boolean {
  const mounts = (value: unknown) => (Array.isArray(value) ? value.filter(isRecord) : []);
  const initVolumes = new Set(
    (Array.isArray(workload.podSpec.initContainers) ? workload.podSpec.initContainers : [])
      .filter(isRecord)
      .flatMap((init) => mounts(init.volumeMounts).map((m) => m.name)),
  );
  return mounts(container.volumeMounts).some((m) =>
    typeof m.mountPath === 'string' && initVolumes.has(m.name) && path.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
}
