import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditManifests } from '../../src/audit/audit';

const CORPUS = join(__dirname, '..', 'fixtures', 'audit', 'corpus');

describe('a file\'s bytes are audited one document at a time, exactly as its text', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml') && !f.endsWith('.expected.yaml'));

  test.each(files)('%s: the same findings, workloads, lines and problems from bytes as from the string', (name) => {
    const bytes = readFileSync(join(CORPUS, name));
    const fromText = auditManifests([{ file: name, text: bytes.toString('utf8') }]);
    const fromBytes = auditManifests([{ file: name, text: bytes }]);
    expect(JSON.parse(JSON.stringify(fromBytes))).toEqual(JSON.parse(JSON.stringify(fromText)));
  });

  test('multi-byte characters, a BOM, CRLF and a document start on the first line keep their lines', () => {
    const text = '\uFEFF---\r\n# dépôt: café\r\napiVersion: v1\r\nkind: Service\r\nmetadata: {name: café}\r\n---\nkind: [broken\n---   # comment\nkind: Service\nmetadata: {name: b}\n';
    const fromText = auditManifests([{ file: 'a.yaml', text }]);
    const fromBytes = auditManifests([{ file: 'a.yaml', text: Buffer.from(text, 'utf8') }]);
    expect(JSON.parse(JSON.stringify(fromBytes))).toEqual(JSON.parse(JSON.stringify(fromText)));
    expect(fromBytes.problems).toHaveLength(1);
  });
});
