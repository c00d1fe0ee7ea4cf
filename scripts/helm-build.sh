#!/usr/bin/env bash
# Builds helm (Helm 3's CLI, helm.sh/helm/v3/cmd/helm) from the Go module proxy, once, into
# ${GRACEFUL_K8S_CACHE:-~/.cache/graceful-k8s}/helm/<version>/helm, and prints that path. A binary already there is
# reused (no network, no compiler). test/e2e/helm uses it to run `helm template --post-renderer` for real.
#
#   scripts/helm-build.sh [version]              default: the pinned version below
#   HELM_BUILD_CACHED_ONLY=1 scripts/helm-build.sh   prints the path if built, else exits 3
#
# `go install helm.sh/helm/v3/cmd/helm@vX` works as is: helm's go.mod has no replace directive. The version helm
# reports (`helm version`) is stamped with -X helm.sh/helm/v3/internal/version.version=vX, as helm's own Makefile does
# (LDFLAGS += -X helm.sh/helm/v3/internal/version.version=$(BINARY_VERSION)).
set -euo pipefail

version=${1:-3.22.1}
version=${version#v}
cache=${GRACEFUL_K8S_CACHE:-$HOME/.cache/graceful-k8s}
out="$cache/helm/$version"
bin="$out/helm"
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
[[ "${HELM_BUILD_CACHED_ONLY:-}" == 1 ]] && exit 3

mkdir -p "$out"
# One build per version at a time: a second caller waits here and then reuses the binary.
exec 9>"$out/.lock"
flock 9
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "helm-build: building helm v$version (first time only; a few minutes)" >&2
# The shared machine: the lowest priority, as the other builds use.
CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off GOBIN="$work" nice -n 19 \
  go install -trimpath -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$version" "helm.sh/helm/v3/cmd/helm@v$version" >&2
mv "$work/helm" "$bin"
echo "$bin"
