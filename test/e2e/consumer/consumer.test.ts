/**
 * What a user does with the package, end to end: `npm pack` from a fresh clone, then the two example
 * projects (examples/cdk8s-app, examples/pulumi) installed from that tarball with their peers and the
 * newest TypeScript each accepts from the registry, and the commands their READMEs give; and an install
 * from git, which npm leaves without lib/ (why the README offers only the tarball).
 * Needs: the npm registry (several hundred MB of installs on a cold cache; about 4 minutes on a warm
 * one, 2 of them the git install, which installs every devDependency in the clone). Starts: npm, tsc, cdk8s synth, node's test runner. No cluster and no Pulumi CLI.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { gitRepositoryOfTree, installedVersion, installExampleProject, packFreshClone, ROOT, run, runOk } from './consumer-project';
import { planShutdown } from '../../../src/core';

let work: string;
let tarball: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'graceful-k8s-consumer-'));
  tarball = packFreshClone(work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack from a fresh clone', () => {
  test('the tarball is version 0.1.0 and holds lib/ for every entry point and the CLI, and no bench/, .ci/, tests or sources', () => {
    const files = runOk('tar', ['tzf', tarball], work).stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(tarball).toMatch(/graceful-k8s-0\.1\.0\.tgz$/);
    const entries = ['lib/index.js', 'lib/index.d.ts', 'lib/cdk8s-plus-27/index.js', 'lib/pulumi/index.js', 'lib/cli/main.js'];
    const lines = ['cdk8s-plus-32', 'cdk8s-plus-33', 'cdk8s-plus-34'].flatMap((line) => [`lib/${line}/index.js`, `lib/${line}/index.d.ts`]);
    for (const file of [...entries, ...lines, 'lib/cdk8s-common/index.js', 'README.md', 'CHANGELOG.md', 'LICENSE']) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(bench|\.ci|test|src|projenrc)\//.test(f) || f.endsWith('.tsbuildinfo'))).toEqual([]);
  });
});

describe('a cdk8s project: cdk8s.yaml + cdk8s synth (examples/cdk8s-app)', () => {
  let dir: string;
  beforeAll(() => {
    dir = installExampleProject('cdk8s-app', work, tarball);
  });

  test('it installs TypeScript 7, and tsc type-checks the program against the packed types', () => {
    expect(installedVersion(dir, 'typescript')).toMatch(/^7\./);
    runOk('npx', ['tsc', '--noEmit', '-p', '.'], dir);
  });

  test('cdk8s synth writes the planned Deployment, a LoadBalancer Service with the NLB drain annotations, and a PodDisruptionBudget', () => {
    runOk('npx', ['cdk8s', 'synth'], dir);
    const objects = parseAllDocuments(readFileSync(join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).map((d) => d.toJS());
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
    // The planner of this checkout decides the numbers; the installed package must render the same.
    const plan = planShutdown({ appShutdownTimeout: '30s', traffic: ['aws-nlb'] });
    const deployment = objects.find((o) => o.kind === 'Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(plan.terminationGracePeriodSeconds);
    expect(pod.terminationGracePeriodSeconds).toBe(plan.drainDelaySeconds + 30 + plan.safetyMarginSeconds);
    expect(pod.containers[0].lifecycle.preStop).toEqual({ sleep: { seconds: plan.drainDelaySeconds } });
    const service = objects.find((o) => o.kind === 'Service');
    expect(service.spec.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual(plan.serviceAnnotations);
    expect(service.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes'])
      .toContain(`deregistration_delay.timeout_seconds=${plan.terminationGracePeriodSeconds},`);
    expect(objects.find((o) => o.kind === 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('the app command cdk8s init writes, npx ts-node main.ts, fails with TypeScript 7 (why cdk8s.yaml runs tsx)', () => {
    const tsNode = run('npx', ['--yes', 'ts-node@10', 'main.ts'], dir);
    expect(tsNode.status).not.toBe(0);
    // ts-node reads ts.sys from the typescript package; TypeScript 7's package exports only its version.
    expect(tsNode.stderr).toContain("Cannot read properties of undefined (reading 'fileExists')");
  });

  test('the CLI runs from the installed package: npx graceful-k8s plan', () => {
    const plan = runOk('npx', ['graceful-k8s', 'plan', '--app-shutdown', '30s', '--traffic', 'aws-nlb', '-o', 'json'], dir);
    expect(JSON.parse(plan.stdout).plan.terminationGracePeriodSeconds).toBe(planShutdown({ appShutdownTimeout: '30s', traffic: ['aws-nlb'] }).terminationGracePeriodSeconds);
  });
});

describe('a Pulumi TypeScript project (examples/pulumi)', () => {
  let dir: string;
  beforeAll(() => {
    dir = installExampleProject('pulumi', work, tarball);
  });

  test('npm test, the project\'s own command, type-checks it and passes its mocks test', () => {
    const result = runOk('npm', ['test'], dir);
    expect(result.stdout).toMatch(/^# pass 3$/m);
    expect(result.stdout).toMatch(/^# fail 0$/m);
  });

  test('it gets the newest TypeScript @pulumi/pulumi accepts (below 7), and TypeScript 7 type-checks the program too', () => {
    expect(Number(installedVersion(dir, 'typescript').split('.')[0])).toBeLessThan(7);
    runOk('npx', ['--yes', '-p', 'typescript@7', 'tsc', '--noEmit', '-p', '.'], dir);
  });
});

describe('npm install from git (why the README offers the packed tarball instead)', () => {
  test('npm installs a git dependency without running prepack, so the package has no lib/ and does not load', () => {
    // npm packs a git dependency running only its `prepare` script (pacote lib/dir.js, #prepareDir); lib/ is built
    // in `prepack`. Should this test fail because lib/ is there, installing from git works and the README may offer it.
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.prepare).toBeUndefined();
    const repository = gitRepositoryOfTree(work);
    const project = join(work, 'git-consumer');
    mkdirSync(project);
    runOk('npm', ['init', '-y'], project);
    runOk('npm', ['install', '--no-audit', '--no-fund', `git+file://${repository}`], project);
    const installed = join(project, 'node_modules', 'graceful-k8s');
    expect(existsSync(join(installed, 'package.json'))).toBe(true);
    expect(existsSync(join(installed, 'lib'))).toBe(false);
    const load = run('node', ['-e', "require('graceful-k8s')"], project);
    expect(load.status).not.toBe(0);
    expect(load.stderr).toContain('Cannot find module');
  });
});
