import { appManifest } from './cluster-helpers';
import { intoNamespace, readClusterManifest } from '../../src/rehearse';

test('the workload, its Service and the port the load goes through are read from the manifest', () => {
  const m = readClusterManifest(appManifest({ namespace: 'shop' }), { file: 'web.yaml' });
  expect(m.workload).toMatchObject({
    kind: 'Deployment',
    name: 'web',
    replicas: 2,
    maxSurge: 1,
    maxUnavailable: 0,
    terminationGracePeriodSeconds: 12,
    selector: { app: 'web' },
    preStop: 'sleep 5s (native)',
    readiness: 'HTTP GET /ready every 1s',
    images: ['graceful-k8s.local/drain-server:h1'],
  });
  expect(m.service).toEqual({ name: 'web', port: 80 });
  expect(m.sourceNamespace).toBe('shop');
  expect(m.notes).toEqual([]);
});

test('intoNamespace rewrites only metadata.namespace, on every object, and leaves the input untouched', () => {
  const m = readClusterManifest(appManifest({ namespace: 'shop', extra: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } }] }));
  const moved = intoNamespace(m.objects, 'graceful-k8s-rehearse-0123abcd');
  expect(moved.map((o: any) => o.metadata.namespace)).toEqual(['graceful-k8s-rehearse-0123abcd', 'graceful-k8s-rehearse-0123abcd', 'graceful-k8s-rehearse-0123abcd']);
  const withoutNamespace = (o: any) => ({ ...o, metadata: { ...o.metadata, namespace: undefined } });
  expect(moved.map(withoutNamespace)).toEqual(m.objects.map(withoutNamespace));
  expect((m.objects[0] as any).metadata.namespace).toBe('shop');
});

test('a cluster-scoped object is refused before anything is sent, naming the object and its line', () => {
  const text = appManifest({ extra: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [] }] });
  expect(() => readClusterManifest(text, { file: 'app.yaml' })).toThrow(/^manifest ClusterRole\/reader \(app\.yaml:\d+\) is cluster-scoped: rehearse creates and deletes objects only in its own scratch namespace/);
  const namespace = appManifest({ extra: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }] });
  expect(() => readClusterManifest(namespace)).toThrow(/Namespace\/shop \(manifest:\d+\) is cluster-scoped/);
});

test('an object of another namespace than the rest is refused, naming both', () => {
  const text = appManifest({ namespace: 'shop', serviceNamespace: 'payments' });
  expect(() => readClusterManifest(text, { file: 'app.yaml' })).toThrow(
    /Service\/web \(app\.yaml:\d+\) names namespace "payments" but Deployment\/web \(app\.yaml:1\) names "shop": rehearse moves one namespace's objects into its scratch namespace and touches no other/,
  );
});

test('a kind rehearse does not apply is refused; an Ingress is left out with a note', () => {
  const role = appManifest({ extra: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' } }] });
  expect(() => readClusterManifest(role)).toThrow(/RoleBinding\/x \(manifest:\d+\) \(rbac.authorization.k8s.io\/v1\) is not one of the kinds rehearse applies/);
  const ingress = readClusterManifest(appManifest({ extra: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: {} }] }));
  expect(ingress.objects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
  expect(ingress.notes).toEqual([expect.stringMatching(/^Ingress\/web is not applied: an Ingress configures the cluster's shared ingress controller/)]);
});

test('pods on the host network, ports or paths are refused', () => {
  const host = appManifest({ podSpec: { hostNetwork: true } });
  expect(() => readClusterManifest(host)).toThrow(/Deployment\/web \(manifest:1\) sets hostNetwork: its pods would act on the node/);
  const port = appManifest({ hostPort: 80 });
  expect(() => readClusterManifest(port)).toThrow(/container "app" binds hostPort 80 on the node/);
  const path = appManifest({ podSpec: { volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] } });
  expect(() => readClusterManifest(path)).toThrow(/mounts hostPath volume "logs": a node's files are outside the namespace/);
});

test('a NodePort Service is applied as ClusterIP without its node port, with a note', () => {
  const m = readClusterManifest(appManifest({ serviceType: 'NodePort' }));
  const service = intoNamespace(m.objects, 'ns')[1] as any;
  expect(service.spec.type).toBe('ClusterIP');
  expect(service.spec.ports).toEqual([{ port: 80, targetPort: 8080 }]);
  expect(m.notes).toEqual([expect.stringMatching(/^Service\/web is applied as type ClusterIP \(not NodePort\)/)]);
});

test('without a Service selecting the pods there is nothing to send the load through', () => {
  const text = appManifest().replace('selector:\n    app: web\n  ports', 'selector:\n    app: api\n  ports');
  expect(() => readClusterManifest(text)).toThrow(/has no Service that selects Deployment\/web's pods: the load goes through the Service/);
});

test('two workloads need --deployment; a StatefulSet can be named', () => {
  const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'db', image: 'db:1' }] } } } };
  const text = appManifest({ extra: [sts] });
  expect(() => readClusterManifest(text)).toThrow(/^deployment must name the workload to rehearse: manifest has Deployment\/web, StatefulSet\/db/);
  expect(readClusterManifest(text, { workload: 'db' }).workload).toMatchObject({ kind: 'StatefulSet', name: 'db', maxSurge: undefined, stopSignal: 'SIGTERM (unless the image sets another)' });
});
