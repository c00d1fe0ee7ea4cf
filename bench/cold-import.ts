import { runNode } from './child-process';

/** The module specifiers whose cold import is measured, in print order. */
export const IMPORTS: readonly string[] = ['graceful-k8s', 'graceful-k8s/cdk8s-plus-27', 'cdk8s-plus-27', 'graceful-k8s/pulumi', '@pulumi/kubernetes'];

/** The packages of the two frameworks: `graceful-k8s` itself must load none of them. */
export const FRAMEWORK_PACKAGES: readonly string[] = ['cdk8s', 'cdk8s-plus-27', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes'];

/** One cold import, in a fresh process. */
export interface ImportSample {
  readonly specifier: string;
  /** Wall time of the `require` call, milliseconds. */
  readonly ms: number;
  /** Modules in `require.cache` afterwards (Node's built-ins are not counted). */
  readonly modules: number;
  /** Distinct packages those modules belong to; this repository counts as `graceful-k8s`. */
  readonly packages: readonly string[];
}

/**
 * Requires `specifier` in a fresh plain `node` (no ts-node) started at the repository root, so
 * `graceful-k8s` resolves by package self-reference through `exports` to lib/, as after install.
 */
export function coldImport(specifier: string): ImportSample {
  const script = [
    'const { performance } = require("node:perf_hooks");',
    'const start = performance.now();',
    `require(${JSON.stringify(specifier)});`,
    'const ms = performance.now() - start;',
    'process.stdout.write(JSON.stringify({ ms, files: Object.keys(require.cache) }));',
  ].join('\n');
  const { ms, files } = JSON.parse(runNode(['-e', script])) as { ms: number; files: string[] };
  return { specifier, ms, modules: files.length, packages: packagesOf(files) };
}

/** The package of each file: the last `node_modules/<name>` in its path, else this repository. */
export function packagesOf(files: readonly string[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    const matches = [...file.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)];
    names.add(matches.length > 0 ? matches[matches.length - 1][1] : 'graceful-k8s');
  }
  return [...names].sort();
}
