#!/usr/bin/env bash
# Builds kube-score (https://github.com/zegl/kube-score, the peer the audit benchmark compares against) from
# the Go module proxy, once, into ${GRACEFUL_K8S_CACHE:-~/.cache/graceful-k8s}/kube-score/<version>/kube-score,
# and prints that path. A binary already there is reused (no network, no compiler). Modelled on kube-build.sh.
#
#   scripts/kube-score-build.sh [version]          default 1.20.0 (the newest tag `go list -m -versions
#                                                  github.com/zegl/kube-score` listed when this was written)
#   KUBE_BUILD_CACHED_ONLY=1 scripts/kube-score-build.sh   prints the path if built, else exits 3
#
# kube-score's go.mod has no replace directive, so a plain `go install module/cmd/kube-score@vX` works
# (cmd/go refuses `pkg@version` only for modules with replace directives). Built with `nice -n 19`: the
# machine is shared. The version string kube-score prints is set by goreleaser's ldflags in releases
# (main.version in cmd/kube-score/main.go); we stamp the same variable so `kube-score version` is true.
set -euo pipefail

version=${1:-1.20.0}
version=${version#v}
cache=${GRACEFUL_K8S_CACHE:-$HOME/.cache/graceful-k8s}
out="$cache/kube-score/$version"
bin="$out/kube-score"
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
[[ "${KUBE_BUILD_CACHED_ONLY:-}" == 1 ]] && exit 3

mkdir -p "$out"
# One build per version at a time: a second caller waits here and then reuses the binary.
exec 9>"$out/.lock"
flock 9
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off GOBIN="$work/bin"
echo "kube-score-build: building github.com/zegl/kube-score v$version (first time only; a few minutes)" >&2
nice -n 19 go install -trimpath -ldflags "-s -w -X main.version=$version" \
  "github.com/zegl/kube-score/cmd/kube-score@v$version" >&2
mv "$work/bin/kube-score" "$bin"
echo "kube-score-build: built $bin in $SECONDS s" >&2
echo "$bin"
