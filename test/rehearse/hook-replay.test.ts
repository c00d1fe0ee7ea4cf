import { plannedManifest } from './planned-manifest';
import { replayHookSteps } from '../../src/rehearse';

/** The exec command of the planned Deployment's preStop hook. */
function plannedHook(shutdown: Parameters<typeof plannedManifest>[0]): string[] {
  return plannedManifest(shutdown, 1).manifest.spec.template.spec.containers[0].lifecycle.preStop.exec.command;
}

describe('replaying a preStop exec hook without running it', () => {
  test('the planner\'s php-fpm graceful quit is a timer, SIGQUIT to the pod\'s main process, then a wait for its exit', () => {
    const command = plannedHook({ appShutdownTimeout: 5, drainDelay: 3, framework: 'php-fpm' });
    expect(command[0]).toBe('/bin/sh');
    expect(replayHookSteps(command, 1)).toEqual([
      { kind: 'wait', ms: 3000, text: 'sleep 3' },
      { kind: 'signal', signal: 'SIGQUIT', text: 'kill -QUIT 1' },
      { kind: 'wait-for-exit', text: 'while kill -0 1 2>/dev/null ; do sleep 1 ; done' },
    ]);
  });

  test('the planner\'s Nacos hook is a deregistration (no request) and then the drain timer, scaled', () => {
    const command = plannedHook({ appShutdownTimeout: 5, traffic: [{ kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'web', port: 8080 }] });
    const steps = replayHookSteps(command, 0.1);
    expect(steps.map((s) => s.kind)).toEqual(['deregister', 'wait']);
    expect(steps[0].text).toMatch(/^curl -s -m 5 -X PUT http:\/\/nacos\.infra:8848\/nacos\/v1\/ns\/instance\?serviceName=web&ip=\$\{POD_IP\}/);
    expect(steps[1]).toEqual({ kind: 'wait', ms: 3500, text: 'sleep 35' });
  });

  test('nginx -s quit is SIGQUIT and nginx -s stop is SIGTERM to the pod\'s main process, in exec or shell form', () => {
    expect(replayHookSteps(['nginx', '-s', 'quit'], 1)).toEqual([{ kind: 'signal', signal: 'SIGQUIT', text: 'nginx -s quit' }]);
    expect(replayHookSteps(['/bin/sh', '-c', 'sleep 5 && exec /usr/sbin/nginx -s stop'], 1)).toEqual([
      { kind: 'wait', ms: 5000, text: 'sleep 5' },
      { kind: 'signal', signal: 'SIGTERM', text: 'exec /usr/sbin/nginx -s stop' },
    ]);
  });

  test('kill to PID 1 takes its signal by name, -s name or number; kill -0 and other pids are not replayed', () => {
    const signalOf = (command: string) => replayHookSteps(['sh', '-c', command], 1)[0];
    expect(signalOf('kill 1')).toMatchObject({ kind: 'signal', signal: 'SIGTERM' });
    expect(signalOf('kill -s QUIT 1')).toMatchObject({ kind: 'signal', signal: 'SIGQUIT' });
    expect(signalOf('kill -SIGINT 1')).toMatchObject({ kind: 'signal', signal: 'SIGINT' });
    expect(signalOf('kill -9 1')).toMatchObject({ kind: 'signal', signal: 'SIGKILL' });
    expect(signalOf('kill -0 1')).toEqual({ kind: 'replaced', ms: 0, text: 'kill -0 1' });
    expect(signalOf('kill -QUIT 42')).toEqual({ kind: 'replaced', ms: 0, text: 'kill -QUIT 42' });
  });

  test('any other command is replaced by a 0 s timer; the sleeps around it stay', () => {
    expect(replayHookSteps(['touch', '/tmp/x'], 1)).toEqual([{ kind: 'replaced', ms: 0, text: 'touch /tmp/x' }]);
    expect(replayHookSteps(['/bin/bash', '-c', 'rm -rf "$HOME/cache"; sleep 2m | cat'], 0.5).map((s) => [s.kind, 'ms' in s ? s.ms : undefined])).toEqual([
      ['replaced', 0], ['wait', 60_000], ['replaced', 0],
    ]);
    expect(replayHookSteps(['sh', '-c', 'echo "unclosed; sleep 3'], 1)).toEqual([{ kind: 'replaced', ms: 0, text: 'sh -c echo "unclosed; sleep 3' }]);
  });

  test('a deregistration needs the Nacos instance API with enabled=false or DELETE: another curl is replaced', () => {
    expect(replayHookSteps(['curl', '-X', 'DELETE', 'http://n:8848/nacos/v1/ns/instance?serviceName=a&ip=1.2.3.4&port=80'], 1)[0].kind).toBe('deregister');
    expect(replayHookSteps(['curl', '-X', 'PUT', 'http://n:8848/nacos/v1/ns/instance?serviceName=a&enabled=true'], 1)[0].kind).toBe('replaced');
    expect(replayHookSteps(['curl', 'http://registry/off'], 1)[0].kind).toBe('replaced');
  });
});
