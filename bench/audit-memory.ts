/**
 * `graceful-k8s audit` on a large input: peak memory against the input size, and throughput.
 *
 * The input is the real-world corpus (test/fixtures/audit/corpus, 22 upstream manifests: CRDs,
 * controllers, sample apps) repeated until it reaches `--mb` megabytes (default 38.8, the size in
 * issue 16), with each copy's names suffixed so workloads stay distinct. Each measurement runs in a fresh
 * Node process (`--child`): it loads the audit, records its resident set size, reads the input, audits
 * it, and prints the peak resident set size (`process.resourceUsage().maxRSS`) and the time.
 *
 * Run: `node -r ts-node/register/transpile-only bench/audit-memory.ts [--mb 38.8] [--repeats 3]`
 * (the peak during the audit is at most the process peak minus the RSS once the input string exists).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from './child-process';

interface Measurement {
  readonly inputBytes: number;
  readonly rssBeforeInputBytes: number;
  /** After the input string exists and the read buffer was collected. */
  readonly rssWithInputBytes: number;
  readonly peakRssBytes: number;
  readonly seconds: number;
  readonly workloads: number;
  readonly findings: number;
}

/**
 * The corpus repeated to at least `bytes`, each copy's names and label values suffixed (`-c7`) so that
 * copies stay distinct workloads behind distinct Services, as in a large real input.
 */
export function largeInput(bytes: number, corpusDir = 'test/fixtures/audit/corpus'): string {
  const files = readdirSync(corpusDir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml')).sort();
  const corpus = files.map((f) => readFileSync(join(corpusDir, f), 'utf8').replace(/\n?$/, '\n')).join('---\n');
  const parts: string[] = [];
  let size = 0;
  for (let copy = 0; size < bytes; copy++) {
    const text = corpus.replace(/^(\s+(?:name|app|k8s-app|component|tier|run|version|app\.kubernetes\.io\/[a-z-]+): "?)([A-Za-z0-9][\w.-]*)("?)$/gm, `$1$2-c${copy}$3`);
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join('---\n');
}

function child(file: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { auditManifests } = require('../src/audit') as typeof import('../src/audit');
  auditManifests([{ file: 'warm-up.yaml', text: 'kind: Service\nmetadata: {name: x}\n' }]);
  const rssBefore = process.memoryUsage().rss;
  // As the CLI reads a file: its bytes, which the audit decodes one document at a time.
  const text = readFileSync(file);
  (global as { gc?: () => void }).gc?.();
  const rssWithInput = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const report = auditManifests([{ file, text }]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const result: Measurement = {
    inputBytes: Buffer.byteLength(text),
    rssBeforeInputBytes: rssBefore,
    rssWithInputBytes: rssWithInput,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    seconds,
    workloads: report.workloads.length,
    findings: report.findings.length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function main(argv: readonly string[]): void {
  const option = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] ?? fallback : fallback);
  const megabytes = Number(option('--mb', '38.8'));
  const repeats = Number(option('--repeats', '3'));
  const dir = mkdtempSync(join(tmpdir(), 'graceful-audit-memory-'));
  try {
    const file = join(dir, 'large.yaml');
    const input = largeInput(megabytes * 1e6);
    writeFileSync(file, input);
    let lines = 1;
    for (let i = input.indexOf('\n'); i >= 0; i = input.indexOf('\n', i + 1)) lines += 1;
    const runs: Measurement[] = [];
    for (let i = 0; i < repeats; i++) {
      const out = runNode(['--expose-gc', '-r', 'ts-node/register/transpile-only', join(__dirname, 'audit-memory.ts'), '--child', file]);
      runs.push(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measurement);
    }
    const mb = (b: number) => (b / 1e6).toFixed(1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const first = runs[0];
    const growth = median(runs.map((r) => r.peakRssBytes - r.rssBeforeInputBytes));
    const auditGrowth = median(runs.map((r) => r.peakRssBytes - r.rssWithInputBytes));
    const seconds = median(runs.map((r) => r.seconds));
    const ratio = (bytes: number) => `${(bytes / first.inputBytes).toFixed(2)}x`;
    console.log(`input: ${mb(first.inputBytes)} MB, ${lines} lines, ${first.workloads} workloads, ${first.findings} findings`);
    console.log('| peak RSS | peak growth from before reading the file | of which after the input bytes exist (the audit) | audit time | lines/s |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| ${mb(median(runs.map((r) => r.peakRssBytes)))} MB | ${mb(growth)} MB (${ratio(growth)}) | at most ${mb(auditGrowth)} MB (${ratio(auditGrowth)}) | ` +
        `${seconds.toFixed(2)} s | ${Math.round(lines / seconds)} |`,
    );
    console.log(`(median of ${repeats} fresh processes)`);
    const goalMet = growth <= 3 * first.inputBytes;
    console.log(`goal (peak growth <= 3x the input, issue #16): ${goalMet ? 'met' : 'MISSED'} at ${ratio(growth)}`);
    if (!goalMet) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  if (process.argv[2] === '--child') child(process.argv[3]);
  else main(process.argv.slice(2));
}
