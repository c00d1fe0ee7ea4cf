import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { fixManifests } from '../fix/fix-manifests';
import { FIX_ANNOTATION_PREFIX, FixSettingsError, parseFixConfig, type FixConfig } from '../fix/settings';
import { sessionOf } from '../io';
import { ERROR_PREFIX, EXIT_USAGE, reportUsageError } from './report-config-error';

interface FixOptions {
  readonly config?: string;
  readonly inPlace?: boolean;
}

/**
 * `graceful-k8s fix [FILE...]`: writes the shutdown plan into the Deployments and StatefulSets of YAML manifests that
 * carry `graceful-k8s.io/` annotations or a `--config` entry, keeping every byte it does not change. Reads stdin when
 * no file (or `-`) is given and writes the result to stdout, so it runs in a pipe and as a Helm post-renderer
 * (`helm install --post-renderer graceful-k8s --post-renderer-args fix`); `--in-place` rewrites the files. Exit 0 when
 * written, 2 when an input is unusable or a workload cannot be planned without making it worse (nothing is written then).
 */
export function fixCommand(): Command {
  return new Command('fix')
    .summary('write the shutdown plan into manifests (a pipe, a Helm post-renderer, or --in-place)')
    .description(
      'Writes the planned preStop, terminationGracePeriodSeconds, env, rollout strategy and a PodDisruptionBudget into every Deployment and ' +
        `StatefulSet that carries ${FIX_ANNOTATION_PREFIX}<setting> annotations (on the workload or its pod template: app-shutdown, drain-delay, ` +
        'traffic, framework, ... as the plan flags) or an entry in --config, keeping comments, key order and everything else byte for byte. ' +
        'Never lowers a grace period or replaces a preStop of your own: such a workload is refused with the field, the value and the fix. ' +
        'Reads stdin when no file is given and writes stdout: a Helm post-renderer (helm install --post-renderer graceful-k8s ' +
        '--post-renderer-args fix). Exit 0 when written, 2 when an input is unusable or a workload is refused (then nothing is written).',
    )
    .argument('[files...]', 'YAML files (multi-document); none or - for stdin')
    .option('--config <file>', 'YAML settings: defaults: { drain-delay: 10s, ... } and workloads: [{ kind, namespace, name, app-shutdown: 30s, ... }]')
    .option('-i, --in-place', 'rewrite the files instead of printing (only the files that change are written)')
    .action(async (files: string[], options: FixOptions, command: Command) => {
      const session = sessionOf(command);
      const paths = files.length === 0 ? ['-'] : files;
      if (options.inPlace && paths.includes('-')) {
        reportUsageError(session, '--in-place rewrites files, but the input is stdin; give the files to rewrite, or drop --in-place to print the result');
        return;
      }
      let config: FixConfig | undefined;
      if (options.config !== undefined) {
        try {
          config = parseFixConfig(session.readFile(options.config), options.config);
        } catch (error) {
          if (error instanceof FixSettingsError) reportUsageError(session, error.message);
          else reportUsageError(session, `--config ${options.config}: cannot read: ${(error as Error).message}`);
          return;
        }
      }
      const results: Array<{ path: string; before: string; after: string }> = [];
      let refused = false;
      for (const path of paths) {
        let text: string;
        try {
          text = path === '-' ? await session.io.readStdin() : session.readFile(path);
        } catch (error) {
          reportUsageError(session, `${path}: cannot read: ${(error as Error).message}`);
          refused = true;
          continue;
        }
        const result = fixManifests(text, path, config);
        for (const note of result.notes) session.io.stderr.write(`${ERROR_PREFIX}${note}\n`);
        for (const refusal of result.refusals) session.io.stderr.write(`${ERROR_PREFIX}error: ${refusal}\n`);
        if (result.refusals.length > 0) refused = true;
        results.push({ path, before: text, after: result.text });
      }
      if (refused) {
        // All or nothing: a Helm install or a pipe must not go on with a half-fixed set of manifests.
        session.io.stderr.write(`${ERROR_PREFIX}nothing written\n`);
        session.fail(EXIT_USAGE);
        return;
      }
      if (options.inPlace) {
        for (const r of results) if (r.after !== r.before) writeFileSync(r.path, r.after);
        return;
      }
      session.io.stdout.write(joinDocuments(results.map((r) => r.after)));
    });
}

/** Several inputs as one stream of YAML documents: a separator where the next input does not start with one. */
function joinDocuments(texts: readonly string[]): string {
  let out = '';
  for (const text of texts) {
    if (out !== '') {
      if (!out.endsWith('\n')) out += '\n';
      if (!/^---(\s|$)/.test(text)) out += '---\n';
    }
    out += text;
  }
  return out;
}
