import { constants } from 'node:os';
import { declaredDrain } from '../audit/declared';
import { shellScriptOf } from '../core';
import { shellWords } from './command-line';

/**
 * One step of a preStop exec hook as the rehearsal replays it. Nothing here runs on this machine:
 * a step acts on the rehearsed pod (its main process, its endpoint) or waits.
 */
export type HookStep =
  /** `sleep N` (as the audit reads it): a timer of `ms`, after the time scale. */
  | { readonly kind: 'wait'; readonly ms: number; readonly text: string }
  /** `kill -SIG 1` or `nginx -s quit|stop`: `signal` goes to the pod's main process (PID 1 in the container). */
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals; readonly text: string }
  /** `while kill -0 1; do sleep N; done`: waits until the pod's main process has exited. */
  | { readonly kind: 'wait-for-exit'; readonly text: string }
  /** A registry deregistration (Nacos Open API): the pod leaves the balancer at once; no request is sent. */
  | { readonly kind: 'deregister'; readonly text: string }
  /** Anything else: not run; a timer of `ms` (0: its duration is unknown) stands in for it. */
  | { readonly kind: 'replaced'; readonly ms: number; readonly text: string };

/**
 * Reads an exec hook's command into the steps the rehearsal replays. A shell form
 * (`/bin/sh -c "script"`, as the audit's {@link shellScriptOf} recognises it) is split into its
 * commands; every command is then read as the audit reads a hook ({@link declaredDrain}: a sleep
 * and its length), or as one of the few acts whose effect on a pod is known:
 * - `kill -SIG 1`: PID 1 of the container is its main process
 *   (https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution:
 *   an exec hook runs inside the container's namespaces), so the signal goes to the pod's process;
 * - `nginx -s quit` / `nginx -s stop`: SIGQUIT (graceful shutdown) / SIGTERM (fast shutdown) to the
 *   nginx master (https://nginx.org/en/docs/control.html; `-s`: https://nginx.org/en/docs/switches.html),
 *   which is PID 1 in the official image;
 * - `while kill -0 1 ...; do sleep N; done`: waits for the main process to exit (the planner's graceful
 *   quit, GRACEFUL_QUIT_SCRIPT in src/core/framework.ts);
 * - `curl`/`wget` to `/nacos/v1/ns/instance` disabling (`enabled=false`) or deleting the instance
 *   (Nacos Open API, https://nacos.io/docs/latest/manual/user/open-api/): the registry stops handing
 *   the pod out, which the rehearsal's one balancer applies at once.
 * Every other command becomes a {@link HookStep} `replaced` (a 0 s timer).
 * @param timeScale multiplies every sleep.
 */
export function replayHookSteps(command: readonly string[], timeScale: number): HookStep[] {
  const script = shellScriptOf(command);
  const commands = script === undefined ? [[...command]] : shellCommands(script);
  if (commands === undefined) return [{ kind: 'replaced', ms: 0, text: command.join(' ') }];
  return commands.map((words) => replayCommand(words, timeScale));
}

/** The step the report names, e.g. `SIGQUIT to the app's main process (kill -QUIT 1)`. */
export function describeHookStep(step: HookStep): string {
  switch (step.kind) {
    case 'wait':
      return `sleep ${step.ms / 1000}s (timer)`;
    case 'signal':
      return `${step.signal} to the pod's main process (${step.text})`;
    case 'wait-for-exit':
      return `wait until the pod's main process exits (${step.text})`;
    case 'deregister':
      return `the pod leaves the balancer at once (registry deregistration, no request sent: ${step.text})`;
    case 'replaced':
      return `timer ${step.ms / 1000}s replacing ${JSON.stringify(step.text)} (not run)`;
  }
}

const LOOPS = new Set(['while', 'until', 'for', 'if', 'case', '{', '(']);
const REDIRECTION = /^\d*(?:>>?|<)/;

function replayCommand(words: readonly string[], timeScale: number): HookStep {
  const text = words.join(' ');
  const plain = words.filter((w) => !REDIRECTION.test(w));
  if (plain[0] === 'exec') plain.shift();
  const program = basename(plain[0] ?? '');
  if (program === 'while' && isWaitForPid1(words)) return { kind: 'wait-for-exit', text };
  if (LOOPS.has(program)) return { kind: 'replaced', ms: 0, text };
  const drain = declaredDrain({ name: 'hook', lifecycle: { preStop: { exec: { command: plain } } } });
  if (drain.kind === 'sleep' && (program === 'sleep' || (program === 'busybox' && plain[1] === 'sleep'))) {
    return { kind: 'wait', ms: Math.round(drain.seconds * 1000 * timeScale), text };
  }
  if (program === 'kill') {
    const signal = killToPid1(plain.slice(1));
    if (signal !== undefined) return { kind: 'signal', signal, text };
  }
  if (program === 'nginx') {
    const at = plain.indexOf('-s');
    const signal = at >= 0 ? ({ quit: 'SIGQUIT', stop: 'SIGTERM' } as const)[plain[at + 1] as 'quit' | 'stop'] : undefined;
    if (signal !== undefined) return { kind: 'signal', signal, text };
  }
  if ((program === 'curl' || program === 'wget') && isNacosDeregistration(plain)) return { kind: 'deregister', text };
  return { kind: 'replaced', ms: 0, text };
}

/** `kill [-SIG | -s SIG | -N] 1` with a real signal (not 0): the signal, else undefined. */
function killToPid1(args: readonly string[]): NodeJS.Signals | undefined {
  let name = 'TERM'; // kill's default signal
  let rest = args;
  if (rest[0] === '-s' || rest[0] === '-n') {
    name = rest[1] ?? '';
    rest = rest.slice(2);
  } else if (rest[0]?.startsWith('-')) {
    name = rest[0].slice(1);
    rest = rest.slice(1);
  }
  if (rest.length !== 1 || rest[0] !== '1') return undefined;
  return signalNamed(name);
}

function signalNamed(name: string): NodeJS.Signals | undefined {
  const signals = constants.signals as Record<string, number>;
  if (/^\d+$/.test(name)) {
    const number = Number(name);
    return number === 0 ? undefined : (Object.keys(signals).find((s) => signals[s] === number) as NodeJS.Signals | undefined);
  }
  const full = `SIG${name.toUpperCase().replace(/^SIG/, '')}`;
  return full in signals ? (full as NodeJS.Signals) : undefined;
}

function isWaitForPid1(words: readonly string[]): boolean {
  return /^while\s+kill\s+-0\s+1(?:\s+\d*[<>]\S+)*\s*;\s*do\s+sleep\s+\d+(?:\.\d+)?[smhd]?\s*;\s*done$/.test(words.join(' '));
}

function isNacosDeregistration(words: readonly string[]): boolean {
  const text = words.join(' ');
  if (!/\/nacos\/v\d+\/ns\/instance\b/.test(text)) return false;
  return /[?&]enabled=false\b/.test(text) || /(?:-X|--request)\s*DELETE\b/.test(text);
}

/**
 * Splits a shell script into its commands' words: `;`, `&&`, `||`, `|`, `&` and newlines separate
 * outside quotes; a `while`/`until`/`for` ... `done` loop stays one command (its words joined by
 * `;`). Nothing is expanded. Undefined for what this reading cannot follow (an unclosed quote or loop).
 */
function shellCommands(script: string): string[][] | undefined {
  const { segments, unclosedQuote } = shellWords(script, true);
  if (unclosedQuote) return undefined;
  const commands: string[][] = [];
  for (let i = 0; i < segments.length; i++) {
    if (!['while', 'until', 'for'].includes(segments[i][0])) {
      commands.push(segments[i]);
      continue;
    }
    const end = segments.findIndex((s, j) => j > i && s[0] === 'done' && s.length === 1);
    if (end < 0) return undefined;
    commands.push(segments.slice(i, end + 1).flatMap((s, j) => (j === 0 ? s : [';', ...s])));
    i = end;
  }
  return commands;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}
