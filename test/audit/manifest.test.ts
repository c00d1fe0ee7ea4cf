import { auditManifests } from '../../src/audit/audit';
import { parseManifest } from '../../src/audit/manifest';

const DEPLOYMENT = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`;

describe('parseManifest', () => {
  test('empty documents, comment-only documents and a trailing --- are skipped without a problem', () => {
    const parsed = parseManifest({ file: 'a.yaml', text: `---\n# only a comment\n---\n\n---\n${DEPLOYMENT}---\n` });
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map((o) => o.object.kind)).toEqual(['Deployment']);
  });

  test('lineOf gives the line of the key of a field, and of the nearest present ancestor for a missing one', () => {
    const [object] = parseManifest({ file: 'a.yaml', text: DEPLOYMENT }).objects;
    expect(object.source.line).toBe(2);
    expect(object.lineOf(['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop'])).toBe(13);
    expect(object.lineOf(['spec', 'template', 'spec', 'containers', 0])).toBe(10);
    expect(object.lineOf(['spec', 'template', 'spec', 'containers', 0, 'readinessProbe'])).toBe(10);
    expect(object.lineOf(['spec', 'template', 'spec', 'terminationGracePeriodSeconds'])).toBe(8);
  });

  test('lines inside a second document count from the start of the file', () => {
    const [, second] = parseManifest({ file: 'a.yaml', text: `${DEPLOYMENT}---\n${DEPLOYMENT}` }).objects;
    expect(second.source.line).toBe(18);
    expect(second.lineOf(['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop'])).toBe(29);
  });

  test('a scalar document is a problem with its line; the objects around it are still read', () => {
    const parsed = parseManifest({ file: 'a.yaml', text: `${DEPLOYMENT}---\njust a string\n---\n${DEPLOYMENT}` });
    expect(parsed.problems).toEqual([{ file: 'a.yaml', line: 17, message: 'not a Kubernetes object (no kind): skipped' }]);
    expect(parsed.objects).toHaveLength(2);
  });

  test('a DeploymentList (kubectl get -o yaml) contributes its items with their lines', () => {
    const list = `apiVersion: apps/v1\nkind: DeploymentList\nitems:\n${DEPLOYMENT.split('\n').slice(1).filter((l) => l !== '').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')}\n`;
    const parsed = parseManifest({ file: 'l.yaml', text: list });
    expect(parsed.objects.map((o) => o.object.kind)).toEqual(['Deployment']);
    expect(parsed.objects[0].source.line).toBe(4);
  });
});

test('a workload without a containers list is an input problem, not a crash', () => {
  const report = auditManifests([{ file: 'x.yaml', text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {}\n' }]);
  expect(report.workloads).toEqual([]);
  expect(report.problems).toEqual([{ file: 'x.yaml', line: 1, message: 'Deployment has no spec.template.spec.containers list: skipped' }]);
});

test('Services, PDBs and autoscalers in one file apply to workloads in another', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n';
  const workload = DEPLOYMENT.replace('  template:\n', '  template:\n    metadata:\n      labels: {app: web}\n').replace('          image: app:1\n', '          image: app:1\n          ports: [{containerPort: 80}]\n          lifecycle: {}\n');
  const routed = auditManifests([{ file: 'svc.yaml', text: service }, { file: 'deploy.yaml', text: workload.replace(/          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n/, '') }]);
  expect(routed.findings.filter((f) => f.ruleId === 'no-prestop-drain').map((f) => `${f.severity} ${f.location.file}`)).toEqual(['error deploy.yaml']);
});

describe('documents of kinds the audit does not read', () => {
  const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\nspec: {broken: [}\n';

  test('are listed by kind and name without being parsed, and lines after them still count from the start of the file', () => {
    const parsed = parseManifest({ file: 'a.yaml', text: `${crd}---\n${DEPLOYMENT}` }, { keep: (kind) => kind === 'Deployment' });
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map((o) => [o.object.kind, (o.object.metadata as { name?: string }).name, o.source.line])).toEqual([
      ['CustomResourceDefinition', 'things.example.com', 1],
      ['Deployment', 'web', 8],
    ]);
    expect(parsed.objects[1].lineOf(['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop'])).toBe(19);
  });

  test('CRLF line ends and a flow-style document on the --- line keep their lines', () => {
    const text = `--- {kind: Service, metadata: {name: s}}\n---\n${DEPLOYMENT}`.replace(/\n/g, '\r\n');
    const parsed = parseManifest({ file: 'a.yaml', text });
    expect(parsed.problems).toEqual([]);
    expect(parsed.objects.map((o) => [o.object.kind, o.source.line])).toEqual([['Service', 1], ['Deployment', 4]]);
    expect(parsed.objects[1].lineOf(['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop'])).toBe(15);
  });
});
