/**
 * Scores the audit on two corpora of public upstream manifests:
 * - the tuned corpus (test/fixtures/audit/corpus), the one the rules were tuned on: each manifest has an
 *   `.expected.yaml` whose lines are reviewed findings. Precision and recall come from the review's `expected`
 *   verdicts against what the audit reports (`before`: the audit before issue 16, recorded when the corpus was
 *   built; `reported`: now);
 * - the held-out corpus (test/fixtures/audit/holdout, issue 26), labelled per workload by someone who had only
 *   the rule descriptions, before the audit ran on it: each `<name>.yaml` has a `<name>.labels.yaml` listing, per
 *   workload, the rules that should be reported (`expect`) and some that should not (`not`). See {@link scoreHoldout}.
 *
 * `npm run readme` (or `npx ts-node-transpile-only test/audit/corpus-score.ts --write-readme`) regenerates the
 * table in docs/cli.md's audit section (test/audit/corpus.test.ts fails while it is stale); `--update-reported`
 * after a change to the rules lists findings no line of the tuned corpus reviews yet; `--holdout` prints every
 * false positive and miss of the held-out corpus.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { auditManifests, type AuditFinding, type AuditReport } from '../../src/audit/audit';
import { parseManifest } from '../../src/audit/manifest';

export const CORPUS = 'test/fixtures/audit/corpus';

/** One reviewed finding. */
export interface ReviewedFinding {
  readonly workload: string;
  readonly rule: string;
  readonly container: string;
  readonly severity: string;
  /** The review's verdict: should the audit report it? */
  readonly expected: boolean;
  /** Whether the audit reported it before issue 16. */
  readonly before: boolean;
  /** Whether the audit reports it now (asserted). */
  readonly reported: boolean;
  readonly why: string;
}

export interface CorpusManifest {
  readonly file: string;
  /** `owner/repo path commit` from the first line. */
  readonly source: string;
  readonly text: string;
  readonly reviewed: readonly ReviewedFinding[];
}

/** Every manifest of the corpus with its review, in name order. */
export function loadCorpus(dir = CORPUS): CorpusManifest[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const expected = parse(readFileSync(join(dir, file.replace(/\.yaml$/, '.expected.yaml')), 'utf8')) as { findings: ReviewedFinding[] };
      return { file, source: /^# source: (.*)$/m.exec(text.split('\n')[0])?.[1] ?? '', text, reviewed: expected.findings };
    });
}

/** The key a reviewed line and a finding share: `Deployment/web no-prestop-drain app warning`. */
export function keyOf(f: ReviewedFinding | AuditFinding): string {
  if ('ruleId' in f) return `${f.workload.kind}/${f.workload.name} ${f.ruleId} ${f.container ?? '-'} ${f.severity}`;
  return `${f.workload} ${f.rule} ${f.container} ${f.severity}`;
}

export function auditCorpusManifest(manifest: CorpusManifest): AuditReport {
  return auditManifests([{ file: manifest.file, text: manifest.text }]);
}

export interface Score {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly misses: number;
  readonly precision: number;
  readonly recall: number;
}

function score(reviewed: readonly ReviewedFinding[], reportedOf: (f: ReviewedFinding) => boolean): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const f of reviewed) {
    const reported = reportedOf(f);
    if (reported && f.expected) tp += 1;
    else if (reported) fp += 1;
    else if (f.expected) fn += 1;
  }
  return { truePositives: tp, falsePositives: fp, misses: fn, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

/** Precision and recall before issue 16 (`before`) and now (`reported`), over the whole corpus. */
export function corpusScores(corpus: readonly CorpusManifest[]): { readonly before: Score; readonly now: Score } {
  const all = corpus.flatMap((m) => m.reviewed);
  return { before: score(all, (f) => f.before), now: score(all, (f) => f.reported) };
}

/** The workloads and lines of the corpus. */
export function corpusSize(corpus: readonly CorpusManifest[]): { manifests: number; lines: number; workloads: number } {
  let workloads = 0;
  for (const m of corpus) workloads += auditCorpusManifest(m).workloads.length;
  return { manifests: corpus.length, lines: corpus.reduce((n, m) => n + m.text.split('\n').length, 0), workloads };
}

const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The README table: the tuned corpus, and the held-out corpus when it exists. */
export function corpusTable(corpus: readonly CorpusManifest[], holdout: readonly HoldoutManifest[] = loadHoldout()): string {
  const { before, now } = corpusScores(corpus);
  const size = corpusSize(corpus);
  const tunedHarm = tunedHarmAndCrashes(corpus);
  const row = (name: string, s: Score, harm: string) =>
    `| ${name} | ${percent(s.precision)} | ${percent(s.recall)} | ${s.truePositives} | ${s.falsePositives} | ${s.misses} | ${harm} |`;
  const lines = [
    `Tuned corpus: ${size.manifests} manifests from public upstream projects (${size.lines} lines, ${size.workloads} workloads), the rules ` +
      'were tuned on them; each finding reviewed in `test/fixtures/audit/corpus/*.expected.yaml` (every severity counts):',
    '',
    '| audit | precision | recall | true findings | false positives | misses | harmful fixes / crashes |',
    '|---|---|---|---|---|---|---|',
    row('before issue 16', before, '-'),
    row('now', now, `${tunedHarm.harmful.length} / ${tunedHarm.crashes.length}`),
  ];
  if (holdout.length > 0) {
    const gate = scoreHoldout(holdout, 'warning');
    const all = scoreHoldout(holdout, 'info');
    const dates = [...new Set(holdout.map((m) => m.labelledAt).filter((d) => d !== undefined))].sort();
    lines.push(
      '',
      `Held-out corpus: ${holdout.length} manifests from other upstream projects (${gate.lines} lines, ${gate.workloads} workloads), none shared ` +
        'with the tuned corpus, labelled per workload in `test/fixtures/audit/holdout/*.labels.yaml` from the rule descriptions only' +
        `${dates.length > 0 ? ` (labelled ${dates.join(', ')})` : ''}, before the audit ran on them; the rules are not tuned on them:`,
      '',
      '| findings counted | precision | recall | true findings | false positives | misses | harmful fixes / crashes |',
      '|---|---|---|---|---|---|---|',
      row('warnings and errors (what `--fail-on warning` gates)', gate.score, `${gate.harmful.length} / ${gate.crashes.length}`),
      row('every severity, info included', all.score, `${all.harmful.length} / ${all.crashes.length}`),
      '',
      `Goal (issue 26): precision and recall >= 90 % on the held-out corpus (warnings and errors): ${holdoutGoalMet(gate) ? 'met' : 'not met'}.`,
    );
  }
  return lines.join('\n');
}

/** The issue 26 goal on the held-out corpus: precision and recall >= 0.90, no harmful fix, no crash. */
export function holdoutGoalMet(result: HoldoutResult): boolean {
  return result.score.precision >= 0.9 && result.score.recall >= 0.9 && result.harmful.length === 0 && result.crashes.length === 0;
}

export const HOLDOUT = 'test/fixtures/audit/holdout';

/** One label: a rule that should (`expect`) or should not (`not`) be reported on a workload. */
export interface Label {
  readonly rule: string;
  /** The container it is about; `-` or omitted: the workload (any container). */
  readonly container?: string;
  readonly why?: string;
  /** The labeller was not sure: neither counted for nor against the audit. */
  readonly uncertain?: boolean;
}

export interface LabelledWorkload {
  /** `Kind/name`. */
  readonly workload: string;
  readonly expect?: readonly Label[];
  readonly not?: readonly Label[];
}

export interface HoldoutManifest {
  readonly file: string;
  /** `owner/repo path commit` from the first line. */
  readonly source: string;
  readonly text: string;
  readonly workloads: readonly LabelledWorkload[];
  /** The date the labels were written (`labelled:` / `date:` in the labels file, or a `# labelled: <date>` comment). */
  readonly labelledAt?: string;
}

/** Every manifest of the held-out corpus with its labels, in name order; none when the directory does not exist. */
export function loadHoldout(dir = HOLDOUT): HoldoutManifest[] {
  if (!existsSync(dir)) return [];
  // The date the labels were written, when the corpus's README gives one for all of them.
  const readme = existsSync(join(dir, 'README.md')) ? readFileSync(join(dir, 'README.md'), 'utf8') : '';
  const readmeDate = /\b(\d{4}-\d{2}-\d{2})\b/.exec(readme)?.[1];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !/\.labels\.ya?ml$/.test(f) && existsSync(join(dir, f.replace(/\.ya?ml$/, '.labels.yaml'))))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const labelsText = readFileSync(join(dir, file.replace(/\.ya?ml$/, '.labels.yaml')), 'utf8');
      const labels = (parse(labelsText) ?? {}) as { workloads?: LabelledWorkload[]; labelled?: unknown; date?: unknown };
      const date = labels.labelled ?? labels.date ?? /^#.*\b(?:labelled|labeled|date|written)\b\D*(\d{4}-\d{2}-\d{2})/im.exec(labelsText)?.[1] ?? readmeDate;
      return {
        file,
        source: /^# source: (.*)$/m.exec(text.split('\n')[0])?.[1] ?? '',
        text,
        workloads: labels.workloads ?? [],
        ...(date !== undefined ? { labelledAt: String(date).slice(0, 10) } : {}),
      };
    });
}

export interface HoldoutResult {
  readonly score: Score;
  /** `file Kind/name rule container`: reported but not expected (`not` label, or no label). */
  readonly falsePositives: readonly string[];
  /** `file Kind/name rule container`: expected but not reported. */
  readonly missed: readonly string[];
  /** Fixes that would make a manifest worse: a lower grace period than the workload declares, a replaced hook. */
  readonly harmful: readonly string[];
  /** Rules that threw on a workload, or an audit that threw. */
  readonly crashes: readonly string[];
  /** Input the audit reported as unusable (invalid YAML, a field the API server would refuse): not crashes, listed. */
  readonly inputProblems: readonly string[];
  readonly lines: number;
  readonly workloads: number;
}

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;

/**
 * Scores the audit against the held-out labels. Each reported finding at `minSeverity` or above, deduplicated by
 * workload, rule and container, is matched against its workload's labels: a true finding when an `expect` label has
 * the same rule and either names no container (`-`) or the same one (a finding about the whole workload matches any
 * label of its rule); a false positive otherwise (a `not` label, or no label at all: `expect` lists every rule that
 * should be reported). Every `expect` label no finding matched is a miss. Labels marked `uncertain` count neither way.
 * `minSeverity: 'warning'` scores what a CI gate acts on (`--fail-on warning`); `'info'` counts every finding.
 */
export function scoreHoldout(holdout: readonly HoldoutManifest[], minSeverity: 'info' | 'warning'): HoldoutResult {
  let tp = 0;
  const falsePositives: string[] = [];
  const missed: string[] = [];
  const harmful: string[] = [];
  const crashes: string[] = [];
  const inputProblems: string[] = [];
  let lines = 0;
  let workloads = 0;
  for (const manifest of holdout) {
    lines += manifest.text.split('\n').length;
    let report: AuditReport;
    try {
      report = auditManifests([{ file: manifest.file, text: manifest.text }]);
    } catch (error) {
      crashes.push(`${manifest.file}: the audit threw: ${error instanceof Error ? error.message : String(error)}`);
      for (const w of manifest.workloads) for (const e of w.expect ?? []) if (!e.uncertain) missed.push(`${manifest.file} ${w.workload} ${e.rule} ${e.container ?? '-'}`);
      continue;
    }
    workloads += report.workloads.length;
    for (const problem of report.problems) {
      (/^rule \S+ could not check /.test(problem.message) ? crashes : inputProblems).push(`${manifest.file}:${problem.line}: ${problem.message}`);
    }
    harmful.push(...harmfulFixes(manifest.file, manifest.text, report.findings));
    const seen = new Set<string>();
    const matched = new Set<Label>();
    for (const f of report.findings) {
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[minSeverity]) continue;
      const workload = `${f.workload.kind}/${f.workload.name}`;
      const key = `${manifest.file} ${workload} ${f.ruleId} ${f.container ?? '-'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const labelled = manifest.workloads.filter((w) => w.workload === workload);
      const fits = (l: Label) => l.rule === f.ruleId && (l.container === undefined || l.container === '-' || f.container === undefined || l.container === f.container);
      const expected = labelled.flatMap((w) => w.expect ?? []).filter(fits);
      if (expected.some((l) => !l.uncertain)) {
        tp += 1;
        for (const l of expected) matched.add(l);
        continue;
      }
      if (expected.length > 0 || labelled.flatMap((w) => w.not ?? []).filter(fits).some((l) => l.uncertain)) continue; // uncertain
      falsePositives.push(`${key} (${f.severity})`);
    }
    for (const w of manifest.workloads) {
      for (const e of w.expect ?? []) if (!e.uncertain && !matched.has(e)) missed.push(`${manifest.file} ${w.workload} ${e.rule} ${e.container ?? '-'}`);
    }
  }
  const fp = falsePositives.length;
  const fn = missed.length;
  return {
    score: {
      truePositives: tp,
      falsePositives: fp,
      misses: fn,
      precision: tp + fp === 0 ? 1 : tp / (tp + fp),
      recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    },
    falsePositives,
    missed,
    harmful,
    crashes,
    inputProblems,
    lines,
    workloads,
  };
}

/**
 * Fixes that make a manifest worse: a suggested grace period lower than the one the workload declares, or a fix
 * that replaces a preStop hook (the audit's rule: never lower, never replace).
 */
export function harmfulFixes(file: string, text: string, findings: readonly AuditFinding[]): string[] {
  const worse: string[] = [];
  const objects = parseManifest({ file, text }).objects;
  for (const f of findings) {
    const named = (o: (typeof objects)[number]) => (o.object.metadata as { name?: string } | undefined)?.name === f.workload.name;
    const object = objects.find((o) => o.object.kind === f.workload.kind && named(o))?.object;
    const podSpec = f.workload.kind === 'Pod' ? (object?.spec as Record<string, unknown>) : ((object?.spec as { template?: { spec?: Record<string, unknown> } })?.template?.spec);
    const declared = podSpec?.terminationGracePeriodSeconds;
    const suggested = /terminationGracePeriodSeconds: (\d+)/.exec(f.fix)?.[1];
    if (typeof declared === 'number' && suggested !== undefined && Number(suggested) < declared) worse.push(`${file} ${keyOf(f)}: grace ${declared} -> ${suggested}`);
    if (/replace (it|the hook)/.test(f.fix)) worse.push(`${file} ${keyOf(f)}: ${f.fix}`);
  }
  return worse;
}

/**
 * Harmful fixes and crashes (a rule that threw) on the tuned corpus. Input the audit reports as unusable (a key
 * repeated in a YAML map, which kubectl refuses too) is not a crash: the document is still audited.
 */
export function tunedHarmAndCrashes(corpus: readonly CorpusManifest[]): { readonly harmful: string[]; readonly crashes: string[] } {
  const harmful: string[] = [];
  const crashes: string[] = [];
  for (const manifest of corpus) {
    const report = auditCorpusManifest(manifest);
    harmful.push(...harmfulFixes(manifest.file, manifest.text, report.findings));
    for (const problem of report.problems) {
      if (/^rule \S+ could not check /.test(problem.message)) crashes.push(`${manifest.file}:${problem.line}: ${problem.message}`);
    }
  }
  return { harmful, crashes };
}

/** The figures `npm test` prints for both corpora. */
export function scoreLines(corpus: readonly CorpusManifest[], holdout: readonly HoldoutManifest[]): string[] {
  const { now } = corpusScores(corpus);
  const tuned = tunedHarmAndCrashes(corpus);
  const line = (name: string, s: Score, harmful: number, crashes: number) =>
    `${name}: precision ${percent(s.precision)}, recall ${percent(s.recall)} (${s.truePositives} true, ${s.falsePositives} false positives, ` +
    `${s.misses} misses), ${harmful} harmful fixes, ${crashes} crashes`;
  const lines = [line(`tuned corpus (${corpus.length} manifests)`, now, tuned.harmful.length, tuned.crashes.length)];
  if (holdout.length === 0) return [...lines, `held-out corpus: ${HOLDOUT} does not exist yet`];
  const gate = scoreHoldout(holdout, 'warning');
  const all = scoreHoldout(holdout, 'info');
  lines.push(
    line(`held-out corpus (${holdout.length} manifests), warnings and errors`, gate.score, gate.harmful.length, gate.crashes.length),
    line(`held-out corpus (${holdout.length} manifests), every severity`, all.score, all.harmful.length, all.crashes.length),
    holdoutGoalMet(gate)
      ? 'issue 26 goal (>= 90 % precision and recall on the held-out corpus, no harmful fix, no crash): met'
      : 'issue 26 goal (>= 90 % precision and recall on the held-out corpus, no harmful fix, no crash): NOT met',
  );
  return lines;
}

const START = '<!-- audit-corpus:start (generated by test/audit/corpus-score.ts) -->';
const END = '<!-- audit-corpus:end -->';

/** The page that shows the corpus table (the audit section of the CLI docs), relative to the repository root. */
export const CORPUS_TABLE_PAGE = 'docs/cli.md';

/** A page's text with the table between the markers replaced (the page: {@link CORPUS_TABLE_PAGE}). */
export function readmeWithTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${CORPUS_TABLE_PAGE} has no ${START} ... ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

/**
 * Sets each reviewed line's `reported` to what the audit reports now; a finding with no reviewed line
 * is printed and left for a human to review (its verdict is never guessed).
 */
function updateReported(dir = CORPUS): void {
  for (const manifest of loadCorpus(dir)) {
    const actual = new Set(auditCorpusManifest(manifest).findings.map(keyOf));
    const path = join(dir, manifest.file.replace(/\.yaml$/, '.expected.yaml'));
    const reviewed = new Set(manifest.reviewed.map(keyOf));
    for (const key of actual) if (!reviewed.has(key)) console.log(`${manifest.file}: not reviewed: ${key}`);
    const lines = readFileSync(path, 'utf8').split('\n').map((line) => {
      const entry = manifest.reviewed.find((f) => line.includes(`workload: ${f.workload}, rule: ${f.rule}, container: "${f.container}", severity: ${f.severity},`));
      return entry ? line.replace(/reported: (true|false)/, `reported: ${actual.has(keyOf(entry))}`) : line;
    });
    writeFileSync(path, lines.join('\n'));
  }
}

if (require.main === module) {
  if (process.argv.includes('--update-reported')) updateReported();
  if (process.argv.includes('--holdout')) {
    const holdout = loadHoldout();
    for (const line of scoreLines(loadCorpus(), holdout)) console.log(line);
    for (const severity of ['warning', 'info'] as const) {
      const result = scoreHoldout(holdout, severity);
      console.log(`\n${severity} and above:\n  false positives:\n    ${result.falsePositives.join('\n    ')}\n  misses:\n    ${result.missed.join('\n    ')}` +
        `\n  harmful:\n    ${result.harmful.join('\n    ')}\n  crashes:\n    ${result.crashes.join('\n    ')}` +
        `\n  unusable input:\n    ${result.inputProblems.join('\n    ')}`);
    }
  }
  if (process.argv.includes('--write-readme')) writeFileSync(CORPUS_TABLE_PAGE, readmeWithTable(readFileSync(CORPUS_TABLE_PAGE, 'utf8'), corpusTable(loadCorpus())));
}
