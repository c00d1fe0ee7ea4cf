import { GracefulConfigError, planShutdown, type NacosTrafficSource } from '../../src/core';

/*
 * The Nacos deregistration is a shell command built from the user's fields (src/core/traffic.ts):
 * every field is checked before it lands in the preStop script.
 */
const VALID: NacosTrafficSource = { kind: 'nacos', serverAddr: 'nacos.infra:8848', serviceName: 'api', port: 8080 };

function planWith(fields: Partial<Record<keyof NacosTrafficSource, unknown>>) {
  return planShutdown({ appShutdownTimeout: 1, traffic: [{ ...VALID, ...fields } as NacosTrafficSource] });
}

function refusal(fields: Partial<Record<keyof NacosTrafficSource, unknown>>): GracefulConfigError {
  try {
    planWith(fields);
  } catch (error) {
    expect(error).toBeInstanceOf(GracefulConfigError);
    return error as GracefulConfigError;
  }
  throw new Error(`expected ${JSON.stringify(fields)} to be refused`);
}

describe('Nacos traffic source fields', () => {
  test('serverAddr must be host:port without shell characters; the message names the field, the value and an example', () => {
    expect(refusal({ serverAddr: 'nacos:8848"; curl evil' }).message).toBe(
      'traffic[0].serverAddr must be host:port, got "nacos:8848\\"; curl evil"; e.g. \'nacos.infra:8848\'',
    );
    expect(refusal({ serverAddr: 'http://nacos:8848' }).message).toMatch(/^traffic\[0\]\.serverAddr must be host:port, got "http:\/\/nacos:8848"/);
    expect(refusal({ serverAddr: undefined }).message).toMatch(/^traffic\[0\]\.serverAddr must be host:port, got undefined/);
    expect(refusal({ serverAddr: 8848 }).message).toMatch(/^traffic\[0\]\.serverAddr must be host:port, got 8848/);
  });

  test('serviceName must be given and be letters, digits and . _ : -', () => {
    expect(refusal({ serviceName: undefined }).message).toMatch(/^traffic\[0\]\.serviceName must be a Nacos service name \(letters, digits, \. _ : -\), got undefined/);
    expect(refusal({ serviceName: '' }).message).toMatch(/^traffic\[0\]\.serviceName must be a Nacos service name/);
    expect(refusal({ serviceName: 'api$(id)' }).message).toMatch(/got "api\$\(id\)"$/);
  });

  test('port must be a whole number from 1 to 65535', () => {
    expect(refusal({ port: 65536 }).message).toBe('traffic[0].port must be a port number from 1 to 65535, got 65536');
    expect(refusal({ port: 80.5 }).message).toBe('traffic[0].port must be a port number from 1 to 65535, got 80.5');
    expect(refusal({ port: '8080' }).message).toBe('traffic[0].port must be a port number from 1 to 65535, got "8080"');
    expect(refusal({ port: undefined }).field).toBe('traffic[0].port');
  });

  test('namespaceId defaults to public and must be letters, digits and . _ : - when given', () => {
    expect(planWith({}).preStop).toEqual({
      exec: {
        command: [
          '/bin/sh',
          '-c',
          'curl -s -m 5 -X PUT "http://nacos.infra:8848/nacos/v1/ns/instance?serviceName=api&ip=${POD_IP}&port=8080&enabled=false&namespaceId=public"; sleep 35',
        ],
      },
    });
    expect(refusal({ namespaceId: 'prod&enabled=true' }).message).toBe('traffic[0].namespaceId must be a Nacos namespace id, got "prod&enabled=true"');
    expect(refusal({ namespaceId: 42 }).field).toBe('traffic[0].namespaceId');
  });

  test('the field path counts the source\'s place in the list', () => {
    expect(() => planShutdown({ appShutdownTimeout: 1, traffic: ['kube-proxy', { ...VALID, port: 0 }] })).toThrow(/^traffic\[1\]\.port must be/);
  });
});
