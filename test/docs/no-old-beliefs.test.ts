import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';

/**
 * Issue #11 corrected beliefs that the code and docs stated. Each old statement is listed with what replaced
 * it; none may come back in the sources, the docs or the README (the CLI help is built from the sources).
 */
const OLD_BELIEFS: ReadonlyArray<readonly [RegExp, string]> = [
  [/rejects the hook loudly/i, 'an older API server silently drops the native sleep with the whole preStop (dropPodLifecycleSleepAction)'],
  [/before the app gets SIGTERM/i, 'at the grace period the kubelet sends the stop signal and SIGKILL 2 s later (minimumGracePeriodInSeconds)'],
  [/one-off 2 ?s extension/i, 'the 2 s are a minimum stop window after the stop signal, not an extension of preStop'],
  [/without the gate the API server drops the field and the container gets SIGTERM/i, "the container gets its image's STOPSIGNAL"],
  [/a ready pod does not count as progress/i, 'DeploymentProgressing counts a rise in ready replicas as progress'],
  [/minReadySeconds = D\b|= drain delay \d+s: routers register/i, 'minReadySeconds is the registration lag of a load balancer without a readiness gate'],
  [/oldest cluster minor the manifests run on/i, 'kubernetesVersion is the oldest API server and kubelet'],
  [/maxSurge must be a whole number of pods >= 0 or a percentage from '0%' to '100%'/, 'maxSurge above 100% is legal'],
];

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, ext) : ext.test(name) ? [path] : [];
  });
}

const root = join(__dirname, '..', '..');
const files = [join(root, 'README.md'), ...filesUnder(join(root, 'docs'), /\.md$/), ...filesUnder(join(root, 'src'), /\.ts$/)];

test.each(OLD_BELIEFS.map(([pattern, now]) => [pattern.source, pattern, now] as const))(
  'no source, doc or README states the old belief /%s/',
  (_source, pattern, now) => {
    const offenders = files.filter((file) => pattern.test(readFileSync(file, 'utf8')));
    expect({ offenders, now }).toEqual({ offenders: [], now });
  },
);
