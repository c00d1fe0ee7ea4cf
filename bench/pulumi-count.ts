/*
 * Counts what the Pulumi runtime does per workload for every variant, in one process under mocks
 * (started by run.ts with the number of workloads; prints one JSON line, a RuntimeWork[]). Counts, unlike CPU times, do not
 * vary from run to run: they show where a CPU ratio comes from.
 */
import { countRuntimeWork, installRecordingMocks, PULUMI_VARIANTS, type RuntimeWork } from './pulumi-program';

async function main(): Promise<void> {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`usage: pulumi-count.ts <workloads per variant>, got ${process.argv[2]}`);
  const registered = installRecordingMocks();
  const work: RuntimeWork[] = [];
  for (const variant of PULUMI_VARIANTS) work.push(await countRuntimeWork(variant, n, registered));
  process.stdout.write(`${JSON.stringify(work)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
