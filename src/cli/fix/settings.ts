import { parse } from 'yaml';
import type { SpecOptions } from '../spec-options';

/**
 * The prefix of the annotations `fix` reads on a workload (its `metadata.annotations`, or its pod template's, where
 * Helm charts let users add annotations: `podAnnotations`). The audit's suppressions use another prefix
 * (`ignore-check.graceful-k8s.io/`).
 * @internal
 */
export const FIX_ANNOTATION_PREFIX = 'graceful-k8s.io/';

/** How a setting is written: a duration or word, a list (comma-separated in an annotation), or true/false. */
type SettingType = 'text' | 'list' | 'boolean';

/**
 * The settings `fix` reads, by annotation key (after the prefix) and config key: the `plan` flags of the same name
 * (`graceful-k8s.io/drain-delay: 10s` is `plan --drain-delay 10s`), minus what the workload itself says (kind, replicas,
 * partition, podManagementPolicy, container names), plus `acknowledge` (warning codes the user has answered).
 * @internal
 */
export const FIX_SETTINGS: Readonly<Record<string, { readonly option: keyof SpecOptions; readonly type: SettingType }>> = {
  'app-shutdown': { option: 'appShutdown', type: 'text' },
  'drain-delay': { option: 'drainDelay', type: 'text' },
  'long-connections': { option: 'longConnections', type: 'text' },
  'safety-margin': { option: 'safetyMargin', type: 'text' },
  'grace-period': { option: 'gracePeriod', type: 'text' },
  'k8s': { option: 'k8s', type: 'text' },
  'image': { option: 'image', type: 'text' },
  'prestop': { option: 'prestop', type: 'text' },
  'traffic': { option: 'traffic', type: 'list' },
  'readiness-gate': { option: 'readinessGate', type: 'boolean' },
  'nacos': { option: 'nacos', type: 'text' },
  'framework': { option: 'framework', type: 'text' },
  'quit-via': { option: 'quitVia', type: 'text' },
  'sidecar': { option: 'sidecar', type: 'text' },
  'native-sidecar': { option: 'nativeSidecar', type: 'boolean' },
  'pod-startup': { option: 'podStartup', type: 'text' },
  'acknowledge': { option: 'acknowledge', type: 'list' },
};

/**
 * Settings of one workload, with where each came from (`annotation graceful-k8s.io/drain-delay`,
 * `--config fix.yaml: workloads[0].drain-delay`), for error messages.
 * @internal
 */
export interface WorkloadSettings {
  readonly options: SpecOptions;
  /** Setting key (`drain-delay`) -> where it was written. */
  readonly sources: Readonly<Record<string, string>>;
}

/** A setting `fix` cannot read; the message names where it is written, the value and the fix. @internal */
export class FixSettingsError extends Error {}

/** One `workloads:` entry of a `fix` config file. @internal */
export interface FixConfigEntry {
  /** `Deployment` or `StatefulSet`. @default a Deployment or a StatefulSet */
  readonly kind?: string;
  /** @default any namespace */
  readonly namespace?: string;
  readonly name: string;
  /** The settings, by config key (`app-shutdown`). */
  readonly settings: Readonly<Record<string, unknown>>;
  /** `workloads[0]`, for messages. */
  readonly label: string;
}

/**
 * A `fix --config FILE`: settings for every workload fixed (`defaults`), and per workload (`workloads`, matched by
 * kind, namespace and name).
 * @internal
 */
export interface FixConfig {
  readonly file: string;
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly workloads: readonly FixConfigEntry[];
}

const ENTRY_KEYS = ['kind', 'namespace', 'name'];

/**
 * Reads a `fix` config file:
 * ```yaml
 * defaults:            # for every workload fixed (one with graceful-k8s.io/ annotations or an entry below)
 *   drain-delay: 10s
 * workloads:
 *   - kind: Deployment # optional
 *     namespace: shop  # optional
 *     name: web
 *     app-shutdown: 30s
 *     traffic: [ingress-nginx]
 * ```
 * @throws FixSettingsError naming the key, the value and the fix
 * @internal
 */
export function parseFixConfig(text: string, file: string): FixConfig {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new FixSettingsError(`--config ${file}: is not YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (data === null || data === undefined) return { file, defaults: {}, workloads: [] };
  if (!isRecord(data)) throw new FixSettingsError(`--config ${file}: must be a map with defaults: and workloads:, got ${JSON.stringify(data)}`);
  for (const key of Object.keys(data)) {
    if (key !== 'defaults' && key !== 'workloads') {
      throw new FixSettingsError(`--config ${file}: ${key} is not a key of the fix config; use defaults: (settings for every workload fixed) and workloads: (per workload)`);
    }
  }
  const defaults = data.defaults ?? {};
  if (!isRecord(defaults)) throw new FixSettingsError(`--config ${file}: defaults must be a map of settings (e.g. drain-delay: 10s), got ${JSON.stringify(defaults)}`);
  checkKeys(defaults, `--config ${file}: defaults`, []);
  const list = data.workloads ?? [];
  if (!Array.isArray(list)) throw new FixSettingsError(`--config ${file}: workloads must be a list of { kind, namespace, name, settings... }, got ${JSON.stringify(list)}`);
  const workloads = list.map((entry: unknown, i): FixConfigEntry => {
    const label = `workloads[${i}]`;
    if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
      throw new FixSettingsError(`--config ${file}: ${label} must be a map with at least name: (the workload's metadata.name), got ${JSON.stringify(entry)}`);
    }
    for (const key of ['kind', 'namespace']) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') {
        throw new FixSettingsError(`--config ${file}: ${label}.${key} must be a string, got ${JSON.stringify(entry[key])}`);
      }
    }
    checkKeys(entry, `--config ${file}: ${label}`, ENTRY_KEYS);
    const settings = Object.fromEntries(Object.entries(entry).filter(([key]) => !ENTRY_KEYS.includes(key)));
    return {
      name: entry.name,
      ...(entry.kind !== undefined ? { kind: entry.kind as string } : {}),
      ...(entry.namespace !== undefined ? { namespace: entry.namespace as string } : {}),
      settings,
      label,
    };
  });
  return { file, defaults, workloads };
}

/**
 * The config entry for one object: the first whose kind, namespace and name match (no namespace: any; no kind: a
 * Deployment or StatefulSet, so that a Service of the same name is not taken for the workload).
 * @internal
 */
export function configEntryFor(config: FixConfig | undefined, kind: string, namespace: string | undefined, name: string): FixConfigEntry | undefined {
  return config?.workloads.find((e) => e.name === name && (e.kind === undefined ? kind === 'Deployment' || kind === 'StatefulSet' : e.kind === kind) &&
    (e.namespace === undefined || e.namespace === (namespace ?? 'default') || e.namespace === namespace));
}

/**
 * The settings of one workload: the config's defaults, then its entry, then the annotations of the pod template, then
 * those of the workload (each later one wins). `undefined` when the workload has no annotation and no entry: it is not
 * fixed.
 * @throws FixSettingsError for an unknown `graceful-k8s.io/` annotation or config key, or a value of the wrong type
 * @internal
 */
export function settingsFor(
  config: FixConfig | undefined,
  entry: FixConfigEntry | undefined,
  annotations: ReadonlyArray<{ readonly where: string; readonly values: Readonly<Record<string, unknown>> }>,
): WorkloadSettings | undefined {
  const layers: Array<{ label: (key: string) => string; values: Record<string, unknown> }> = [];
  let annotated = false;
  for (const { where, values } of annotations) {
    const ours: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(values)) {
      if (!key.startsWith(FIX_ANNOTATION_PREFIX)) continue;
      const name = key.slice(FIX_ANNOTATION_PREFIX.length);
      if (FIX_SETTINGS[name] === undefined) {
        throw new FixSettingsError(`${where} annotation ${key} is not a fix setting; use one of ${Object.keys(FIX_SETTINGS).map((k) => FIX_ANNOTATION_PREFIX + k).join(', ')}`);
      }
      ours[name] = value;
      annotated = true;
    }
    layers.push({ label: (k) => `annotation ${FIX_ANNOTATION_PREFIX}${k} (${where})`, values: ours });
  }
  if (!annotated && entry === undefined) return undefined;
  const ordered = [
    ...(config ? [{ label: (k: string) => `--config ${config.file}: defaults.${k}`, values: { ...config.defaults } }] : []),
    ...(entry && config ? [{ label: (k: string) => `--config ${config.file}: ${entry.label}.${k}`, values: { ...entry.settings } }] : []),
    ...layers,
  ];
  const options: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  for (const layer of ordered) {
    for (const [key, raw] of Object.entries(layer.values)) {
      const setting = FIX_SETTINGS[key];
      options[setting.option] = valueOf(raw, setting.type, layer.label(key));
      sources[key] = layer.label(key);
    }
  }
  return { options: options as SpecOptions, sources };
}

function valueOf(raw: unknown, type: SettingType, where: string): unknown {
  if (type === 'boolean') {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw new FixSettingsError(`${where} must be true or false, got ${JSON.stringify(raw)}`);
  }
  if (type === 'list') {
    const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
    return items.map((item) => {
      if (typeof item !== 'string' && typeof item !== 'number') throw new FixSettingsError(`${where} must be a list of words (comma-separated in an annotation), got ${JSON.stringify(raw)}`);
      return String(item).trim();
    }).filter((item) => item !== '');
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') throw new FixSettingsError(`${where} must be a string or a number, got ${JSON.stringify(raw)}`);
  return String(raw).trim();
}

function checkKeys(values: Record<string, unknown>, where: string, allowed: readonly string[]): void {
  for (const key of Object.keys(values)) {
    if (!allowed.includes(key) && FIX_SETTINGS[key] === undefined) {
      throw new FixSettingsError(`${where}: ${key} is not a fix setting; use one of ${Object.keys(FIX_SETTINGS).join(', ')}`);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
