/*
 * The library agrees with itself (issue 23, item 12): for every spec the planner's arbitrary generates and both
 * workload kinds, every way of rendering the plan (each cdk8s-plus line's graceful construct, the Pulumi component,
 * applyPlanToWorkload on a plain cdk8s-plus workload, applyPlanToWorkloadArgs, the core's applyPlanToWorkloadSpec,
 * and `graceful-k8s plan -o yaml`) gives the same plan-controlled fields, and the audit of each output finds nothing
 * above info. A disagreement between the planner, an adapter and the audit fails here, whichever one moved.
 */
// eslint-disable-next-line import/order -- Pulumi's mocks are set before the modules under test are imported
import { registeredResource, valueOf } from './pulumi/mocks';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { auditManifests } from '../src/audit/audit';
import { applyPlanToWorkload } from '../src/cdk8s-plus-27';
import { applyPlanToWorkloadSpec, planShutdown, type ShutdownSpec, type WorkloadKind } from '../src/core';
import { applyPlanToWorkloadArgs, GracefulDeployment as PulumiGracefulDeployment, GracefulStatefulSet as PulumiGracefulStatefulSet } from '../src/pulumi';
import { runCli, yamlDocuments } from './cli/run-cli';
import { TEST_LINES } from './helpers/cdk8s-lines';
import { planControlledFields } from './helpers/plan-controlled-fields';
import { validSpec } from './helpers/spec-arbitrary';

/**
 * The planner's arbitrary with the presets that change what is rendered: a framework (env, the graceful-quit hook) and
 * routers (drain delay, annotations, minReadySeconds). Combinations the planner refuses are left out.
 */
const renderedSpec: fc.Arbitrary<ShutdownSpec> = fc
  .tuple(
    validSpec,
    fc.option(fc.constantFrom('spring-boot' as const, 'nginx' as const, 'php-fpm' as const, 'gunicorn' as const, 'uvicorn' as const, 'nodejs' as const, 'go' as const), { nil: undefined }),
    fc.subarray(['kube-proxy', 'ingress-nginx', 'aws-nlb', 'gke-neg', 'alibaba-clb'] as const, { maxLength: 2 }),
  )
  .map(([base, framework, traffic]) => ({
    ...base,
    ...(framework ? { framework } : {}),
    // An explicit drain delay is kept with the routers (a lag above it is a warning): let the routers decide it.
    ...(traffic.length > 0 ? { traffic, drainDelay: undefined } : {}),
  }))
  .filter((candidate) => {
    try {
      planShutdown(candidate);
      planShutdown(candidate, { workloadKind: 'StatefulSet' });
      return true;
    } catch {
      return false;
    }
  });

interface Rendered {
  readonly deployment: any;
  readonly service?: any;
  readonly pdb?: any;
}

const LABELS = { 'app.kubernetes.io/name': 'app' };
const imageOf = (spec: ShutdownSpec) => (spec.image === 'distroless' ? 'gcr.io/distroless/static-debian12:nonroot' : 'registry.example/app:1.0.0');

/**
 * Whether the rendering serves requests (a port, a readiness probe, a Service). A plan without a drain (drainDelay 0)
 * is what the planner warns about for a server (`drain-delay-zero`) and the audit calls an error when a Service routes
 * to the pod (`no-prestop-drain`): the two agree there, so such a spec is rendered as what it is for, a worker.
 */
const serves = (spec: ShutdownSpec) => planShutdown(spec).drainDelaySeconds > 0;

/** The app container, plain (Pulumi, the core, the CLI's fragment): serving on 8080 with a readiness probe, or a worker. */
function plainContainer(spec: ShutdownSpec) {
  const server = serves(spec) ? { ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } } } : {};
  return { name: 'app', image: imageOf(spec), ...server };
}

function lineContainer(kplus: (typeof TEST_LINES)[number]['kplus'], spec: ShutdownSpec) {
  const server = serves(spec) ? { portNumber: 8080, readiness: kplus.Probe.fromHttpGet('/ready', { port: 8080 }) } : {};
  return { name: 'app', image: imageOf(spec), ...server };
}

/**
 * A manifest with the API server's defaults of the fields the adapters may leave out: a StatefulSet's
 * podManagementPolicy and RollingUpdate partition 0 (`SetDefaults_StatefulSet`); cdk8s-plus writes them, Pulumi does not.
 */
function withDefaults(manifest: any, kind: WorkloadKind): any {
  if (kind !== 'StatefulSet') return manifest;
  const spec = manifest.spec;
  const updateStrategy = spec.updateStrategy ?? { type: 'RollingUpdate' };
  const rolling = updateStrategy.type === 'RollingUpdate' ? { rollingUpdate: { partition: 0, ...updateStrategy.rollingUpdate } } : {};
  return { ...manifest, spec: { ...spec, podManagementPolicy: spec.podManagementPolicy ?? 'OrderedReady', updateStrategy: { ...updateStrategy, ...rolling } } };
}

/** A StatefulSet's governing headless Service of one's own (cdk8s-plus cannot derive one for a worker without ports). */
function peersOf(line: (typeof TEST_LINES)[number], chart: Chart) {
  return new line.kplus.Service(chart, 'peers', { clusterIP: 'None', ports: [{ port: 8080 }] });
}

function cdk8sConstruct(line: (typeof TEST_LINES)[number], spec: ShutdownSpec, kind: WorkloadKind, replicas: number): Rendered {
  const chart = new Chart(Testing.app(), 'agree');
  const props = { containers: [lineContainer(line.kplus, spec)], replicas, shutdown: spec as never };
  const workload = kind === 'Deployment'
    ? new line.graceful.GracefulDeployment(chart, 'app', props)
    : new line.graceful.GracefulStatefulSet(chart, 'app', { ...props, service: peersOf(line, chart) });
  if (serves(spec)) workload.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
  const manifests = Testing.synth(chart);
  return {
    deployment: manifests.find((m) => m.kind === kind),
    service: manifests.find((m) => m.kind === 'Service' && m.spec.clusterIP !== 'None'),
    pdb: manifests.find((m) => m.kind === 'PodDisruptionBudget'),
  };
}

function cdk8sApply(line: (typeof TEST_LINES)[number], spec: ShutdownSpec, kind: WorkloadKind, replicas: number): Rendered {
  const chart = new Chart(Testing.app(), 'agree');
  const containers = [lineContainer(line.kplus, spec)];
  const workload = kind === 'Deployment'
    ? new line.kplus.Deployment(chart, 'app', { containers, replicas })
    : new line.kplus.StatefulSet(chart, 'app', { containers, replicas, service: peersOf(line, chart) });
  (line.name === 'cdk8s-plus-27' ? applyPlanToWorkload : line.graceful.applyPlanToWorkload)(workload as never, spec as never);
  return { deployment: Testing.synth(chart).find((m) => m.kind === kind) };
}

let seq = 0;
async function pulumiComponent(spec: ShutdownSpec, kind: WorkloadKind, replicas: number): Promise<Rendered> {
  const name = `agree-${++seq}`;
  const service = serves(spec) ? { service: { ports: [{ port: 80, targetPort: 8080 }] } } : {};
  const args = { containers: [plainContainer(spec)], replicas, labels: LABELS, shutdown: spec, ...service };
  const component = kind === 'Deployment' ? new PulumiGracefulDeployment(name, args) : new PulumiGracefulStatefulSet(name, args);
  const workload = kind === 'Deployment' ? (component as PulumiGracefulDeployment).deployment : (component as PulumiGracefulStatefulSet).statefulSet;
  await Promise.all([workload, component.service!, component.podDisruptionBudget!].filter(Boolean).map((r) => valueOf(r.urn)));
  const of = (type: string) => registeredResource(`kubernetes:${type}`, name)?.inputs;
  return {
    deployment: { apiVersion: 'apps/v1', kind, metadata: { name }, ...of(kind === 'Deployment' ? 'apps/v1:Deployment' : 'apps/v1:StatefulSet') },
    service: component.service ? { apiVersion: 'v1', kind: 'Service', metadata: { name }, ...of('core/v1:Service') } : undefined,
    pdb: component.podDisruptionBudget ? { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, ...of('policy/v1:PodDisruptionBudget') } : undefined,
  };
}

function plainWorkloadSpec(spec: ShutdownSpec, kind: WorkloadKind, replicas: number, gracePeriodSeconds?: number) {
  return {
    replicas,
    ...(kind === 'StatefulSet' ? { serviceName: 'app' } : {}),
    selector: { matchLabels: LABELS },
    template: {
      metadata: { labels: LABELS },
      spec: {
        containers: [plainContainer(spec)],
        ...(gracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: gracePeriodSeconds } : {}),
      },
    },
  };
}

/** applyPlanToWorkloadArgs on plain args; with a grace period, on args that already have one. */
function pulumiArgs(spec: ShutdownSpec, kind: WorkloadKind, replicas: number, gracePeriodSeconds?: number): Rendered {
  const args = applyPlanToWorkloadArgs({ kind, metadata: { name: 'app' }, spec: plainWorkloadSpec(spec, kind, replicas, gracePeriodSeconds) }, spec);
  return { deployment: { apiVersion: 'apps/v1', ...args } };
}

function coreApply(spec: ShutdownSpec, kind: WorkloadKind, replicas: number): Rendered {
  const plan = planShutdown({ ...spec, replicas }, { workloadKind: kind });
  return { deployment: { apiVersion: 'apps/v1', kind, metadata: { name: 'app' }, spec: applyPlanToWorkloadSpec(plainWorkloadSpec(spec, kind, replicas), plan) } };
}

/** The spec as `graceful-k8s plan` flags. */
function cliFlags(spec: ShutdownSpec, kind: WorkloadKind, replicas: number): string[] {
  const flag = (name: string, value: unknown) => (value === undefined ? [] : [name, String(value)]);
  return [
    'plan',
    ...flag('--app-shutdown', spec.appShutdownTimeout),
    ...flag('--drain-delay', spec.drainDelay),
    ...flag('--long-connections', spec.longConnectionBudget),
    ...flag('--safety-margin', spec.safetyMargin),
    ...flag('--grace-period', spec.terminationGracePeriod),
    ...flag('--k8s', spec.kubernetesVersion),
    ...flag('--image', spec.image),
    ...flag('--prestop', spec.preStop),
    ...flag('--framework', spec.framework),
    ...(spec.traffic ?? []).flatMap((t) => ['--traffic', String(t)]),
    ...flag('--replicas', replicas),
    '--kind', kind,
    '-o', 'yaml',
  ];
}

/** `plan -o yaml`'s workload fragment pasted into the plain workload (containers matched by name), as a user would. */
async function cli(spec: ShutdownSpec, kind: WorkloadKind, replicas: number): Promise<Rendered> {
  const result = await runCli(cliFlags(spec, kind, replicas));
  expect({ code: result.code, stderr: result.stderr.split('\n').filter((l) => !l.startsWith('warning: ')).join('\n') }).toEqual({ code: 0, stderr: '' });
  const [fragment] = yamlDocuments(result.stdout);
  const base = plainWorkloadSpec(spec, kind, replicas);
  const pod = fragment.spec.template.spec;
  const merged = {
    ...base,
    ...fragment.spec,
    template: {
      metadata: { ...base.template.metadata, ...fragment.spec.template.metadata, labels: LABELS },
      spec: { ...pod, containers: pod.containers.map((c: any) => ({ ...plainContainer(spec), ...c })) },
    },
  };
  return { deployment: { apiVersion: 'apps/v1', kind, metadata: { name: 'app' }, spec: merged } };
}

/** Findings above info in the audit of one rendering (its workload, and its Service and PodDisruptionBudget when it made them). */
function findingsAboveInfo(rendered: Rendered): string[] {
  const text = Yaml.stringify(...[rendered.deployment, rendered.service, rendered.pdb].filter(Boolean));
  const report = auditManifests([{ file: 'rendered.yaml', text }]);
  return [...report.problems.map((p) => `problem: ${JSON.stringify(p)}`), ...report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.severity} ${f.ruleId}: ${f.message}`)];
}

beforeEach(() => jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined));
afterEach(() => jest.restoreAllMocks());

describe.each(['Deployment', 'StatefulSet'] as const)('every rendering of a %s plan agrees, and its audit is clean', (kind) => {
  test('over random valid specs', async () => {
    await fc.assert(
      fc.asyncProperty(renderedSpec, fc.integer({ min: 2, max: 5 }), async (spec, replicas) => {
        const plan = planShutdown({ ...spec, replicas }, { workloadKind: kind });
        const envNames = plan.env.map((e) => e.name);
        const renderings: Record<string, Rendered> = {
          'pulumi GracefulComponent': await pulumiComponent(spec, kind, replicas),
          ...Object.fromEntries(TEST_LINES.map((line) => [`${line.name} Graceful${kind}`, cdk8sConstruct(line, spec, kind, replicas)])),
          'pulumi applyPlanToWorkloadArgs': pulumiArgs(spec, kind, replicas),
          'core applyPlanToWorkloadSpec': coreApply(spec, kind, replicas),
          'cli plan -o yaml': await cli(spec, kind, replicas),
        };
        const workloadFields = (r: Rendered) => {
          const all = planControlledFields({ deployment: withDefaults(r.deployment, kind) }, envNames);
          const { serviceAnnotations: _s, podDisruptionBudgetMaxUnavailable: _p, ...fields } = all;
          return { ...fields, replicas: r.deployment.spec.replicas };
        };
        const reference = workloadFields(renderings['core applyPlanToWorkloadSpec']);
        expect(reference.terminationGracePeriodSeconds).toBe(plan.terminationGracePeriodSeconds);
        for (const [name, rendered] of Object.entries(renderings)) {
          expect({ name, fields: workloadFields(rendered) }).toEqual({ name, fields: reference });
          expect({ name, findings: findingsAboveInfo(rendered) }).toEqual({ name, findings: [] });
        }
        // The companions of the adapters that make them (Service annotations, PodDisruptionBudget) agree too.
        const companions = (r: Rendered) => ({ serviceAnnotations: r.service?.metadata?.annotations ?? {}, pdb: r.pdb?.spec.maxUnavailable });
        const pulumiCompanions = companions(renderings['pulumi GracefulComponent']);
        const planned = { serviceAnnotations: serves(spec) ? plan.serviceAnnotations : {}, pdb: plan.podDisruptionBudget.maxUnavailable };
        expect(pulumiCompanions).toEqual(planned);
        for (const line of TEST_LINES) expect({ line: line.name, ...companions(renderings[`${line.name} Graceful${kind}`]) }).toEqual({ line: line.name, ...pulumiCompanions });
        // A plain cdk8s-plus workload already has a grace period (the line's 30 s default, which no adapter can tell from a
        // user's own 30 s, so it is never lowered): applyPlanToWorkload agrees with applyPlanToWorkloadArgs on args that have it.
        const lineDefault = TEST_LINES[0].facts.defaultGracePeriodSeconds;
        if (plan.terminationGracePeriodSeconds < lineDefault && spec.terminationGracePeriod !== undefined) {
          // A grace period pinned below the workload's own would lower it: every adapter refuses that alike.
          expect(() => pulumiArgs(spec, kind, replicas, lineDefault)).toThrow(/^terminationGracePeriod is \d+s but the workload already has/);
          for (const line of TEST_LINES) expect(() => cdk8sApply(line, spec, kind, replicas)).toThrow(/^terminationGracePeriod is \d+s but the workload already has/);
          return;
        }
        const pinned = workloadFields(pulumiArgs(spec, kind, replicas, lineDefault));
        for (const line of TEST_LINES) {
          const rendered = cdk8sApply(line, spec, kind, replicas);
          const name = `${line.name} applyPlanToWorkload`;
          expect({ name, fields: workloadFields(rendered) }).toEqual({ name, fields: pinned });
          expect({ name, findings: findingsAboveInfo(rendered) }).toEqual({ name, findings: [] });
        }
      }),
      // Each run renders 12 ways (4 cdk8s syntheses, a Pulumi component under mocks, the CLI): seconds, not minutes.
      { numRuns: Number(process.env.AGREE_RUNS ?? 12) },
    );
  });
});
