import { join } from 'node:path';
import { ALL_RULES } from '../../src/audit';
import { renderAuditRulesDoc } from '../../src/audit/rule-docs';

/** docs/audit-rules.md, relative to the repository root. */
export const AUDIT_RULES_DOC = join(__dirname, '..', '..', 'docs', 'audit-rules.md');

/** What docs/audit-rules.md must hold: the page rendered from every rule's metadata. */
export function expectedAuditRulesDoc(): string {
  return renderAuditRulesDoc(ALL_RULES);
}
