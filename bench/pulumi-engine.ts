/*
 * The `pulumi-engine` suite of `npm run bench`: N GracefulDeployments against N raw Deployments +
 * PodDisruptionBudgets with the same fields (bench/pulumi-program.ts, the same programs as the mocked
 * suite), through a real engine: the Pulumi CLI and the Kubernetes provider built by
 * scripts/pulumi-engine.sh, against the cluster in KUBECONFIG or a 1.30 control plane started here
 * (scripts/control-plane.sh). One fresh process per measurement (bench/pulumi-engine-worker.ts: a new
 * stack, `pulumi up`, a second `pulumi preview`, `pulumi destroy`), variants alternated.
 */
import { join } from 'node:path';
import { runNode } from './child-process';
import type { EngineResult, OperationTimes } from './pulumi-engine-worker';
import type { PulumiVariant } from './pulumi-program';
import { interleaved, summarize, type Summary } from './stats';
import { formatAmount, formatRatio, formatSpread, formatTable } from './table';
import { OLDEST_MINOR, startCluster, stopCluster, userCluster, usingUserCluster, type Cluster } from '../test/e2e/apiserver/cluster';
import { engineBinDirs } from '../test/e2e/pulumi/engine';

/**
 * The variants, alternated: the baseline, the library, and `own-component` (a reference, not the
 * library: the raw Deployment and PDB inside a hand-written ComponentResource, Pulumi's own cost of a
 * component; bench/pulumi-program.ts).
 */
export const ENGINE_VARIANTS: readonly PulumiVariant[] = ['raw', 'graceful', 'own-component'];

/** What {@link benchPulumiEngine} returns, for the JSON file and the goal. */
export interface EngineBench {
  readonly n: number;
  readonly results: readonly EngineResult[];
  /** graceful/raw, median of per-repeat ratios of `pulumi up`'s CPU time. */
  readonly upCpuRatio: Summary;
  /** graceful/own-component, the same way: the library's cost on top of Pulumi's cost of a component. */
  readonly upCpuRatioVsOwnComponent: Summary;
}

/** Runs the suite and prints its table and its one-line result. */
export async function benchPulumiEngine(n: number, repeats: number): Promise<EngineBench> {
  const own = usingUserCluster() ? undefined : await startCluster(OLDEST_MINOR);
  const cluster: Cluster = own ?? userCluster();
  try {
    await engineBinDirs(); // builds the engine on first use, outside any measurement
    const env: Record<string, string> = { KUBECONFIG: cluster.kubeconfig };
    if (own?.stateDir) env.GRACEFUL_K8S_CONTROL_PLANE = own.stateDir;
    const results: EngineResult[] = [];
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const variant of interleaved(ENGINE_VARIANTS, repeat)) {
        const args = ['-r', 'ts-node/register/transpile-only', join(__dirname, 'pulumi-engine-worker.ts'), variant, String(n)];
        const lastLine = runNode(args, env).trim().split('\n').pop() ?? '';
        results.push(JSON.parse(lastLine) as EngineResult);
      }
      process.stderr.write(`  pulumi-engine: repeat ${repeat + 1}/${repeats} done\n`);
    }
    return report(n, cluster, results, own !== undefined);
  } finally {
    await stopCluster(own);
  }
}

function report(n: number, cluster: Cluster, results: readonly EngineResult[], ownControlPlane: boolean): EngineBench {
  const of = (variant: PulumiVariant) => results.filter((r) => r.variant === variant);
  // The median of per-repeat ratios (a variant against the baseline run next to it in the same repeat).
  const paired = (variant: PulumiVariant, baseline: PulumiVariant, pick: (r: EngineResult) => number) =>
    summarize(of(variant).map((r, i) => pick(r) / pick(of(baseline)[i])));
  const bench: EngineBench = {
    n,
    results,
    upCpuRatio: paired('graceful', 'raw', (r) => r.up.cpuMs),
    upCpuRatioVsOwnComponent: paired('graceful', 'own-component', (r) => r.up.cpuMs),
  };
  // Per Kubernetes object: each workload is one Deployment and one PodDisruptionBudget in every variant.
  const objects = 2 * n;
  const rows: string[][] = [];
  for (const [operation, pick] of [['up', (r: EngineResult) => r.up], ['preview', (r: EngineResult) => r.preview]] as const) {
    for (const variant of ENGINE_VARIANTS) {
      const runs = of(variant).map(pick);
      const median = (value: (t: OperationTimes) => number) => summarize(runs.map(value)).median;
      const isBase = variant === 'raw';
      const cpuRatio = paired(variant, 'raw', (r) => pick(r).cpuMs);
      rows.push([
        operation,
        variant,
        formatAmount(median((t) => t.ms)),
        formatSpread(summarize(runs.map((t) => t.ms)).spread),
        formatAmount(median((t) => t.cpuMs)),
        formatSpread(summarize(runs.map((t) => t.cpuMs)).spread),
        formatAmount(median((t) => t.programCpuMs)),
        formatAmount(median((t) => t.engineCpuMs)),
        ownControlPlane ? formatAmount(median((t) => t.controlPlaneCpuMs)) : '-',
        formatAmount(median((t) => t.ms) / objects),
        formatAmount(median((t) => t.cpuMs) / objects),
        isBase ? '1' : formatRatio(paired(variant, 'raw', (r) => pick(r).ms).median),
        isBase ? '1' : `${formatRatio(cpuRatio.median)} (${formatRatio(cpuRatio.min)}-${formatRatio(cpuRatio.max)})`,
      ]);
    }
  }
  console.log(
    `\nPulumi engine: pulumi up, then a second pulumi preview, of N=${n} workloads (graceful = GracefulDeployment; raw = Deployment + PodDisruptionBudget by hand; ` +
      `own-component = the raw two inside a hand-written ComponentResource) against kube-apiserver ${cluster.version}; ${of('raw').length} runs each, alternated, medians`,
  );
  console.log(
    formatTable(
      [
        'operation', 'variant', 'wall ms', '±', 'CPU ms', '±', 'of it: program', 'CLI + provider', 'control plane',
        'wall ms/object', 'CPU ms/object', 'wall x', 'CPU x (range)',
      ],
      rows,
      2,
    ),
  );
  const previewRatio = paired('graceful', 'raw', (r) => r.preview.cpuMs).median;
  console.log(
    `pulumi-engine N=${n}: graceful/raw ratio ${formatRatio(bench.upCpuRatio.median)} ` +
      `(pulumi up, CPU of program, CLI, provider${ownControlPlane ? ' and control plane' : ''}; ` +
      `wall x${formatRatio(paired('graceful', 'raw', (r) => r.up.ms).median)}; preview CPU x${formatRatio(previewRatio)}; ` +
      `graceful/own-component x${formatRatio(bench.upCpuRatioVsOwnComponent.median)})`,
  );
  return bench;
}
