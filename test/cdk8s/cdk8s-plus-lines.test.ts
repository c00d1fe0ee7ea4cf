import { readFileSync } from 'node:fs';
import { Chart, Testing } from 'cdk8s';
import { defaultReplicas } from '../../src/core';
import { appContainerOf, TEST_LINES } from '../helpers/cdk8s-lines';

/* The facts in src/cdk8s-common/cdk8s-plus-lines.ts, checked against each installed line. */
describe.each(TEST_LINES)('$name', (line) => {
  test('its plain Deployment and StatefulSet render the default grace period and replicas the facts say', () => {
    const chart = new Chart(Testing.app(), 'facts');
    new line.kplus.Deployment(chart, 'deployment', { containers: [appContainerOf(line.kplus)] });
    new line.kplus.StatefulSet(chart, 'stateful-set', { containers: [appContainerOf(line.kplus)] });
    const manifests = Testing.synth(chart);
    const deployment = manifests.find((m) => m.kind === 'Deployment');
    const statefulSet = manifests.find((m) => m.kind === 'StatefulSet');
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBe(line.facts.defaultGracePeriodSeconds);
    expect(statefulSet.spec.template.spec.terminationGracePeriodSeconds).toBe(line.facts.defaultGracePeriodSeconds);
    expect(deployment.spec.replicas).toBe(line.facts.defaultDeploymentReplicas);
    expect(statefulSet.spec.replicas).toBe(line.facts.defaultStatefulSetReplicas);
  });

  test('its default replicas are the core\'s one default (defaultReplicas), which the graceful constructs leave to the line to render', () => {
    expect(line.facts.defaultDeploymentReplicas).toBe(defaultReplicas('Deployment'));
    expect(line.facts.defaultStatefulSetReplicas).toBe(defaultReplicas('StatefulSet'));
  });

  test('its generated Kubernetes types know lifecycle.preStop.sleep and lifecycle.stopSignal exactly as the facts say', () => {
    const types = readFileSync(require.resolve(`${line.name}/lib/imports/k8s.d.ts`), 'utf8');
    expect(/@schema io\.k8s\.api\.core\.v1\.LifecycleHandler#sleep/.test(types)).toBe(line.facts.knowsPreStopSleep);
    expect(/@schema io\.k8s\.api\.core\.v1\.Lifecycle#stopSignal/.test(types)).toBe(line.facts.knowsStopSignal);
  });

  test('its package is the one the facts name, and its entry point is graceful-k8s\'s for that line', () => {
    expect(line.facts.packageName).toBe(line.name);
    expect(line.facts.entryPoint).toBe(`graceful-k8s/${line.name}`);
  });
});
