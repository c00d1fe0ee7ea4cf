/*
 * `npm run bench`: graceful-k8s against hand-written manifests, cdk8s and Pulumi, plus cold
 * imports. Every measurement runs in a fresh process (bench/worker.ts) against the built package
 * (lib/, through the package's own name); variants are interleaved, repeated, and summarized by
 * their median with the spread. Options: --repeats 9 --sizes 100,500,1000 --pulumi-size 200 --pulumi-repeats 15
 * --samples 7 --suites cdk8s,pulumi,import[,rehearse][,pulumi-engine][,real-node] --engine-size 50 --engine-repeats 3
 * --node-rollouts 5 --node-rps 100
 * --suites startup,audit-peer (bench/cli-peers.ts: the CLI against `node -e 0` and against kube-score, built from the Go
 * module proxy on first use) --startup-repeats 15 --peer-repeats 3 --peer-lines 900000
 * --json <file> (raw results). The `rehearse` suite (bench/rehearse.ts: naive vs planned rollout of real
 * processes) is opt-in: it measures dropped requests, not the library's cost. So is `pulumi-engine`
 * (bench/pulumi-engine.ts: a real Pulumi engine and API server, built from the Go module proxy on first use),
 * and `real-node` (bench/real-node.ts: naive vs planned rollouts on the local node of scripts/node.sh; root).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CDK8S_VARIANTS, type Cdk8sVariant } from './cdk8s-workloads';
import { runNode, runWorker } from './child-process';
import { benchAuditPeer, benchStartup, MEMORY_GOAL, PEER_GOAL, STARTUP_GOAL } from './cli-peers';
import { coldImport, FRAMEWORK_PACKAGES, IMPORTS, type ImportSample } from './cold-import';
import { GOAL_RATIO } from './goal';
import { PULUMI_REFERENCE_VARIANTS, PULUMI_VARIANTS, type PulumiVariant, type RuntimeWork } from './pulumi-program';
import { interleaved, summarize, type Summary } from './stats';
import { formatAmount, formatRatio, formatSpread, formatTable, verdict } from './table';
import type { Suite, WorkerResult } from './worker';


interface Options {
  readonly repeats: number;
  readonly sizes: readonly number[];
  readonly pulumiSize: number;
  /** The Pulumi runs spread more from process to process (GC, JIT): more repeats for a steady median. */
  readonly pulumiRepeats: number;
  readonly samples: number;
  /** Workloads per variant in the pulumi-engine suite. */
  readonly engineSize: number;
  /** Rollouts per variant in the real-node suite. */
  readonly nodeRollouts: number;
  /** Requests per second in the real-node suite. */
  readonly nodeRps: number;
  /** Runs per variant in the pulumi-engine suite (each a `pulumi up`, a preview and a destroy). */
  readonly engineRepeats: number;
  readonly suites: readonly string[];
  readonly json?: string;
  /** Processes per variant in the startup suite. */
  readonly startupRepeats: number;
  /** Processes per tool in the audit-peer suite. */
  readonly peerRepeats: number;
  /** Lines of the audit-peer suite's generated input. */
  readonly peerLines: number;
}

function parseOptions(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'repeats': { type: 'string', default: '9' },
      'sizes': { type: 'string', default: '100,500,1000' },
      'pulumi-size': { type: 'string', default: '200' },
      'pulumi-repeats': { type: 'string', default: '15' },
      'samples': { type: 'string', default: '7' },
      'engine-size': { type: 'string', default: '50' },
      'engine-repeats': { type: 'string', default: '3' },
      'suites': { type: 'string', default: 'cdk8s,pulumi,import' },
      'node-rollouts': { type: 'string', default: '5' },
      'node-rps': { type: 'string', default: '100' },
      'json': { type: 'string' },
      'startup-repeats': { type: 'string', default: '15' },
      'peer-repeats': { type: 'string', default: '3' },
      'peer-lines': { type: 'string', default: '900000' },
    },
  });
  const positive = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${text}`);
    return value;
  };
  return {
    repeats: positive('repeats', values.repeats),
    sizes: values.sizes.split(',').map((s) => positive('sizes', s)),
    pulumiSize: positive('pulumi-size', values['pulumi-size']),
    pulumiRepeats: positive('pulumi-repeats', values['pulumi-repeats']),
    samples: positive('samples', values.samples),
    engineSize: positive('engine-size', values['engine-size']),
    engineRepeats: positive('engine-repeats', values['engine-repeats']),
    nodeRollouts: positive('node-rollouts', values['node-rollouts']),
    nodeRps: positive('node-rps', values['node-rps']),
    suites: values.suites.split(','),
    json: values.json,
    startupRepeats: positive('startup-repeats', values['startup-repeats']),
    peerRepeats: positive('peer-repeats', values['peer-repeats']),
    peerLines: positive('peer-lines', values['peer-lines']),
  };
}

/** Runs every (variant, n) once per repeat, interleaving variants; returns the results by key. */
function measure(suite: Suite, variants: readonly string[], sizes: readonly number[], repeats: number): Map<string, WorkerResult[]> {
  const results = new Map<string, WorkerResult[]>();
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const n of sizes) {
      for (const variant of interleaved(variants, repeat)) {
        const result = runWorker(suite, variant, n);
        const key = keyOf(variant, n);
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
    process.stderr.write(`  ${suite}: repeat ${repeat + 1}/${repeats} done\n`);
  }
  return results;
}

const keyOf = (variant: string, n: number) => `${variant}@${n}`;

/** The median of per-repeat ratios (a variant against the baseline run next to it in the same repeat). */
function pairedRatio(results: readonly WorkerResult[], baseline: readonly WorkerResult[], pick: (r: WorkerResult) => number): Summary {
  return summarize(results.map((r, i) => pick(r) / pick(baseline[i])));
}

interface Verdicts {
  readonly misses: string[];
}

function reportComparison(
  title: string,
  suite: Suite,
  variants: readonly string[],
  baseline: string,
  sizes: readonly number[],
  results: Map<string, WorkerResult[]>,
  verdicts: Verdicts,
  references: readonly string[] = [],
): void {
  const rows: string[][] = [];
  for (const n of sizes) {
    const base = results.get(keyOf(baseline, n)) ?? [];
    for (const variant of variants) {
      const runs = results.get(keyOf(variant, n)) ?? [];
      const wall = summarize(runs.map((r) => r.ms));
      const cpu = summarize(runs.map((r) => r.cpuMs));
      const ratio = (pick: (r: WorkerResult) => number) => pairedRatio(runs, base, pick);
      const cpuRatio = ratio((r) => r.cpuMs);
      const peakRatio = ratio((r) => r.peakRssMiB);
      const isBase = variant === baseline;
      const goal = isBase ? '' : references.includes(variant) ? 'reference'
        : `${verdict(cpuRatio.median, GOAL_RATIO)}/${verdict(peakRatio.median, GOAL_RATIO)}`;
      if (goal.includes('MISSED')) {
        const against = baseline === 'raw' || baseline === 'hand-written' ? '' : ` vs ${baseline}`;
        verdicts.misses.push(`${suite} ${variant}${against} n=${n} (CPU x${formatRatio(cpuRatio.median)}, peak RSS x${formatRatio(peakRatio.median)})`);
      }
      const shown = (summary: Summary, withRange = false) =>
        isBase ? '1' : `${formatRatio(summary.median)}${withRange ? ` (${formatRatio(summary.min)}-${formatRatio(summary.max)})` : ''}`;
      rows.push([
        String(n),
        variant,
        formatAmount(wall.median),
        formatSpread(wall.spread),
        formatAmount(cpu.median),
        formatSpread(cpu.spread),
        formatAmount(summarize(runs.map((r) => r.peakRssMiB)).median),
        formatAmount(summarize(runs.map((r) => r.workRssMiB)).median),
        shown(ratio((r) => r.ms)),
        shown(cpuRatio, true),
        shown(peakRatio),
        shown(ratio((r) => r.workRssMiB)),
        goal,
      ]);
    }
  }
  console.log(`\n${title}`);
  const header = ['n', 'variant', 'wall ms', '±', 'CPU ms', '±', 'peak RSS MiB', 'work RSS MiB', 'wall x', 'CPU x (range)', 'peak x', 'work x', 'goal CPU/peak'];
  console.log(formatTable(header, rows, 2));
}

function reportGrowth(variants: readonly string[], sizes: readonly number[], results: Map<string, WorkerResult[]>): void {
  if (sizes.length < 2) return;
  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  const median = (variant: string, n: number, pick: (r: WorkerResult) => number) =>
    summarize((results.get(keyOf(variant, n)) ?? []).map(pick)).median;
  // CPU microseconds each extra workload costs between consecutive sizes: equal slopes = linear.
  const slopes = (variant: string) =>
    sizes.slice(1).map((n, i) => {
      const previous = sizes[i];
      return formatAmount(((median(variant, n, (r) => r.cpuMs) - median(variant, previous, (r) => r.cpuMs)) * 1000) / (n - previous));
    });
  const rows = variants.map((variant) => [
    variant,
    formatRatio(median(variant, large, (r) => r.ms) / median(variant, small, (r) => r.ms)),
    formatRatio(median(variant, large, (r) => r.cpuMs) / median(variant, small, (r) => r.cpuMs)),
    ...slopes(variant),
    formatRatio(median(variant, large, (r) => r.workRssMiB) / median(variant, small, (r) => r.workRssMiB)),
    formatRatio(median(variant, large, (r) => r.output) / median(variant, small, (r) => r.output)),
  ]);
  const slopeHeaders = sizes.slice(1).map((n, i) => `CPU us/workload ${sizes[i]}->${n}`);
  console.log(`\nGrowth from n=${small} to n=${large} (x${large / small} workloads; the ratios include each process's fixed first-synthesis cost, the per-workload slopes do not)`);
  console.log(formatTable(['variant', 'wall x', 'CPU x', ...slopeHeaders, 'work RSS x', 'YAML bytes x'], rows));
}

/** Workloads per variant for the counted table: counts per workload do not depend on it. */
const COUNTED_WORKLOADS = 20;

/** Prints what the Pulumi runtime does per workload, counted in one process (bench/pulumi-count.ts). */
function reportRuntimeWork(): RuntimeWork[] {
  const args = ['-r', 'ts-node/register/transpile-only', join(__dirname, 'pulumi-count.ts'), String(COUNTED_WORKLOADS)];
  const counted = runNode(args).trim().split('\n').pop() ?? '[]';
  const work = JSON.parse(counted) as RuntimeWork[];
  const raw = work.find((w) => w.variant === 'raw');
  const rows = work.map((w) => [
    w.variant,
    formatAmount(w.resources),
    formatAmount(w.runtimePromises),
    raw ? formatRatio(w.runtimePromises / raw.runtimePromises) : '-',
  ]);
  console.log(`\nPulumi runtime work per workload (counted over ${COUNTED_WORKLOADS} workloads, not timed; each runtime promise takes a stack trace)`);
  console.log(formatTable(['variant', 'resources', 'runtime promises', 'promises x'], rows));
  return work;
}

function reportColdImports(samples: number): ImportSample[] {
  const all: ImportSample[] = [];
  for (let repeat = 0; repeat < samples; repeat++) {
    for (const specifier of interleaved(IMPORTS, repeat)) all.push(coldImport(specifier));
  }
  const rows = IMPORTS.map((specifier) => {
    const runs = all.filter((s) => s.specifier === specifier);
    const time = summarize(runs.map((s) => s.ms));
    const last = runs[runs.length - 1];
    const frameworks = last.packages.filter((p) => FRAMEWORK_PACKAGES.includes(p));
    return [specifier, formatAmount(time.median), formatSpread(time.spread), String(last.modules), String(last.packages.length), frameworks.join(' ') || 'none'];
  });
  console.log(`\nCold import (fresh plain node per sample, ${samples} samples, require() time only)`);
  console.log(formatTable(['require(...)', 'ms', 'spread', 'modules', 'packages', 'framework packages loaded'], rows));
  return all;
}

function printMachine(): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`graceful-k8s benchmarks, ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length} cores (${cpu}), ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`);
}

/** Runs bench/rehearse.ts (written separately) when it is there. */
async function reportRehearsal(): Promise<unknown> {
  const file = join(__dirname, 'rehearse.ts');
  if (!existsSync(file)) {
    console.log('\nrehearse: bench/rehearse.ts is not there; skipped');
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rehearse = require(file) as typeof import('./rehearse');
  const rows = await rehearse.benchRehearse();
  console.log('\nRehearsal: naive vs planned rollout (bench/rehearse.ts)');
  console.log(rehearse.formatRehearseBench(rows));
  return rows;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const verdicts: Verdicts = { misses: [] };
  const raw: Record<string, unknown> = { options };
  printMachine();
  console.log(`repeats: ${options.repeats} cdk8s, ${options.pulumiRepeats} Pulumi (one fresh process per variant, n and repeat; variants interleaved), medians shown`);

  if (options.suites.includes('cdk8s')) {
    const results = measure('cdk8s', CDK8S_VARIANTS, options.sizes, options.repeats);
    const baseline: Cdk8sVariant = 'hand-written';
    reportComparison(
      'cdk8s: new App + one Chart with n Deployments + app.synthYaml()  (graceful = exec sleep, same YAML as hand-written; graceful-native = default sleep action)',
      'cdk8s', CDK8S_VARIANTS, baseline, options.sizes, results, verdicts,
    );
    reportGrowth(CDK8S_VARIANTS, options.sizes, results);
    raw.cdk8s = Object.fromEntries(results);
  }
  if (options.suites.includes('pulumi')) {
    const results = measure('pulumi', PULUMI_VARIANTS, [options.pulumiSize], options.pulumiRepeats);
    const baseline: PulumiVariant = 'raw';
    reportComparison(
      'Pulumi (mocks): n Deployments until every one is registered  (graceful = GracefulDeployment component; with-shutdown-plan = raw Deployment + applyPlanToWorkloadArgs; ' +
        'own-component = the raw Deployment and budget inside a hand-written ComponentResource)',
      'pulumi', PULUMI_VARIANTS, baseline, [options.pulumiSize], results, verdicts, PULUMI_REFERENCE_VARIANTS,
    );
    reportComparison(
      'Pulumi (mocks), the same runs against the hand-written component: the library\'s cost on top of Pulumi\'s own cost of a component',
      'pulumi', ['own-component', 'graceful'], 'own-component', [options.pulumiSize], results, verdicts,
    );
    raw.pulumi = Object.fromEntries(results);
    raw.pulumiRuntimeWork = reportRuntimeWork();
  }
  if (options.suites.includes('import')) raw.imports = reportColdImports(options.samples);
  if (options.suites.includes('rehearse')) raw.rehearse = await reportRehearsal();
  if (options.suites.includes('startup')) {
    const startup = benchStartup(options.startupRepeats);
    verdicts.misses.push(...startup.misses);
    raw.startup = startup.raw;
  }
  if (options.suites.includes('audit-peer')) {
    const peer = benchAuditPeer(options.peerRepeats, options.peerLines);
    verdicts.misses.push(...peer.misses);
    raw.auditPeer = peer.raw;
  }
  if (options.suites.includes('pulumi-engine')) {
    // Loaded only for this suite: it loads the Automation API.
    const { benchPulumiEngine } = await import('./pulumi-engine');
    const engine = await benchPulumiEngine(options.engineSize, options.engineRepeats);
    if (engine.previewCpuRatio.median > GOAL_RATIO) {
      verdicts.misses.push(`pulumi-engine graceful n=${options.engineSize} (pulumi preview CPU x${formatRatio(engine.previewCpuRatio.median)})`);
    }
    raw.pulumiEngine = engine;
  }
  if (options.suites.includes('real-node')) {
    const { benchRealNode } = await import('./real-node');
    const node = await benchRealNode({ rollouts: options.nodeRollouts, rps: options.nodeRps });
    if (node && !node.goalMet) verdicts.misses.push(`real-node (${node.line.replace(/^real-node: /, '')})`);
    raw.realNode = node;
  }

  console.log(`\ngoal (CPU time and peak RSS ratio <= ${GOAL_RATIO}, median of per-repeat pairs; startup <= ${STARTUP_GOAL}x node -e 0; ` +
    `audit-peer <= ${PEER_GOAL}x kube-score and peak RSS <= ${MEMORY_GOAL}x the input): ` +
    `${verdicts.misses.length === 0 ? 'met everywhere' : `MISSED by ${verdicts.misses.join('; ')}`}`);
  console.log(`total bench time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify(raw, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack ?? error.message : String(error));
  process.exitCode = 1;
});
