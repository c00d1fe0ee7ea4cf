import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ALL_RULES } from '../../audit/all-rules';
import { auditManifests, countBySeverity, type AuditReport } from '../../audit/audit';
import { ASSUMED_APP_SHUTDOWN_SECONDS, type AuditAssumptions, type SelfDrainingImage } from '../../audit/context';
import { parseSelfDrainingConfig, parseSuppressionConfig, parseSuppressOption, SUPPRESS_ANNOTATION_PREFIX, type Suppression } from '../../audit/suppression';
import { applyBaseline, formatBaseline, parseBaseline, type BaselineComparison, type BaselineEntry } from '../../audit/baseline';
import { DEFAULTS, GracefulConfigError, planShutdown } from '../../core';
import { painter } from '../color';
import { formatAuditJson } from '../format/json';
import { formatAuditJunit } from '../format/junit';
import { formatAuditSarif } from '../format/sarif';
import { formatAuditText, formatProblem } from '../format/text';
import { repositoryRoot, sessionOf } from '../io';
import { readInputs } from '../read-inputs';
import { packageVersion } from '../version';
import { EXIT_USAGE, reportConfigError } from './report-config-error';

/** Exit code when findings at or above `--fail-on` were found. */
export const EXIT_FINDINGS = 1;

interface AuditOptions {
  readonly output: 'text' | 'json' | 'sarif' | 'junit';
  readonly failOn: 'error' | 'warning' | 'never';
  readonly k8s?: string;
  readonly appShutdown?: string;
  readonly drainDelay?: string;
  readonly baseDir?: string;
  readonly suppress: string[];
  readonly config?: string;
  readonly allowEmpty?: boolean;
  readonly baseline?: string;
  readonly writeBaseline?: string;
}

const FLAGS: Record<string, string> = {
  appShutdownTimeout: '--app-shutdown',
  drainDelay: '--drain-delay',
  kubernetesVersion: '--k8s',
  suppress: '--suppress',
};

/**
 * `graceful-k8s audit FILE|DIR|- ...`: audits hand-written or rendered manifests. Exit 0 when clean,
 * 1 with findings at `--fail-on` or worse, 2 when some input was unusable (the rest is still audited).
 */
export function auditCommand(): Command {
  return new Command('audit')
    .summary('audit Kubernetes manifests for requests dropped at shutdown')
    .description(
      'Reads YAML manifests (files, directories searched for *.yaml/*.yml, or - for stdin; multi-document, Lists) and reports, per ' +
        'workload and container, what drops or cuts requests when pods stop, with the fix the planner computes from what the manifest declares. ' +
        'Exit 0 when clean, 1 with errors (see --fail-on), 2 when an input is unusable.',
    )
    .argument('<paths...>', 'files, directories, or - for stdin')
    .addOption(new Option('-o, --output <format>', 'output format (alias: -f, --format); junit for Jenkins, GitLab and Azure test reports, sarif for code scanning')
      .choices(['text', 'json', 'sarif', 'junit']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1').choices(['error', 'warning', 'never']).default('error'))
    .option('--k8s <version>', 'oldest Kubernetes version the manifests meet, API server AND kubelet; chooses the preStop in fixes ' +
      `(default ${DEFAULTS.kubernetesVersion})`)
    .option('--app-shutdown <duration>', `app shutdown time assumed when a container declares none (default ${ASSUMED_APP_SHUTDOWN_SECONDS}s)`)
    .option('--drain-delay <duration>', `drain delay suggested when a container has no preStop wait (default ${DEFAULTS.drainDelaySeconds}s)`)
    .option('--base-dir <dir>', 'SARIF: make file URIs relative to this directory (default: the git repository root above the current directory, else the current directory)')
    .option('--baseline <file>', 'fail only on findings this baseline file does not list (write one with --write-baseline); fixed entries are reported')
    .option('--write-baseline <file>', 'write every current finding to this baseline file; the findings then do not fail this run')
    .option(
      '--suppress <rule[@Kind/name]=reason>',
      `suppress a rule (on one workload, or all), with the reason; repeatable. In a manifest: annotation ${SUPPRESS_ANNOTATION_PREFIX}<rule>: "<reason>"`,
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--config <file>', 'YAML config file: suppressions: [{ rule, workload?, reason }], selfDraining: [{ image, seconds, source }]')
    .option('--allow-empty', 'an input with no Kubernetes object passes (by default it is unusable input, exit 2: a failed renderer prints nothing)')
    .action(async (paths: string[], options: AuditOptions, command: Command) => {
      const session = sessionOf(command);
      const assumptions: AuditAssumptions = {
        ...(options.k8s !== undefined ? { kubernetesVersion: options.k8s } : {}),
        ...(options.appShutdown !== undefined ? { appShutdownTimeout: options.appShutdown } : {}),
        ...(options.drainDelay !== undefined ? { drainDelay: options.drainDelay } : {}),
      };
      try {
        planShutdown({ ...assumptions, appShutdownTimeout: assumptions.appShutdownTimeout ?? 30 }); // validates the assumptions once
      } catch (error) {
        reportConfigError(session, error, FLAGS);
        return;
      }
      const ruleIds = ALL_RULES.map((r) => r.id);
      let suppressions: Suppression[];
      let selfDrainingImages: SelfDrainingImage[] = [];
      try {
        suppressions = [
          ...(options.config !== undefined ? parseSuppressionConfig(session.readFile(options.config), ruleIds) : []),
          ...options.suppress.map((text) => parseSuppressOption(text, ruleIds)),
        ];
        if (options.config !== undefined) selfDrainingImages = parseSelfDrainingConfig(session.readFile(options.config));
      } catch (error) {
        if (options.config !== undefined && !(error instanceof GracefulConfigError)) {
          session.io.stderr.write(`graceful-k8s: error: --config ${options.config}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
          session.fail(EXIT_USAGE);
          return;
        }
        reportConfigError(session, error, FLAGS);
        return;
      }
      let baseline: BaselineEntry[] | undefined;
      if (options.baseline !== undefined) {
        let text: string;
        try {
          text = session.readFile(options.baseline);
        } catch (error) {
          session.io.stderr.write(`graceful-k8s: error: --baseline ${options.baseline}: cannot read: ${error instanceof Error ? error.message : String(error)}` +
            ' (write one with --write-baseline FILE)\n');
          session.fail(EXIT_USAGE);
          return;
        }
        try {
          baseline = parseBaseline(text);
        } catch (error) {
          reportConfigError(session, error, FLAGS);
          return;
        }
      }
      const read = await readInputs(paths, session);
      const allowEmpty = options.allowEmpty === true || read.problems.length > 0;
      const audited = auditManifests(read.inputs, { assumptions, suppressions, selfDrainingImages, allowEmpty });
      const whole: AuditReport = { ...audited, problems: [...read.problems, ...audited.problems] };
      let report = whole;
      let comparison: BaselineComparison | undefined;
      if (baseline !== undefined) ({ report, comparison } = applyBaseline(whole, baseline));
      for (const problem of report.problems) session.io.stderr.write(`graceful-k8s: ${formatProblem(problem)}\n`);
      const out = (text: string) => session.io.stdout.write(`${text}\n`);
      switch (options.output) {
        case 'json':
          out(formatAuditJson(report, comparison));
          break;
        case 'sarif':
          out(formatAuditSarif(report, {
            toolVersion: packageVersion(),
            baseDirectory: options.baseDir ?? repositoryRoot(process.cwd()),
            baseline: comparison,
          }));
          break;
        case 'junit':
          out(formatAuditJunit(report, { failOn: options.failOn, baseline: comparison }));
          break;
        default:
          out(formatAuditText(report, painter(session.colorEnabled)));
      }
      if (comparison !== undefined) {
        const fixed = comparison.fixed.map((e) => `${e.ruleId} on ${e.kind}/${e.namespace !== undefined ? `${e.namespace}/` : ''}${e.name}${e.container !== undefined ? ` container ${e.container}` : ''}`);
        session.io.stderr.write(`graceful-k8s: baseline ${options.baseline}: ${comparison.known.length} known finding(s) do not fail the audit, ` +
          `${report.findings.length} new; ${fixed.length} fixed${fixed.length > 0 ? ` (remove them with --write-baseline): ${fixed.join(', ')}` : ''}\n`);
      }
      if (report.problems.length > 0) session.fail(EXIT_USAGE);
      if (options.writeBaseline !== undefined) {
        // Every finding found now, new or known: the file is the baseline of this run.
        writeFileSync(options.writeBaseline, formatBaseline(whole));
        session.io.stderr.write(`graceful-k8s: wrote ${whole.findings.length} finding(s) to baseline ${options.writeBaseline}\n`);
        return;
      }
      const counts = countBySeverity(report.findings);
      if (options.failOn === 'error' && counts.error > 0) session.fail(EXIT_FINDINGS);
      if (options.failOn === 'warning' && counts.error + counts.warning > 0) session.fail(EXIT_FINDINGS);
    });
}
