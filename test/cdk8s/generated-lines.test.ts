import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CDK8S_LINE_ENTRIES, cdk8sLineFiles } from '../../projenrc/cdk8s-lines';

const ROOT = join(__dirname, '..', '..');

describe('the per-line entry files are generated from one template', () => {
  const files = [...cdk8sLineFiles()];

  test.each(files.map(([path, content]) => [path, content]))('%s is current (run `npx projen` after editing projenrc/cdk8s-lines.ts)', (path, content) => {
    expect(readFileSync(join(ROOT, path), 'utf8')).toBe(content);
  });

  test('every line gets the same five files, and the line files differ only in the line module and the props style', () => {
    expect(files).toHaveLength(CDK8S_LINE_ENTRIES.length * 5);
    const normalized = (folder: string, pkg: string) =>
      files.filter(([p]) => p.startsWith(`src/${folder}/`)).map(([p, c]) => [p.slice(folder.length + 5), c.split(pkg).join('LINE')]);
    expect(normalized('cdk8s-plus-32', 'cdk8s-plus-32')).toEqual(normalized('cdk8s-plus-34', 'cdk8s-plus-34'));
    expect(normalized('cdk8s-plus-33', 'cdk8s-plus-33')).toEqual(normalized('cdk8s-plus-34', 'cdk8s-plus-34'));
  });

  test('the cdk8s-plus-34 classes are real subclasses of that line (what jsii needs): no mixin, no class expression', () => {
    const deployment = cdk8sLineFiles().get('src/cdk8s-plus-34/graceful-deployment.ts')!;
    const statefulSet = cdk8sLineFiles().get('src/cdk8s-plus-34/graceful-stateful-set.ts')!;
    expect(deployment).toContain('import * as kplus from \'cdk8s-plus-34\';');
    expect(deployment).toContain('export class GracefulDeployment extends kplus.Deployment {');
    expect(deployment).toContain('export interface GracefulDeploymentProps extends kplus.DeploymentProps {');
    expect(statefulSet).toContain('export class GracefulStatefulSet extends kplus.StatefulSet {');
    expect(statefulSet).toContain('export interface GracefulStatefulSetProps extends kplus.StatefulSetProps {');
    for (const text of [deployment, statefulSet]) expect(text).not.toMatch(/Omit<|Pick<|'auto' \| 'none'|shutdown: ShutdownSpec/);
  });
});
