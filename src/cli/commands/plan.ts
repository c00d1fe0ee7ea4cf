import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import {
  FRAMEWORK_KINDS,
  IMAGE_KINDS,
  planShutdown,
  POD_MANAGEMENT_POLICIES,
  PRESTOP_STRATEGIES,
  QUIT_VIAS,
  SIDECAR_KINDS,
  TRAFFIC_KINDS,
  type FrameworkKind,
  type ImageKind,
  type PodManagementPolicy,
  type PreStopStrategy,
  type QuitVia,
  type ShutdownPlan,
  type ShutdownSpec,
  type SidecarKind,
  type TrafficKind,
  type TrafficSource,
  WORKLOAD_KINDS,
  type WorkloadKind,
} from '../../core';
import { painter } from '../color';
import { sessionOf } from '../io';
import { renderMermaidGantt } from '../mermaid';
import { workloadSpecFragment } from '../pod-spec-fragment';
import { renderTimelineChart, timelineOf, type Charset } from '../timeline-chart';
import { reportConfigError, reportUsageError } from './report-config-error';

/** What `plan` prints. */
export type PlanOutput = 'text' | 'yaml' | 'json' | 'mermaid';

interface PlanOptions {
  readonly appShutdown?: string;
  readonly drainDelay?: string;
  readonly longConnections?: string;
  readonly safetyMargin?: string;
  readonly gracePeriod?: string;
  readonly k8s?: string;
  readonly image?: ImageKind;
  readonly prestop?: PreStopStrategy;
  readonly traffic?: string[];
  readonly nacos?: string;
  readonly framework?: FrameworkKind;
  readonly quitVia?: QuitVia;
  readonly sidecar?: SidecarKind;
  readonly nativeSidecar?: boolean;
  /** `--no-readiness-gate` sets it false; commander's default for a `--no-` flag is true. */
  readonly readinessGate?: boolean;
  readonly replicas?: string;
  readonly podStartup?: string;
  readonly kind: WorkloadKind;
  readonly partition?: string;
  readonly podManagementPolicy?: PodManagementPolicy;
  readonly container: string;
  readonly output: PlanOutput;
  readonly mermaid?: boolean;
  readonly charset: Charset;
  readonly width: string;
}

/** The flag behind each spec field, for error messages. */
const FLAGS: Record<string, string> = {
  'appShutdownTimeout': '--app-shutdown',
  'drainDelay': '--drain-delay',
  'longConnectionBudget': '--long-connections',
  'safetyMargin': '--safety-margin',
  'terminationGracePeriod': '--grace-period',
  'kubernetesVersion': '--k8s',
  'image': '--image',
  'preStop': '--prestop',
  'traffic': '--traffic',
  'framework': '--framework',
  'sidecar': '--sidecar',
  'sidecar.native': '--native-sidecar',
  'replicas': '--replicas',
  'rollout.podStartup': '--pod-startup',
  'rollout.partition': '--partition',
  'rollout.podManagementPolicy': '--pod-management-policy',
};

/** The kinds `--traffic` takes: every traffic kind but Nacos, which needs its own fields (`--nacos`). */
const ROUTER_KINDS: readonly TrafficKind[] = TRAFFIC_KINDS.filter((kind) => kind !== 'nacos');

/** The traffic kinds whose controller injects a pod readiness gate in labelled namespaces (`--no-readiness-gate`). */
const GATED_KINDS: readonly string[] = ['aws-alb', 'aws-nlb'];

/** The expected shape of `--nacos`, for the error message. */
const NACOS_FORMAT = '<server host:port>/<service>:<port>[/<namespace>], e.g. nacos.infra:8848/orders:8080/production';

/** A `--nacos` value the CLI cannot split into the preset's fields. */
class NacosFormatError extends Error {}

/**
 * `--traffic aws-alb` or `--traffic aws-alb=45s` (a measured lag); `--nacos host:port/service:port[/namespace]`.
 * `flags` maps each source's field path (`traffic[1]`) to the flag and value the user typed, for errors.
 * @throws NacosFormatError when `--nacos` does not have the documented shape
 */
function trafficOf(options: PlanOptions): { sources?: Array<TrafficSource | TrafficKind>; flags: Record<string, string> } {
  const flags: Record<string, string> = {};
  const sources: TrafficSource[] = (options.traffic ?? []).map((entry, i) => {
    flags[`traffic[${i}]`] = `--traffic ${entry}`;
    const [kind, lag] = entry.split('=', 2);
    // --no-readiness-gate: the namespace cannot be labelled for the AWS Load Balancer Controller's pod readiness
    // gate, so the plan covers the registration with minReadySeconds instead (the core decides: traffic.ts).
    const gate = options.readinessGate === false && GATED_KINDS.includes(kind) ? { readinessGate: false } : {};
    return { kind: kind as TrafficKind, ...(lag !== undefined ? { lag } : {}), ...gate } as TrafficSource;
  });
  if (options.nacos !== undefined) {
    const match = /^([^/\s]+)\/([^/:\s]+):(\d+)(?:\/([^/\s]+))?$/.exec(options.nacos);
    if (!match) throw new NacosFormatError(`--nacos ${options.nacos}: expected ${NACOS_FORMAT}`);
    const [, serverAddr, serviceName, port, namespaceId] = match;
    flags[`traffic[${sources.length}]`] = `--nacos ${options.nacos}`;
    sources.push({ kind: 'nacos', serverAddr, serviceName, port: Number(port), ...(namespaceId ? { namespaceId } : {}) });
  }
  return { sources: sources.length > 0 ? sources : undefined, flags };
}

/**
 * A usage error the flags make together or in their format, which commander cannot see: the required `--app-shutdown`,
 * a flag that only refines another one given alone, a count that is not plain decimal digits (`Number('0x10')` is 16,
 * `Number('')` is 0).
 * @returns the message, or `undefined` when the flags are usable
 */
function misuseOf(options: PlanOptions): string | undefined {
  if (options.appShutdown === undefined) return 'required option \'--app-shutdown <duration>\' not specified';
  if (options.nativeSidecar && options.sidecar === undefined) {
    return '--native-sidecar says how the sidecar runs, but no --sidecar <kind> is given; add --sidecar istio (or linkerd), or remove --native-sidecar';
  }
  if (options.quitVia !== undefined && options.framework === undefined) {
    return `--quit-via ${options.quitVia} says how nginx or php-fpm get SIGQUIT, but no --framework is given; add --framework nginx (or php-fpm), or remove --quit-via`;
  }
  if (options.readinessGate === false && !(options.traffic ?? []).some((entry) => GATED_KINDS.includes(entry.split('=', 2)[0]))) {
    return '--no-readiness-gate says the namespace cannot be labelled for the AWS Load Balancer Controller\'s readiness gate, but no ' +
      '--traffic aws-alb or aws-nlb is given; add one, or remove --no-readiness-gate';
  }
  for (const [flag, value] of [['--replicas', options.replicas], ['--partition', options.partition]] as const) {
    if (value !== undefined && !/^\d+$/.test(value.trim())) {
      return `${flag} must be a whole number written in decimal digits, got ${JSON.stringify(value)}`;
    }
  }
  return undefined;
}

/** The rollout settings the flags give, or `undefined` for none. */
function rolloutOf(options: PlanOptions): ShutdownSpec['rollout'] {
  const rollout = {
    ...(options.podStartup !== undefined ? { podStartup: options.podStartup } : {}),
    ...(options.partition !== undefined ? { partition: Number(options.partition.trim()) } : {}),
    ...(options.podManagementPolicy !== undefined ? { podManagementPolicy: options.podManagementPolicy } : {}),
  };
  return Object.keys(rollout).length > 0 ? rollout : undefined;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `graceful-k8s plan`: the core planner's plan for a few numbers, as a terminal gantt chart with the
 * reasons and the spec fragment to paste (`-o text`), the fragment and the objects beside it as YAML documents (`-o yaml`), everything as
 * JSON, or a Mermaid gantt for docs.
 */
export function planCommand(): Command {
  return new Command('plan')
    .summary('print the shutdown plan for a few numbers: timeline, reasons, spec fragment')
    .description(
      'Plans a pod shutdown from what you know (the app\'s shutdown time, the routers\' drain delay) and prints the timeline as a ' +
        'gantt chart, the reason for every number, and the Deployment/StatefulSet spec fragment to paste. Durations: 30, 30s, 2m, 1h30m.',
    )
    // Checked in the action, not by commander: its missing-option check runs before its unknown-option check, so a typo
    // (--app-shutdwon) would say "not specified" instead of "Did you mean --app-shutdown?".
    .option('--app-shutdown <duration>', 'time the app needs after the stop signal to finish in-flight requests (required)')
    .option('--drain-delay <duration>', 'time every router needs to stop sending new requests (default 5s)')
    .option('--long-connections <duration>', 'time long-lived connections may keep running after the stop signal (default 0)')
    .option('--safety-margin <duration>', 'headroom after the app deadline (default 5s)')
    .option('--grace-period <duration>', 'pin terminationGracePeriodSeconds (must cover the plan)')
    .option('--k8s <version>', 'oldest Kubernetes version the manifests meet: the oldest API server AND kubelet (kubelets may be 3 minors older), e.g. 1.29 (default 1.30)')
    .addOption(new Option('--image <kind>', 'whether the image has a shell').choices(IMAGE_KINDS))
    .addOption(new Option('--prestop <strategy>', 'how the drain is enforced (default auto)').choices(PRESTOP_STRATEGIES))
    .option('--traffic <kind[=lag]>', `a router in front of the pods, repeatable: ${ROUTER_KINDS.join(', ')}; D is the slowest lag`, collect)
    .option('--no-readiness-gate', 'aws-alb/aws-nlb: the namespace cannot be labelled for the controller\'s pod readiness gate; minReadySeconds covers the registration instead')
    .option('--nacos <server/service:port[/namespace]>', 'a Nacos registry: deregister with $POD_IP in preStop, then wait the client cache')
    .addOption(new Option('--framework <kind>', 'the app framework: its shutdown settings get the app shutdown time')
      .choices(FRAMEWORK_KINDS))
    .addOption(new Option('--quit-via <how>', 'nginx/php-fpm: how SIGQUIT is delivered (default prestop)').choices(QUIT_VIAS))
    .addOption(new Option('--sidecar <kind>', 'a service-mesh sidecar whose drain must outlast the app').choices(SIDECAR_KINDS))
    .option('--native-sidecar', 'the sidecar runs as a Kubernetes native sidecar (restartPolicy: Always init container, >= 1.29)')
    .option('--replicas <count>', 'replicas, for the rollout and node-drain estimate (default 2)')
    .option('--pod-startup <duration>', 'pod creation to Ready, for the rollout estimate (default 10s)')
    .addOption(new Option('--kind <kind>', 'workload kind: the rollout settings, the rollout estimate and the spec fragment').choices(WORKLOAD_KINDS).default('Deployment'))
    .option('--partition <ordinal>', 'StatefulSet: updateStrategy.rollingUpdate.partition, pods below this ordinal keep the old revision')
    .addOption(new Option('--pod-management-policy <policy>', 'StatefulSet: podManagementPolicy (default OrderedReady)').choices(POD_MANAGEMENT_POLICIES))
    .option('--container <name>', 'container name in the spec fragment', 'app')
    .addOption(new Option('-o, --output <format>', 'what to print').choices(['text', 'yaml', 'json', 'mermaid']).default('text'))
    .option('--mermaid', 'print a Mermaid gantt chart (same as -o mermaid)')
    .addOption(new Option('--charset <charset>', 'chart characters').choices(['unicode', 'ascii']).default('unicode'))
    .option('--width <columns>', 'chart width in columns for the whole grace period', '48')
    .action((options: PlanOptions, command: Command) => {
      const session = sessionOf(command);
      const misuse = misuseOf(options);
      if (misuse !== undefined) {
        reportUsageError(session, misuse);
        return;
      }
      let traffic: ReturnType<typeof trafficOf>;
      try {
        traffic = trafficOf(options);
      } catch (error) {
        if (!(error instanceof NacosFormatError)) throw error;
        reportUsageError(session, error.message);
        return;
      }
      const spec: ShutdownSpec = {
        appShutdownTimeout: options.appShutdown!, // misuseOf checked it
        ...(options.drainDelay !== undefined ? { drainDelay: options.drainDelay } : {}),
        ...(options.longConnections !== undefined ? { longConnectionBudget: options.longConnections } : {}),
        ...(options.safetyMargin !== undefined ? { safetyMargin: options.safetyMargin } : {}),
        ...(options.gracePeriod !== undefined ? { terminationGracePeriod: options.gracePeriod } : {}),
        ...(options.k8s !== undefined ? { kubernetesVersion: options.k8s } : {}),
        ...(options.image !== undefined ? { image: options.image } : {}),
        ...(options.prestop !== undefined ? { preStop: options.prestop } : {}),
        ...(traffic.sources !== undefined ? { traffic: traffic.sources } : {}),
        ...(options.framework !== undefined
          ? { framework: options.quitVia !== undefined ? { kind: options.framework, quitVia: options.quitVia } : options.framework }
          : {}),
        ...(options.sidecar !== undefined ? { sidecar: options.nativeSidecar ? { kind: options.sidecar, native: true } : options.sidecar } : {}),
        ...(options.replicas !== undefined ? { replicas: Number(options.replicas.trim()) } : {}),
        ...(rolloutOf(options) ? { rollout: rolloutOf(options) } : {}),
      };
      let plan: ShutdownPlan;
      try {
        plan = planShutdown(spec, { workloadKind: options.kind });
      } catch (error) {
        reportConfigError(session, error, { ...FLAGS, ...traffic.flags });
        return;
      }
      const output: PlanOutput = options.mermaid ? 'mermaid' : options.output;
      const out = (text: string) => session.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      const fragment = { spec: workloadSpecFragment(plan, options.kind, options.container) };
      if (output !== 'text') {
        for (const w of plan.warnings) session.io.stderr.write(`warning: [${w.code}] ${w.message}\n`);
      }
      switch (output) {
        case 'yaml':
          out(planYamlDocuments(plan, options.kind, fragment));
          return;
        case 'json':
          out(JSON.stringify({ plan: planSummary(plan), ...fragment }, null, 2));
          return;
        case 'mermaid':
          out(renderMermaidGantt(timelineOf(plan), `Pod shutdown, terminationGracePeriodSeconds ${plan.terminationGracePeriodSeconds}`));
          return;
        default: {
          const paint = painter(session.colorEnabled);
          const width = Number.parseInt(options.width, 10);
          out(paint('bold', 'Timeline (seconds after the pod is marked Terminating)'));
          out(renderTimelineChart(timelineOf(plan), { paint, charset: options.charset, widthColumns: Number.isFinite(width) ? width : 48 }));
          out('');
          out(plan.explain());
          out('');
          out(paint('bold', `${options.kind} spec fragment to paste (containers are matched by name):`));
          out(stringify(fragment));
          for (const object of companionObjects(plan)) {
            out(paint('bold', `${object.title}:`));
            out(stringify(object.fragment));
          }
        }
      }
    });
}

/** An object next to the workload that the plan needs something on, with what to put there. */
interface CompanionObject {
  readonly title: string;
  readonly fragment: Record<string, unknown>;
}

/**
 * What the plan needs beside the workload spec: the Service, Ingress and Namespace metadata for the
 * routers (with the Service type the annotations act on) and the PodDisruptionBudget the adapters create.
 */
function companionObjects(plan: ShutdownPlan): CompanionObject[] {
  const objects: CompanionObject[] = [];
  if (Object.keys(plan.serviceAnnotations).length > 0) {
    objects.push({
      title: 'Service annotations for the routers in front of the pods',
      fragment: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { annotations: plan.serviceAnnotations },
        ...(plan.serviceType ? { spec: { type: plan.serviceType } } : {}),
      },
    });
  }
  if (Object.keys(plan.ingressAnnotations).length > 0) {
    objects.push({
      title: 'Ingress annotations for the routers in front of the pods',
      fragment: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { annotations: plan.ingressAnnotations } },
    });
  }
  if (Object.keys(plan.namespaceLabels).length > 0) {
    objects.push({
      title: 'Namespace labels the routers need (on the workload\'s namespace)',
      fragment: { apiVersion: 'v1', kind: 'Namespace', metadata: { labels: plan.namespaceLabels } },
    });
  }
  objects.push({
    title: 'PodDisruptionBudget for 2 or more replicas (selector: the pod labels)',
    fragment: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', spec: { ...plan.podDisruptionBudget } },
  });
  return objects;
}

/**
 * `-o yaml`: the workload spec fragment, then one document per companion object, each headed by a comment
 * that says where it goes (what `-o text` prints, as YAML documents).
 */
function planYamlDocuments(plan: ShutdownPlan, kind: WorkloadKind, fragment: Record<string, unknown>): string {
  const documents = [
    `# ${kind} spec fragment to paste (containers are matched by name)\n${stringify(fragment)}`,
    ...companionObjects(plan).map((object) => `# ${object.title}\n${stringify(object.fragment)}`),
  ];
  return documents.join('---\n');
}

/** The plan as plain data: every field but `explain()` (the JSON keeps up with the planner's fields). */
function planSummary(plan: ShutdownPlan): Omit<ShutdownPlan, 'explain'> {
  const { explain: _explain, ...data } = plan;
  return data;
}
