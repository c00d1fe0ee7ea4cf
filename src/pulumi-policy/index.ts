/**
 * The graceful-k8s audit as Pulumi CrossGuard policies (docs/pulumi-policy.md): a policy pack's `index.ts` passes
 * `gracefulK8sPolicies()` to `new PolicyPack(...)` of `@pulumi/policy`. Only `@pulumi/policy`'s types are imported:
 * this module loads without it.
 *
 * Facts from @pulumi/policy 1.21.0 (node_modules/@pulumi/policy):
 * - server.js, `makeAnalyzeStackRpcFun`: a stack policy's `validateStack` gets every resource of the stack (type,
 *   URN, outputs as `props`) at the end of a preview or update; its enforcement level is the pack config's
 *   `enforcementLevel` for the policy's name, else the policy's own; `disabled` skips it. Reading an unknown value
 *   (a preview's not-yet-known output) throws `UnknownValueError`, which the server turns into an advisory
 *   "can't run ... during preview" (proxy.js, `unknownCheckingProxy`).
 * - policy.d.ts, `ReportViolation`: `(message, urn?)`; a violation with a URN names that resource. The types are
 *   imported from `@pulumi/policy/policy`: the package's index.d.ts re-exports two names its proxy.d.ts does not
 *   declare, so a program that imports `@pulumi/policy`'s index type-checks only with `skipLibCheck`.
 * @packageDocumentation
 */
import type { EnforcementLevel, PolicyResource, Severity as PulumiSeverity, StackValidationPolicy } from '@pulumi/policy/policy';
import { ALL_RULES, type ManifestInput, type Severity } from '../audit';
import { checkPolicyOptions, isBlocking, runPolicyAudit, type FailOn, type PolicyAuditResult, type PolicyFinding, type PolicyOptions } from '../policy-common';

export type { FailOn, PolicyFinding, PolicyOptions } from '../policy-common';

/** The audit's severities, each of which has its own policy per rule. */
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Pulumi's policy `severity` field (metadata shown by Pulumi Cloud) for each audit severity. */
const PULUMI_SEVERITY: Readonly<Record<Severity, PulumiSeverity>> = { error: 'high', warning: 'medium', info: 'low' };

/** The name of the policy that reports `rule`'s findings of `severity`: `no-prestop-drain-error`. */
export function policyName(ruleId: string, severity: Severity): string {
  return `${ruleId}-${severity}`;
}

/**
 * The enforcement level of the policy for findings of `severity`: `mandatory` when the severity is at or above
 * `failOn` (default `error`), `advisory` below it, and `disabled` for `info` unless `includeInfo`: info findings
 * are advice that needs no action (a worker nothing routes to needs no preStop), and an advisory line on every
 * preview of a correct program teaches users to skip the policy output. The pack's config overrides any of them.
 */
export function enforcementLevelOf(severity: Severity, options: { readonly failOn: FailOn; readonly includeInfo: boolean }): EnforcementLevel {
  if (isBlocking(severity, options.failOn)) return 'mandatory';
  return severity === 'info' && !options.includeInfo ? 'disabled' : 'advisory';
}

/**
 * The Kubernetes object a resource of the Kubernetes provider stands for, or `undefined` for other resources,
 * patches, lists and Secrets (the audit reads no Secret; their data is never copied). Provider type tokens are
 * `kubernetes:<group>/<version>:<Kind>` with `core` for the legacy group (`kubernetes:core/v1:Service`,
 * `kubernetes:apps/v1:Deployment`, `kubernetes:networking.k8s.io/v1:Ingress`); a GracefulDeployment
 * (`graceful-k8s:index:GracefulDeployment`) or GracefulStatefulSet is a component whose children are such resources.
 */
export function kubernetesObjectOf(resource: Pick<PolicyResource, 'type' | 'props'>): Record<string, unknown> | undefined {
  const match = /^kubernetes:([^/:]+)\/([^:]+):([A-Za-z0-9]+)$/.exec(resource.type);
  if (!match) return undefined;
  const [, group, version, kind] = match;
  if (kind.endsWith('Patch') || kind.endsWith('List') || kind === 'Secret') return undefined;
  const props = resource.props;
  return {
    apiVersion: group === 'core' ? version : `${group}/${version}`,
    kind,
    ...(props.metadata !== undefined ? { metadata: props.metadata } : {}),
    ...(props.spec !== undefined ? { spec: props.spec } : {}),
  };
}

/**
 * The audit inputs of a stack: one JSON document (JSON is YAML) per Kubernetes resource, named by its URN so that
 * every finding points back at its resource.
 */
export function stackInputs(resources: readonly Pick<PolicyResource, 'type' | 'props' | 'urn'>[]): ManifestInput[] {
  const inputs: ManifestInput[] = [];
  for (const resource of resources) {
    const object = kubernetesObjectOf(resource);
    if (object) inputs.push({ file: resource.urn, text: JSON.stringify(object) });
  }
  return inputs;
}

/** The message of one finding: the workload, the container, the problem, the fix and the field. */
export function violationMessage(finding: PolicyFinding): string {
  const where = `${finding.workload.kind} ${finding.workload.name}${finding.container ? `, container ${finding.container}` : ''}`;
  return `${where}: ${finding.message} Fix: ${finding.fix} (${finding.path})`;
}

/**
 * The policies: one stack policy per audit rule and severity (`<rule-id>-error|warning|info`), each reporting that
 * rule's findings of that severity against the resource's URN; the audit runs once per stack analysis for all of
 * them. Stack policies, not resource policies: the rules read the objects around a workload (the Services that
 * route to it, its PodDisruptionBudget, its autoscaler), and a resource policy sees one resource.
 * @param options `failOn` (default `error`), `disabledRules`, `suppressions`, `includeInfo` (default false)
 * @throws GracefulConfigError naming the option, the value and the fix
 */
export function gracefulK8sPolicies(options: PolicyOptions = {}): StackValidationPolicy[] {
  const checked = checkPolicyOptions(options, 'gracefulK8sPolicies options');
  let last: { readonly key: string; readonly result: PolicyAuditResult } | undefined;
  const audit = (resources: readonly PolicyResource[]): PolicyAuditResult => {
    const inputs = stackInputs(resources);
    const key = JSON.stringify(inputs);
    // Every severity is audited: whether an info policy reports is its enforcement level's business (pack config).
    if (last?.key !== key) last = { key, result: runPolicyAudit(inputs, { ...checked, includeInfo: true }) };
    return last.result;
  };
  const policies: StackValidationPolicy[] = [];
  for (const rule of ALL_RULES.filter((r) => !checked.disabledRules.includes(r.id))) {
    for (const severity of SEVERITIES) {
      policies.push({
        name: policyName(rule.id, severity),
        description: `${rule.title} (graceful-k8s rule ${rule.id}, ${severity} findings)`,
        enforcementLevel: enforcementLevelOf(severity, checked),
        severity: PULUMI_SEVERITY[severity],
        tags: ['graceful-k8s', 'kubernetes', 'shutdown'],
        validateStack: (args, reportViolation) => {
          for (const finding of audit(args.resources).findings) {
            if (finding.ruleId === rule.id && finding.severity === severity) reportViolation(violationMessage(finding), finding.workload.source.file);
          }
        },
      });
    }
  }
  // Unusable input fails the analysis like a mandatory finding: a workload the rules could not read was not checked.
  policies.push({
    name: 'graceful-k8s-unreadable-input',
    description: 'A Kubernetes object graceful-k8s could not audit (malformed workload, suppression annotation without a reason)',
    enforcementLevel: 'mandatory',
    severity: 'high',
    tags: ['graceful-k8s', 'kubernetes', 'shutdown'],
    validateStack: (args, reportViolation) => {
      for (const problem of audit(args.resources).problems) reportViolation(problem.message, problem.file);
    },
  });
  return policies;
}
