import { isRecord, type FieldPath } from './object-path';

/** A field the rules read whose value the Kubernetes API server would refuse. */
export interface MalformedField {
  /** Relative to the object: `['spec', 'template', 'spec', 'containers', 0, 'lifecycle', 'preStop', 'sleep', 'seconds']`. */
  readonly path: FieldPath;
  /** The value as YAML shows it: `.inf`, `"30"`, `a list`. */
  readonly value: string;
  /** What Kubernetes accepts there: `an integer from 0 to 2147483647`. */
  readonly expected: string;
}

/**
 * int32 fields of the pod API (replicas, probe timings, containerPort) and int64 fields
 * (terminationGracePeriodSeconds, sleep.seconds): k8s.io/api/core/v1/types.go and apps/v1/types.go.
 * An int64 beyond 2^53 cannot be held exactly by JSON numbers in JavaScript, so the audit refuses it.
 */
const INT32 = 2147483647;
const INT64_SAFE = Number.MAX_SAFE_INTEGER;

type Check = (value: unknown) => string | undefined;

const integer = (max: number, min = 0): Check => (v) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : `an integer from ${min} to ${max}`;
const string: Check = (v) => (typeof v === 'string' ? undefined : 'a string');
const map: Check = (v) => (isRecord(v) ? undefined : 'a map');
const list: Check = (v) => (Array.isArray(v) ? undefined : 'a list');
const scalarList: Check = (v) =>
  Array.isArray(v) && v.every((w) => typeof w === 'string' || (typeof w === 'number' && Number.isFinite(w)) || typeof w === 'boolean')
    ? undefined
    : 'a list of strings';
/** IntOrString (k8s.io/apimachinery/pkg/util/intstr): an int32 or a string (a port name, or `25%`). */
const intOrString: Check = (v) => (typeof v === 'string' || integer(INT32)(v) === undefined ? undefined : 'an integer or a string');
const portNumberOrName: Check = (v) => (typeof v === 'string' || integer(65535, 1)(v) === undefined ? undefined : 'a port number (1-65535) or a port name');

/** The probe fields the rules compare (core/v1 Probe). */
const PROBE_FIELDS: ReadonlyArray<readonly [string, Check]> = [
  ['initialDelaySeconds', integer(INT32)],
  ['periodSeconds', integer(INT32)],
  ['timeoutSeconds', integer(INT32)],
  ['successThreshold', integer(INT32)],
  ['failureThreshold', integer(INT32)],
  ['terminationGracePeriodSeconds', integer(INT64_SAFE)],
];

/**
 * The fields of a workload the rules read whose value Kubernetes would refuse (a wrong type, a
 * non-finite or out-of-range number): the audit reports the workload as unusable input instead of
 * reasoning about a manifest the API server would reject. Only present fields are checked.
 */
export function malformedFields(object: Record<string, unknown>, podSpecPath: FieldPath, podSpec: Record<string, unknown>): MalformedField[] {
  const found: MalformedField[] = [];
  const check = (path: FieldPath, value: unknown, test: Check) => {
    if (value === undefined || value === null) return true;
    const expected = test(value);
    if (expected !== undefined) found.push({ path, value: describeYaml(value), expected });
    return expected === undefined;
  };
  const spec = isRecord(object.spec) ? object.spec : {};
  if (podSpecPath.length > 1) {
    check(['spec', 'replicas'], spec.replicas, integer(INT32));
    check(['spec', 'minReadySeconds'], spec.minReadySeconds, integer(INT32));
    const strategy = spec.strategy;
    if (check(['spec', 'strategy'], strategy, map) && isRecord(strategy)) {
      const rolling = strategy.rollingUpdate;
      if (check(['spec', 'strategy', 'rollingUpdate'], rolling, map) && isRecord(rolling)) {
        check(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], rolling.maxUnavailable, intOrString);
        check(['spec', 'strategy', 'rollingUpdate', 'maxSurge'], rolling.maxSurge, intOrString);
      }
    }
  }
  check([...podSpecPath, 'terminationGracePeriodSeconds'], podSpec.terminationGracePeriodSeconds, integer(INT64_SAFE));
  const containers = podSpec.containers as unknown[];
  containers.forEach((container, i) => {
    const at = (...rest: Array<string | number>): FieldPath => [...podSpecPath, 'containers', i, ...rest];
    if (!check(at(), container, map) || !isRecord(container)) return;
    check(at('name'), container.name, string);
    check(at('image'), container.image, string);
    check(at('command'), container.command, scalarList);
    check(at('args'), container.args, scalarList);
    if (check(at('env'), container.env, list) && Array.isArray(container.env)) {
      container.env.forEach((e, j) => {
        if (check(at('env', j), e, map) && isRecord(e)) check(at('env', j, 'name'), e.name, string);
      });
    }
    if (check(at('ports'), container.ports, list) && Array.isArray(container.ports)) {
      container.ports.forEach((p, j) => {
        if (!check(at('ports', j), p, map) || !isRecord(p)) return;
        check(at('ports', j, 'containerPort'), p.containerPort, integer(65535, 1));
        check(at('ports', j, 'name'), p.name, string);
      });
    }
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const value = container[probe];
      if (!check(at(probe), value, map) || !isRecord(value)) continue;
      for (const [field, test] of PROBE_FIELDS) check(at(probe, field), value[field], test);
    }
    const lifecycle = container.lifecycle;
    if (!check(at('lifecycle'), lifecycle, map) || !isRecord(lifecycle)) return;
    check(at('lifecycle', 'stopSignal'), lifecycle.stopSignal, string);
    const preStop = lifecycle.preStop;
    if (!check(at('lifecycle', 'preStop'), preStop, map) || !isRecord(preStop)) return;
    if (check(at('lifecycle', 'preStop', 'sleep'), preStop.sleep, map) && isRecord(preStop.sleep)) {
      check(at('lifecycle', 'preStop', 'sleep', 'seconds'), preStop.sleep.seconds, integer(INT64_SAFE));
    }
    if (check(at('lifecycle', 'preStop', 'exec'), preStop.exec, map) && isRecord(preStop.exec)) {
      check(at('lifecycle', 'preStop', 'exec', 'command'), preStop.exec.command, scalarList);
    }
    if (check(at('lifecycle', 'preStop', 'httpGet'), preStop.httpGet, map) && isRecord(preStop.httpGet)) {
      check(at('lifecycle', 'preStop', 'httpGet', 'path'), preStop.httpGet.path, string);
      check(at('lifecycle', 'preStop', 'httpGet', 'port'), preStop.httpGet.port, portNumberOrName);
    }
  });
  return found;
}

/** A value the way its YAML reads: `.inf`, `-.inf`, `.nan`, `"30"`, `a list`, `a map`. */
export function describeYaml(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a map';
  return String(value);
}
