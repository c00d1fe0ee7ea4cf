import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..', '..');

/** Runs a command to its end (no shell) and returns its output; `npm_config_*` of the outer npm run are dropped. */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...inherited, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** Runs a command and throws with its output when it fails. */
export function runOk(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** The files a fresh clone of the working tree has: tracked and untracked-but-not-ignored ones (no lib/). */
function cloneFiles(): string[] {
  return runOk('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).stdout
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(ROOT, file)));
}

/**
 * Copies the working tree as a fresh clone has it into `dir` (no lib/, no node_modules) and runs `npm pack`
 * there. The clone's node_modules is a link to the repository's, as after `npm ci`: the package's own
 * lifecycle (prepack) must build lib/. Returns the tarball's path.
 */
export function packFreshClone(work: string): string {
  const clone = join(work, 'clone');
  for (const file of cloneFiles()) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  if (existsSync(join(clone, 'lib'))) throw new Error('the fresh clone already has lib/: it must come from npm pack');
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const packed = runOk('npm', ['pack', '--pack-destination', work], clone).stdout.trim().split('\n').pop()!;
  return join(work, packed);
}

/**
 * Commits the working tree as a fresh clone has it (no lib/, no node_modules) into a new git repository
 * `work/git-source`, the way a user's `npm install <git URL>` finds it. Returns the repository's folder.
 */
export function gitRepositoryOfTree(work: string): string {
  const repository = join(work, 'git-source');
  for (const file of cloneFiles()) {
    mkdirSync(dirname(join(repository, file)), { recursive: true });
    cpSync(join(ROOT, file), join(repository, file));
  }
  runOk('git', ['init', '-q'], repository);
  runOk('git', ['add', '-A'], repository);
  runOk('git', ['-c', 'user.name=consumer test', '-c', 'user.email=consumer@test.invalid', 'commit', '-q', '-m', 'tree'], repository);
  return repository;
}

/**
 * Copies the project in `examples/<name>` to `work/<name>`, points its graceful-k8s dependency at
 * `tarball`, and installs it from the registry as a user would (`npm install`). Returns its folder.
 */
export function installExampleProject(name: string, work: string, tarball: string): string {
  const source = join(ROOT, 'examples', name);
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(source)) {
    if (file === 'node_modules' || file === 'package-lock.json') continue;
    cpSync(join(source, file), join(dir, file), { recursive: true });
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  manifest.dependencies['graceful-k8s'] = `file:${tarball}`;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  runOk('npm', ['install', '--no-audit', '--no-fund'], dir);
  return dir;
}

/** The installed version of a package in a project. */
export function installedVersion(dir: string, name: string): string {
  return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}
