/*
 * `npm run bench -- --suites real-node`: naive vs planned on the real local node (scripts/node.sh: kubelet,
 * kube-proxy and containerd on this machine; needs root): exit-at-once (a Go app that exits the moment SIGTERM
 * arrives, no shell in its image) as 3 replicas behind a ClusterIP Service, 100 requests/s from the host (a new
 * connection each), N `kubectl rollout restart`s per variant; the planned workload is the same one through
 * planShutdown + applyPlanToWorkloadSpec (the native preStop sleep on 1.33). Prints
 *   real-node: naive A/B failed, planned C/D failed, rollout planned/naive X
 * where X is the planned variant's mean time from `rollout restart` to the end of `rollout status` over the
 * naive one's, in the same run. Goal: planned 0 failed, X <= 1.10.
 *
 * Run alone: node -r ts-node/register/transpile-only bench/real-node.ts [--rollouts 5] [--rps 100]
 * Starts the node or reuses a running one; stops it only if it started it.
 */
import { parseArgs } from 'node:util';
import { GOAL_RATIO } from './goal';
import { nodeImage, nodeUnavailableReason, startNode, stopNode, type LocalNode } from '../test/e2e/node/node';
import { causes, runCase, type CaseResult } from '../test/e2e/node/rollout-case';

export interface RealNodeBenchOptions {
  /** @default 5 */
  readonly rollouts?: number;
  /** @default 100 */
  readonly rps?: number;
}

export interface RealNodeBenchResult {
  readonly version: string;
  readonly result: CaseResult;
  /** Mean planned `rollout status` time over the mean naive one. */
  readonly rolloutRatio: number;
  readonly goalMet: boolean;
  readonly line: string;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function benchRealNode(options: RealNodeBenchOptions = {}): Promise<RealNodeBenchResult | undefined> {
  const unavailable = nodeUnavailableReason();
  if (unavailable) {
    console.log(`real-node: skipped (${unavailable})`);
    return undefined;
  }
  let node: LocalNode | undefined;
  try {
    node = await startNode();
    const image = await nodeImage('exit-at-once');
    const result = await runCase(node, {
      title: 'exit-at-once, native sleep',
      slug: 'bench',
      kind: 'Deployment',
      image,
      spec: { appShutdownTimeout: '2s', image: 'distroless' },
    }, { rollouts: options.rollouts ?? 5, rps: options.rps ?? 100, log: (l) => process.stderr.write(`${l}\n`) });
    const naiveStatus = mean(result.naive.rollouts.map((r) => r.statusSeconds));
    const plannedStatus = mean(result.planned.rollouts.map((r) => r.statusSeconds));
    const rolloutRatio = plannedStatus / naiveStatus;
    const n = result.naive.load;
    const p = result.planned.load;
    const line = `real-node: naive ${n.failed}/${n.sent} failed, planned ${p.failed}/${p.sent} failed, rollout planned/naive ${rolloutRatio.toFixed(2)}`;
    console.log(`\nReal node (kubelet ${node.version}, bench/real-node.ts): exit-at-once, 3 replicas, ${options.rps ?? 100} requests/s, ` +
      `${options.rollouts ?? 5} rollouts per variant`);
    console.log(line);
    console.log(`  naive: ${causes(n)}; rollout status ${result.naive.rollouts.map((r) => r.statusSeconds.toFixed(1)).join(', ')} s ` +
      `(mean ${naiveStatus.toFixed(2)}), old pods gone after ${result.naive.rollouts.map((r) => r.oldPodsGoneSeconds.toFixed(1)).join(', ')} s`);
    console.log(`  planned: ${causes(p)}; rollout status ${result.planned.rollouts.map((r) => r.statusSeconds.toFixed(1)).join(', ')} s ` +
      `(mean ${plannedStatus.toFixed(2)}), old pods gone after ${result.planned.rollouts.map((r) => r.oldPodsGoneSeconds.toFixed(1)).join(', ')} s`);
    const goalMet = p.failed === 0 && rolloutRatio <= GOAL_RATIO;
    console.log(`  goal (planned 0 failed, rollout x${GOAL_RATIO.toFixed(2)} or less): ${goalMet ? 'met' : 'missed'}`);
    return { version: node.version, result, rolloutRatio, goalMet, line };
  } finally {
    await stopNode(node);
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { rollouts: { type: 'string', default: '5' }, rps: { type: 'string', default: '100' } } });
  benchRealNode({ rollouts: Number(values.rollouts), rps: Number(values.rps) }).then(
    (r) => process.exit(r && !r.goalMet ? 1 : 0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
