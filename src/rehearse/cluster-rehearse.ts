import { randomBytes } from 'node:crypto';
import { GracefulConfigError } from '../core';
import { intoNamespace, readClusterManifest, type ClusterManifest } from './cluster-manifest';
import { RehearsalError } from './errors';
import { Kubectl, KubectlError } from './kubectl';
import { findLoadSummary, type ClusterFailureSample, type ClusterRequestCounts, type LoadSecond, type LoadSummary } from './load-summary';
import { definedOnly, validateLoadSettings } from './settings';

/**
 * The load image when `--load-image` is not given: what the Dockerfile of the load program builds
 * (docs/rehearse.md "Rehearse on a real cluster"). No registry serves it: build it, then load it into the
 * cluster (kind, minikube) or push it to your registry and name it with `--load-image`.
 */
export const DEFAULT_LOAD_IMAGE = 'graceful-k8s-load:1';

/** The label every object a cluster rehearsal creates carries (its namespace included). */
export const REHEARSAL_LABEL = 'app.kubernetes.io/managed-by';
/** Its value. */
export const REHEARSAL_LABEL_VALUE = 'graceful-k8s-rehearse';
/** Scratch namespaces are named this, then 8 random hex digits. */
export const NAMESPACE_PREFIX = 'graceful-k8s-rehearse-';
/** The load pod's name. */
export const LOAD_POD = 'graceful-k8s-load';
/** The port the load program serves /ready and /stop on, in its pod. */
const LOAD_CONTROL_PORT = 9090;
/** With {@link ClusterRehearsalOptions.loadHostNetwork}: a port from this range, unlikely to be taken on the node. */
const HOST_CONTROL_PORTS = [20_000, 30_000] as const;
/** How long the load keeps going after the last rollout's old pods are gone. */
const TAIL_MS = 1000;

/** What to rehearse on a cluster, and how hard. */
export interface ClusterRehearsalOptions {
  /** The manifest's YAML text: the Deployment or StatefulSet and its Service. */
  readonly manifest: string;
  /** Where the manifest came from, for messages. @default 'manifest' */
  readonly manifestFile?: string;
  /** The Deployment or StatefulSet to rehearse. @default the only one */
  readonly workload?: string;
  /** The kubeconfig kubectl is given (`--kubeconfig`). */
  readonly kubeconfig: string;
  /** The kubectl binary. @default `$KUBECTL`, else `kubectl` from PATH */
  readonly kubectl?: string;
  /** kubectl's environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The load program's image. @default {@link DEFAULT_LOAD_IMAGE} */
  readonly loadImage?: string;
  /**
   * Runs the load pod in its node's network namespace (`hostNetwork: true`), for clusters whose pods cannot
   * reach Service IPs but whose nodes can. The load still goes through the Service's rules (kube-proxy's
   * OUTPUT chain instead of PREROUTING). Pod Security `baseline` refuses such a pod.
   * @default false
   */
  readonly loadHostNetwork?: boolean;
  /** Requests per second, a new connection each. @default 200 */
  readonly rps?: number;
  /** Rollouts in a row (`kubectl rollout restart`). @default 3 */
  readonly rollouts?: number;
  /** The app's work per request (`GET /work?ms=`). @default 20 */
  readonly workMs?: number;
  /** A request without a complete response after this long is a `timeout`. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** The whole rehearsal fails after this long (the scratch namespace is deleted all the same). @default 600000 */
  readonly maxDurationMs?: number;
  /** Interrupts the rehearsal (SIGINT): kubectl in flight is stopped and the namespace deleted. */
  readonly signal?: AbortSignal;
  /** Called at each step, e.g. `rollout 2/3`. */
  readonly onProgress?: (step: string) => void;
}

/** The settings a cluster rehearsal ran with, as the manifest sets them. */
export interface ClusterRehearsalSettings {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly replicas: number;
  /** Deployments only. */
  readonly maxSurge?: number;
  readonly maxUnavailable?: number;
  readonly minReadySeconds: number;
  readonly terminationGracePeriodSeconds: number;
  readonly preStop: string;
  readonly readiness: string;
  readonly stopSignal: string;
  readonly rps: number;
  readonly rollouts: number;
  readonly workMs: number;
  readonly requestTimeoutMs: number;
}

/** One rollout on the cluster. Times in ms since the rehearsal started. */
export interface ClusterRolloutRecord {
  /** 1 for the first rollout. */
  readonly index: number;
  /** When `kubectl rollout restart` was run. */
  readonly startedAtMs: number;
  /** When `kubectl rollout status` said the rollout was complete. */
  readonly completeAtMs: number;
  /** When the last old pod was gone from the API (Deployments; a StatefulSet's are gone at completion). */
  readonly endedAtMs: number;
  /** The pods the rollout replaced. */
  readonly oldPods: readonly string[];
  /** Their timelines, as the pod watch saw them. */
  readonly terminated: readonly ClusterPodTimeline[];
}

/**
 * One pod's life as a watch of the namespace's pods saw it (`kubectl get pods --watch`), in ms since the
 * rehearsal started: when each change reached the client, so each includes the API server's and kubectl's delay.
 */
export interface ClusterPodTimeline {
  readonly pod: string;
  readonly uid: string;
  /** First seen (the pods before the first rollout: when the watch started). */
  readonly seenAtMs: number;
  /** Its Ready condition turned True. */
  readyAtMs?: number;
  /** `metadata.deletionTimestamp` was set: Terminating (the kubelet runs preStop, then the stop signal). */
  terminatingAtMs?: number;
  /** Gone from the API: the kubelet finished with it. */
  goneAtMs?: number;
}

/** What the cluster the rehearsal ran on is, and where the rehearsal lived. */
export interface ClusterInfo {
  /** The API server's gitVersion, e.g. `v1.33.13`. */
  readonly serverVersion: string;
  /** The scratch namespace (deleted at the end). */
  readonly namespace: string;
  /** The namespace the manifest names, if any (nothing is created there). */
  readonly manifestNamespace?: string;
  /** The Service the load went through, with the address it used: `web 10.96.0.23:80`. */
  readonly service: string;
  readonly loadImage: string;
  /** True once `kubectl delete namespace` was accepted. */
  readonly namespaceDeleted: boolean;
}

/** What the load pod saw, beyond the counts. Times in ms since the rehearsal started. */
export interface ClusterLoadInfo {
  /** When the load started measuring (its clock, mapped onto the rehearsal's: same host, or NTP). */
  readonly startedAtMs: number;
  readonly durationMs: number;
  /** Requests before the first success, not counted (the Service may not be routed yet when the pod starts). */
  readonly warmupAttempts: number;
  readonly stoppedBy: LoadSummary['stoppedBy'];
  /** Per second of the load, by send time (`t` in seconds since {@link startedAtMs}). */
  readonly seconds: readonly LoadSecond[];
}

/**
 * Everything a cluster rehearsal measured, in the simulator's report shape where the two measure the
 * same thing (`deployment`, `app`, `requests.sent/ok/failed/byCause/latencyMs`, `failureSamples`,
 * `rollouts[].index/startedAtMs/completeAtMs/endedAtMs`, `notes`, `outcome`).
 */
export interface ClusterRehearsalReport {
  readonly mode: 'cluster';
  /** The workload's name (a Deployment's or a StatefulSet's). */
  readonly deployment: string;
  /** The images of the workload's containers. */
  readonly app: string;
  readonly cluster: ClusterInfo;
  readonly settings: ClusterRehearsalSettings;
  readonly requests: ClusterRequestCounts & { readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number } };
  /** The first failures, in ms since the rehearsal started. */
  readonly failureSamples: readonly ClusterFailureSample[];
  readonly load: ClusterLoadInfo;
  readonly rollouts: readonly ClusterRolloutRecord[];
  /** Every pod of the workload the watch saw. */
  readonly pods: readonly ClusterPodTimeline[];
  readonly notes: readonly string[];
  /** `'failed'` when any request failed. */
  readonly outcome: 'passed' | 'failed';
}

/** The cluster rehearsal's defaults, in one place (the CLI shows them). @internal */
export const CLUSTER_REHEARSAL_DEFAULTS = {
  rps: 200,
  rollouts: 3,
  workMs: 20,
  requestTimeoutMs: 10_000,
  maxDurationMs: 600_000,
  loadImage: DEFAULT_LOAD_IMAGE,
  loadHostNetwork: false,
};

/**
 * Rehearses rolling updates on a real cluster, through kubectl: creates a scratch namespace
 * `graceful-k8s-rehearse-<random>`, applies the manifest's objects there (only their namespace
 * changes), waits for the rollout, starts the load pod, runs `kubectl rollout restart` and `rollout
 * status` N times, stops the load and reads its summary from the pod's log, and deletes the namespace:
 * also when a step fails or the rehearsal is interrupted. It touches nothing outside that namespace
 * (the manifest is checked before anything is sent, see {@link readClusterManifest}).
 */
export async function rehearseOnCluster(options: ClusterRehearsalOptions): Promise<ClusterRehearsalReport> {
  const o = { ...CLUSTER_REHEARSAL_DEFAULTS, ...definedOnly(options) };
  validate(o);
  const manifest = readClusterManifest(options.manifest, { file: options.manifestFile, workload: options.workload });
  const kubectl = new Kubectl({ kubeconfig: options.kubeconfig, binary: options.kubectl, env: options.env, signal: options.signal });
  const progress = options.onProgress ?? (() => undefined);
  const started = Date.now();
  const now = () => Date.now() - started;
  const deadline = () => Math.max(1, Math.ceil((o.maxDurationMs - now()) / 1000));

  const version = await kubectl.json<{ serverVersion?: { gitVersion?: string } }>(['version']);
  const serverVersion = version.serverVersion?.gitVersion ?? 'unknown';
  const namespace = `${NAMESPACE_PREFIX}${randomBytes(4).toString('hex')}`;
  progress(`creating namespace ${namespace} on ${serverVersion}`);
  try {
    await kubectl.run(['create', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { [REHEARSAL_LABEL]: REHEARSAL_LABEL_VALUE } } }),
    });
  } catch (error) {
    // Interrupted, the API server may have created it all the same.
    if (options.signal?.aborted) await deleteNamespace(kubectl, namespace, progress);
    throw error;
  }
  let report: Omit<ClusterRehearsalReport, 'cluster'> & { cluster: Omit<ClusterInfo, 'namespaceDeleted'> };
  try {
    report = await rehearseIn(kubectl, namespace, manifest, o, serverVersion, now, deadline, progress);
  } catch (error) {
    const problem = await deleteNamespace(kubectl, namespace, progress);
    if (error instanceof Error) error.message += `\n${problem ?? `the scratch namespace ${namespace} was deleted`}`;
    throw error;
  }
  const problem = await deleteNamespace(kubectl, namespace, progress);
  return {
    ...report,
    cluster: { ...report.cluster, namespaceDeleted: problem === undefined },
    notes: problem ? [...report.notes, problem] : report.notes,
  };
}

/** Deletes the scratch namespace (also after an interruption); says what to do when that fails. */
async function deleteNamespace(kubectl: Kubectl, namespace: string, progress: (step: string) => void): Promise<string | undefined> {
  progress(`deleting namespace ${namespace}`);
  try {
    await kubectl.run(['delete', 'namespace', namespace, '--wait=false', '--ignore-not-found'], { ignoreAbort: true });
    return undefined;
  } catch (error) {
    return `the scratch namespace ${namespace} could not be deleted (${error instanceof Error ? error.message : String(error)}): delete it with kubectl delete namespace ${namespace}`;
  }
}

type Settings = typeof CLUSTER_REHEARSAL_DEFAULTS;

async function rehearseIn(
  kubectl: Kubectl,
  namespace: string,
  manifest: ClusterManifest,
  o: Settings,
  serverVersion: string,
  now: () => number,
  deadline: () => number,
  progress: (step: string) => void,
): Promise<Omit<ClusterRehearsalReport, 'cluster'> & { cluster: Omit<ClusterInfo, 'namespaceDeleted'> }> {
  const w = manifest.workload;
  const ref = `${w.kind.toLowerCase()}/${w.name}`;
  const ns = ['-n', namespace];
  progress(`applying ${manifest.objects.length} object(s)`);
  await kubectl.run(['apply', ...ns, '-f', '-'], { input: intoNamespace(manifest.objects, namespace).map((x) => JSON.stringify(x)).join('\n') });
  await rolloutStatus(kubectl, ns, ref, w.progressDeadlineSeconds, deadline, 'the first rollout');

  const service = await kubectl.json<{ spec?: { clusterIP?: string } }>(['get', 'service', manifest.service.name, ...ns]);
  const clusterIp = service.spec?.clusterIP;
  if (!clusterIp || clusterIp === 'None') throw new RehearsalError(`Service ${manifest.service.name} has no cluster IP (${String(clusterIp)}): the load needs one`);
  // The ClusterIP, not the DNS name: a cluster without CoreDNS (the local node) resolves no Service name.
  const target = `${clusterIp.includes(':') ? `[${clusterIp}]` : clusterIp}:${manifest.service.port}`;
  progress(`starting the load pod (${o.loadImage}) against ${target}`);
  const [low, high] = HOST_CONTROL_PORTS;
  const controlPort = o.loadHostNetwork ? low + (randomBytes(2).readUInt16BE(0) % (high - low)) : LOAD_CONTROL_PORT;
  await kubectl.run(['create', ...ns, '-f', '-'], { input: JSON.stringify(loadPod(namespace, o, target, controlPort)) });
  await waitForLoad(kubectl, ns, o, deadline);

  const pods = new Map<string, ClusterPodTimeline>();
  const labels = Object.entries(w.selector).map(([k, v]) => `${k}=${v}`).join(',');
  const watch = kubectl.watch(['get', 'pods', ...ns, '-l', labels, '--watch', '--output-watch-events'], (event) => recordPodEvent(pods, event, now()));
  const rollouts: ClusterRolloutRecord[] = [];
  try {
    for (let index = 1; index <= o.rollouts; index++) {
      progress(`rollout ${index}/${o.rollouts}`);
      const oldPods = await podsOf(kubectl, ns, w.selector);
      const startedAtMs = now();
      await kubectl.run(['rollout', 'restart', ref, ...ns]);
      await rolloutStatus(kubectl, ns, ref, w.progressDeadlineSeconds, deadline, `rollout ${index}`);
      const completeAtMs = now();
      if (w.kind === 'Deployment' && oldPods.length > 0) {
        // Gone from the API: the kubelet has finished with them (grace period included).
        const timeout = Math.min(deadline(), w.terminationGracePeriodSeconds + 60);
        await kubectl.run(['wait', '--for=delete', ...oldPods.map((p) => `pod/${p}`), ...ns, `--timeout=${timeout}s`]).catch((error: unknown) => {
          if (!(error instanceof KubectlError) || !/not found/i.test(error.stderr)) throw error;
        });
      }
      const endedAtMs = now();
      const replacedBy = (name: string) =>
        [...pods.values()].find((p) => p.pod === name && p.terminatingAtMs !== undefined && p.terminatingAtMs >= startedAtMs);
      const terminated = oldPods.map(replacedBy)
        .filter((p): p is ClusterPodTimeline => p !== undefined);
      rollouts.push({ index, startedAtMs, completeAtMs, endedAtMs, oldPods, terminated });
    }
    await new Promise((resolve) => setTimeout(resolve, TAIL_MS));
  } finally {
    watch.stop();
    await watch.done;
  }

  progress('stopping the load');
  await kubectl.run(['get', '--raw', `/api/v1/namespaces/${namespace}/pods/${LOAD_POD}:${controlPort}/proxy/stop`]).catch(async (error: unknown) => {
    // A load that stopped by itself (its --max-duration) has no control server left: its summary is in its log.
    const phase = await kubectl.run(['get', 'pod', LOAD_POD, ...ns, '-o', 'jsonpath={.status.phase}']).catch(() => '');
    if (phase !== 'Succeeded') throw error;
  });
  await kubectl.run(['wait', '--for=jsonpath={.status.phase}=Succeeded', `pod/${LOAD_POD}`, ...ns, `--timeout=${Math.ceil(o.requestTimeoutMs / 1000) + 30}s`]);
  const log = await kubectl.run(['logs', LOAD_POD, ...ns]);
  const summary = findLoadSummary(log);
  if (!summary) throw new RehearsalError(`the load pod printed no summary; its log:\n${log.trim() || '(empty)'}`);
  const loadStartedAtMs = summary.startedAtUnixMs - (Date.now() - now());
  return {
    mode: 'cluster',
    deployment: w.name,
    app: w.images.join(', '),
    cluster: { serverVersion, namespace, manifestNamespace: manifest.sourceNamespace, service: `${manifest.service.name} ${target}`, loadImage: o.loadImage },
    settings: {
      kind: w.kind,
      replicas: w.replicas,
      maxSurge: w.maxSurge,
      maxUnavailable: w.maxUnavailable,
      minReadySeconds: w.minReadySeconds,
      terminationGracePeriodSeconds: w.terminationGracePeriodSeconds,
      preStop: w.preStop,
      readiness: w.readiness,
      stopSignal: w.stopSignal,
      rps: o.rps,
      rollouts: o.rollouts,
      workMs: o.workMs,
      requestTimeoutMs: o.requestTimeoutMs,
    },
    requests: summary.requests,
    failureSamples: summary.failureSamples.map((f) => ({ ...f, atMs: f.atMs + loadStartedAtMs })),
    load: {
      startedAtMs: loadStartedAtMs,
      durationMs: summary.durationMs,
      warmupAttempts: summary.warmupAttempts,
      stoppedBy: summary.stoppedBy,
      seconds: summary.seconds,
    },
    rollouts,
    pods: [...pods.values()],
    notes: [...manifest.notes],
    outcome: summary.requests.failed > 0 ? 'failed' : 'passed',
  };
}

/** Folds one watch event (`{ type, object }`) into the pods' timelines. */
function recordPodEvent(pods: Map<string, ClusterPodTimeline>, event: unknown, atMs: number): void {
  const e = event as { type?: string; object?: PodJson & { metadata: { uid?: string } } };
  const pod = e.object;
  if (!pod?.metadata?.name) return;
  const uid = pod.metadata.uid ?? pod.metadata.name;
  let timeline = pods.get(uid);
  if (!timeline) {
    timeline = { pod: pod.metadata.name, uid, seenAtMs: atMs };
    pods.set(uid, timeline);
  }
  if (timeline.readyAtMs === undefined && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) timeline.readyAtMs = atMs;
  if (timeline.terminatingAtMs === undefined && pod.metadata.deletionTimestamp !== undefined) timeline.terminatingAtMs = atMs;
  if (e.type === 'DELETED') timeline.goneAtMs ??= atMs;
}

/** The load pod: the load program against the Service's cluster IP, ready once a request succeeded. */
function loadPod(namespace: string, o: Settings, target: string, controlPort: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: LOAD_POD, namespace, labels: { [REHEARSAL_LABEL]: REHEARSAL_LABEL_VALUE, 'app.kubernetes.io/name': LOAD_POD } },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      ...(o.loadHostNetwork ? { hostNetwork: true } : {}),
      terminationGracePeriodSeconds: Math.ceil(o.requestTimeoutMs / 1000) + 5,
      containers: [
        {
          name: 'load',
          image: o.loadImage,
          // A local image (kind load, ctr import) is used as it is; a registry's is pulled once.
          imagePullPolicy: 'IfNotPresent',
          args: [
            `-target=${target}`,
            `-path=/work?ms=${o.workMs}`,
            `-rps=${o.rps}`,
            `-timeout=${o.requestTimeoutMs}ms`,
            `-duration=${o.maxDurationMs}ms`,
            `-listen=:${controlPort}`,
          ],
          ports: [{ name: 'control', containerPort: controlPort }],
          readinessProbe: { httpGet: { path: '/ready', port: controlPort }, periodSeconds: 1, failureThreshold: 1 },
          securityContext: { runAsNonRoot: true, runAsUser: 65532, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          resources: { requests: { cpu: '50m', memory: '32Mi' } },
        },
      ],
    },
  };
}

async function rolloutStatus(
  kubectl: Kubectl, ns: string[], ref: string, progressDeadlineSeconds: number, deadline: () => number, what: string,
): Promise<void> {
  const timeout = Math.min(deadline(), progressDeadlineSeconds + 60);
  try {
    await kubectl.run(['rollout', 'status', ref, ...ns, `--timeout=${timeout}s`]);
  } catch (error) {
    if (!(error instanceof KubectlError) || error.exitCode === undefined) throw error;
    throw new RehearsalError(`${what} of ${ref} did not complete within ${timeout}s: ${error.message}\n${await podProblems(kubectl, ns)}`);
  }
}

/** Why pods are not running, from their container statuses (ImagePullBackOff, CrashLoopBackOff...). */
async function podProblems(kubectl: Kubectl, ns: string[]): Promise<string> {
  try {
    const pods = await kubectl.json<{ items: PodJson[] }>(['get', 'pods', ...ns]);
    const lines = pods.items.map((p) => {
      const waiting = (p.status?.containerStatuses ?? []).map((c) => c.state?.waiting ?? c.state?.terminated).filter(Boolean);
      const why = waiting.map((s) => `${s!.reason ?? ''}${s!.message ? `: ${s!.message}` : ''}`).join('; ');
      return `  pod ${p.metadata.name}: ${p.status?.phase ?? '?'}${why ? ` (${why})` : ''}`;
    });
    return lines.length > 0 ? `pods:\n${lines.join('\n')}` : 'no pods were created';
  } catch (error) {
    return `(the pods could not be listed: ${error instanceof Error ? error.message : String(error)})`;
  }
}

interface ContainerState {
  readonly reason?: string;
  readonly message?: string;
}

interface PodJson {
  readonly metadata: { readonly name: string; readonly deletionTimestamp?: string };
  readonly status?: {
    readonly phase?: string;
    readonly conditions?: ReadonlyArray<{ readonly type: string; readonly status: string }>;
    readonly containerStatuses?: ReadonlyArray<{ readonly state?: Record<string, ContainerState | undefined> }>;
  };
}

/** Container states that never become ready by waiting. */
const STUCK = /^(ErrImagePull|ImagePullBackOff|ErrImageNeverPull|InvalidImageName|CreateContainerConfigError|CreateContainerError|RunContainerError)$/;

async function waitForLoad(kubectl: Kubectl, ns: string[], o: Settings, deadline: () => number): Promise<void> {
  // The load is ready once one request through the Service succeeded (/ready; its warm-up gives up after
  // 2 minutes and the pod fails). Its state is read once a second, so a pod that cannot start (an image
  // that cannot be pulled) or that failed stops the wait at once.
  const timeoutMs = Math.min(deadline(), 300) * 1000;
  const started = Date.now();
  let why: string | undefined;
  for (;;) {
    const pod = await kubectl.json<PodJson>(['get', 'pod', LOAD_POD, ...ns]);
    if ((pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')) return;
    const reasons = (pod.status?.containerStatuses ?? []).map((c) => c.state?.waiting?.reason);
    const stuck = reasons.find((reason) => reason !== undefined && STUCK.test(reason));
    if (stuck) why = `the load pod cannot start (${stuck})`;
    else if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') why = `the load pod ended (${pod.status.phase}) before it was ready`;
    else if (Date.now() - started > timeoutMs) why = `the load pod was not ready within ${timeoutMs / 1000}s`;
    if (why) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const problems = await podProblems(kubectl, ns);
  const pull = /ImagePull|ErrImage|InvalidImageName/.test(problems)
    ? `\nthe load image ${o.loadImage} could not be pulled: build it from the load program's Dockerfile and load it into the cluster or push it, then name it with --load-image (docs/rehearse.md "Rehearse on a real cluster")`
    : '';
  const log = await kubectl.run(['logs', LOAD_POD, ...ns]).catch(() => '');
  throw new RehearsalError(`${why}\n${problems}${pull}${log.trim() ? `\nits log:\n${log.trim()}` : ''}`);
}

async function podsOf(kubectl: Kubectl, ns: string[], selector: Readonly<Record<string, string>>): Promise<string[]> {
  const labels = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
  const pods = await kubectl.json<{ items: PodJson[] }>(['get', 'pods', ...ns, '-l', labels]);
  return pods.items.filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => p.metadata.name);
}

function validate(o: Settings): void {
  validateLoadSettings(o);
  if (!o.loadImage.trim()) throw new GracefulConfigError('loadImage', o.loadImage, 'must name an image');
}
