/**
 * The API servers the end-to-end suites talk to: the cluster in KUBECONFIG when one is set (a user's
 * kind or minikube), otherwise local control planes started with scripts/control-plane.sh (built from
 * the Go module proxy on first use) and stopped after the suite.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = resolve(__dirname, '../../../scripts/control-plane.sh');
const BUILD_SCRIPT = resolve(__dirname, '../../../scripts/kube-build.sh');
/** kubectl from PATH unless KUBECTL names another binary. */
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

/**
 * Every minor between the default target (1.30) and the newest release the Go module proxy serves
 * (1.37) that builds with Go 1.26 (test/e2e/README.md lists them with their build times).
 */
export const ALL_MINORS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];
export const OLDEST_MINOR = '1.30';
export const NEWEST_MINOR = '1.37';

/**
 * The minors the suites start control planes for, from GRACEFUL_K8S_E2E_MINORS:
 * unset or `all`: {@link ALL_MINORS}; `cached`: the oldest and the newest (built if missing) and every
 * other minor whose kube-apiserver is already built (CI: a new machine builds two, not eight);
 * or a list, `1.30 1.33`.
 */
export function selectedMinors(): string[] {
  const list = process.env.GRACEFUL_K8S_E2E_MINORS?.trim();
  if (!list || list === 'all') return ALL_MINORS;
  if (list === 'cached') return ALL_MINORS.filter((m) => m === OLDEST_MINOR || m === NEWEST_MINOR || isBuilt('kube-apiserver', m));
  return list.split(/[\s,]+/);
}

function isBuilt(component: string, minor: string): boolean {
  try {
    execFileSync('bash', [BUILD_SCRIPT, component, minor], { env: { ...process.env, KUBE_BUILD_CACHED_ONLY: '1' }, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Minors whose control planes include kube-controller-manager (the Deployment controller suite). */
export const CONTROLLER_MINORS = [OLDEST_MINOR, NEWEST_MINOR];

/** True when the suites use the cluster in KUBECONFIG instead of starting their own. */
export function usingUserCluster(): boolean {
  return Boolean(process.env.KUBECONFIG);
}

export interface Cluster {
  readonly kubeconfig: string;
  /** The server's gitVersion, e.g. `v1.30.14`. */
  readonly version: string;
  readonly minor: number;
  /** Set for a control plane this process started (stop it with {@link stopCluster}). */
  readonly stateDir?: string;
  /** Feature gates the control plane was started with. */
  readonly featureGates?: string;
}

export interface StartOptions {
  readonly featureGates?: string;
  readonly controllerManager?: boolean;
}

/**
 * Starts a control plane of `minor` (building what is missing) and returns it once /readyz answers.
 * A cold build takes many minutes; the caller's hook timeout must allow for it.
 */
export async function startCluster(minor: string, options: StartOptions = {}): Promise<Cluster> {
  const args = [SCRIPT, 'start', minor, '--owner-pid', String(process.pid)];
  if (options.featureGates) args.push('--feature-gates', options.featureGates);
  if (options.controllerManager === false) args.push('--no-controller-manager');
  let stdout: string;
  try {
    ({ stdout } = await run('bash', args, { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error: any) {
    throw new Error(`control-plane.sh start ${minor} failed (exit ${error.code}):\n${error.stderr ?? ''}`);
  }
  const kubeconfig = /^export KUBECONFIG=(.+)$/m.exec(stdout)?.[1];
  const stateDir = /^export GRACEFUL_K8S_CONTROL_PLANE=(.+)$/m.exec(stdout)?.[1];
  if (!kubeconfig || !stateDir) throw new Error(`control-plane.sh start ${minor} printed no KUBECONFIG:\n${stdout}`);
  const version = await serverVersion(kubeconfig);
  return { kubeconfig, stateDir, version, minor: minorOf(version), featureGates: options.featureGates };
}

/** The cluster in KUBECONFIG (read synchronously, so suites can choose their tests at load time). */
export function userCluster(): Cluster {
  const kubeconfig = process.env.KUBECONFIG!;
  const out = execFileSync(KUBECTL, ['version', '-o', 'json', '--kubeconfig', kubeconfig], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const version = JSON.parse(out).serverVersion.gitVersion as string;
  return { kubeconfig, version, minor: minorOf(version) };
}

/** Stops a control plane this process started; a user's cluster is left alone. */
export async function stopCluster(cluster: Cluster | undefined): Promise<void> {
  if (cluster?.stateDir) await run('bash', [SCRIPT, 'stop', cluster.stateDir]);
}

async function serverVersion(kubeconfig: string): Promise<string> {
  const { stdout } = await kubectl(kubeconfig, ['version', '-o', 'json']);
  return JSON.parse(stdout).serverVersion.gitVersion;
}

function minorOf(gitVersion: string): number {
  const match = /^v1\.(\d+)\./.exec(gitVersion);
  if (!match) throw new Error(`unexpected server version ${gitVersion}`);
  return Number(match[1]);
}

/** Runs kubectl against one cluster; rejects with kubectl's stderr. */
export async function kubectl(kubeconfig: string, args: readonly string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 256 * 1024 * 1024 });
  } catch (error: any) {
    throw new Error(`kubectl ${args.join(' ')} failed: ${error.stderr || error.message}`);
  }
}

/** The outcome of one server-side apply of many objects. */
export interface ApplyResult {
  /** kubectl's error output: empty when every object was accepted. */
  readonly errors: string;
}

/**
 * Creates `namespace` and applies `objects` into it server-side (field manager graceful-k8s-e2e,
 * kubectl's default strict field validation: an unknown field is an error, not a silent drop).
 * kubectl applies every object it can and reports the others; their errors are returned.
 */
export async function applyServerSide(cluster: Cluster, namespace: string, objects: readonly any[]): Promise<ApplyResult> {
  await kubectl(cluster.kubeconfig, ['create', 'namespace', namespace]);
  const dir = mkdtempSync(join(tmpdir(), 'graceful-k8s-e2e-'));
  try {
    // A stream of JSON objects, not a v1 List: kubectl validates a List's items against its own
    // client-side schema, a stream's objects are validated by the server (fieldValidation=Strict).
    const file = join(dir, 'objects.json');
    writeFileSync(file, objects.map((o) => JSON.stringify(o)).join('\n'));
    try {
      await run(KUBECTL, ['--kubeconfig', cluster.kubeconfig, 'apply', '--server-side', '--field-manager', 'graceful-k8s-e2e', '-n', namespace, '-f', file], {
        maxBuffer: 64 * 1024 * 1024,
      });
      return { errors: '' };
    } catch (error: any) {
      return { errors: String(error.stderr || error.message) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const READ_BACK_TYPES = 'deployments.apps,statefulsets.apps,replicasets.apps,poddisruptionbudgets.policy,services,ingresses.networking.k8s.io';

/** Every object of the kinds the suites apply in `namespace`, keyed `Kind/name`. */
export async function readBack(cluster: Cluster, namespace: string): Promise<Map<string, any>> {
  const { stdout } = await kubectl(cluster.kubeconfig, ['get', READ_BACK_TYPES, '-n', namespace, '-o', 'json']);
  const items: any[] = JSON.parse(stdout).items;
  return new Map(items.map((item) => [`${item.kind}/${item.metadata.name}`, item]));
}

/** Deletes a namespace without waiting (the control plane is thrown away after the suite anyway). */
export async function deleteNamespace(cluster: Cluster, namespace: string): Promise<void> {
  await kubectl(cluster.kubeconfig, ['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found']);
}
