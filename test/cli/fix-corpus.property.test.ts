import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CST, parseAllDocuments, Parser } from 'yaml';
import { FIXTURES } from './run-cli';
import { auditManifests } from '../../src/audit';
import { fixManifests } from '../../src/cli/fix/fix-manifests';
import type { FixConfig } from '../../src/cli/fix/settings';

/**
 * The property of `fix` over real manifests (the audit corpus: 20 upstream projects' manifests): for every
 * Deployment and StatefulSet, given a config entry (so the input bytes are the upstream ones), fix either refuses with
 * the workload named and the input unchanged, or
 * - changes only that workload's document (and adds a PodDisruptionBudget after it): every other document is
 *   byte-identical;
 * - is idempotent: fix of its output is byte-identical;
 * - leaves nothing for the audit to report on the workload but what fix itself warned about (replicas, probes, a shell
 *   command: settings fix does not own and does not invent), and no error at all.
 */
const CORPUS = join(FIXTURES, 'corpus');
const FILES = readdirSync(CORPUS).filter((name) => name.endsWith('.yaml') && !name.endsWith('.expected.yaml')).sort();

/** The audit rule behind each warning code fix prints (the core's `checkWorkload` and planner warnings). */
const WARNING_OF_RULE: Readonly<Record<string, string>> = {
  'single-replica-no-pdb': 'single-replica',
  'max-unavailable-few-replicas': 'max-unavailable',
  'no-readiness-probe': 'no-readiness-probe',
  'liveness-equals-readiness': 'liveness-equals-readiness',
  'shell-form-command': 'shell-form-command',
};

/** The documents of a text, byte for byte (the CST gives the input back exactly). */
function documentTexts(text: string): string[] {
  const texts: string[] = [];
  let pending = '';
  for (const token of new Parser().parse(text)) {
    pending += CST.stringify(token);
    if (token.type === 'document') {
      texts.push(pending);
      pending = '';
    }
  }
  if (pending !== '') texts.push(pending);
  return texts;
}

const cases = FILES.flatMap((file) => {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  return parseAllDocuments(text, { uniqueKeys: false })
    .map((d) => d.toJS() as any)
    .filter((o) => o?.kind === 'Deployment' || o?.kind === 'StatefulSet')
    .map((o, i) => ({ file, text, kind: o.kind as string, name: o.metadata.name as string, namespace: o.metadata.namespace as string | undefined, appShutdown: ['10s', '30s', '75s'][i % 3] }));
});

test('the corpus has workloads of both kinds to fix', () => {
  expect(cases.length).toBeGreaterThan(50);
  expect(cases.some((c) => c.kind === 'StatefulSet')).toBe(true);
});

describe.each(cases)('fix $kind $name of $file (app shutdown $appShutdown)', ({ file, text, kind, name, namespace, appShutdown }) => {
  const config: FixConfig = {
    file: 'fix.yaml',
    defaults: {},
    workloads: [{ kind, name, ...(namespace !== undefined ? { namespace } : {}), settings: { 'app-shutdown': appShutdown }, label: 'workloads[0]' }],
  };
  const result = fixManifests(text, file, config);
  const label = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;

  if (result.refusals.length > 0) {
    test('is refused with the workload named, and the input is returned unchanged', () => {
      expect(result.text).toBe(text);
      expect(result.refusals.every((r) => r.startsWith(`${file}: ${label}: `))).toBe(true);
    });
    return;
  }

  test('changes only its own document: every other document is byte-identical', () => {
    const before = documentTexts(text);
    const index = before.findIndex((d) => {
      const object = parseAllDocuments(d, { uniqueKeys: false })[0]?.toJS() as any;
      return object?.kind === kind && object?.metadata?.name === name && object?.metadata?.namespace === namespace;
    });
    expect(index).toBeGreaterThanOrEqual(0);
    const prefix = before.slice(0, index).join('');
    const suffix = before.slice(index + 1).join('');
    expect(result.text.startsWith(prefix)).toBe(true);
    expect(result.text.endsWith(suffix)).toBe(true);
    expect(result.fixed).toEqual([label]);
  });

  test('is idempotent: fix of its output is byte-identical', () => {
    expect(fixManifests(result.text, file, config).text).toBe(result.text);
  });

  test('the audit of its output has no error and no warning fix did not give itself', () => {
    const report = auditManifests([{ file, text: result.text }]);
    const findings = report.findings.filter((f) => f.workload.kind === kind && f.workload.name === name && f.severity !== 'info');
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    const warned = result.notes.filter((n) => n.startsWith(`${file}: ${label}: warning: [`)).map((n) => /warning: \[([a-z-]+)\]/.exec(n)![1]);
    for (const finding of findings) expect([finding.ruleId, warned]).toEqual([finding.ruleId, expect.arrayContaining([WARNING_OF_RULE[finding.ruleId] ?? `(fix owns ${finding.ruleId})`])]);
  });
});
