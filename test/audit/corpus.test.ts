import { readFileSync } from 'node:fs';
import { auditCorpusManifest, CORPUS_TABLE_PAGE, corpusScores, corpusTable, holdoutGoalMet, keyOf, loadCorpus, loadHoldout, readmeWithTable, scoreHoldout, scoreLines } from './corpus-score';
import { ALL_RULES } from '../../src/audit/all-rules';
import { parseManifest } from '../../src/audit/manifest';

/**
 * Whether the issue 26 goal (>= 90 % precision and recall on the held-out corpus, no harmful fix, no crash) is
 * asserted. It is set to true once the figures meet it; until then the test below checks that they do not, so the
 * docs' "not met" stays true and nobody forgets to turn the assertion on.
 */
const HOLDOUT_GOAL_ASSERTED = true;

const corpus = loadCorpus();

describe('the real-world corpus', () => {
  test('holds at least 20 manifests, each naming its upstream repository, path and commit on its first line', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(20);
    for (const m of corpus) expect(`${m.file}: ${m.source}`).toMatch(/^\S+: [\w.-]+\/[\w.-]+ \S+ [0-9a-f]{40}$/);
  });

  test.each(corpus.map((m) => [m.file, m] as const))('%s: the audit reports exactly the reviewed lines marked `reported`', (_, manifest) => {
    const report = auditCorpusManifest(manifest);
    // One upstream file repeats a key, which kubectl refuses: an input problem, its document still audited (issue 23, item 6).
    expect(report.problems.map((p) => p.message.replace(/:.*$/, ''))).toEqual(
      manifest.file === 'spring-petclinic-cloud.yaml'
        ? ['duplicate key \'resources\' at lines 294 and 316', 'duplicate key \'resources\' at lines 359 and 381', 'duplicate key \'resources\' at lines 424 and 446']
        : [],
    );
    const actual = report.findings.map(keyOf).sort();
    const reported = manifest.reviewed.filter((f) => f.reported).map(keyOf).sort();
    expect(actual).toEqual(reported);
  });

  test('no suggested fix makes a manifest worse: none lowers the grace period the workload declares or replaces its preStop hook', () => {
    const worse: string[] = [];
    for (const manifest of corpus) {
      const objects = parseManifest({ file: manifest.file, text: manifest.text }).objects;
      for (const f of auditCorpusManifest(manifest).findings) {
        const named = (o: (typeof objects)[number]) => (o.object.metadata as { name?: string } | undefined)?.name === f.workload.name;
        const object = objects.find((o) => o.object.kind === f.workload.kind && named(o))?.object;
        const podSpec = f.workload.kind === 'Pod' ? (object?.spec as Record<string, unknown>) : ((object?.spec as { template?: { spec?: Record<string, unknown> } })?.template?.spec);
        const declared = podSpec?.terminationGracePeriodSeconds;
        const suggested = /terminationGracePeriodSeconds: (\d+)/.exec(f.fix)?.[1];
        if (typeof declared === 'number' && suggested !== undefined && Number(suggested) < declared) {
          worse.push(`${manifest.file} ${keyOf(f)}: grace ${declared} -> ${suggested}`);
        }
        if (/replace (it|the hook)/.test(f.fix)) worse.push(`${manifest.file} ${keyOf(f)}: ${f.fix}`);
      }
    }
    expect(worse).toEqual([]);
  });

  test('precision is at least 95 % and recall is no lower than before issue 16', () => {
    const { before, now } = corpusScores(corpus);
    expect(now.precision).toBeGreaterThanOrEqual(0.95);
    expect(now.recall).toBeGreaterThanOrEqual(before.recall);
  });

  test('the audit section of docs/cli.md shows the table this corpus produces', () => {
    const readme = readFileSync(CORPUS_TABLE_PAGE, 'utf8');
    expect(readmeWithTable(readme, corpusTable(corpus))).toBe(readme);
  });
});

describe('the held-out corpus (issue 26)', () => {
  const holdout = loadHoldout();

  test('npm test prints precision and recall on both corpora', () => {
    const lines = scoreLines(corpus, holdout);
    console.log(`audit precision and recall\n  ${lines.join('\n  ')}`);
    expect(lines[0]).toMatch(/^tuned corpus/);
  });

  if (holdout.length === 0) return;

  test('every held-out manifest names its upstream repository, paths and commit, and its labels name rules the audit has', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    for (const m of holdout) expect(`${m.file}: ${m.source}`).toMatch(/^\S+: [\w.-]+\/[\w.-]+( \S+)+ [0-9a-f]{7,40}$/);
    const unknown = holdout.flatMap((m) => m.workloads.flatMap((w) => [...(w.expect ?? []), ...(w.not ?? [])].filter((l) => !ids.has(l.rule)).map((l) => `${m.file} ${w.workload} ${l.rule}`)));
    expect(unknown).toEqual([]);
  });

  test('no manifest of the held-out corpus crashes the audit or gets a fix that makes it worse', () => {
    const result = scoreHoldout(holdout, 'info');
    expect(result.crashes).toEqual([]);
    expect(result.harmful).toEqual([]);
  });

  if (HOLDOUT_GOAL_ASSERTED) {
    test('precision and recall are at least 90 % on the held-out corpus (warnings and errors)', () => {
      const { score } = scoreHoldout(holdout, 'warning');
      expect(score.precision).toBeGreaterThanOrEqual(0.9);
      expect(score.recall).toBeGreaterThanOrEqual(0.9);
    });
  } else {
    test('the goal is not met yet, as the README says (turn HOLDOUT_GOAL_ASSERTED on once it is)', () => {
      expect(holdoutGoalMet(scoreHoldout(holdout, 'warning'))).toBe(false);
    });
  }
});
