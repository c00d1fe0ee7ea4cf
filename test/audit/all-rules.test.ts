import { readdirSync } from 'node:fs';
import { ALL_RULES } from '../../src/audit/all-rules';

test('every rule has a unique kebab-case id, a title, a description and lives in its own file under src/audit/rules', () => {
  const ids = ALL_RULES.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of ALL_RULES) {
    expect(rule.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    expect(rule.title.length).toBeGreaterThan(10);
    expect(rule.description.length).toBeGreaterThan(rule.title.length);
  }
  const files = readdirSync('src/audit/rules').filter((f) => f !== 'index.ts').map((f) => f.replace(/\.ts$/, ''));
  expect(files.sort()).toEqual([...ids].sort());
});

test('the rules the issue asks for are all there', () => {
  expect(ALL_RULES.map((r) => r.id)).toEqual(
    expect.arrayContaining([
      'grace-period-too-short',
      'no-prestop-drain',
      'distroless-exec-prestop',
      'prestop-exceeds-grace',
      'max-unavailable-few-replicas',
      'liveness-equals-readiness',
      'no-readiness-probe',
      'shell-form-command',
      'quit-signal-server',
      'single-replica-no-pdb',
    ]),
  );
});
