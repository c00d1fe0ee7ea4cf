import { readFileSync } from 'node:fs';
import { apiReports, reportFileOf } from './api-report';

// One TypeScript program over the four entry points: about 15 s on a busy 2-core machine.
jest.setTimeout(120_000);

describe('the public API is recorded in docs/api/*.api.md', () => {
  const reports = apiReports();

  test.each(Object.keys(reports))('the committed report of %s is current (npm run api-report rewrites it)', (entry) => {
    expect(readFileSync(reportFileOf(entry), 'utf8')).toBe(reports[entry]);
  });
});
