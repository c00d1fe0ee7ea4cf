import { shellScriptOf, toWholeSeconds, type Container } from '../core';
import type { AuditContext, ConfigMapFacts } from './context';
import { sameNamespace } from './context';
import { declaredDrain, execCommandOf, type DeclaredDrain } from './declared';
import { selfDrainOf } from './images';
import { isRecord } from './object-path';
import { type AuditedWorkload } from './workload';

/**
 * The drain a container has, wherever it is declared: its preStop sleep, a purpose-built draining
 * hook, or a drain the app declares itself. `drains` is a drain the audit recognises but does not
 * time as a plain sleep.
 * @internal
 */
export type Drain =
  | DeclaredDrain
  | {
    readonly kind: 'drains';
    /** What drains, e.g. `nodetool drain (preStop)` or `lameduck 5s in ConfigMap coredns`. */
    readonly description: string;
    /** How long it keeps serving, when the manifest says. */
    readonly seconds?: number;
  };

/**
 * How a hook that does not wait should be made to wait (never replaced: it was written for a reason).
 * @internal
 */
export type WaitAdvice =
  | { readonly kind: 'kong-quit' }
  | { readonly kind: 'ingress-nginx-wait-shutdown' }
  | { readonly kind: 'generic' };

/**
 * HTTP endpoints that return only once the server drained: Contour's shutdown-manager `/shutdown`
 * (projectcontour.io/docs/main/redeploy-envoy/, cmd/contour/shutdownmanager.go), Envoy's and
 * Istio's `/drain_listeners` / `/quitquitquit`. An estimate beyond those: a path naming a
 * shutdown or drain is taken to drain.
 */
const DRAINING_PATH = /shutdown|drain|quitquitquit|lameduck|prestop/i;

/**
 * The drain of `workload.podSpec.containers[index]`:
 * - preStop `sleep` (native, exec or in a shell script), also `sleep $(VAR)` with VAR set in the env;
 * - purpose-built hooks: `nodetool drain` (Cassandra: stops accepting writes and flushes, clients
 *   follow the ring, https://cassandra.apache.org/doc/latest/cassandra/managing/tools/nodetool/drain.html),
 *   `kong quit --wait=N` (keeps serving N s, https://docs.konghq.com/gateway/latest/reference/cli/#kong-quit),
 *   ingress-nginx's `/wait-shutdown` with `--shutdown-grace-period=N` (the controller keeps serving
 *   N s after SIGTERM, https://kubernetes.github.io/ingress-nginx/user-guide/cli-arguments/),
 *   an httpGet to a shutdown endpoint ({@link DRAINING_PATH});
 * - drains the app declares: a CoreDNS `lameduck` in a ConfigMap the pod mounts
 *   (https://coredns.io/plugins/health/), a `--shutdown-delay-duration` flag (Kubernetes API servers),
 *   a `*_DRAIN_*` / `*LAMEDUCK*` / `SHUTDOWN_DELAY*` env duration (estimate: the name says so);
 * - images that keep serving after the stop signal by themselves: declared by the user (`--config`
 *   `selfDraining`) or known to the project with a source ({@link selfDrainOf}, src/audit/images.ts).
 * @internal
 */
export function drainOf(workload: AuditedWorkload, index: number, context: AuditContext): Drain {
  const container = workload.podSpec.containers[index];
  const declared = declaredDrain(container);
  if (declared.kind === 'sleep' && declared.seconds > 0) return declared;
  const env = envOf(container);
  const hook = hookDrain(container, env);
  if (hook !== undefined) return hook;
  const app = appDrain(workload, container, env, context);
  if (app !== undefined) return app;
  return declared;
}

/**
 * How to make a hook that does not wait, wait.
 * @internal
 */
export function waitAdviceFor(container: Container): WaitAdvice {
  const text = hookText(container);
  if (/\bkong\s+quit\b/.test(text)) return { kind: 'kong-quit' };
  if (/(^|\/)wait-shutdown\b/.test(text)) return { kind: 'ingress-nginx-wait-shutdown' };
  return { kind: 'generic' };
}

function hookText(container: Container): string {
  const command = execCommandOf(container.lifecycle?.preStop)?.map(String) ?? [];
  return (shellScriptOf(command) ?? command.join(' ')).trim();
}

function hookDrain(container: Container, env: ReadonlyMap<string, string>): Drain | undefined {
  const preStop = container.lifecycle?.preStop;
  if (!isRecord(preStop)) return undefined;
  if (isRecord(preStop.httpGet)) {
    const path = typeof preStop.httpGet.path === 'string' ? preStop.httpGet.path : '/';
    return DRAINING_PATH.test(path) ? { kind: 'drains', description: `preStop httpGet ${path} (a shutdown endpoint that returns once drained)` } : undefined;
  }
  const text = hookText(container);
  if (text === '') return undefined;
  const sleepVar = /(?:^|[\s;&|(])sleep\s+"?\$(?:\(|\{)?([A-Za-z_][A-Za-z0-9_]*)/.exec(text);
  if (sleepVar) {
    const seconds = durationSeconds(env.get(sleepVar[1]) ?? '');
    if (seconds !== undefined && seconds > 0) return { kind: 'sleep', seconds, via: 'exec' };
  }
  if (/\bnodetool\b.*\bdrain\b/.test(text)) return { kind: 'drains', description: 'preStop nodetool drain' };
  const kongWait = /\bkong\s+quit\b.*--wait(?:=|\s+)(\d+)/.exec(text);
  if (kongWait && Number(kongWait[1]) > 0) return { kind: 'drains', description: `preStop kong quit --wait=${kongWait[1]}`, seconds: Number(kongWait[1]) };
  if (/(^|\/)wait-shutdown\b/.test(text)) {
    const words = [...(container.command ?? []), ...(container.args ?? [])].map(String).join(' ');
    const grace = /--shutdown-grace-period(?:=|\s+)(\d+)/.exec(words);
    if (grace && Number(grace[1]) > 0) {
      return { kind: 'drains', description: `preStop /wait-shutdown with --shutdown-grace-period=${grace[1]}`, seconds: Number(grace[1]) };
    }
  }
  return undefined;
}

const DRAIN_ENV = /(^|_)(DRAIN|LAMEDUCK|SHUTDOWN_DELAY)(_|$)/i;

/**
 * Flags with which a server keeps serving for a while after the stop signal, before it closes its listeners:
 * `--shutdown-delay-duration` (Kubernetes API servers and aggregated API servers built on k8s.io/apiserver:
 * "Time to delay the termination. During that time the server keeps serving requests normally"),
 * `--shutdown-grace-period` (ingress-nginx: "Seconds to wait after receiving the shutdown signal, before stopping
 * the nginx process", https://kubernetes.github.io/ingress-nginx/user-guide/cli-arguments/), `--lameduck`,
 * `--drain-delay`, and the same words with a prefix (`--graceful-shutdown-delay`, `--pre-shutdown-delay`: the name
 * says so, an estimate).
 */
const SELF_DRAIN_FLAG = /--(?:[a-z]+-)*(shutdown-delay(?:-duration)?|shutdown-grace-period|lameduck(?:-duration)?|drain-delay)(?:=|\s+)(\S+)/;

function appDrain(workload: AuditedWorkload, container: Container, env: ReadonlyMap<string, string>, context: AuditContext): Drain | undefined {
  for (const [name, value] of env) {
    const seconds = DRAIN_ENV.test(name) ? durationSeconds(value) : undefined;
    if (seconds !== undefined && seconds > 0) return { kind: 'drains', description: `env ${name}=${value}`, seconds };
  }
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String).join(' ');
  const self = selfDrainOf(container, context, durationSeconds);
  if (self !== undefined) return { kind: 'drains', description: self.description, seconds: self.seconds };
  const flag = SELF_DRAIN_FLAG.exec(words);
  const flagSeconds = flag ? durationSeconds(flag[2]) : undefined;
  if (flag && flagSeconds !== undefined && flagSeconds > 0) return { kind: 'drains', description: `argument ${flag[0]}`, seconds: flagSeconds };
  for (const configMap of mountedConfigMaps(workload, context)) {
    for (const [key, text] of Object.entries(configMap.data)) {
      const lameduck = /\blameduck\s+(\d+(?:\.\d+)?(?:ms|s|m|h)?)/.exec(text);
      const seconds = lameduck ? durationSeconds(lameduck[1]) : undefined;
      if (lameduck && seconds !== undefined && seconds > 0) {
        return { kind: 'drains', description: `lameduck ${lameduck[1]} in ConfigMap ${configMap.name} (${key})`, seconds };
      }
    }
  }
  return undefined;
}

/**
 * ConfigMaps of the input the pod mounts as volumes (`configMap`, `projected.sources[].configMap`) or reads with `envFrom`.
 * @internal
 */
export function mountedConfigMaps(workload: AuditedWorkload, context: AuditContext): ConfigMapFacts[] {
  const names = new Set<string>();
  const volumes = Array.isArray(workload.podSpec.volumes) ? (workload.podSpec.volumes as unknown[]) : [];
  for (const volume of volumes) {
    if (!isRecord(volume)) continue;
    if (isRecord(volume.configMap) && typeof volume.configMap.name === 'string') names.add(volume.configMap.name);
    const sources = isRecord(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    for (const source of sources) if (isRecord(source) && isRecord(source.configMap) && typeof source.configMap.name === 'string') names.add(source.configMap.name);
  }
  for (const container of workload.podSpec.containers) {
    for (const from of Array.isArray(container.envFrom) ? (container.envFrom as unknown[]) : []) {
      if (isRecord(from) && isRecord(from.configMapRef) && typeof from.configMapRef.name === 'string') names.add(from.configMapRef.name);
    }
  }
  return (context.configMaps ?? []).filter((c) => names.has(c.name) && sameNamespace(c, workload));
}

function envOf(container: Container): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of Array.isArray(container.env) ? container.env : []) {
    if (isRecord(e) && typeof e.name === 'string' && (typeof e.value === 'string' || typeof e.value === 'number')) env.set(e.name, String(e.value));
  }
  return env;
}

/** A bare number of seconds (`5`, as env vars and flags write it) or a duration the core reads (`5s`, `500ms`, `2m`), in whole seconds. */
function durationSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.length > 20) return undefined;
  try {
    return toWholeSeconds('drain', /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed);
  } catch {
    return undefined;
  }
}
