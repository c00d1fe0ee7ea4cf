/*
 * One engine measurement in a fresh process (started by bench/pulumi-engine.ts):
 * `pulumi-engine-worker.ts <variant> <n>` with KUBECONFIG (and, for a control plane started by the
 * bench, GRACEFUL_K8S_CONTROL_PLANE) set. A new stack of bench/pulumi-program.ts's `variant` with n
 * workloads: `pulumi preview` of the new workloads (timed), `pulumi up` (timed), a second `pulumi preview`
 * (timed; it must show no change), then `pulumi destroy` (not timed). Prints one JSON line, an EngineResult.
 */
import './plain-stack-traces';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PULUMI_VARIANTS, runPulumiProgram } from './pulumi-program';
import { PulumiEngine } from '../test/e2e/pulumi/engine';
import { SKIP_AWAIT } from '../test/e2e/pulumi/skip-await';

/** The times of one operation. */
export interface OperationTimes {
  /** Wall time, milliseconds. */
  readonly ms: number;
  /**
   * CPU time, milliseconds: this process (the program and the Automation API) and its finished children
   * (the `pulumi` CLI and the provider plugin it started), plus the control plane's processes when the
   * bench started them (etcd, kube-apiserver, kube-controller-manager).
   */
  readonly cpuMs: number;
  /** This process's share of `cpuMs` (the program, the Pulumi runtime, the Automation API), milliseconds. */
  readonly programCpuMs: number;
  /** The `pulumi` CLI's and the provider plugin's share of `cpuMs`, milliseconds. */
  readonly engineCpuMs: number;
  /** The control plane's share of `cpuMs`, milliseconds (0 on a cluster the bench did not start). */
  readonly controlPlaneCpuMs: number;
}

/** What the worker prints. */
export interface EngineResult {
  readonly variant: string;
  readonly n: number;
  /** Resources `pulumi up` created: the Deployments and PodDisruptionBudgets, the components, the stack and the provider. */
  readonly resources: number;
  /** `pulumi preview` on the empty stack: the plan to create the n workloads (nothing is written). */
  readonly createPreview: OperationTimes;
  /** `pulumi up`: creates them, writing the checkpoint after every step. */
  readonly up: OperationTimes;
  /** The second `pulumi preview`, after `up`: every resource diffed, none changed. */
  readonly preview: OperationTimes;
}

/**
 * Clock ticks per second of /proc/<pid>/stat's CPU fields: USER_HZ, 100 on Linux x86 and arm64
 * (proc(5), "/proc/pid/stat": times "measured in clock ticks (divide by sysconf(_SC_CLK_TCK))").
 */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds of a process from /proc/<pid>/stat: its own (utime + stime, fields 14 and 15) and
 * its children's that have exited and been waited for (cutime + cstime, fields 16 and 17).
 */
function processCpuMs(pid: number | 'self'): { own: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: field 3 is first.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  const [utime, stime, cutime, cstime] = fields.slice(11, 15);
  const ms = (ticks: number) => (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  return { own: ms(utime + stime), children: ms(cutime + cstime) };
}

/** The pids of the control plane the bench started (scripts/control-plane.sh writes one pid file each). */
function controlPlanePids(): number[] {
  const state = process.env.GRACEFUL_K8S_CONTROL_PLANE;
  if (!state) return [];
  const pids: number[] = [];
  for (const name of ['etcd', 'kube-apiserver', 'kube-controller-manager']) {
    try {
      pids.push(Number(readFileSync(join(state, `${name}.pid`), 'utf8').trim()));
    } catch {
      // not started (--no-controller-manager)
    }
  }
  return pids;
}

/** Runs `operation` and returns its wall and CPU times. */
async function timed(operation: () => Promise<unknown>): Promise<OperationTimes> {
  const pids = controlPlanePids();
  const controlPlane = () => pids.reduce((sum, pid) => sum + processCpuMs(pid).own, 0);
  const selfStart = processCpuMs('self');
  const controlPlaneStart = controlPlane();
  const start = performance.now();
  await operation();
  const ms = performance.now() - start;
  const controlPlaneCpuMs = controlPlane() - controlPlaneStart;
  const selfEnd = processCpuMs('self');
  const programCpuMs = selfEnd.own - selfStart.own;
  const engineCpuMs = selfEnd.children - selfStart.children;
  return { ms, cpuMs: programCpuMs + engineCpuMs + controlPlaneCpuMs, programCpuMs, engineCpuMs, controlPlaneCpuMs };
}

async function main(): Promise<void> {
  const [variantText, nText] = process.argv.slice(2);
  const n = Number(nText);
  const variant = PULUMI_VARIANTS.find((v) => v === variantText);
  if (!variant || !Number.isInteger(n) || n < 1) throw new Error(`usage: pulumi-engine-worker.ts <${PULUMI_VARIANTS.join('|')}> <n>, got ${variantText} ${nText}`);
  const kubeconfig = process.env.KUBECONFIG;
  if (!kubeconfig) throw new Error('pulumi-engine-worker.ts needs KUBECONFIG');

  const engine = await PulumiEngine.start(kubeconfig);
  try {
    // skipAwait on every Deployment, the same in both variants: no nodes, no ready pods (test/e2e/pulumi/skip-await.ts).
    const stack = await engine.stack(`bench-${variant}`, 'bench', () => runPulumiProgram(variant, n, 'w', { ...SKIP_AWAIT }));
    let resources = 0;
    let planned: Record<string, number> = {};
    const createPreview = await timed(async () => {
      planned = (await stack.preview()).changeSummary;
    });
    if (!(planned.create > 0)) throw new Error(`${variant}: the first preview plans no creation: ${JSON.stringify(planned)}`);
    const up = await timed(async () => {
      const result = await stack.up();
      resources = result.summary.resourceChanges?.create ?? 0;
    });
    let changes: Record<string, number> = {};
    const preview = await timed(async () => {
      changes = (await stack.preview()).changeSummary;
    });
    const changed = Object.entries(changes).filter(([op, count]) => op !== 'same' && count > 0);
    if (changed.length > 0) throw new Error(`${variant}: the second preview shows changes: ${JSON.stringify(changes)}`);
    await stack.destroy();
    const result: EngineResult = { variant, n, resources, createPreview, up, preview };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    engine.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
