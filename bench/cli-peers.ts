/**
 * The CLI against Node itself and against kube-score, in the same run (`npm run bench -- --suites startup,audit-peer`).
 *
 * - startup: `graceful-k8s audit one.yaml` (package.json's bin, the bundled CLI; one Deployment) against `node -e 0`, with kube-score on
 *   the same file as a reference. Goal: <= 2x `node -e 0` (issue 27).
 * - audit-peer: both tools on a ~900k-line input generated at run time from the corpus (bench/audit-memory.ts's
 *   `largeInput`, never committed). Goal: ours no slower than kube-score's, and our peak RSS <= 3x the input.
 *
 * Every run is a fresh process under `/usr/bin/time -f` (GNU time: wall seconds, user and system CPU seconds, and the
 * child's maximum resident set size in KiB, from wait4's rusage), stdout to a file, so both tools are measured the
 * same way. Variants are interleaved (rotated each repeat); ratios are medians of per-repeat pairs.
 * kube-score comes from scripts/kube-score-build.sh (v1.20.0 from the Go module proxy, cached outside the repo).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeInput } from './audit-memory';
import { ROOT } from './child-process';
import { interleaved, summarize, type Summary } from './stats';
import { formatAmount, formatRatio, formatSpread, formatTable, verdict } from './table';

/** The CLI as installed: package.json's bin (the bundle post-compile writes). */
function cliBin(): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(ROOT, manifest.bin['graceful-k8s']);
}

/** The kube-score version the peer benchmark builds (the newest tag when this was written). */
export const KUBE_SCORE_VERSION = '1.20.0';

/** Startup goal: at most this many times `node -e 0` (issue 27). */
export const STARTUP_GOAL = 2;
/** Large-input goal: at most this many times kube-score's time (issue 27: no slower). */
export const PEER_GOAL = 1;
/** Memory goal: peak RSS at most this many times the input size (issue 16). */
export const MEMORY_GOAL = 3;

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssBytes: number;
  readonly status: number;
}

/** Runs `command args` under GNU time, stdout to a file; returns its wall and CPU time and peak RSS. */
function timed(command: string, args: readonly string[], dir: string): Run {
  const timeFile = join(dir, 'time.txt');
  const errFile = join(dir, 'stderr.txt');
  const stderr = openSync(errFile, 'w');
  let child;
  try {
    child = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%e %U %S %M', command, ...args], {
      cwd: ROOT, stdio: ['ignore', 'ignore', stderr], env: { ...process.env, NO_COLOR: '1' },
    });
  } finally {
    closeSync(stderr);
  }
  if (child.error) throw child.error;
  const [wall, user, sys, rssKiB] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  // Both tools exit 1 when they find something; the audit exits 2 when some input is unusable and still audits the
  // rest (the corpus holds a manifest with a duplicate key, which it reports): only a crash is a failed run.
  const status = child.status ?? 128;
  if (status > 2) throw new Error(`${command} ${args.join(' ')} exited ${status}: ${readFileSync(errFile, 'utf8').slice(-2000)}`);
  return { wallMs: wall * 1000, cpuMs: (user + sys) * 1000, maxRssBytes: rssKiB * 1024, status };
}

/** The kube-score binary, built on first use (minutes on 2 cores), or undefined with the reason printed. */
function kubeScore(): string | undefined {
  try {
    return execFileSync(join(ROOT, 'scripts', 'kube-score-build.sh'), [KUBE_SCORE_VERSION], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  } catch (error) {
    console.log(`kube-score ${KUBE_SCORE_VERSION} could not be built (${error instanceof Error ? error.message : String(error)}): peer rows skipped`);
    return undefined;
  }
}

type Variants = Record<string, readonly [string, readonly string[]]>;

function measure(variants: Variants, repeats: number, dir: string, label: string): Map<string, Run[]> {
  const results = new Map<string, Run[]>(Object.keys(variants).map((v) => [v, []]));
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const name of interleaved(Object.keys(variants), repeat)) {
      const [command, args] = variants[name];
      results.get(name)!.push(timed(command, args, dir));
    }
    if ((repeat + 1) % 5 === 0 || repeat + 1 === repeats) process.stderr.write(`  ${label}: repeat ${repeat + 1}/${repeats} done\n`);
  }
  return results;
}

/** Per-repeat ratio of `variant` to `baseline`, summarized. */
function paired(results: Map<string, Run[]>, variant: string, baseline: string, pick: (r: Run) => number): Summary {
  const base = results.get(baseline)!;
  return summarize(results.get(variant)!.map((r, i) => pick(r) / pick(base[i])));
}

function table(results: Map<string, Run[]>, baseline: string, goals: Record<string, number>): string {
  const rows = [...results.entries()].map(([name, runs]) => {
    const wall = summarize(runs.map((r) => r.wallMs));
    const cpu = summarize(runs.map((r) => r.cpuMs));
    const isBase = name === baseline;
    const wallX = isBase ? undefined : paired(results, name, baseline, (r) => r.wallMs);
    const cpuX = isBase ? undefined : paired(results, name, baseline, (r) => r.cpuMs);
    const goal = goals[name];
    return [
      name,
      formatAmount(wall.median), formatSpread(wall.spread),
      formatAmount(cpu.median), formatSpread(cpu.spread),
      formatAmount(summarize(runs.map((r) => r.maxRssBytes / 2 ** 20)).median),
      wallX ? `${formatRatio(wallX.median)} (${formatRatio(wallX.min)}-${formatRatio(wallX.max)})` : '1',
      cpuX ? `${formatRatio(cpuX.median)} (${formatRatio(cpuX.min)}-${formatRatio(cpuX.max)})` : '1',
      goal !== undefined && wallX && cpuX ? `<= ${goal}: wall ${verdict(wallX.median, goal)}, CPU ${verdict(cpuX.median, goal)}` : isBase ? 'baseline' : 'reference',
    ];
  });
  return formatTable(['variant', 'wall ms', '±', 'CPU ms', '±', 'peak RSS MiB', `wall x ${baseline}`, `CPU x ${baseline}`, 'goal'], rows);
}

const ONE_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: registry.example/web:1.0
          ports: [{ containerPort: 8080 }]
`;

/** What a suite reports for the bench's goal line and --json. */
export interface PeerSuiteResult {
  readonly misses: string[];
  readonly raw: Record<string, unknown>;
}

/** `graceful-k8s audit` on one Deployment vs `node -e 0` (and kube-score, as a reference). */
export function benchStartup(repeats: number): PeerSuiteResult {
  const dir = mkdtempSync(join(tmpdir(), 'graceful-startup-'));
  try {
    const file = join(dir, 'one.yaml');
    writeFileSync(file, ONE_DEPLOYMENT);
    const main = cliBin();
    const score = kubeScore();
    const variants: Variants = {
      'node -e 0': [process.execPath, ['-e', '0']],
      'graceful-k8s audit': [process.execPath, [main, 'audit', file]],
      ...(score ? { [`kube-score ${KUBE_SCORE_VERSION} score`]: [score, ['score', file]] as const } : {}),
    };
    const results = measure(variants, repeats, dir, 'startup');
    console.log(`\nstartup: one Deployment, ${repeats} fresh processes per variant, interleaved; medians (GNU time: wall, user+system CPU, max RSS)`);
    console.log(table(results, 'node -e 0', { 'graceful-k8s audit': STARTUP_GOAL }));
    const wall = paired(results, 'graceful-k8s audit', 'node -e 0', (r) => r.wallMs).median;
    const cpu = paired(results, 'graceful-k8s audit', 'node -e 0', (r) => r.cpuMs).median;
    const misses = wall > STARTUP_GOAL || cpu > STARTUP_GOAL ? [`startup audit vs node -e 0 (wall x${formatRatio(wall)}, CPU x${formatRatio(cpu)}; goal <= ${STARTUP_GOAL})`] : [];
    return { misses, raw: Object.fromEntries(results) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines of `text`. */
function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines += 1;
  return lines;
}

/** The corpus repeated to about `lines` lines. */
function inputOfLines(lines: number): string {
  const one = largeInput(1);
  const bytesPerLine = Buffer.byteLength(one) / lineCount(one);
  return largeInput(Math.ceil(lines * bytesPerLine));
}

/** Both tools on a ~`lines`-line input, plus our peak RSS against the input size. */
export function benchAuditPeer(repeats: number, lines = 900_000): PeerSuiteResult {
  const score = kubeScore();
  const dir = mkdtempSync(join(tmpdir(), 'graceful-audit-peer-'));
  try {
    const file = join(dir, 'large.yaml');
    const input = inputOfLines(lines);
    writeFileSync(file, input);
    const bytes = Buffer.byteLength(input);
    const main = cliBin();
    const ours = 'graceful-k8s audit';
    const peer = `kube-score ${KUBE_SCORE_VERSION} score`;
    const variants: Variants = {
      ...(score ? { [peer]: [score, ['score', file]] as const } : {}),
      [ours]: [process.execPath, [main, 'audit', file]],
    };
    const results = measure(variants, repeats, dir, 'audit-peer');
    console.log(`\naudit-peer: ${lineCount(input)} lines, ${(bytes / 1e6).toFixed(1)} MB (the corpus repeated, generated at run time), ` +
      `${repeats} fresh processes per tool, interleaved; medians`);
    const misses: string[] = [];
    if (score) {
      console.log(table(results, peer, { [ours]: PEER_GOAL }));
      const wall = paired(results, ours, peer, (r) => r.wallMs).median;
      const cpu = paired(results, ours, peer, (r) => r.cpuMs).median;
      if (wall > PEER_GOAL || cpu > PEER_GOAL) misses.push(`audit-peer vs kube-score (wall x${formatRatio(wall)}, CPU x${formatRatio(cpu)}; goal <= ${PEER_GOAL})`);
    } else {
      console.log(table(results, ours, {}));
    }
    const rss = summarize(results.get(ours)!.map((r) => r.maxRssBytes)).median;
    const memory = rss / bytes;
    console.log(`memory: graceful-k8s audit peak RSS ${(rss / 1e6).toFixed(1)} MB = x${formatRatio(memory)} the input ` +
      `(goal <= ${MEMORY_GOAL}: ${verdict(memory, MEMORY_GOAL)}; the whole process, Node's own ~40 MB included)`);
    if (memory > MEMORY_GOAL) misses.push(`audit-peer memory (peak RSS x${formatRatio(memory)} the input; goal <= ${MEMORY_GOAL})`);
    return { misses, raw: { lines: lineCount(input), bytes, ...Object.fromEntries(results) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
