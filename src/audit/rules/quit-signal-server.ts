import { describeGraceFix, planFor } from '../container-plan';
import { execCommandOf } from '../declared';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath, isRecord } from '../workload';

type Server = 'nginx' | 'php-fpm';

/**
 * Images whose Dockerfile sets `STOPSIGNAL SIGQUIT` (the Docker Official Images nginx and php's
 * fpm variants, and nginxinc/nginx-unprivileged): the runtime already sends them SIGQUIT.
 */
const OFFICIAL_QUIT_IMAGES = /^(?:(?:docker\.io\/)?(?:library\/)?nginx|(?:docker\.io\/)?nginxinc\/nginx-unprivileged)(?:[:@]|$)|^(?:docker\.io\/)?(?:library\/)?php:[^@]*fpm/;

/**
 * nginx and php-fpm drain on SIGQUIT; SIGTERM makes them stop at once (nginx "fast shutdown",
 * php-fpm "immediate termination"). `lifecycle.stopSignal` is alpha in Kubernetes 1.33 (feature gate
 * ContainerStopSignals) and needs `spec.os.name`
 * (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#stop-signals).
 *
 * A preStop that sends SIGQUIT to PID 1 in a pod with `shareProcessNamespace: true` is an error: PID 1 is then the pause
 * process, which handles only SIGINT, SIGTERM and SIGCHLD (kubernetes `build/pause/linux/pause.c`), and a namespace's
 * init gets no signal it has no handler for (pid_namespaces(7)), so the quit never reaches the server and a wait on
 * PID 1 spins until SIGKILL (the core refuses to render such a plan: `sharedPidNamespaceError`).
 */
export const quitSignalServer: AuditRule = {
  id: 'quit-signal-server',
  defaultSeverity: 'warning',
  title: 'an nginx or php-fpm container is stopped with SIGTERM, which makes it quit at once',
  description:
    'nginx and php-fpm finish in-flight requests only on SIGQUIT; on SIGTERM they close every connection immediately. Their official images ' +
    'set STOPSIGNAL SIGQUIT, but custom images, other bases and an explicit lifecycle.stopSignal: SIGTERM do not.',
  check(workload, context) {
    const findings: RuleFinding[] = [];
    workload.podSpec.containers.forEach((container, i) => {
      const server = serverOf(container.image);
      if (server === undefined) return;
      const lifecycle = isRecord(container.lifecycle) ? container.lifecycle : {};
      const stopSignal = typeof lifecycle.stopSignal === 'string' ? lifecycle.stopSignal : undefined;
      const hook = (execCommandOf(lifecycle.preStop) ?? []).map(String).join(' ');
      if (workload.podSpec.shareProcessNamespace === true && /kill\s+-(?:QUIT|SIGQUIT|3)\s+1(?:\s|;|$)/.test(hook)) {
        findings.push({
          severity: 'error',
          container: container.name,
          path: containerPath(workload, i, 'lifecycle', 'preStop'),
          message: 'preStop sends SIGQUIT to PID 1, but the pod sets shareProcessNamespace: true, so PID 1 is the pause process, which ignores SIGQUIT ' +
            `(pid_namespaces(7)): ${server} never gets its graceful quit and a wait on PID 1 runs until SIGKILL`,
          fix: 'remove the kill from preStop and let the stop signal do the quit (the runtime sends it to the container\'s own process: the image\'s ' +
            'STOPSIGNAL SIGQUIT, or lifecycle.stopSignal: SIGQUIT on 1.33+ with ContainerStopSignals), use nginx -s quit (it reads the pid file), ' +
            'or remove shareProcessNamespace',
        });
        return;
      }
      if (stopSignal === 'SIGQUIT') return;
      if (/-s\s+quit|kill\s+-(?:QUIT|SIGQUIT|3)\b/.test(hook)) return;
      const reference = String(container.image).toLowerCase();
      if (stopSignal === undefined && OFFICIAL_QUIT_IMAGES.test(reference)) return;
      const plan = planFor(workload, container, context).plan;
      const explicit = stopSignal !== undefined;
      findings.push({
        severity: explicit ? 'error' : 'warning',
        container: container.name,
        path: explicit ? containerPath(workload, i, 'lifecycle', 'stopSignal') : containerPath(workload, i, 'image'),
        message: explicit
          ? `${server} gets ${stopSignal} from lifecycle.stopSignal and stops at once, closing requests in flight; it drains only on SIGQUIT`
          : `${container.image} is ${server} but not an image known to set STOPSIGNAL SIGQUIT: on SIGTERM ${server} stops at once and requests in flight get a 502 or a reset`,
        fix: (explicit ? 'set lifecycle.stopSignal: SIGQUIT' : 'build the image with STOPSIGNAL SIGQUIT (as the official image does), or on Kubernetes 1.33+ with the ContainerStopSignals feature gate set lifecycle.stopSignal: SIGQUIT and spec.os.name: linux') +
          (server === 'php-fpm' ? `; set php-fpm's process_control_timeout to at least ${plan.appBudgetSeconds}s` : '') +
          `; ${describeGraceFix(plan, workload)}`,
      });
    });
    return findings;
  },
};

function serverOf(image: unknown): Server | undefined {
  if (typeof image !== 'string') return undefined;
  const reference = image.toLowerCase();
  const repository = reference.replace(/[:@].*$/, '').replace(/^[^/]+\.[^/]+\//, '');
  if (/ingress|exporter|controller/.test(repository)) return undefined;
  if (/(^|[/-])nginx($|[/-])/.test(repository) || repository.endsWith('nginx')) return 'nginx';
  if (/php/.test(repository) && /fpm/.test(reference)) return 'php-fpm';
  return undefined;
}
