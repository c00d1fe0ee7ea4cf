import { readFileSync } from 'node:fs';
import { apiReports, reportFileOf } from './api-report';
import { emittedDeclarationErrors } from './emitted-declarations';

// One TypeScript program over every entry point, shared by both describes: about 15 s on a busy 2-core machine.
jest.setTimeout(120_000);

describe('the public API is recorded in docs/api/*.api.md', () => {
  const reports = apiReports();

  test.each(Object.keys(reports))('the committed report of %s is current (npm run api-report rewrites it)', (entry) => {
    expect(readFileSync(reportFileOf(entry), 'utf8')).toBe(reports[entry]);
  });

  test.each(Object.keys(reports))('every exported name and public member of %s has a doc comment', (entry) => {
    const undocumented = reports[entry].split('\n').filter((line) => line.includes('(undocumented)'));
    expect(undocumented).toEqual([]);
  });
});

describe('the published declarations', () => {
  test("every entry point's .d.ts type-checks with the @internal declarations stripped: no public type needs an internal one", () => {
    expect(emittedDeclarationErrors()).toEqual([]);
  });
});
