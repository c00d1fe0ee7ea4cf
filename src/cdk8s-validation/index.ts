/**
 * The graceful-k8s audit as a cdk8s-cli validation plugin (docs/cdk8s-validation.md).
 *
 * The contract, as cdk8s-cli 2.207.60 implements it (node_modules/cdk8s-cli/lib/plugins/):
 * - `_manager.js`, `PluginManager.load`: `new clazz(properties ?? {})`, where `clazz` is the export named by
 *   `class` in `cdk8s.yaml` of the module `package` resolves to; `loadPackage` requires a local path (absolute, or
 *   starting with `./`) as is, and an npm name from `<pluginsDir>/<package>/<version>/node_modules/<package>`
 *   (its main entry point), `npm install`ing it there first when missing. `version` must be exact (`isRange`).
 * - `validation.js`, `ValidationPlugin.load`: the instance must have a `validate` method; `validate(context)` gets
 *   a `ValidationContext` whose `manifests` are the synthesized YAML files and whose `report` takes
 *   `addViolation({ ruleName, recommendation, fix, violatingResources })` and must be `submit`ted.
 *   `ValidationReport.addViolation` adds the construct path from the app's construct-metadata.json, keyed by
 *   `resourceName` (cdk8s `App`, lib/app.js: `resources[apiObject.name] = { path: apiObject.node.path }`).
 * - `util.js`, `validateApp`: prints every report, and exits 2 when a report's status is `failure`.
 *
 * The types below restate that contract structurally, so this module loads without cdk8s-cli.
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { checkPolicyOptions, runPolicyAudit, type CheckedPolicyOptions, type PolicyOptions } from '../policy-common';

export type { FailOn, PolicyOptions } from '../policy-common';

/** A resource in violation, as cdk8s-cli's `ValidationViolatingResource` (lib/plugins/validation.d.ts). */
export interface ValidationViolatingResource {
  /** `metadata.name`: cdk8s-cli looks the construct path up by it. */
  readonly resourceName: string;
  /** Where in the resource: field paths such as `spec.template.spec.containers[0].lifecycle.preStop`. */
  readonly locations: readonly string[];
  /** The synthesized file. */
  readonly manifestPath: string;
}

/** A violation, as cdk8s-cli's `ValidationViolation` (lib/plugins/validation.d.ts). */
export interface ValidationViolation {
  /** Shown as the violation's title. */
  readonly ruleName: string;
  /** Shown as `Recommendation:`. */
  readonly recommendation: string;
  /** Shown as `How to fix:`. */
  readonly fix: string;
  /** The resources in violation. */
  readonly violatingResources: readonly ValidationViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationReport` a plugin uses (lib/plugins/validation.d.ts). */
export interface ValidationReportLike {
  /** Adds a violation (before `submit`). */
  addViolation(violation: ValidationViolation): void;
  /** Ends the report: `failure` makes `cdk8s synth` exit 2. */
  submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
}

/** The part of cdk8s-cli's `ValidationContext` a plugin uses (lib/plugins/validation.d.ts). */
export interface ValidationContextLike {
  /** The paths of the synthesized manifests. */
  readonly manifests: readonly string[];
  /** Where the plugin reports. */
  readonly report: ValidationReportLike;
  /** cdk8s-cli's logger (prints with console.log). */
  readonly logger: { log(message: string): void };
}

/**
 * The cdk8s-cli validation plugin: `class: GracefulK8sValidation` in `cdk8s.yaml`, with the package
 * `./node_modules/graceful-k8s/lib/cdk8s-validation` (a local path: cdk8s-cli requires npm-named plugins by their
 * main entry point, which in graceful-k8s is the core). Runs the audit on every synthesized manifest; each finding
 * becomes one violation titled `<rule-id> [<severity>]`, with the resource's name (and so its construct path), the
 * field and the fix; the report fails when a finding is at or above `failOn`, or a manifest cannot be audited.
 */
export class GracefulK8sValidation {
  private readonly options: CheckedPolicyOptions;

  /**
   * @param properties `validations[].properties` of cdk8s.yaml: `failOn`, `disabledRules`, `suppressions`, `includeInfo`
   *   (see {@link PolicyOptions}; every one optional)
   * @throws GracefulConfigError naming the property, the value and the fix (cdk8s synth stops with it)
   */
  constructor(properties: PolicyOptions = {}) {
    this.options = checkPolicyOptions(properties, 'cdk8s.yaml validations[].properties');
  }

  /** Audits `context.manifests` and submits the report (cdk8s-cli's `Validation.validate`). */
  async validate(context: ValidationContextLike): Promise<void> {
    const inputs = context.manifests.map((file) => ({ file, text: readFileSync(file) }));
    const result = runPolicyAudit(inputs, this.options);
    for (const finding of result.findings) {
      context.report.addViolation({
        ruleName: `${finding.ruleId} [${finding.severity}]`,
        recommendation: `${finding.workload.kind} ${finding.workload.name}${finding.container ? `, container ${finding.container}` : ''}: ${finding.message}`,
        fix: finding.fix,
        violatingResources: [{
          resourceName: finding.workload.name,
          locations: [`${finding.path} (line ${finding.location.line})`],
          manifestPath: finding.location.file,
        }],
      });
    }
    for (const problem of result.problems) {
      context.report.addViolation({
        ruleName: 'graceful-k8s-unreadable-input [error]',
        recommendation: problem.message,
        fix: 'make the object a valid Kubernetes workload (the message names the field), or give the suppression a reason',
        violatingResources: [{ resourceName: '(input)', locations: problem.line ? [`line ${problem.line}`] : [], manifestPath: problem.file }],
      });
    }
    for (const s of result.suppressed) {
      context.logger.log(`graceful-k8s: ${s.ruleId} on ${s.workload.kind} ${s.workload.name} acknowledged (${s.suppression.from}): ${s.suppression.reason}`);
    }
    context.report.submit(result.failed ? 'failure' : 'success', {
      'Workloads audited': String(result.workloads),
      'Findings (failing)': `${result.findings.length} (${result.findings.filter((f) => f.blocking).length})`,
      'Acknowledged': String(result.suppressed.length),
      'Fail on': this.options.failOn,
    });
  }
}
