import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FIXTURES, runCli } from '../run-cli';

/** The JUnit XML as data, every testsuite and testcase as a list (a real XML parser, not string matching). */
function parseJunit(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true, // decode numeric character references (&#10;) as XML requires
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });
  const data = parser.parse(xml);
  const suites: any[] = data.testsuites.testsuite ?? [];
  const cases: any[] = suites.flatMap((s) => s.testcase ?? []);
  return { root: data.testsuites, suites, cases };
}

const PHP_FPM = `${FIXTURES}/php-fpm-502.yaml`;

describe('audit -o junit', () => {
  test('one test case per workload and rule; those with findings at --fail-on or above fail, with the findings in the body', async () => {
    const json = JSON.parse((await runCli(['audit', '-o', 'json', PHP_FPM])).stdout);
    const { stdout, code } = await runCli(['audit', '-o', 'junit', PHP_FPM]);
    expect(code).toBe(1);
    const { root, suites, cases } = parseJunit(stdout);
    const rules = json.findings.map((f: any) => f.ruleId);
    expect(suites.map((s) => s.name)).toEqual([PHP_FPM]);
    expect(cases).toHaveLength(json.summary.workloads * 10);
    expect(Number(root.tests)).toBe(cases.length);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length); // GitLab keeps only the first of equal names

    const failing = cases.filter((c) => c.failure !== undefined);
    const expected = new Set(json.findings.filter((f: any) => f.severity === 'error').map((f: any) => `${f.workload.kind}/${f.workload.name}: ${f.ruleId}`));
    expect(new Set(failing.map((c) => c.name))).toEqual(expected);
    expect(Number(root.failures)).toBe(expected.size);
    expect(Number(suites[0].failures)).toBe(expected.size);
    const drain = failing.find((c) => c.name.endsWith('no-prestop-drain'));
    expect(drain.classname).toBe('Deployment/my-pod');
    expect(drain.file).toBe(PHP_FPM);
    expect(drain.failure.type).toBe('error');
    // Both containers' findings of the rule are in the one failure (GitLab reads one failure per test case).
    expect(drain.failure['#text']).toContain('container nginx');
    expect(drain.failure['#text']).toContain('container php-fpm');
    // A warning below --fail-on passes, listed in system-out.
    expect(rules).toContain('no-readiness-probe');
    const probe = cases.find((c) => c.name.endsWith('no-readiness-probe'));
    expect(probe.failure).toBeUndefined();
    expect(probe['system-out']).toContain('warning no-readiness-probe');
  });

  test('--fail-on warning makes warnings failures too; --fail-on never makes none', async () => {
    const json = JSON.parse((await runCli(['audit', '-o', 'json', PHP_FPM])).stdout);
    const atWarning = new Set(json.findings.filter((f: any) => f.severity !== 'info').map((f: any) => `${f.workload.kind}/${f.workload.name}: ${f.ruleId}`));
    const warning = parseJunit((await runCli(['audit', '-o', 'junit', '--fail-on', 'warning', PHP_FPM])).stdout);
    expect(new Set(warning.cases.filter((c) => c.failure !== undefined).map((c) => c.name))).toEqual(atWarning);
    const never = await runCli(['audit', '-o', 'junit', '--fail-on', 'never', PHP_FPM]);
    expect(never.code).toBe(0);
    expect(parseJunit(never.stdout).cases.filter((c) => c.failure !== undefined)).toEqual([]);
  });

  test('names, reasons and messages with markup, quotes, newlines and control characters survive escaping', async () => {
    const name = 'web<&>"\'x';
    const manifest = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${JSON.stringify(name)}`,
      '  annotations:',
      '    ignore-check.graceful-k8s.io/no-readiness-probe: "probe <later> & \\"soon\\"\\nline two \\u0001"',
      'spec:',
      '  replicas: 2',
      '  selector: { matchLabels: { app: web } }',
      '  template:',
      '    metadata: { labels: { app: web } }',
      '    spec:',
      '      containers:',
      '        - name: "app]]>"',
      '          image: "example/app:1"',
      '          ports: [{ containerPort: 8080 }]',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: { name: web }',
      'spec: { selector: { app: web }, ports: [{ port: 80, targetPort: 8080 }] }',
    ].join('\n');
    const { stdout } = await runCli(['audit', '-o', 'junit', '-'], { stdin: manifest });
    const { cases } = parseJunit(stdout);
    expect(cases.map((c) => c.classname)).toContain(`Deployment/${name}`);
    const skipped = cases.find((c) => c.name === `Deployment/${name}: no-readiness-probe`);
    // XML 1.0 cannot hold U+0001 at all: it is written as the text \u0001; everything else comes back as it was.
    expect(skipped.skipped.message).toBe('suppressed: probe <later> & "soon"\nline two \\u0001');
    const drain = cases.find((c) => c.name === `Deployment/${name}: no-prestop-drain`);
    expect(drain.failure['#text']).toContain("container 'app]]>'");
  });

  test('unusable input is a test case with an error, and the other files are still reported', async () => {
    const { stdout, code } = await runCli(['audit', '-o', 'junit', PHP_FPM, `${FIXTURES}/invalid.yaml`]);
    expect(code).toBe(2);
    const { root, suites, cases } = parseJunit(stdout);
    expect(suites.map((s) => s.name)).toEqual(expect.arrayContaining([PHP_FPM, `${FIXTURES}/invalid.yaml`]));
    const errors = cases.filter((c) => c.error !== undefined);
    expect(errors).toHaveLength(Number(root.errors));
    expect(errors[0].error.type).toBe('unusable-input');
    expect(errors[0].name).toContain(`${FIXTURES}/invalid.yaml:17`);
  });
});
