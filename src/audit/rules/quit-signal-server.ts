import { describeGraceFix, planFor } from '../container-plan';
import { execCommandOf } from '../declared';
import type { AuditRule, RuleFinding } from '../finding';
import { knownStopSignal, serverNamedBy, serverOfCommand, type QuitServer } from '../images';
import { isRecord } from '../object-path';
import { containerPath } from '../workload';

/**
 * nginx and php-fpm drain on SIGQUIT; SIGTERM makes them stop at once (nginx "fast shutdown",
 * https://nginx.org/en/docs/control.html; php-fpm "immediate termination", php-src sapi/fpm/fpm/fpm_signals.c).
 * `lifecycle.stopSignal` is alpha in Kubernetes 1.33 (feature gate ContainerStopSignals) and needs `spec.os.name`
 * (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#stop-signals).
 *
 * A preStop that sends SIGQUIT to PID 1 in a pod with `shareProcessNamespace: true` is an error: PID 1 is then the pause
 * process, which handles only SIGINT, SIGTERM and SIGCHLD (kubernetes `build/pause/linux/pause.c`), and a namespace's
 * init gets no signal it has no handler for (pid_namespaces(7)), so the quit never reaches the server and a wait on
 * PID 1 spins until SIGKILL (the core refuses to render such a plan: `sharedPidNamespaceError`).
 *
 * Which process runs and which signal it gets are decided from evidence only (src/audit/images.ts): the image's exact
 * repository (an official image known to set STOPSIGNAL SIGQUIT, a base image known to set none) and the container's
 * own command (`nginx`, `php-fpm`); never from a substring of the image name.
 */
export const quitSignalServer: AuditRule = {
  id: 'quit-signal-server',
  defaultSeverity: 'warning',
  title: 'an nginx or php-fpm container is stopped with SIGTERM, which makes it quit at once',
  description:
    'nginx and php-fpm finish in-flight requests only on SIGQUIT; on SIGTERM they close every connection immediately. Their official images ' +
    'set STOPSIGNAL SIGQUIT. Error: an explicit lifecycle.stopSignal other than SIGQUIT on a container known to run them. Warning: the container ' +
    'runs nginx or php-fpm (its command, or an official image) on an image whose stop signal is known to be SIGTERM (alpine, debian, ubuntu, ' +
    'UBI..., or an official nginx image older than 1.19.5). ' +
    'Info: a local image whose repository is named exactly nginx or php-fpm, whose STOPSIGNAL the audit cannot see. Other images: no finding.',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    workload.podSpec.containers.forEach((container, i) => {
      const known = knownStopSignal(container.image);
      const byCommand = serverOfCommand(container);
      const server = byCommand ?? known?.server;
      const named = server === undefined ? serverNamedBy(container.image) : undefined;
      if (server === undefined && named === undefined) return;
      const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : {};
      const stopSignal = typeof lifecycle.stopSignal === 'string' ? lifecycle.stopSignal : undefined;
      const hook = (execCommandOf(lifecycle.preStop) ?? []).map(String).join(' ');
      if (workload.podSpec.shareProcessNamespace === true && /kill\s+-(?:QUIT|SIGQUIT|3)\s+1(?:\s|;|$)/.test(hook)) {
        findings.push({
          severity: 'error',
          container: container.name,
          path: containerPath(workload, i, 'lifecycle', 'preStop'),
          message: 'preStop sends SIGQUIT to PID 1, but the pod sets shareProcessNamespace: true, so PID 1 is the pause process, which ignores SIGQUIT ' +
            `(pid_namespaces(7)): ${server ?? named} never gets its graceful quit and a wait on PID 1 runs until SIGKILL`,
          fix: 'remove the kill from preStop and let the stop signal do the quit (the runtime sends it to the container\'s own process: the image\'s ' +
            'STOPSIGNAL SIGQUIT, or lifecycle.stopSignal: SIGQUIT on 1.33+ with ContainerStopSignals), use nginx -s quit (it reads the pid file), ' +
            'or remove shareProcessNamespace',
        });
        return;
      }
      if (stopSignal === 'SIGQUIT') return;
      if (/-s\s+quit|kill\s+-(?:QUIT|SIGQUIT|3)\b/.test(hook)) return;
      if (stopSignal === undefined && known?.stopSignal === 'SIGQUIT') return;
      const plan = planFor(workload, container, context).plan;
      const what = (server ?? named) as QuitServer;
      const fix = (stopSignal !== undefined ? 'set lifecycle.stopSignal: SIGQUIT' : 'build the image with STOPSIGNAL SIGQUIT (as the official image does), or on Kubernetes 1.33+ with the ContainerStopSignals feature gate set lifecycle.stopSignal: SIGQUIT and spec.os.name: linux') +
        (what === 'php-fpm' ? `; set php-fpm's process_control_timeout to at least ${plan.appBudgetSeconds}s` : '') +
        `; ${describeGraceFix(plan, workload)}`;
      const runs = byCommand !== undefined ? `its command starts ${byCommand}` : `${String(container.image)} is the ${what} image`;
      if (stopSignal !== undefined && server !== undefined) {
        findings.push({
          severity: 'error',
          container: container.name,
          path: containerPath(workload, i, 'lifecycle', 'stopSignal'),
          message: `${runs}, and it gets ${stopSignal} from lifecycle.stopSignal: ${server} stops at once, closing requests in flight; it drains only on SIGQUIT`,
          fix,
        });
      } else if (server !== undefined && known?.stopSignal === 'SIGTERM') {
        findings.push({
          severity: 'warning',
          container: container.name,
          path: containerPath(workload, i, 'image'),
          message: `${byCommand !== undefined ? `${runs} on ${String(container.image)}` : runs}, whose stop signal is SIGTERM (${known.source}): ` +
            `on SIGTERM ${server} stops at once and requests in flight get a 502 or a reset`,
          fix,
        });
      } else {
        findings.push({
          severity: 'info',
          container: container.name,
          path: containerPath(workload, i, 'image'),
          message: `${server !== undefined ? runs : `${String(container.image)} is named ${what}`}, but the audit does not know whether the image sets STOPSIGNAL SIGQUIT: ` +
            `check it (docker inspect --format '{{.Config.StopSignal}}' ${String(container.image)}); if it is empty or SIGTERM, ${what} stops at once on SIGTERM ` +
            'and requests in flight get a 502 or a reset',
          fix,
        });
      }
    });
    return findings;
  },
};
