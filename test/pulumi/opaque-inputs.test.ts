import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './mocks';
import { GracefulConfigError } from '../../src/core';
import { applyPlanToSpecInputs } from '../../src/pulumi';
import { isOpaque, isPlaceholder, sealInputs } from '../../src/pulumi/opaque-inputs';

describe('sealInputs', () => {
  test('replaces Outputs and promises by plain placeholders that survive structuredClone, and restores the same objects', () => {
    const image = pulumi.output('app:1');
    const port = Promise.resolve(8080);
    const sealed = sealInputs({ containers: [{ name: 'app', image, ports: [{ containerPort: port }] }] });
    expect(isPlaceholder(sealed.plain.containers[0].image)).toBe(true);
    expect(JSON.parse(JSON.stringify(sealed.plain)).containers[0].name).toBe('app');
    const restored = sealed.restore(structuredClone(sealed.plain));
    expect(restored.containers[0].image).toBe(image);
    expect(restored.containers[0].ports[0].containerPort).toBe(port);
  });

  test('the same Output given twice gets the same placeholder, two different ones do not', () => {
    const probe = pulumi.output({ tcpSocket: { port: 1 } });
    const sealed = sealInputs({ a: probe, b: probe, c: pulumi.output({ tcpSocket: { port: 1 } }) });
    expect(sealed.plain.a).toEqual(sealed.plain.b);
    expect(sealed.plain.a).not.toEqual(sealed.plain.c);
  });

  test('a tree of plain values is passed through as is: no copy, nothing to restore', () => {
    const tree = { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 8080 }] }] };
    const sealed = sealInputs(tree);
    expect(sealed.plain).toBe(tree);
    const derived = { ...tree, replicas: 2 };
    expect(sealed.restore(derived)).toBe(derived);
  });

  test('an Output deep in the tree is still found and sealed', () => {
    const port = pulumi.output(8080);
    const sealed = sealInputs({ containers: [{ name: 'app', ports: [{ containerPort: port }] }] });
    expect(isPlaceholder(sealed.plain.containers[0].ports[0].containerPort)).toBe(true);
  });

  test('the planned spec\'s arrays are arrays of this realm, so Pulumi serializes them as arrays', () => {
    // structuredClone under jest returns the outer realm's objects: the core must not hand those out.
    expect(structuredClone([1]) instanceof Array).toBe(false);
    const { spec } = applyPlanToSpecInputs(
      { replicas: 2, template: { spec: { containers: [{ name: 'app', image: 'x', readinessProbe: { tcpSocket: { port: 1 } } }] } } },
      { appShutdownTimeout: 30, kubernetesVersion: '1.27' },
    );
    const container = spec.template.spec.containers[0] as unknown as { env: unknown; lifecycle: { preStop: { exec: { command: unknown } } } };
    expect(container.env).toBeInstanceOf(Array);
    expect(container.lifecycle.preStop.exec.command).toBeInstanceOf(Array);
  });

  test('an Output spread into an object by the planner is refused, naming the field', () => {
    const os = pulumi.output({ name: 'linux' });
    const sealed = sealInputs({ template: { spec: { os } } });
    const derived = { template: { spec: { os: { name: 'linux', ...(sealed.plain.template.spec.os as object) } } } };
    expect(() => sealed.restore(derived)).toThrow(GracefulConfigError);
    expect(() => sealed.restore(derived)).toThrow(/^template\.spec\.os is an Output or a promise, but the plan merges its own entries into it/);
  });

  test('plain values, arrays and object literals are not opaque; Outputs, promises and class instances are', () => {
    expect([1, 'a', null, undefined, [1], { a: 1 }, Object.create(null)].map(isOpaque)).toEqual([false, false, false, false, false, false, false]);
    expect([pulumi.output(1), Promise.resolve(1), new Date(0)].map(isOpaque)).toEqual([true, true, true]);
  });
});

test('an Output pod-annotation map is kept (merged in an apply) and resolves unchanged when the plan adds none', async () => {
  const annotations = pulumi.output({ 'prometheus.io/scrape': 'true' });
  const { spec } = applyPlanToSpecInputs(
    { template: { metadata: { annotations }, spec: { containers: [{ name: 'app', image: 'x', readinessProbe: { tcpSocket: { port: 1 } } }] } }, replicas: 2 },
    { appShutdownTimeout: 30 },
  );
  expect(await valueOf(pulumi.output(spec.template.metadata.annotations))).toEqual({ 'prometheus.io/scrape': 'true' });
});
