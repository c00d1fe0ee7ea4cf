/**
 * `npm run readme`: rewrites every output block of README.md and docs/*.md from its directive (readme-blocks.ts),
 * so the pages show what the code prints today. `npm test` fails while one differs (readme.test.ts).
 * `npm run readme -- --rehearse` also reruns the `rehearse` blocks (real processes, about 30 s).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, ROOT } from './generators';
import { outputBlocks, pagesWithOutputs, withBodies } from './readme-blocks';
import { CORPUS_TABLE_PAGE, corpusTable, loadCorpus, readmeWithTable } from '../audit/corpus-score';

async function main(): Promise<void> {
  const rehearse = process.argv.includes('--rehearse');
  let count = 0;
  const changed: string[] = [];
  for (const page of pagesWithOutputs(ROOT)) {
    const file = join(ROOT, page);
    const text = readFileSync(file, 'utf8');
    const blocks = outputBlocks(text, page);
    const bodies: string[] = [];
    for (const block of blocks) bodies.push(await generate(block, { rehearse }));
    let updated = withBodies(text, blocks, bodies);
    // The audit-corpus block (precision and recall on the tuned and held-out corpora) is generated too.
    if (page === CORPUS_TABLE_PAGE) updated = readmeWithTable(updated, corpusTable(loadCorpus()));
    count += blocks.length;
    changed.push(...blocks.filter((block, i) => block.body !== bodies[i]).map((block) => `${page}:${block.line} (${block.generator} ${block.args})`));
    if (updated !== text) writeFileSync(file, updated);
  }
  console.log(`${count} output blocks; ${changed.length} rewritten${changed.length > 0 ? `:\n  ${changed.join('\n  ')}` : ''}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
