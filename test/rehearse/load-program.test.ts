import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

// The cluster rehearsal's load program is Go (test/e2e/node/images/load): its own tests classify outcomes
// against servers on 127.0.0.1 that answer, answer 503, refuse, reset, cut a response and hang.
const LOAD_DIR = 'test/e2e/node/images/load';
const hasGo = spawnSync('go', ['version']).status === 0;

(hasGo ? test : test.skip)(`the load program's go test passes${hasGo ? '' : ' (skipped: go is not on PATH)'}`, async () => {
  const { stdout } = await promisify(execFile)('go', ['test', '-count=1', '.'], { cwd: LOAD_DIR, env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' } });
  expect(stdout).toMatch(/^ok\s+graceful-k8s\/load/m);
}, 300_000);
