/**
 * `npm run readme`: rewrites every output block of README.md from its directive (readme-blocks.ts), so
 * the README shows what the code prints today. `npm test` fails while one differs (readme.test.ts).
 * `npm run readme -- --rehearse` also reruns the `rehearse` blocks (real processes, about 30 s).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, ROOT } from './generators';
import { outputBlocks, withBodies } from './readme-blocks';
import { corpusTable, loadCorpus, readmeWithTable } from '../audit/corpus-score';

async function main(): Promise<void> {
  const file = join(ROOT, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const blocks = outputBlocks(readme);
  const bodies: string[] = [];
  const rehearse = process.argv.includes('--rehearse');
  for (const block of blocks) bodies.push(await generate(block, { rehearse }));
  // The audit-corpus block (precision and recall on the tuned and held-out corpora) is generated too.
  const updated = readmeWithTable(withBodies(readme, blocks, bodies), corpusTable(loadCorpus()));
  const changed = blocks.filter((block, i) => block.body !== bodies[i]).map((block) => `README.md:${block.line} (${block.generator} ${block.args})`);
  writeFileSync(file, updated);
  console.log(`${blocks.length} output blocks; ${changed.length} rewritten${changed.length > 0 ? `:\n  ${changed.join('\n  ')}` : ''}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
