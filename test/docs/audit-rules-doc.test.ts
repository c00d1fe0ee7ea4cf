import { readFileSync } from 'node:fs';
import { AUDIT_RULES_DOC, expectedAuditRulesDoc } from './audit-rules-doc';
import { ALL_RULES } from '../../src/audit';
import { ruleHelpUri } from '../../src/audit/rule-docs';

describe('docs/audit-rules.md', () => {
  test('is the page generated from the rules\' metadata (run `npm run docs:rules` after changing a rule)', () => {
    expect(readFileSync(AUDIT_RULES_DOC, 'utf8')).toBe(expectedAuditRulesDoc());
  });

  test('has one section per rule, whose heading is the rule id that its helpUri anchor names', () => {
    const headings = readFileSync(AUDIT_RULES_DOC, 'utf8').split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual(ALL_RULES.map((r) => r.id));
    for (const rule of ALL_RULES) expect(ruleHelpUri(rule.id).endsWith(`docs/audit-rules.md#${rule.id}`)).toBe(true);
  });
});
