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
import { GOAL_RATIO } from './goal';
import type { EngineResult, OperationTimes } from './pulumi-engine-worker';
import type { PulumiVariant } from './pulumi-program';
import { interleaved, summarize, type Summary } from './stats';
import { formatAmount, formatRatio, formatSpread, formatTable } from './table';
import { OLDEST_MINOR, startCluster, stopCluster, userCluster, usingUserCluster, type Cluster } from '../test/e2e/apiserver/cluster';
import { engineBinDirs } from '../test/e2e/pulumi/engine';

/**
 * The variants, alternated: the baseline, the library's component, the library's function on raw resources
 * (`with-shutdown-plan`: applyPlanToWorkloadArgs), and `own-component` (a reference, not the library: the raw
 * Deployment and PDB inside a hand-written ComponentResource, Pulumi's own cost of a component;
 * bench/pulumi-program.ts).
 */
export const ENGINE_VARIANTS: readonly PulumiVariant[] = ['raw', 'graceful', 'with-shutdown-plan', 'own-component'];


/** What {@link benchPulumiEngine} returns, for the JSON file and the goal. */
export interface EngineBench {
  readonly n: number;
  readonly results: readonly EngineResult[];
  /** graceful/raw, median of per-repeat ratios of the creation `pulumi preview`'s CPU time: the goal's figure. */
  readonly previewCpuRatio: Summary;
  /** graceful/raw, median of per-repeat ratios of `pulumi up`'s CPU time. */
  readonly upCpuRatio: Summary;
  /** own-component/raw for `pulumi up`: Pulumi's own cost of any component on the local backend. */
  readonly ownComponentUpCpuRatio: Summary;
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
    previewCpuRatio: paired('graceful', 'raw', (r) => r.createPreview.cpuMs),
    upCpuRatio: paired('graceful', 'raw', (r) => r.up.cpuMs),
    ownComponentUpCpuRatio: paired('own-component', 'raw', (r) => r.up.cpuMs),
    upCpuRatioVsOwnComponent: paired('graceful', 'own-component', (r) => r.up.cpuMs),
  };
  // Per Kubernetes object: each workload is one Deployment and one PodDisruptionBudget in every variant.
  const objects = 2 * n;
  const rows: string[][] = [];
  const operations = [
    ['preview (create)', (r: EngineResult) => r.createPreview],
    ['up', (r: EngineResult) => r.up],
    ['preview (again)', (r: EngineResult) => r.preview],
  ] as const;
  for (const [operation, pick] of operations) {
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
    `\nPulumi engine: pulumi preview of N=${n} new workloads, pulumi up, then a second pulumi preview (graceful = GracefulDeployment; ` +
      'raw = Deployment + PodDisruptionBudget by hand; with-shutdown-plan = the raw two with applyPlanToWorkloadArgs; ' +
      `own-component = the raw two inside a hand-written ComponentResource) against kube-apiserver ${cluster.version}; ` +
      `${of('raw').length} runs each, alternated, medians`,
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
  const cpuOf = ownControlPlane ? 'CPU of program, CLI, provider and control plane' : 'CPU of program, CLI and provider';
  const goal = bench.previewCpuRatio.median <= GOAL_RATIO ? 'met' : 'MISSED';
  console.log(
    `pulumi-engine N=${n}: graceful/raw ratio ${formatRatio(bench.previewCpuRatio.median)} ` +
      `(pulumi preview of the new workloads, ${cpuOf}; goal <= ${GOAL_RATIO}: ${goal})`,
  );
  // Why `up` differs: the local (DIY) backend serializes, writes and verifies the whole checkpoint after every
  // step (pulumi pkg/backend/snapshot.go SnapshotManager; pkg/backend/diy/state.go saveStack), so one more
  // resource per workload, a component written by anyone, costs a write of a growing file (own-component shows it).
  console.log(
    `pulumi-engine N=${n} pulumi up: graceful/raw x${formatRatio(bench.upCpuRatio.median)}, ` +
      `own-component/raw x${formatRatio(bench.ownComponentUpCpuRatio.median)} (any component: a checkpoint write per step on the local backend), ` +
      `with-shutdown-plan/raw x${formatRatio(paired('with-shutdown-plan', 'raw', (r) => r.up.cpuMs).median)}, ` +
      `graceful/own-component x${formatRatio(bench.upCpuRatioVsOwnComponent.median)}`,
  );
  return bench;
}
