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
  type ShutdownPlan,
  WORKLOAD_KINDS,
  type WorkloadKind,
} from '../../core';
import { painter } from '../color';
import { sessionOf } from '../io';
import { renderMermaidGantt } from '../mermaid';
import { workloadSpecFragment } from '../pod-spec-fragment';
import { ROUTER_KINDS, SpecOptionsError, specFromOptions, type SpecOptions } from '../spec-options';
import { renderTimelineChart, timelineOf, type Charset } from '../timeline-chart';
import { reportConfigError, reportUsageError } from './report-config-error';

/** What `plan` prints. */
export type PlanOutput = 'text' | 'yaml' | 'json' | 'mermaid';

interface PlanOptions extends SpecOptions {
  readonly kind: WorkloadKind;
  readonly container: string;
  readonly output: PlanOutput;
  readonly mermaid?: boolean;
  readonly charset: Charset;
  readonly width: string;
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
      let given: ReturnType<typeof specFromOptions>;
      try {
        given = specFromOptions(options);
      } catch (error) {
        if (!(error instanceof SpecOptionsError)) throw error;
        reportUsageError(session, error.message);
        return;
      }
      let plan: ShutdownPlan;
      try {
        plan = planShutdown(given.spec, { workloadKind: options.kind });
      } catch (error) {
        reportConfigError(session, error, given.flags);
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
