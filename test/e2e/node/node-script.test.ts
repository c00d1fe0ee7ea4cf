/**
 * scripts/node.sh itself: a run that is killed with no chance to stop the node (a CI job cancelled, a session that
 * ends, SIGKILL) leaves the state dir and the host changes behind; the next start must clean them up and start a
 * Ready node instead of refusing (CI once failed that way: "a node runs ... but is not Ready").
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LocalNode, NODE_SCRIPT, nodeUnavailableReason, startNode, stopNode, kubectl } from './node';

const runScript = (args: string[]) => promisify(execFile)('bash', [NODE_SCRIPT, ...args]);

const unavailable = nodeUnavailableReason();
const describeNode = unavailable ? describe.skip : describe;
if (unavailable) process.stdout.write(`e2e: node script skipped: ${unavailable}\n`);

/** Every pid file of the node and of its control plane. */
function pidFiles(stateDir: string): string[] {
  const files = readdirSync(stateDir).filter((f) => f.endsWith('.pid')).map((f) => join(stateDir, f));
  const cpFile = join(stateDir, 'control-plane');
  if (existsSync(cpFile)) {
    const cp = readFileSync(cpFile, 'utf8').trim();
    if (existsSync(cp)) files.push(...readdirSync(cp).filter((f) => f.endsWith('.pid')).map((f) => join(cp, f)));
  }
  return files;
}

function killHard(pid: number): void {
  // Each daemon runs in its own session (node.sh spawn uses setsid): the group takes its children too.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeNode('scripts/node.sh', () => {
  let node: LocalNode | undefined;

  afterAll(async () => {
    await stopNode(node);
  }, 10 * 60_000);

  test('a start after a run was killed without stopping removes what it left and starts a Ready node', async () => {
    let first = await startNode();
    if (first.reused) {
      // A node an earlier suite of this jest process left running (its owners are this process only) is ours to
      // stop; anyone else's (started at a shell, or by another run) is not: then this case cannot run here.
      const owners = readFileSync(join(first.stateDir, 'owners'), 'utf8').split('\n').filter(Boolean);
      if (owners.some((o) => o !== String(process.pid))) {
        throw new Error(`a node owned by ${owners.join(', ')} runs in ${first.stateDir}: stop it (scripts/node.sh stop) to run this case`);
      }
      await runScript(['stop']);
      first = await startNode();
      expect(first.reused).toBe(false);
    }
    const pids = pidFiles(first.stateDir).map((f) => Number(readFileSync(f, 'utf8').trim()));
    expect(pids.length).toBeGreaterThanOrEqual(8); // 4 node processes, the watchdog, 3 control-plane processes
    pids.forEach(killHard);
    // Wait on the event (every process gone), not on a fixed delay.
    while (pids.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(first.stateDir, 'node'))).toBe(true);

    node = await startNode();
    expect(node.reused).toBe(false);
    const { stdout } = await kubectl(node.kubeconfig, ['get', 'nodes', '-o', 'jsonpath={.items[*].status.conditions[?(@.type=="Ready")].status}']);
    expect(stdout.trim()).toBe('True');
  }, 120 * 60_000);
});
