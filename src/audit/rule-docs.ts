import type { AuditRule } from './finding';
import { SUPPRESS_ANNOTATION_PREFIX } from './suppression';
import { AUDITED_KINDS } from './workload';

/**
 * The page that documents every audit rule, one section per rule (docs/audit-rules.md, generated from the rules'
 * metadata by `npm run docs:rules`; test/docs/audit-rules-doc.test.ts checks it is current). SARIF `helpUri`s
 * point into it.
 * @internal
 */
export const AUDIT_RULES_DOC_URL = 'https://github.com/graceful-k8s/graceful-k8s/blob/main/docs/audit-rules.md';

/**
 * The anchor of a rule's section: the rule id itself. Each section's heading is the bare id, and GitHub's heading
 * anchors lowercase the text and keep letters, digits, `-` and `_` (rule ids are kebab-case, so the id is its own
 * anchor).
 * @internal
 */
export function ruleHelpUri(ruleId: string): string {
  return `${AUDIT_RULES_DOC_URL}#${ruleId}`;
}

const SEVERITY_WORDS: Record<AuditRule['defaultSeverity'], string> = {
  error: 'error (drops or cuts requests)',
  warning: 'warning (risks dropping requests)',
  info: 'info (advice)',
};

/**
 * The text of docs/audit-rules.md for `rules`: a generated page, never edited by hand.
 * @internal
 */
export function renderAuditRulesDoc(rules: readonly AuditRule[]): string {
  const lines = [
    '<!-- Generated from the rules in src/audit/rules by `npm run docs:rules`; do not edit by hand. -->',
    '# Audit rules',
    '',
    `\`graceful-k8s audit\` runs these rules on every ${AUDITED_KINDS.slice(0, -1).join(', ')} and ${AUDITED_KINDS[AUDITED_KINDS.length - 1]} it reads. Each section's`,
    'anchor is the rule id: SARIF output links each rule here (`helpUri`), and CI formats are in [ci-formats.md](ci-formats.md).',
    '',
    'To acknowledge a finding on purpose, annotate the workload with the rule id and a reason',
    `(\`${SUPPRESS_ANNOTATION_PREFIX}<rule>: "<reason>"\`), or pass \`--suppress <rule>[@Kind/name]=<reason>\`.`,
    '',
    '| rule | default severity | checks |',
    '|---|---|---|',
    ...rules.map((rule) => `| [${rule.id}](#${rule.id}) | ${rule.defaultSeverity} | ${rule.title} |`),
  ];
  for (const rule of rules) {
    lines.push(
      '',
      `## ${rule.id}`,
      '',
      `**${rule.title}**`,
      '',
      `Default severity: ${SEVERITY_WORDS[rule.defaultSeverity]}.`,
      '',
      rule.description,
      '',
      `Suppress: \`${SUPPRESS_ANNOTATION_PREFIX}${rule.id}: "<reason>"\` on the workload.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
