// `npm run docs:rules`: writes docs/audit-rules.md from the rules' metadata.
import { writeFileSync } from 'node:fs';
import { AUDIT_RULES_DOC, expectedAuditRulesDoc } from './audit-rules-doc';

writeFileSync(AUDIT_RULES_DOC, expectedAuditRulesDoc());
process.stdout.write(`wrote ${AUDIT_RULES_DOC}\n`);
