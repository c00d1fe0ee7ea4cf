/**
 * The generators behind the output blocks of README.md and docs/*.md (see readme-blocks.ts). Each runs the real code: the
 * CLI in-process, the planner, a cdk8s synthesis, a Pulumi program under mocks.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Testing } from 'cdk8s';
import { stringify } from 'yaml';
import { pulumiBlock } from './pulumi-blocks';
import { sliceOutput, type OutputBlock } from './readme-blocks';
import { rehearseBlock } from './rehearse-blocks';
import { Cdk8sPlus34ChatChart } from '../../examples/cdk8s-plus-34-chat';
import { DistrolessGoApiChart } from '../../examples/distroless-go-api';
import { run } from '../../src/cli';
import { planShutdown, type ShutdownSpec } from '../../src/core';

/** The repository root. */
export const ROOT = resolve(__dirname, '..', '..');

/** The body a block's directive produces. */
export async function generate(block: OutputBlock, options: { readonly rehearse?: boolean } = {}): Promise<string> {
  switch (block.generator) {
    case 'cli':
      return sliceOutput(await cliOutput(block), block.options);
    case 'explain':
      return sliceOutput(planShutdown(JSON.parse(block.args) as ShutdownSpec).explain(), block.options);
    case 'distroless-fragment':
      return sliceOutput(distrolessFragment(), block.options);
    case 'chat-statefulset-fragment':
      return sliceOutput(chatStatefulSetFragment(), block.options);
    case 'pulumi':
      return sliceOutput(await pulumiBlock(block.args), block.options);
    case 'file':
      // A project file quoted in a page (the quickstarts, the examples): the file the tests compile, install and run.
      return sliceOutput(readFileSync(resolve(ROOT, block.args), 'utf8'), block.options);
    case 'rehearse':
      // Timing-dependent: rerun only on request (`npm run readme -- --rehearse`), never compared.
      return options.rehearse ? sliceOutput(await rehearseBlock(block.args, ROOT), block.options) : block.body;
    default:
      throw new Error(`line ${block.line}: unknown output generator '${block.generator}'`);
  }
}

/** `graceful-k8s ARGS` in-process, with no terminal (no colors); `prompt` prefixes the command line. */
async function cliOutput(block: OutputBlock): Promise<string> {
  const argv = block.args.split(/\s+/);
  let stdout = '';
  let stderr = '';
  const cwd = resolve(ROOT, block.options.cwd ?? '.');
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    await run(argv, {
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text), isTTY: false },
      env: {},
      readStdin: async () => '',
      readFile: (path: string) => readFileSync(resolve(cwd, path), 'utf8'),
    });
  } finally {
    process.chdir(previous);
  }
  const output = block.options.stderr === 'true' ? stdout + stderr : stdout;
  return block.options.prompt === 'true' ? `$ graceful-k8s ${block.args}\n${output}` : output;
}

/** The lines of examples/distroless-go-api's pod spec the plan adds, as in dist/distroless-go-api.k8s.yaml. */
function distrolessFragment(): string {
  const manifests = Testing.synth(new DistrolessGoApiChart(Testing.app(), 'distroless-go-api'));
  const pod = manifests.find((m) => m.kind === 'Deployment').spec.template.spec;
  const fragment = {
    containers: pod.containers.map((c: any) => ({ lifecycle: c.lifecycle, volumeMounts: c.volumeMounts })),
    initContainers: pod.initContainers,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    volumes: pod.volumes,
  };
  // Keys sorted, as cdk8s writes dist/*.k8s.yaml.
  return stringify(fragment, { sortMapEntries: true }).replace(/\n$/, '').split('\n').map((l) => `      ${l}`).join('\n');
}

/** What the plan sets on examples/cdk8s-plus-34-chat's StatefulSet (`spec`; env: the entries with a value), as in its YAML. */
function chatStatefulSetFragment(): string {
  const manifests = Testing.synth(new Cdk8sPlus34ChatChart(Testing.app(), 'chat'));
  const spec = manifests.find((m) => m.kind === 'StatefulSet').spec;
  const pod = spec.template.spec;
  const fragment = {
    spec: {
      minReadySeconds: spec.minReadySeconds,
      updateStrategy: spec.updateStrategy,
      template: {
        spec: {
          containers: pod.containers.map((c: any) => ({
            name: c.name,
            env: c.env.filter((e: any) => e.value !== undefined),
            lifecycle: c.lifecycle,
          })),
          terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
        },
      },
    },
  };
  // Keys sorted, as cdk8s writes dist/*.k8s.yaml.
  return stringify(fragment, { sortMapEntries: true }).replace(/\n$/, '');
}
