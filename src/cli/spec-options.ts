import {
  type FrameworkKind,
  type ImageKind,
  type PodManagementPolicy,
  type PreStopStrategy,
  type QuitVia,
  type ShutdownSpec,
  type SidecarKind,
  TRAFFIC_KINDS,
  type TrafficKind,
  type TrafficSource,
} from '../core';

/**
 * The numbers of a shutdown spec as the CLI takes them: `plan`'s flags (`--app-shutdown 30s` is `appShutdown: '30s'`),
 * and `fix`'s annotations and config entries, which use the same names (`graceful-k8s.io/app-shutdown: 30s`). One
 * reading of them for both commands: {@link specFromOptions}.
 * @internal
 */
export interface SpecOptions {
  readonly appShutdown?: string;
  readonly drainDelay?: string;
  readonly longConnections?: string;
  readonly safetyMargin?: string;
  readonly gracePeriod?: string;
  readonly k8s?: string;
  readonly image?: ImageKind;
  readonly prestop?: PreStopStrategy;
  readonly traffic?: string[];
  readonly nacos?: string;
  readonly framework?: FrameworkKind;
  readonly quitVia?: QuitVia;
  readonly sidecar?: SidecarKind;
  readonly nativeSidecar?: boolean;
  /** `--no-readiness-gate` sets it false; commander's default for a `--no-` flag is true. */
  readonly readinessGate?: boolean;
  readonly replicas?: string;
  readonly podStartup?: string;
  readonly partition?: string;
  readonly podManagementPolicy?: PodManagementPolicy;
  /** `fix` only: warning codes answered (`acknowledgedWarnings`). */
  readonly acknowledge?: string[];
}

/**
 * The flag behind each spec field, for error messages (`flagForField` in report-config-error.ts).
 * @internal
 */
export const SPEC_FLAGS: Readonly<Record<string, string>> = {
  'appShutdownTimeout': '--app-shutdown',
  'drainDelay': '--drain-delay',
  'longConnectionBudget': '--long-connections',
  'safetyMargin': '--safety-margin',
  'terminationGracePeriod': '--grace-period',
  'kubernetesVersion': '--k8s',
  'image': '--image',
  'preStop': '--prestop',
  'traffic': '--traffic',
  'framework': '--framework',
  'sidecar': '--sidecar',
  'sidecar.native': '--native-sidecar',
  'replicas': '--replicas',
  'rollout.podStartup': '--pod-startup',
  'rollout.partition': '--partition',
  'rollout.podManagementPolicy': '--pod-management-policy',
  'acknowledgedWarnings': '--acknowledge',
};

/**
 * The kinds `--traffic` takes: every traffic kind but Nacos, which needs its own fields (`--nacos`).
 * @internal
 */
export const ROUTER_KINDS: readonly TrafficKind[] = TRAFFIC_KINDS.filter((kind) => kind !== 'nacos');

/** The traffic kinds whose controller injects a pod readiness gate in labelled namespaces (`--no-readiness-gate`). */
const GATED_KINDS: readonly string[] = ['aws-alb', 'aws-nlb'];

/** The expected shape of `--nacos`, for the error message. */
const NACOS_FORMAT = '<server host:port>/<service>:<port>[/<namespace>], e.g. nacos.infra:8848/orders:8080/production';

/**
 * Options the CLI cannot turn into a spec (a missing `--app-shutdown`, a `--nacos` of another shape); the message names
 * the flag, the value and the fix. `fix` renames the flags to its annotation keys.
 * @internal
 */
export class SpecOptionsError extends Error {}

/**
 * `--traffic aws-alb` or `--traffic aws-alb=45s` (a measured lag); `--nacos host:port/service:port[/namespace]`.
 * `flags` maps each source's field path (`traffic[1]`) to the flag and value the user typed, for errors.
 * @throws SpecOptionsError when `--nacos` does not have the documented shape
 */
function trafficOf(options: SpecOptions): { sources?: Array<TrafficSource | TrafficKind>; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  const sources: TrafficSource[] = (options.traffic ?? []).map((entry, i) => {
    flags[`traffic[${i}]`] = `--traffic ${entry}`;
    const [kind, lag] = entry.split('=', 2);
    // --no-readiness-gate: the namespace cannot be labelled for the AWS Load Balancer Controller's pod readiness
    // gate, so the plan covers the registration with minReadySeconds instead (the core decides: traffic.ts).
    const gate = options.readinessGate === false && GATED_KINDS.includes(kind) ? { readinessGate: false } : {};
    return { kind: kind as TrafficKind, ...(lag !== undefined ? { lag } : {}), ...gate } as TrafficSource;
  });
  if (options.nacos !== undefined) {
    const match = /^([^/\s]+)\/([^/:\s]+):(\d+)(?:\/([^/\s]+))?$/.exec(options.nacos);
    if (!match) throw new SpecOptionsError(`--nacos ${options.nacos}: expected ${NACOS_FORMAT}`);
    const [, serverAddr, serviceName, port, namespaceId] = match;
    flags[`traffic[${sources.length}]`] = `--nacos ${options.nacos}`;
    sources.push({ kind: 'nacos', serverAddr, serviceName, port: Number(port), ...(namespaceId ? { namespaceId } : {}) });
  }
  return { sources: sources.length > 0 ? sources : undefined, flags };
}

/**
 * A usage error the options make together or in their format, which commander cannot see: the required `--app-shutdown`,
 * a flag that only refines another one given alone, a count that is not plain decimal digits (`Number('0x10')` is 16,
 * `Number('')` is 0).
 * @returns the message, or `undefined` when the options are usable
 */
function misuseOf(options: SpecOptions): string | undefined {
  if (options.appShutdown === undefined) return 'required option \'--app-shutdown <duration>\' not specified';
  if (options.nativeSidecar && options.sidecar === undefined) {
    return '--native-sidecar says how the sidecar runs, but no --sidecar <kind> is given; add --sidecar istio (or linkerd), or remove --native-sidecar';
  }
  if (options.quitVia !== undefined && options.framework === undefined) {
    return `--quit-via ${options.quitVia} says how nginx or php-fpm get SIGQUIT, but no --framework is given; add --framework nginx (or php-fpm), or remove --quit-via`;
  }
  if (options.readinessGate === false && !(options.traffic ?? []).some((entry) => GATED_KINDS.includes(entry.split('=', 2)[0]))) {
    return '--no-readiness-gate says the namespace cannot be labelled for the AWS Load Balancer Controller\'s readiness gate, but no ' +
      '--traffic aws-alb or aws-nlb is given; add one, or remove --no-readiness-gate';
  }
  for (const [flag, value] of [['--replicas', options.replicas], ['--partition', options.partition]] as const) {
    if (value !== undefined && !/^\d+$/.test(value.trim())) {
      return `${flag} must be a whole number written in decimal digits, got ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

/** The rollout settings the options give, or `undefined` for none. */
function rolloutOf(options: SpecOptions): ShutdownSpec['rollout'] {
  const rollout = {
    ...(options.podStartup !== undefined ? { podStartup: options.podStartup } : {}),
    ...(options.partition !== undefined ? { partition: Number(options.partition.trim()) } : {}),
    ...(options.podManagementPolicy !== undefined ? { podManagementPolicy: options.podManagementPolicy } : {}),
  };
  return Object.keys(rollout).length > 0 ? rollout : undefined;
}

/**
 * The spec the options give, and the flag behind each of its fields (for `reportConfigError`). The spec itself is
 * validated by the planner (`planShutdown`), the one validation step.
 * @throws SpecOptionsError for options the CLI cannot turn into a spec (see {@link misuseOf})
 * @internal
 */
export function specFromOptions(options: SpecOptions): { spec: ShutdownSpec; flags: Record<string, string> } {
  const misuse = misuseOf(options);
  if (misuse !== undefined) throw new SpecOptionsError(misuse);
  const traffic = trafficOf(options);
  const rollout = rolloutOf(options);
  const spec: ShutdownSpec = {
    appShutdownTimeout: options.appShutdown!, // misuseOf checked it
    ...(options.drainDelay !== undefined ? { drainDelay: options.drainDelay } : {}),
    ...(options.longConnections !== undefined ? { longConnectionBudget: options.longConnections } : {}),
    ...(options.safetyMargin !== undefined ? { safetyMargin: options.safetyMargin } : {}),
    ...(options.gracePeriod !== undefined ? { terminationGracePeriod: options.gracePeriod } : {}),
    ...(options.k8s !== undefined ? { kubernetesVersion: options.k8s } : {}),
    ...(options.image !== undefined ? { image: options.image } : {}),
    ...(options.prestop !== undefined ? { preStop: options.prestop } : {}),
    ...(traffic.sources !== undefined ? { traffic: traffic.sources } : {}),
    ...(options.framework !== undefined
      ? { framework: options.quitVia !== undefined ? { kind: options.framework, quitVia: options.quitVia } : options.framework }
      : {}),
    ...(options.sidecar !== undefined ? { sidecar: options.nativeSidecar ? { kind: options.sidecar, native: true } : options.sidecar } : {}),
    ...(options.replicas !== undefined ? { replicas: Number(options.replicas.trim()) } : {}),
    ...(rollout ? { rollout } : {}),
    ...(options.acknowledge !== undefined ? { acknowledgedWarnings: options.acknowledge } : {}),
  };
  return { spec, flags: { ...SPEC_FLAGS, ...traffic.flags } };
}
