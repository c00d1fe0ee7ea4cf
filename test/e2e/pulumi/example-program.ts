/**
 * examples/pulumi/index.ts as an Automation API inline program, unchanged: its source is transpiled
 * once and evaluated afresh on every run (a `pulumi up` and a later `pulumi preview` each need the
 * program to register every resource again, which a cached `require` would not do). Its imports resolve
 * through this suite's `require`: `graceful-k8s/pulumi` to src/ (the jest module mapping), and the same
 * @pulumi/pulumi instance the Automation API runs the program with.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PulumiFn } from '@pulumi/pulumi/automation';
import * as ts from 'typescript';
import { skipAwaitEverywhere } from './skip-await';

/** The example's source file. */
export const EXAMPLE_FILE = resolve(__dirname, '../../../examples/pulumi/index.ts');

/** The namespace the example creates (examples/pulumi/index.ts, `shop`). */
export const EXAMPLE_NAMESPACE = 'shop';

/**
 * The example as an inline program; the provider's await is skipped on its objects
 * (./skip-await.ts: no nodes). Returns the example's exports as the stack's outputs.
 */
export function exampleProgram(): PulumiFn {
  const { outputText } = ts.transpileModule(readFileSync(EXAMPLE_FILE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
    fileName: EXAMPLE_FILE,
  });
  return async () => {
    skipAwaitEverywhere();
    const module = { exports: {} as Record<string, unknown> };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('exports', 'require', 'module', outputText)(module.exports, require, module);
    return module.exports;
  };
}
