/*
 * One measurement in a fresh process (started by run.ts): `worker.ts <suite> <variant> <n>`.
 * Loads the modules and warms up outside the timed part, then times the work and prints one JSON
 * line (a WorkerResult). Run with --expose-gc so the memory baseline is taken after a collection.
 */
import './plain-stack-traces';
import { performance } from 'node:perf_hooks';

/** What the worker prints. */
export interface WorkerResult {
  readonly suite: Suite;
  readonly variant: string;
  readonly n: number;
  /** Wall time of the work, milliseconds. */
  readonly ms: number;
  /**
   * CPU time of the work (user + system, all threads of the process, GC included), milliseconds.
   * Steadier than wall time when other processes compete for the cores.
   */
  readonly cpuMs: number;
  /** The process's peak resident set size (`resourceUsage().maxRSS`), MiB. */
  readonly peakRssMiB: number;
  /** Peak RSS minus the RSS just before the work (after imports, warm-up and a GC), MiB. */
  readonly workRssMiB: number;
  /** What the work produced: YAML bytes (cdk8s) or registered resources (Pulumi). */
  readonly output: number;
}

/** The two benchmarked programs. */
export type Suite = 'cdk8s' | 'pulumi';

/** Loads what the work needs and returns the work; the work returns its output size. */
type Prepared = () => Promise<number>;

async function prepareCdk8s(variant: string, n: number): Promise<Prepared> {
  const { buildCdk8sApp, CDK8S_VARIANTS } = await import('./cdk8s-workloads');
  const chosen = CDK8S_VARIANTS.find((v) => v === variant);
  if (!chosen) throw new Error(`unknown cdk8s variant ${variant} (one of ${CDK8S_VARIANTS.join(', ')})`);
  return async () => {
    const yaml = buildCdk8sApp(chosen, n).synthYaml();
    const deployments = yaml.match(/^kind: Deployment$/gm)?.length ?? 0;
    if (deployments !== n) throw new Error(`${variant}: synthesized ${deployments} Deployments, expected ${n}`);
    return yaml.length;
  };
}

async function preparePulumi(variant: string, n: number): Promise<Prepared> {
  const { installRecordingMocks, runPulumiProgram, PULUMI_VARIANTS } = await import('./pulumi-program');
  const chosen = PULUMI_VARIANTS.find((v) => v === variant);
  if (!chosen) throw new Error(`unknown Pulumi variant ${variant} (one of ${PULUMI_VARIANTS.join(', ')})`);
  const registered = installRecordingMocks();
  // One warm-up Deployment of the same variant: the Pulumi runtime loads parts of itself (RPC,
  // protobuf, the Deployment class) on first use; the cold-import table covers that cost.
  await runPulumiProgram(chosen, 1, 'warm-up');
  return async () => {
    const before = registered.length;
    await runPulumiProgram(chosen, n);
    await waitUntil(() => registered.slice(before).filter((r) => r.type === 'kubernetes:policy/v1:PodDisruptionBudget').length >= n);
    const deployments = registered.slice(before).filter((r) => r.type === 'kubernetes:apps/v1:Deployment').length;
    if (deployments !== n) throw new Error(`${variant}: the mocks registered ${deployments} Deployments, expected ${n}`);
    return registered.length - before;
  };
}

/** Resolves once `done()` holds, checking after each turn of the event loop; fails after 60 s. */
async function waitUntil(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the mocked engine to register every resource');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function main(): Promise<void> {
  const [suite, variant, nText] = process.argv.slice(2);
  const n = Number(nText);
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: worker.ts cdk8s|pulumi <variant> <n>, got n=${nText}`);
  if (suite !== 'cdk8s' && suite !== 'pulumi') throw new Error(`unknown suite ${suite}: cdk8s or pulumi`);
  const work = suite === 'cdk8s' ? await prepareCdk8s(variant, n) : await preparePulumi(variant, n);

  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the worker with node --expose-gc');
  gc();
  const rssBefore = process.memoryUsage().rss;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const output = await work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const peakRss = process.resourceUsage().maxRSS * 1024; // maxRSS is in KiB

  const mib = (bytes: number) => bytes / 1024 / 1024;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const result: WorkerResult = { suite, variant, n, ms, cpuMs, peakRssMiB: mib(peakRss), workRssMiB: mib(Math.max(0, peakRss - rssBefore)), output };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
