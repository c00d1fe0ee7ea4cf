import { shellFormOf } from '../../core';
import type { AuditRule, RuleFinding } from '../finding';
import { containerPath } from '../workload';

/**
 * The stop signal goes to the container's PID 1 only
 * (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination); a shell as
 * PID 1 (`sh -c app`) may not forward it (Alpine's busybox sh does not).
 */
/** `trap <action> ... TERM` (or SIGTERM, 15, EXIT with TERM among the conditions). */
const TRAPS_TERM = /(^|[\s;&|(])trap\s+(?:'[^']*'|"[^"]*"|\S+)(?:\s+\S+)*?\s+(?:SIG)?(?:TERM|15)\b/;

export const shellFormCommand: AuditRule = {
  id: 'shell-form-command',
  defaultSeverity: 'warning',
  title: 'the container command runs the app through a shell that may not forward SIGTERM',
  description:
    'With command ["/bin/sh", "-c", "app ..."], the shell is PID 1 and receives SIGTERM. Many shells (Alpine\'s busybox sh among them) do ' +
    'not forward it to the app, which never starts its graceful shutdown and is SIGKILLed at the end of the grace period with requests in flight. ' +
    'A script that ends with exec, or traps TERM itself, is fine.',
  check(workload) {
    const findings: RuleFinding[] = [];
    workload.podSpec.containers.forEach((container, i) => {
      const shellForm = shellFormOf(container.command, container.args);
      if (shellForm === undefined || shellForm.execsApp) return;
      // A script that traps SIGTERM handles it itself (forwards it with kill, or shuts the app down): the signal is
      // not lost in the shell (POSIX `trap`: https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#trap).
      if (TRAPS_TERM.test(shellForm.script)) return;
      findings.push({
        severity: 'warning',
        container: container.name,
        path: containerPath(workload, i, 'command'),
        message: `container '${container.name}' starts through '${shellForm.shell} -c': the shell is PID 1 and may not pass SIGTERM to the app, which is then SIGKILLed mid-request`,
        fix: 'use the exec form (command: ["app", "--flag"]), or end the script with `exec app ...` so the app replaces the shell as PID 1',
      });
    });
    return findings;
  },
};
