import { declaredAppShutdown, declaredDrain, imageKindOf } from '../../src/audit/declared';
import type { Container } from '../../src/core';
import { springDurationSeconds } from '../../src/core/framework-env';

const container = (extra: Partial<Container>): Container => ({ name: 'app', ...extra });

describe('declaredDrain reads the wait of a preStop hook', () => {
  test.each([
    ['native sleep', { sleep: { seconds: 12 } }, { kind: 'sleep', seconds: 12, via: 'native' }],
    ['exec sleep with a number', { exec: { command: ['sleep', '30'] } }, { kind: 'sleep', seconds: 30, via: 'exec' }],
    ['exec /bin/sleep with a suffix', { exec: { command: ['/bin/sleep', '5s'] } }, { kind: 'sleep', seconds: 5, via: 'exec' }],
    ['a copied busybox sleep', { exec: { command: ['/graceful-k8s/bin/busybox', 'sleep', '7'] } }, { kind: 'sleep', seconds: 7, via: 'exec' }],
    ['a shell script ending in sleep', { exec: { command: ['/bin/sh', '-c', 'curl -X POST http://nacos/deregister && sleep 35'] } }, { kind: 'sleep', seconds: 35, via: 'shell' }],
    ['a shell sleep in minutes', { exec: { command: ['sh', '-c', 'sleep 1m'] } }, { kind: 'sleep', seconds: 60, via: 'shell' }],
    // The poll of a wait loop waits for the app's exit (counted in its shutdown time), not a drain.
    ['the graceful-quit hook: the drain, not its wait loop', { exec: { command: ['/bin/sh', '-c', 'sleep 5; kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done'] } }, { kind: 'sleep', seconds: 5, via: 'shell' }],
    ['an until loop polls too', { exec: { command: ['sh', '-c', 'sleep 10; until [ -f /tmp/done ]; do sleep 2; done'] } }, { kind: 'sleep', seconds: 10, via: 'shell' }],
  ])('%s', (_name, preStop, expected) => {
    expect(declaredDrain(container({ lifecycle: { preStop } }))).toEqual(expected);
  });

  test('a hook that only signals the server does not wait', () => {
    expect(declaredDrain(container({ lifecycle: { preStop: { exec: { command: ['/usr/sbin/nginx', '-s', 'quit'] } } } }))).toEqual({
      kind: 'no-wait',
      description: 'exec ["/usr/sbin/nginx","-s","quit"]',
    });
    expect(declaredDrain(container({ lifecycle: { preStop: { httpGet: { path: '/drain', port: 8080 } } } })).kind).toBe('no-wait');
    expect(declaredDrain(container({}))).toEqual({ kind: 'none' });
  });

  test('a sleep whose argument is a variable is not a known wait', () => {
    expect(declaredDrain(container({ lifecycle: { preStop: { exec: { command: ['sleep', '$(DRAIN)'] } } } })).kind).toBe('no-wait');
  });
});

describe('declaredAppShutdown reads the app\'s own shutdown timeout', () => {
  test('Spring Boot env in both relaxed-binding spellings', () => {
    expect(declaredAppShutdown(container({ env: [{ name: 'SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE', value: '30s' }] }))?.seconds).toBe(30);
    expect(declaredAppShutdown(container({ env: [{ name: 'SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE', value: '1m' }] }))?.seconds).toBe(60);
  });

  test('a Spring argument or -D option, graceful-k8s\'s own env, gunicorn and uvicorn flags', () => {
    expect(declaredAppShutdown(container({ args: ['--spring.lifecycle.timeout-per-shutdown-phase=45s'] }))?.seconds).toBe(45);
    expect(declaredAppShutdown(container({ env: [{ name: 'JAVA_TOOL_OPTIONS', value: '-Xmx1g -Dspring.lifecycle.timeout-per-shutdown-phase=PT20S' }] }))?.seconds).toBe(20);
    expect(declaredAppShutdown(container({ env: [{ name: 'GRACEFUL_SHUTDOWN_TIMEOUT_SECONDS', value: '25' }] }))?.seconds).toBe(25);
    expect(declaredAppShutdown(container({ command: ['gunicorn', '--graceful-timeout', '40', 'app:app'] }))?.seconds).toBe(40);
    expect(declaredAppShutdown(container({ command: ['uvicorn', 'main:app', '--timeout-graceful-shutdown=15'] }))?.seconds).toBe(15);
  });

  test('SERVER_SHUTDOWN=graceful alone means Spring\'s default 30s phase timeout', () => {
    const declared = declaredAppShutdown(container({ env: [{ name: 'SERVER_SHUTDOWN', value: 'graceful' }] }));
    expect(declared?.seconds).toBe(30);
    expect(declared?.source).toContain('default');
  });

  test('nothing declared gives undefined', () => {
    expect(declaredAppShutdown(container({ env: [{ name: 'PORT', value: '8080' }] }))).toBeUndefined();
  });
});

test('a bare Spring duration number is milliseconds, as in Spring Boot\'s Duration conversion', () => {
  expect(springDurationSeconds('30000')).toBe(30);
  expect(springDurationSeconds('1500')).toBe(2);
  expect(springDurationSeconds('PT1M30S')).toBe(90);
  expect(springDurationSeconds('2d')).toBe(172800);
  expect(springDurationSeconds('soon')).toBeUndefined();
});

test.each([
  ['gcr.io/distroless/static-debian12:nonroot', 'distroless'],
  ['gcr.io/distroless/java17-debian12', 'distroless'],
  ['gcr.io/distroless/base:debug', 'shell'],
  ['cgr.dev/chainguard/node:latest', 'distroless'],
  ['registry.example/team/api:1.4-distroless', 'distroless'],
  ['registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', 'distroless'],
  ['registry.k8s.io/metrics-server/metrics-server:v0.7.2', 'distroless'],
  ['quay.io/jetstack/cert-manager-controller:v1.16.1', 'distroless'],
  ['ghcr.io/projectcontour/contour:v1.30.0', 'distroless'],
  ['registry.k8s.io/coredns/coredns:v1.11.3', 'distroless'],
  ['cgr.dev/chainguard/node:latest-dev', 'shell'],
  ['nginx:1.25-alpine', 'shell'],
  [undefined, 'shell'],
])('image %s is %s', (image, kind) => {
  expect(imageKindOf(image)).toBe(kind);
});
