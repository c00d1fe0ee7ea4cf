import { parse } from 'yaml';
import type { Container } from '../core';
import { sameNamespace, type AuditContext, type ConfigMapFacts } from './context';
import { springDurationSeconds, type DeclaredAppShutdown } from './declared';
import { mountedConfigMaps } from './drain';
import { isRecord } from './object-path';
import { type AuditedWorkload } from './workload';

/** Spring Boot's config file names in a ConfigMap (`application.yaml`, `application-kubernetes.properties`...). */
const SPRING_FILE = /^application(-[\w.-]+)?\.(ya?ml|properties)$/;

/**
 * Spring Boot's default `spring.lifecycle.timeout-per-shutdown-phase` (30 s), which applies once
 * `server.shutdown: graceful` is set (Spring Boot reference, "Graceful Shutdown":
 * https://docs.spring.io/spring-boot/reference/web/graceful-shutdown.html).
 */
const SPRING_DEFAULT_PHASE_SECONDS = 30;

/**
 * The shutdown time a Spring app reads from a ConfigMap of the input: the files of ConfigMaps the pod
 * mounts or reads with envFrom, and, for a container that looks like Spring (a `SPRING_*` env), any
 * ConfigMap of its namespace holding an `application.yaml` / `.properties` (Spring Cloud Kubernetes
 * reads those without a mount). `spring.lifecycle.timeout-per-shutdown-phase` gives the time;
 * `server.shutdown: graceful` alone gives Spring's 30 s default; a misplaced
 * `server.lifecycle.timeout-per-shutdown-phase` is not a Spring key and is said to be ignored.
 */
export function springConfigShutdown(workload: AuditedWorkload, container: Container, context: AuditContext): DeclaredAppShutdown | undefined {
  const looksSpring = Array.isArray(container.env) && (container.env as unknown[]).some((e) => isRecord(e) && typeof e.name === 'string' && e.name.startsWith('SPRING_'));
  const mounted = mountedConfigMaps(workload, context);
  const candidates: ConfigMapFacts[] = [
    ...mounted,
    ...(looksSpring ? springConfigMaps(context).filter((c) => !mounted.includes(c) && sameNamespace(c, workload)) : []),
  ];
  for (const configMap of candidates) {
    for (const [key, text] of Object.entries(configMap.data)) {
      if (!SPRING_FILE.test(key)) continue;
      const settings = settingsOf(configMap, key, text);
      const where = `ConfigMap ${configMap.name} ${key}`;
      const phase = settings.get('spring.lifecycle.timeout-per-shutdown-phase') ?? settings.get('spring.lifecycle.timeoutpershutdownphase');
      const seconds = phase === undefined ? undefined : springDurationSeconds(phase);
      if (seconds !== undefined) return { seconds, source: `${where}: spring.lifecycle.timeout-per-shutdown-phase=${phase}` };
      if (settings.get('server.shutdown')?.toLowerCase() === 'graceful') {
        const misplaced = settings.get('server.lifecycle.timeout-per-shutdown-phase');
        return {
          seconds: SPRING_DEFAULT_PHASE_SECONDS,
          source: `${where}: server.shutdown=graceful with Spring's default timeout-per-shutdown-phase of ${SPRING_DEFAULT_PHASE_SECONDS}s` +
            (misplaced !== undefined ? ` (server.lifecycle.timeout-per-shutdown-phase=${misplaced} is not a Spring key and is ignored; the key is spring.lifecycle.timeout-per-shutdown-phase)` : ''),
        };
      }
    }
  }
  return undefined;
}

const SPRING_CONFIG_MAPS = new WeakMap<AuditContext, ConfigMapFacts[]>();

/** The ConfigMaps of the input holding a Spring config file (found once per context). */
function springConfigMaps(context: AuditContext): ConfigMapFacts[] {
  let found = SPRING_CONFIG_MAPS.get(context);
  if (found === undefined) {
    found = (context.configMaps ?? []).filter((c) => Object.keys(c.data).some((k) => SPRING_FILE.test(k)));
    SPRING_CONFIG_MAPS.set(context, found);
  }
  return found;
}

const SETTINGS = new WeakMap<ConfigMapFacts, Map<string, Map<string, string>>>();

/** {@link flatSettings}, parsed once per ConfigMap file. */
function settingsOf(configMap: ConfigMapFacts, key: string, text: string): Map<string, string> {
  let files = SETTINGS.get(configMap);
  if (files === undefined) SETTINGS.set(configMap, (files = new Map()));
  let settings = files.get(key);
  if (settings === undefined) files.set(key, (settings = flatSettings(key, text)));
  return settings;
}

/** A Spring config file as lower-case dotted keys (nested YAML maps and dotted keys both). */
function flatSettings(file: string, text: string): Map<string, string> {
  const settings = new Map<string, string>();
  if (file.endsWith('.properties')) {
    for (const line of text.split('\n')) {
      const match = /^\s*([^#!\s][^=:]*?)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (match) settings.set(match[1].toLowerCase(), match[2]);
    }
    return settings;
  }
  let documents: unknown[];
  try {
    documents = [parse(text, { maxAliasCount: 100 })];
  } catch {
    return settings; // not YAML Spring could read either
  }
  const walk = (value: unknown, prefix: string) => {
    if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, prefix === '' ? k.toLowerCase() : `${prefix}.${k.toLowerCase()}`);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      settings.set(prefix, String(value));
    }
  };
  for (const document of documents) walk(document, '');
  return settings;
}
