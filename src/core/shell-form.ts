/** Shells whose `-c` form the plan and the audit recognise as a container's PID 1. */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/**
 * A container started through a shell: the script, and whether the app replaces the shell as PID 1.
 * @internal
 */
export interface ShellForm {
  /** The shell as written, e.g. `/bin/sh`. */
  readonly shell: string;
  /** The `-c` script. */
  readonly script: string;
  /** True when the script's last command starts with `exec`, so the app becomes PID 1 and gets the stop signal. */
  readonly execsApp: boolean;
}

/**
 * The script of a shell-form command (`["/bin/sh", "-c", "script"]`, also `busybox sh -c`, `bash -ec`,
 * `zsh -c`), or `undefined` when the words do not start a shell with `-c` (a flag cluster holding `c`).
 * @internal
 */
export function shellScriptOf(words: readonly string[]): string | undefined {
  if (words.length < 2 || !SHELLS.has(basename(words[0]))) return undefined;
  let at = 1;
  if (basename(words[0]) === 'busybox') {
    if (words[1] !== 'sh' && words[1] !== 'ash') return undefined;
    at = 2;
  }
  const flag = words[at];
  if (flag === undefined || !/^-[a-z]*c[a-z]*$/.test(flag)) return undefined;
  return words[at + 1] ?? '';
}

/**
 * The one shell-form detector, used by the planner's workload check and by the audit. The stop signal goes to
 * the container's PID 1 only (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination);
 * a shell as PID 1 may not forward it (Alpine's busybox sh does not), unless the script ends by `exec`ing the
 * app. Only a container's own `command` counts: `args` alone go to the image's entrypoint, which is not known.
 * @returns undefined when the container does not start through a shell's `-c`
 * @internal
 */
export function shellFormOf(command: readonly unknown[] | undefined, args: readonly unknown[] | undefined): ShellForm | undefined {
  if (command === undefined) return undefined;
  const words = [...command, ...(args ?? [])].map(String);
  const script = shellScriptOf(words);
  if (script === undefined) return undefined;
  return { shell: words[0], script, execsApp: /^exec\s/.test(lastCommand(script)) };
}

/** The last command of a script: after the last `;`, `&&`, `||`, `&` or newline. */
function lastCommand(script: string): string {
  const parts = script.split(/;|&&|\|\||&|\n/).map((p) => p.trim()).filter((p) => p !== '');
  return parts[parts.length - 1] ?? '';
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
