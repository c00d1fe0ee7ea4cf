/**
 * The "real output" blocks of README.md and docs/*.md: each is a fenced block right after a directive comment
 * `<!-- output: GENERATOR ARGS [| OPTION] ... -->` that says how to produce it (options are separated by ` | `). `npm run readme`
 * rewrites every block from its directive; test/readme/readme.test.ts fails when one differs.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The pages whose output blocks are generated, relative to `root`: README.md, then docs/*.md in name order. */
export function pagesWithOutputs(root: string): string[] {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  return ['README.md', ...docs];
}

/** One directive and the fenced block after it. */
export interface OutputBlock {
  /** The generator's name, e.g. `cli` or `explain`. */
  readonly generator: string;
  /** What follows the name, up to the options. */
  readonly args: string;
  /** Options after `|`: `prompt`, `from=REGEX`, `until=REGEX`, `head=N`, `cwd=DIR`. */
  readonly options: Readonly<Record<string, string>>;
  /** The block's body as the page has it (no fences). */
  readonly body: string;
  /** The directive line, 1-based, for messages. */
  readonly line: number;
  /** Character offsets of the body in the page. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
}

const DIRECTIVE = /^<!-- output: (\S+)(.*?) -->\n(`{3,})[^\n]*\n/gm;

/** Every output block of a page's text, in order; `page` names it in errors. */
export function outputBlocks(readme: string, page = 'README.md'): OutputBlock[] {
  const blocks: OutputBlock[] = [];
  for (const match of readme.matchAll(DIRECTIVE)) {
    const [whole, generator, rest, fence] = match;
    const bodyStart = match.index + whole.length;
    const close = readme.indexOf(`\n${fence}\n`, bodyStart - 1);
    if (close < 0) throw new Error(`${page}:${lineOf(readme, match.index)}: the block after the directive is not closed`);
    const [args, ...optionParts] = rest.split(' | ');
    const options: Record<string, string> = {};
    for (const part of optionParts.map((p) => p.trim())) {
      const eq = part.indexOf('=');
      options[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? 'true' : part.slice(eq + 1);
    }
    blocks.push({
      generator,
      args: args.trim(),
      options,
      body: readme.slice(bodyStart, close + 1),
      line: lineOf(readme, match.index),
      bodyStart,
      bodyEnd: close + 1,
    });
  }
  return blocks;
}

/** The page with each block's body replaced by `bodies[i]`. */
export function withBodies(readme: string, blocks: readonly OutputBlock[], bodies: readonly string[]): string {
  let out = '';
  let at = 0;
  blocks.forEach((block, i) => {
    out += readme.slice(at, block.bodyStart) + bodies[i];
    at = block.bodyEnd;
  });
  return out + readme.slice(at);
}

/** Applies the slicing options (`from`, `until`, `head`) to a generator's output; the body ends with a newline. */
export function sliceOutput(text: string, options: Readonly<Record<string, string>>): string {
  let lines = text.replace(/\n+$/, '').split('\n');
  if (options.from !== undefined) {
    const from = lines.findIndex((l) => new RegExp(options.from).test(l));
    if (from < 0) throw new Error(`no line matches from=${options.from}`);
    lines = lines.slice(from);
  }
  if (options.until !== undefined) {
    const until = lines.findIndex((l) => new RegExp(options.until).test(l));
    if (until < 0) throw new Error(`no line matches until=${options.until}`);
    lines = lines.slice(0, until);
  }
  if (options.head !== undefined) lines = lines.slice(0, Number(options.head));
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}
