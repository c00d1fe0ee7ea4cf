#!/usr/bin/env bash
# Measures the whole CI run (`bash .ci/run`) cold, as on a new machine: a fresh clone of this repository's HEAD;
# empty npm, pip, Go build, Go module and binary caches (npm_config_cache, PIP_CACHE_DIR, GOCACHE, GOMODCACHE,
# GRACEFUL_K8S_CACHE) in a temporary directory; and, with PURGE_DEBIAN=1, the Debian packages the real node needs
# (containerd, runc, containernetworking-plugins, conntrack, busybox-static) purged first, so `scripts/node.sh deps`
# installs them again. Every kube component, etcd, the Pulumi engine and the images are then downloaded and built.
# Prints /usr/bin/time -v's report (wall clock, CPU) and the load average at the start and the end; needs about
# 30 GB of free disk and root. The temporary directory is removed afterwards unless KEEP=1.
#
#   PURGE_DEBIAN=1 scripts/measure-cold-ci.sh     # README "Development" states the result
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/graceful-k8s-cold-ci.XXXXXX")
[[ "${KEEP:-}" == 1 ]] || trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
if [[ "${PURGE_DEBIAN:-}" == 1 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq containerd runc containernetworking-plugins conntrack busybox-static >&2
fi
git clone -q "$repo" "$work/p"
# The tree's sibling `shared` folder, when there is one (docs tests read it).
[[ -e "$repo/../shared" ]] && ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"
cd "$work/p"
export npm_config_cache="$work/npm" PIP_CACHE_DIR="$work/pip" GOCACHE="$work/gocache" GOMODCACHE="$work/gomod" \
  GRACEFUL_K8S_CACHE="$work/cache" CI=true
unset GRACEFUL_K8S_E2E_MINORS KUBECONFIG
date -u +"start: %FT%TZ"; cat /proc/loadavg
/usr/bin/time -v bash .ci/run
date -u +"end: %FT%TZ"; cat /proc/loadavg
