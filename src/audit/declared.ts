import { shellScriptOf, SHUTDOWN_TIMEOUT_ENV, springDurationSeconds, type Container, type ImageKind } from '../core';

/** Spring Boot's Duration conversion, the core's (`springDurationSeconds`), for the audit's readers. */
export { springDurationSeconds } from '../core';
import { isRecord } from './object-path';

/**
 * The drain a container's preStop hook declares.
 * @internal
 */
export type DeclaredDrain =
  /** No preStop hook at all. */
  | { readonly kind: 'none' }
  /** A hook that waits `seconds` (native sleep, exec sleep, or a shell script ending in sleep). */
  | { readonly kind: 'sleep'; readonly seconds: number; readonly via: 'native' | 'exec' | 'shell' }
  /** A hook that runs something but does not wait (e.g. `nginx -s quit`, an httpGet). */
  | { readonly kind: 'no-wait'; readonly description: string };

/**
 * The shutdown time the container declares for its app, and where.
 * @internal
 */
export interface DeclaredAppShutdown {
  /** The declared shutdown time, in seconds. */
  readonly seconds: number;
  /** Where it was read, e.g. `env SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE=30s`. */
  readonly source: string;
}

const SLEEP_IN_SCRIPT = /(?:^|[\s;&|(])sleep\s+(\d+(?:\.\d+)?[smhd]?)(?=$|[\s;&|)])/g;

/**
 * A shell `while` / `until` loop: a sleep inside one polls for something (the graceful-quit hook's
 * `while kill -0 1; do sleep 1; done` waits for the app to exit, which the app's shutdown time already
 * counts), so it is no drain.
 */
const WAIT_LOOP = /(?:^|[\s;&|(])(?:while|until)\s[\s\S]*?[\s;&|]done(?=$|[\s;&|)])/g;

/**
 * Reads the drain a container's `lifecycle.preStop` declares.
 * @internal
 */
export function declaredDrain(container: Container): DeclaredDrain {
  const preStop = container.lifecycle?.preStop;
  if (!isRecord(preStop)) return { kind: 'none' };
  if (isRecord(preStop.sleep) && typeof preStop.sleep.seconds === 'number') {
    return { kind: 'sleep', seconds: preStop.sleep.seconds, via: 'native' };
  }
  const command = execCommandOf(preStop);
  if (command) {
    const words = command.map(String);
    const sleepAt = words.findIndex((w) => basename(w) === 'sleep');
    if (sleepAt >= 0 && sleepAt + 1 < words.length) {
      const seconds = sleepSeconds(words[sleepAt + 1]);
      if (seconds !== undefined) return { kind: 'sleep', seconds, via: 'exec' };
    }
    const script = shellScriptOf(words);
    if (script !== undefined) {
      const sleeps = [...script.replace(WAIT_LOOP, ' ').matchAll(SLEEP_IN_SCRIPT)].map((m) => sleepSeconds(m[1]) ?? 0);
      if (sleeps.length > 0) return { kind: 'sleep', seconds: sleeps.reduce((a, b) => a + b, 0), via: 'shell' };
    }
    return { kind: 'no-wait', description: `exec ${JSON.stringify(words)}` };
  }
  const handler = Object.keys(preStop)[0] ?? 'an empty handler';
  return { kind: 'no-wait', description: handler };
}

/**
 * `preStop.exec.command`, when the hook is an exec.
 * @internal
 */
export function execCommandOf(handler: unknown): readonly unknown[] | undefined {
  if (!isRecord(handler) || !isRecord(handler.exec) || !Array.isArray(handler.exec.command)) return undefined;
  return handler.exec.command;
}

/** `sleep`'s argument in whole seconds (GNU sleep takes a number with an optional s/m/h/d suffix). */
function sleepSeconds(argument: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(argument.trim());
  if (!match) return undefined;
  const unit = { '': 1, 's': 1, 'm': 60, 'h': 3600, 'd': 86400 }[match[2]] ?? 1;
  return Math.ceil(Number(match[1]) * unit);
}

/**
 * The app shutdown time a container declares: Spring Boot's phase timeout (env in either relaxed
 * form, a `--spring.lifecycle.timeout-per-shutdown-phase=` argument or a `-D` in JAVA_TOOL_OPTIONS /
 * JAVA_OPTS), `SERVER_SHUTDOWN=graceful` alone (Spring's 30 s default), graceful-k8s's own env,
 * gunicorn's `--graceful-timeout` or uvicorn's `--timeout-graceful-shutdown`.
 * @internal
 */
export function declaredAppShutdown(container: Container): DeclaredAppShutdown | undefined {
  const env = new Map<string, string>();
  for (const e of container.env ?? []) {
    if (isRecord(e) && typeof e.name === 'string' && e.value !== undefined && e.value !== null) env.set(e.name, String(e.value));
  }
  for (const name of ['SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', 'SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE']) {
    const value = env.get(name);
    const seconds = value === undefined ? undefined : springDurationSeconds(value);
    if (seconds !== undefined) return { seconds, source: `env ${name}=${value}` };
  }
  const words = [
    ...(container.command ?? []),
    ...(container.args ?? []),
    ...['JAVA_TOOL_OPTIONS', 'JAVA_OPTS', 'JDK_JAVA_OPTIONS'].flatMap((n) => (env.get(n) ?? '').split(/\s+/)),
  ].map(String);
  const text = words.join(' ');
  const spring = /(?:--|-D)spring\.lifecycle\.timeout-per-shutdown-phase=(\S+)/.exec(text);
  if (spring) {
    const seconds = springDurationSeconds(spring[1]);
    if (seconds !== undefined) return { seconds, source: `argument ${spring[0]}` };
  }
  const own = env.get(SHUTDOWN_TIMEOUT_ENV);
  if (own !== undefined && /^\d+$/.test(own)) return { seconds: Number(own), source: `env ${SHUTDOWN_TIMEOUT_ENV}=${own}` };
  for (const flag of ['--graceful-timeout', '--timeout-graceful-shutdown']) {
    const match = new RegExp(`${flag}(?:=|\\s+)(\\d+)`).exec(text);
    if (match) return { seconds: Number(match[1]), source: `argument ${match[0]}` };
  }
  const shutdown = env.get('SERVER_SHUTDOWN');
  if (shutdown?.toLowerCase() === 'graceful') {
    return { seconds: 30, source: 'env SERVER_SHUTDOWN=graceful (Spring Boot\'s default timeout-per-shutdown-phase is 30s)' };
  }
  return undefined;
}

/**
 * Images built on gcr.io/distroless/static or scratch, by their projects' Dockerfiles: kube-state-metrics
 * (Dockerfile `FROM gcr.io/distroless/static`), metrics-server (Dockerfile `FROM gcr.io/distroless/static`),
 * cert-manager (make/base_images.mk: distroless static), Contour (Dockerfile `FROM scratch`), CoreDNS
 * (Dockerfile `FROM gcr.io/distroless/static-debian12`), ingress-nginx's kube-webhook-certgen (distroless).
 */
const NO_SHELL_IMAGES = /(^|\/)(kube-state-metrics|metrics-server|cert-manager-[a-z-]+|projectcontour\/contour|coredns\/coredns|kube-webhook-certgen)(:|@|$)/;

/**
 * Whether an image has no shell and no sleep: Google's `gcr.io/distroless/*` (except `:debug` tags,
 * which carry busybox), Chainguard's `cgr.dev/chainguard/*` (except `-dev` tags), any reference or tag
 * naming `distroless`, and the controllers of {@link NO_SHELL_IMAGES}.
 * @internal
 */
export function imageKindOf(image: unknown): ImageKind {
  if (typeof image !== 'string') return 'shell';
  const reference = image.toLowerCase();
  const tag = /:([^/@]+)(?:@|$)/.exec(reference)?.[1] ?? '';
  const repository = reference.replace(/@.*$/, '').replace(/:[^/]*$/, '');
  if (NO_SHELL_IMAGES.test(repository)) return 'distroless';
  const distroless = reference.includes('distroless') || reference.startsWith('cgr.dev/') || /(^|\/)chainguard\//.test(reference);
  if (!distroless) return 'shell';
  return /debug|(^|-)dev$/.test(tag) ? 'shell' : 'distroless';
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}
