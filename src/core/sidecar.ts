import { GracefulConfigError, describeValue } from './errors';

/** Service-mesh sidecars whose drain the plan sets. */
export type SidecarKind = 'istio' | 'linkerd';

const KINDS: readonly SidecarKind[] = ['istio', 'linkerd'];

/** Validates the sidecar kind. Part of the one validation step. */
export function resolveSidecar(value: SidecarKind | undefined): SidecarKind | undefined {
  if (value === undefined) return undefined;
  if (!KINDS.includes(value)) {
    throw new GracefulConfigError('sidecar', value, `must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * Pod annotations that keep a classic (non-native) mesh sidecar alive while the app drains: the
 * sidecar container has no preStop and gets SIGTERM at t=0, so it must keep proxying for the whole
 * preStop + app budget (`keepAliveSeconds`).
 * - Istio: `proxy.istio.io/config` `terminationDrainDuration` (default 5 s), and
 *   `EXIT_ON_ZERO_ACTIVE_CONNECTIONS` so the proxy leaves as soon as long connections are done
 *   (Istio docs, ProxyConfig and pilot-agent environment).
 * - Linkerd: `config.alpha.linkerd.io/proxy-wait-before-exit-seconds` (Linkerd docs, graceful shutdown).
 */
export function sidecarAnnotations(kind: SidecarKind, keepAliveSeconds: number, longConnections: boolean): Record<string, string> {
  if (kind === 'linkerd') {
    return { 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': String(keepAliveSeconds) };
  }
  const config: Record<string, unknown> = { terminationDrainDuration: `${keepAliveSeconds}s` };
  if (longConnections) config.proxyMetadata = { EXIT_ON_ZERO_ACTIVE_CONNECTIONS: 'true' };
  return { 'proxy.istio.io/config': JSON.stringify(config) };
}
