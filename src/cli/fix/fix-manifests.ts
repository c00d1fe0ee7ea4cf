import { CST, isMap, Parser, Composer, stringify, type Document, type Node } from 'yaml';
import { sameNamespace, selects } from '../../audit/context';
import {
  applyPlanToWorkloadSpec,
  checkWorkload,
  describeValue,
  factsFromWorkloadSpec,
  GracefulConfigError,
  planForWorkload,
  unacknowledged,
  wantsDisruptionBudget,
  workloadRolloutOf,
  type PlanWarning,
  type ShutdownPlan,
  type WorkloadKind,
  type WorkloadSpec,
} from '../../core';
import { flagForField } from '../commands/report-config-error';
import { SPEC_FLAGS, SpecOptionsError, specFromOptions } from '../spec-options';
import { configEntryFor, FIX_ANNOTATION_PREFIX, FixSettingsError, settingsFor, type FixConfig, type WorkloadSettings } from './settings';
import { applyEdits, diffToEdits, sameData, YamlPatchError, type TextEdit } from './yaml-patch';

/**
 * What `fix` did to one input.
 * @internal
 */
export interface FixResult {
  /** The input with the plans written in; the input itself when nothing was fixed or something was refused. */
  readonly text: string;
  /** `Deployment shop/web`, one per workload fixed (changed or already planned). */
  readonly fixed: readonly string[];
  /** What the user should know: the plan's and the workload's warnings, values replaced, config entries unused. */
  readonly notes: readonly string[];
  /** Workloads `fix` cannot plan without making them worse, or settings it cannot read: each names the workload, field, value and fix. */
  readonly refusals: readonly string[];
}

interface ParsedDocument {
  /** The document's text, byte for byte as in the input. */
  readonly source: string;
  /** Its offset in the input: the Document's node ranges are offsets in the input. */
  readonly offset: number;
  readonly document?: Document.Parsed;
  readonly object?: Record<string, unknown>;
  /** Why the document is ambiguous (a duplicate key): fix refuses to plan it. */
  readonly error?: string;
}

/** A workload `fix` looks at. */
interface Workload {
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly object: Record<string, unknown>;
}

/**
 * Writes the shutdown plan into the Deployments and StatefulSets of a multi-document YAML text that carry
 * `graceful-k8s.io/` annotations or have an entry in `config`: the planned preStop, terminationGracePeriodSeconds, env,
 * volumes, init containers, rollout strategy and pod annotations (the core's `applyPlanToWorkloadSpec`, the merge
 * every adapter uses; the grace period is never lowered and a user's preStop is never replaced: `planForWorkload`,
 * `checkWorkload`), and a PodDisruptionBudget document after the workload when it has 2 or more replicas (or an
 * autoscaler) and no PodDisruptionBudget of the input selects its pods.
 *
 * Only the bytes that change are rewritten: comments, key order, quoting and every other document stay as they are,
 * so `fixManifests` of its own output returns it unchanged. All or nothing: when anything is refused, the text is
 * returned unchanged with the refusals.
 * @param file the input's name in messages (`-` for stdin)
 * @internal
 */
export function fixManifests(text: string, file: string, config?: FixConfig): FixResult {
  const parsed = parseDocuments(text);
  if ('error' in parsed) return { text, fixed: [], notes: [], refusals: [`${file}: ${parsed.error}`] };
  const documents = parsed.documents;
  const objects = documents.flatMap((d) => (d.object ? [d.object] : []));
  const refusals: string[] = [];
  const notes: string[] = [];
  const fixed: string[] = [];
  const usedEntries = new Set<string>();
  const replacement = new Map<number, string>();
  documents.forEach((d, index) => {
    const workload = workloadOf(d, index);
    if (!workload) return;
    const label = `${file}: ${workload.kind} ${workload.namespace ? `${workload.namespace}/` : ''}${workload.name}`;
    try {
      const entry = configEntryFor(config, workload.kind, workload.namespace, workload.name);
      if (entry) usedEntries.add(entry.label);
      const settings = settingsFor(config, entry, annotationLayers(workload.object));
      if (!settings) return;
      if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet') {
        throw new FixSettingsError(
          `has ${entry ? `the config entry ${entry.label}` : `${FIX_ANNOTATION_PREFIX} annotations`}, but fix plans Deployments and StatefulSets only ` +
            '(a DaemonSet has no rolling surge, a bare Pod no rollout); remove them, or run the pods from a Deployment',
        );
      }
      if (d.error !== undefined) {
        throw new FixSettingsError(`cannot be read unambiguously (${d.error}); remove the duplicate key, then run fix again`);
      }
      const result = fixWorkload(text, d, workload, workload.kind, settings, objects);
      fixed.push(label.slice(file.length + 2));
      for (const note of result.notes) notes.push(`${label}: ${note}`);
      if (result.text !== d.source) replacement.set(index, result.text);
    } catch (error) {
      refusals.push(`${label}: ${refusalText(error)}`);
    }
  });
  for (const entry of config?.workloads ?? []) {
    if (!usedEntries.has(entry.label)) {
      notes.push(`--config ${config!.file}: ${entry.label} (${entry.kind ?? 'a Deployment or StatefulSet'} ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}) matches no workload of ${file}`);
    }
  }
  if (refusals.length > 0) return { text, fixed: [], notes, refusals };
  const out = documents.map((d, index) => replacement.get(index) ?? d.source).join('');
  return { text: out, fixed, notes, refusals };
}

/** The message of a refusal: the field, the value and the fix. */
function refusalText(error: unknown): string {
  if (!(error instanceof GracefulConfigError || error instanceof FixSettingsError || error instanceof YamlPatchError)) throw error;
  let message = error.message;
  if (error instanceof GracefulConfigError && error.value !== undefined && message.startsWith(`${error.field} `)) {
    const value = describeValue(error.value);
    // Every refusal names the value it found, also where the core's message does not repeat it.
    if (!message.includes(value)) message = `${error.field} (${value}) ${message.slice(error.field.length + 1)}`;
  }
  // The core's fixes name spec fields (`shutdown.preStop 'app-drain'`): say them as the annotation fix reads.
  return message.replace(/shutdown\.([A-Za-z.]+)(?: '([^']*)')?/g, (text, field: string, value: string | undefined) => {
    const flag = SPEC_FLAGS[field];
    return flag === undefined ? text : `the annotation ${FIX_ANNOTATION_PREFIX}${flag.replace(/^--/, '')}${value !== undefined ? `: ${value}` : ''}`;
  });
}

function fixWorkload(
  input: string,
  d: ParsedDocument,
  workload: Workload,
  kind: WorkloadKind,
  settings: WorkloadSettings,
  objects: readonly Record<string, unknown>[],
): { text: string; notes: string[] } {
  const { spec: shutdown, flags } = specOf(settings);
  const spec = workloadSpecOf(workload.object);
  const existing = spec.template.spec.terminationGracePeriodSeconds as unknown;
  if (existing !== undefined && (typeof existing !== 'number' || !Number.isInteger(existing) || existing < 0)) {
    throw new GracefulConfigError('spec.template.spec.terminationGracePeriodSeconds', existing, 'must be a whole number of seconds; write it as a number, or remove it and let the plan choose');
  }
  const autoscaled = objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && sameNamespace(namespaceOf(o), workload) &&
    record(record(o.spec)?.scaleTargetRef)?.kind === workload.kind && record(record(o.spec)?.scaleTargetRef)?.name === workload.name);
  const replicas = autoscaled ? undefined : typeof spec.replicas === 'number' ? spec.replicas : 1;
  let planned: { plan: ShutdownPlan; warnings: readonly PlanWarning[] };
  try {
    planned = planForWorkload(
      shutdown,
      existing === undefined ? undefined : { seconds: existing as number },
      kind,
      workloadRolloutOf(kind, { ...spec, replicas: autoscaled ? undefined : spec.replicas }),
    );
  } catch (error) {
    throw renamed(error, flags, settings);
  }
  const { plan } = planned;
  // A preStop equal to the plan's is the plan's own (an earlier fix): not the user's hook, so fix of its output changes nothing.
  const facts = factsFromWorkloadSpec(kind, spec);
  const warnings = unacknowledged(plan, [
    ...plan.warnings,
    ...planned.warnings,
    ...checkWorkload(plan, {
      ...facts,
      replicas,
      containers: facts.containers.map((c) => (sameData(c.preStop, plan.preStop) ? { ...c, preStop: undefined } : c)),
    }),
  ]);
  const after = applyPlanToWorkloadSpec(spec, plan, kind);
  const root = d.document!.contents as Node;
  const specNode = isMap(root) ? (root.get('spec', true) as Node) : null;
  const edits = diffToEdits(input, specNode, spec, after, ['spec'])
    .map((e): TextEdit => ({ ...e, start: e.start - d.offset, end: e.end - d.offset }));
  const notes = [
    ...warnings.map((w) => `warning: [${w.code}] ${w.message}`),
    ...edits.flatMap((e) => (e.replaced ? [`replaced ${e.replaced.path} ${show(e.replaced.from)} with ${show(e.replaced.to)} (the plan's)`] : [])),
  ];
  // Objects beside the workload are not fix's to edit (a Service may front several workloads): said, not written.
  for (const [what, values] of [['Service annotations', plan.serviceAnnotations], ['Ingress annotations', plan.ingressAnnotations], ['Namespace labels', plan.namespaceLabels]] as const) {
    if (Object.keys(values).length > 0) {
      notes.push(`the plan also needs ${what} ${show(values)} for its routers, which fix does not write; add them (graceful-k8s plan -o yaml prints them)`);
    }
  }
  let text = applyEdits(d.source, edits);
  const budget = budgetDocument(workload, spec, plan, replicas, objects);
  if (budget !== undefined) {
    text = `${text}${text.endsWith('\n') ? '' : '\n'}---\n${budget}`;
    notes.push('added a PodDisruptionBudget (maxUnavailable 1): no PodDisruptionBudget of the input selects its pods');
  }
  return { text, notes };
}

/** The spec of the settings, with the setting behind each spec field for error messages. */
function specOf(settings: WorkloadSettings): ReturnType<typeof specFromOptions> {
  if (settings.options.appShutdown === undefined) {
    throw new FixSettingsError(
      `has ${Object.keys(settings.sources).map((k) => settings.sources[k]).join(', ')} but no app-shutdown, the time the app needs after the stop signal ` +
        `to finish in-flight requests; add the annotation ${FIX_ANNOTATION_PREFIX}app-shutdown (e.g. "30s") or app-shutdown: in the config entry`,
    );
  }
  try {
    return specFromOptions(settings.options);
  } catch (error) {
    if (!(error instanceof SpecOptionsError)) throw error;
    // The option names of plan's flags (`--quit-via`) become where the setting is written.
    throw new FixSettingsError(error.message.replace(/--(?:no-)?([a-z0-9-]+)(?: <[^>]+>)?/g, (_all, key: string) => settings.sources[key] ?? `${FIX_ANNOTATION_PREFIX}${key}`));
  }
}

/** A planner error on a spec field, said with where the user wrote the setting (`annotation graceful-k8s.io/drain-delay`). */
function renamed(error: unknown, flags: Readonly<Record<string, string>>, settings: WorkloadSettings): unknown {
  if (!(error instanceof GracefulConfigError)) return error;
  const match = flagForField(error.field, flags);
  if (!match) return error;
  const key = match.flag.replace(/^--/, '').split(' ')[0];
  const source = settings.sources[key];
  if (source === undefined) return error;
  return new FixSettingsError(`${source}: ${error.message}`);
}

/**
 * The PodDisruptionBudget the adapters create (`wantsDisruptionBudget`: 2 or more replicas, or an autoscaler), as a
 * YAML document, when no PodDisruptionBudget of the input in the workload's namespace selects its pods.
 */
function budgetDocument(
  workload: Workload,
  spec: WorkloadSpec,
  plan: ShutdownPlan,
  replicas: number | undefined,
  objects: readonly Record<string, unknown>[],
): string | undefined {
  if (!wantsDisruptionBudget(replicas)) return undefined;
  const podLabels = stringRecord(record(spec.template.metadata)?.labels);
  const covered = objects.some((o) => o.kind === 'PodDisruptionBudget' && sameNamespace(namespaceOf(o), workload) &&
    selects(stringRecord(record(record(o.spec)?.selector)?.matchLabels), podLabels));
  if (covered) return undefined;
  const selector = record(spec.selector);
  if (selector === undefined) {
    throw new GracefulConfigError('spec.selector', spec.selector, 'is missing, so the PodDisruptionBudget fix adds cannot select the pods; add the selector (apps/v1 requires it)');
  }
  const budget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: workload.name, ...(workload.namespace !== undefined ? { namespace: workload.namespace } : {}) },
    spec: { ...plan.podDisruptionBudget, selector },
  };
  return `# Added by graceful-k8s fix for ${workload.kind} ${workload.name}: node drains evict one pod at a time\n${stringify(budget, { lineWidth: 0 })}`;
}

/**
 * The input split into documents, each with its exact text (the CST's tokens, which give the input back byte for
 * byte) and its parsed Document. Comments before the first document belong to it.
 */
function parseDocuments(text: string): { documents: ParsedDocument[] } | { error: string } {
  const documents: ParsedDocument[] = [];
  let pending = '';
  let pendingOffset = 0;
  for (const token of new Parser().parse(text)) {
    const source = CST.stringify(token);
    if (token.type !== 'document') {
      if (pending === '') pendingOffset = token.offset;
      pending += source;
      continue;
    }
    let document = compose(token);
    let error: string | undefined;
    if (document.errors.length > 0) {
      // A duplicate key (which some renderers let through) makes the object ambiguous: readable to see whether fix
      // should touch it, but refused if it should. Any other error makes the input unusable.
      error = document.errors[0].message.split('\n')[0];
      document = compose(token, { uniqueKeys: false });
      if (document.errors.length > 0) return { error: `cannot parse YAML: ${error}` };
    }
    const value: unknown = document.toJS();
    const offset = pending === '' ? token.offset : pendingOffset;
    documents.push({ source: pending + source, offset, document, ...(record(value) ? { object: record(value) } : {}), ...(error ? { error } : {}) });
    pending = '';
  }
  if (pending !== '') documents.push({ source: pending, offset: pendingOffset });
  return { documents };
}

function compose(token: ReturnType<Parser['parse']> extends Generator<infer T> ? T : never, options: { uniqueKeys?: boolean } = {}): Document.Parsed {
  const composer = new Composer(options);
  return [...composer.next(token), ...composer.end()][0] as Document.Parsed;
}

function workloadOf(d: ParsedDocument, index: number): Workload | undefined {
  const object = d.object;
  const metadata = record(object?.metadata);
  if (!object || typeof object.kind !== 'string' || typeof metadata?.name !== 'string') return undefined;
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  return { index, kind: object.kind, name: metadata.name, ...(namespace !== undefined ? { namespace } : {}), object };
}

/** The annotations `fix` reads, pod template first (the workload's own win). */
function annotationLayers(object: Record<string, unknown>): Array<{ where: string; values: Record<string, unknown> }> {
  const template = record(record(record(object.spec)?.template)?.metadata)?.annotations;
  const own = record(object.metadata)?.annotations;
  return [
    { where: 'on the pod template', values: record(template) ?? {} },
    { where: 'on the workload', values: record(own) ?? {} },
  ];
}

function workloadSpecOf(object: Record<string, unknown>): WorkloadSpec {
  const spec = record(object.spec);
  const podSpec = record(record(spec?.template)?.spec);
  const containers = podSpec?.containers;
  if (!Array.isArray(containers) || containers.length === 0 || !containers.every((c) => typeof record(c)?.name === 'string')) {
    throw new GracefulConfigError('spec.template.spec.containers', containers, 'must be a non-empty list of named containers: the plan adds its preStop and env to each');
  }
  return spec as unknown as WorkloadSpec;
}

function namespaceOf(object: Record<string, unknown>): { namespace?: string } {
  const namespace = record(object.metadata)?.namespace;
  return typeof namespace === 'string' ? { namespace } : {};
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value) ?? {}).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}
