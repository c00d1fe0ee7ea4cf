#!/usr/bin/env bash
# Measures `npm run test:e2e` cold, for every minor: a fresh clone of this repository's HEAD, and empty Go build
# cache, Go module cache and binary cache (GOCACHE, GOMODCACHE, GRACEFUL_K8S_CACHE) in a temporary directory, so
# etcd, every kube-apiserver, the controller managers and the Pulumi engine are downloaded and built from the
# registries. Prints /usr/bin/time -v's report (wall clock, CPU) at the end; needs about 30 GB of free disk.
# The temporary directory is removed afterwards unless KEEP=1.
#
#   scripts/measure-cold-e2e.sh            # test/e2e/README.md "Times" has the results
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/graceful-k8s-cold.XXXXXX")
[[ "${KEEP:-}" == 1 ]] || trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
git clone -q "$repo" "$work/p"
# The tree's sibling `shared` folder, when there is one (docs tests read it).
[[ -e "$repo/../shared" ]] && ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"
cd "$work/p"
npm ci --silent
export GOCACHE="$work/gocache" GOMODCACHE="$work/gomod" GRACEFUL_K8S_CACHE="$work/cache"
unset GRACEFUL_K8S_E2E_MINORS KUBECONFIG
date -u +"start: %FT%TZ"
/usr/bin/time -v npm run test:e2e
date -u +"end: %FT%TZ"
