import type { Container } from '../core';
import type { AuditContext, SelfDrainingImage } from './context';

/**
 * What the audit knows about an image, by its repository's exact name: never by a substring of it
 * (`registry.example/team/shop-nginx` may run php-fpm, a controller's image may contain "nginx").
 * Every entry names its source.
 */

/** A server that drains only on SIGQUIT: on SIGTERM it closes every connection at once. */
export type QuitServer = 'nginx' | 'php-fpm';

/**
 * The repository of an image reference, as Docker Hub names it: lower case, without tag or digest, with
 * `docker.io/`, `index.docker.io/` and `library/` dropped, and the Docker Official Images mirrors
 * (`public.ecr.aws/docker/library/`, `mirror.gcr.io/library/`) read as the official images they mirror.
 * `nginx:1.27` -> `nginx`; `docker.io/library/php:8.3-fpm` -> `php`; `registry.example/shop/nginx:1` -> itself.
 */
export function repositoryOf(image: unknown): string | undefined {
  if (typeof image !== 'string' || image.trim() === '') return undefined;
  let reference = image.trim().toLowerCase().replace(/@.*$/, '');
  const lastSlash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon > lastSlash) reference = reference.slice(0, colon);
  for (const prefix of ['docker.io/', 'index.docker.io/', 'registry-1.docker.io/', 'public.ecr.aws/docker/', 'mirror.gcr.io/']) {
    if (reference.startsWith(prefix)) reference = reference.slice(prefix.length);
  }
  return reference.startsWith('library/') ? reference.slice('library/'.length) : reference;
}

/** The tag of an image reference (`8.3-fpm-alpine`), or `''`. */
export function tagOf(image: unknown): string {
  if (typeof image !== 'string') return '';
  const reference = image.trim().toLowerCase().replace(/@.*$/, '');
  const colon = reference.lastIndexOf(':');
  return colon > reference.lastIndexOf('/') ? reference.slice(colon + 1) : '';
}

/** What an image's Dockerfile says about its stop signal, and where that is written. */
interface StopSignalFact {
  readonly server?: QuitServer;
  /** `SIGQUIT` when the image sets `STOPSIGNAL SIGQUIT`; `SIGTERM` when it sets none (the runtime's default). */
  readonly stopSignal: 'SIGQUIT' | 'SIGTERM';
  /** Tags the fact holds for (`fpm` variants of `php`); every tag when omitted. */
  readonly tags?: RegExp;
  readonly source: string;
}

/**
 * Repositories whose stop signal is known from their Dockerfiles:
 * - the Docker Official Image `nginx`: `STOPSIGNAL SIGQUIT` in every variant (nginxinc/docker-nginx,
 *   `mainline/debian/Dockerfile` and the other variants) since nginx 1.19.5 (2020-11-24), SIGTERM before
 *   ({@link officialNginxStopSignal});
 * - `nginxinc/nginx-unprivileged`: the same Dockerfiles, unprivileged (nginxinc/docker-nginx-unprivileged,
 *   `mainline/debian/Dockerfile`, `STOPSIGNAL SIGQUIT`);
 * - the Docker Official Image `php`, `fpm` variants: `STOPSIGNAL SIGQUIT` (docker-library/php,
 *   `Dockerfile-linux.template`, the `fpm` block, since 2020); the `cli`, `apache` and `zts` variants run no php-fpm;
 * - base images with no `STOPSIGNAL` (the runtime sends SIGTERM): the Docker Official Images `alpine`, `debian`,
 *   `ubuntu`, `busybox`, `fedora`, `amazonlinux`, `rockylinux`, `almalinux` (docker-library/official-images,
 *   `library/<name>`: rootfs images whose Dockerfiles are `FROM scratch`, `ADD`, `CMD` only) and Red Hat's UBI images
 *   (`registry.access.redhat.com/ubi*`, `redhat/ubi*`): nginx or php-fpm started on them gets SIGTERM.
 */
const STOP_SIGNALS: ReadonlyMap<string, StopSignalFact> = new Map<string, StopSignalFact>([
  ['nginx', { server: 'nginx', stopSignal: 'SIGQUIT', source: 'docker-library/nginx Dockerfiles: STOPSIGNAL SIGQUIT' }],
  ['nginxinc/nginx-unprivileged', { server: 'nginx', stopSignal: 'SIGQUIT', source: 'nginxinc/docker-nginx-unprivileged Dockerfiles: STOPSIGNAL SIGQUIT' }],
  ['php', { server: 'php-fpm', stopSignal: 'SIGQUIT', tags: /(^|-)fpm($|-)/, source: 'docker-library/php Dockerfile-linux.template (fpm variants): STOPSIGNAL SIGQUIT' }],
  ...['alpine', 'debian', 'ubuntu', 'busybox', 'fedora', 'amazonlinux', 'rockylinux', 'almalinux'].map((name) =>
    [name, { stopSignal: 'SIGTERM', source: `Docker Official Image ${name}: no STOPSIGNAL` }] as const),
]);

/**
 * The official nginx image set `STOPSIGNAL SIGTERM` until nginxinc/docker-nginx commit 3fb70dd (2020-11-24, PR #457:
 * "Use SIGQUIT instead of SIGTERM for graceful shutdown of nginx", for nginx later than 1.19.1), first released with
 * mainline 1.19.5 the same day: a tag of an older version (1.17.6, 1.19.4-alpine) stops nginx with SIGTERM. The
 * 1.18 stable tags straddle the change (rebuilds): unknown. Tags without a version (`latest`, `alpine`, `stable`,
 * `mainline`) are current images: SIGQUIT. `null` when the tag does not tell.
 */
function officialNginxStopSignal(tag: string): StopSignalFact | null {
  const version = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(tag);
  const source = 'nginxinc/docker-nginx commit 3fb70dd (2020-11-24): STOPSIGNAL SIGQUIT from nginx 1.19.5 on, SIGTERM before';
  if (!version) return /^\d/.test(tag) ? null : { server: 'nginx', stopSignal: 'SIGQUIT', source };
  const [major, minor, patch] = [Number(version[1]), Number(version[2]), version[3] === undefined ? undefined : Number(version[3])];
  if (major > 1 || minor >= 20) return { server: 'nginx', stopSignal: 'SIGQUIT', source };
  if (minor === 19) {
    if (patch === undefined || patch >= 5) return { server: 'nginx', stopSignal: 'SIGQUIT', source }; // `1.19` names the last 1.19 release
    return { server: 'nginx', stopSignal: 'SIGTERM', source };
  }
  if (minor === 18) return null;
  return { server: 'nginx', stopSignal: 'SIGTERM', source };
}

/** Red Hat Universal Base Images (no STOPSIGNAL, https://catalog.redhat.com/software/base-images). */
const UBI = /^(registry\.access\.redhat\.com\/|redhat\/)ubi\d+(\/[a-z0-9-]+)?$/;

/** The stop signal an image sets, when the project knows it from the image's Dockerfile; `undefined` otherwise. */
export function knownStopSignal(image: unknown): { readonly stopSignal: 'SIGQUIT' | 'SIGTERM'; readonly server?: QuitServer; readonly source: string } | undefined {
  const repository = repositoryOf(image);
  if (repository === undefined) return undefined;
  if (UBI.test(repository)) return { stopSignal: 'SIGTERM', source: 'Red Hat UBI: no STOPSIGNAL' };
  const fact = STOP_SIGNALS.get(repository);
  if (fact === undefined) return undefined;
  if (repository === 'nginx') return officialNginxStopSignal(tagOf(image)) ?? undefined;
  if (fact.tags !== undefined && !fact.tags.test(tagOf(image))) return repository === 'php' ? { stopSignal: 'SIGTERM', source: 'docker-library/php: only the fpm variants run php-fpm' } : undefined;
  return fact;
}

/** The server a container's own command starts (`nginx -g 'daemon off;'`, `php-fpm -F`, `php-fpm8.2`): process evidence. */
export function serverOfCommand(container: Container): QuitServer | undefined {
  const first = [...(container.command ?? []), ...(container.args ?? [])].map(String)[0];
  if (first === undefined) return undefined;
  const program = first.slice(first.lastIndexOf('/') + 1);
  if (program === 'nginx' || program === 'openresty') return 'nginx';
  if (/^php-fpm[\d.]*$/.test(program)) return 'php-fpm';
  return undefined;
}

/**
 * The server an image's repository names by its last path segment exactly (`team/nginx`, `team/php-fpm`): a
 * hint, not a fact (the image is a local build whose STOPSIGNAL the audit cannot see).
 */
export function serverNamedBy(image: unknown): QuitServer | undefined {
  const repository = repositoryOf(image);
  if (repository === undefined) return undefined;
  const last = repository.slice(repository.lastIndexOf('/') + 1);
  if (last === 'nginx' || last === 'nginx-unprivileged' || last === 'openresty') return 'nginx';
  if (last === 'php-fpm' || (last === 'php' && /(^|-)fpm($|-)/.test(tagOf(image)))) return 'php-fpm';
  return undefined;
}

/**
 * Images the project knows to keep serving after the stop signal by default, and for how long:
 * - Skipper (Zalando's HTTP router and ingress, `registry.opensource.zalan.do/teapot/skipper`, the image its docs name):
 *   on SIGTERM it fails its health check and keeps serving for `-wait-for-healthcheck-interval`, default 45s
 *   (zalando/skipper `config/config.go` `defaultWaitForHealthcheckInterval`, and `skipper -help`: "period waiting to
 *   become unhealthy in the loadbalancer pool in front of this instance, before shutdown triggered by SIGINT or
 *   SIGTERM (default 45s)"); the flag in the container's arguments overrides it.
 */
export const KNOWN_SELF_DRAINING: readonly (SelfDrainingImage & { readonly flag?: RegExp })[] = [
  {
    image: 'registry.opensource.zalan.do/teapot/skipper',
    seconds: 45,
    source: 'zalando/skipper config/config.go defaultWaitForHealthcheckInterval (-wait-for-healthcheck-interval, default 45s)',
    flag: /(?:^|\s)--?wait-for-healthcheck-interval(?:=|\s+)(\S+)/,
  },
];

/**
 * A self-draining image's drain, from the user's declarations (config) first, then the project's list; a flag
 * in the container's arguments that sets the wait wins over the default (`parse` reads its value in seconds).
 */
export function selfDrainOf(
  container: Container,
  context: AuditContext,
  parse: (text: string) => number | undefined,
): { readonly seconds: number; readonly description: string } | undefined {
  const repository = repositoryOf(container.image);
  if (repository === undefined) return undefined;
  const declared = (context.selfDrainingImages ?? []).find((d) => repositoryOf(d.image) === repository);
  if (declared !== undefined) return { seconds: declared.seconds, description: `${repository} keeps serving ${declared.seconds}s after the stop signal (declared: ${declared.source})` };
  const known = KNOWN_SELF_DRAINING.find((k) => k.image === repository);
  if (known === undefined) return undefined;
  const words = [...(container.command ?? []), ...(container.args ?? [])].map(String).join(' ');
  const flag = known.flag?.exec(words);
  const seconds = flag ? parse(flag[1]) : known.seconds;
  if (seconds === undefined || seconds <= 0) return undefined;
  return {
    seconds,
    description: flag ? `${repository} keeps serving ${seconds}s after the stop signal (argument ${flag[0].trim()})` : `${repository} keeps serving ${seconds}s after the stop signal by default (${known.source})`,
  };
}

