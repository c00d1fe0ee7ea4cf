#!/usr/bin/env bash
# Builds one Kubernetes component (kube-apiserver, kube-controller-manager, kube-scheduler, kubelet,
# kube-proxy, kubectl) or etcd
# from the Go module proxy, once, into ~/.cache/graceful-k8s/<component>/<version>/<component>, and prints
# that path. A binary already there is reused (no network, no compiler).
#
#   scripts/kube-build.sh <component> <minor|version>     e.g. kube-apiserver 1.30, etcd 3.6
#   KUBE_BUILD_CACHED_ONLY=1 scripts/kube-build.sh ...       prints the path if built, else exits 3
#
# Why a wrapper module: `go install k8s.io/kubernetes/cmd/kube-apiserver@v1.N.P` is refused because
# k8s.io/kubernetes' go.mod replaces its staging modules (k8s.io/api, k8s.io/apiserver, ...) with
# ./staging/src/... directories, and `go install pkg@version` refuses any module with replace directives
# (cmd/go: "The go.mod file for the module providing named packages contains one or more replace
# directives"). The wrapper module (scripts/kube-wrapper/go.mod.tmpl) requires k8s.io/kubernetes v1.N.P and
# replaces every staging module it names with the published tag of the same release, v0.N.P (staging
# modules are published from the same commit under that tag: kubernetes staging/README.md).
#
# The version is stamped with -X k8s.io/component-base/version.gitVersion=v1.N.P (and gitMajor/gitMinor):
# without it the server reports v0.0.0-master, and clients that read /version (kubectl, the Pulumi
# provider) would misjudge it (component-base/version/base.go documents these variables as set by ldflags;
# kubernetes hack/lib/version.sh kube::version::ldflags sets the same ones).
# -checklinkname=0: releases before Go 1.23 existed pull modules that //go:linkname into the runtime, which
# the Go 1.23+ linker refuses by default (Go 1.23 release notes, "Linker").
set -euo pipefail

component=${1:?usage: kube-build.sh <kube-apiserver|kube-controller-manager|kube-scheduler|kubelet|kube-proxy|kubectl|etcd> <minor|version>}
want=${2:?usage: kube-build.sh <component> <minor|version>}
here=$(cd "$(dirname "$0")" && pwd)
cache=${GRACEFUL_K8S_CACHE:-$HOME/.cache/graceful-k8s}

# The newest patch of each minor that the Go module proxy served when this was written (go list -m
# -versions k8s.io/kubernetes; etcd: go.etcd.io/etcd/server/v3). A full version (1.30.14) is used as is.
resolve() {
  case "$1" in
    etcd:3.6) echo 3.6.16 ;;
    etcd:*.*.*) echo "${1#etcd:}" ;;
    *:1.29) echo 1.29.6 ;;
    *:1.30) echo 1.30.14 ;;
    *:1.31) echo 1.31.14 ;;
    *:1.32) echo 1.32.13 ;;
    *:1.33) echo 1.33.13 ;;
    *:1.34) echo 1.34.4 ;;
    *:1.35) echo 1.35.4 ;;
    *:1.36) echo 1.36.3 ;;
    *:1.37) echo 1.37.2 ;;
    *:1.*.*) echo "${1#*:}" ;;
    *) echo "kube-build: unknown version '${1#*:}' for ${1%%:*}" >&2; return 1 ;;
  esac
}
version=$(resolve "$component:${want#v}")
out="$cache/$component/$version"
bin="$out/$component"
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
# KUBE_BUILD_CACHED_ONLY=1: only say whether it is built (exit 3 when not), never build.
[[ "${KUBE_BUILD_CACHED_ONLY:-}" == 1 ]] && exit 3

mkdir -p "$out"
# One build per component and version at a time: a second caller waits here and then reuses the binary.
exec 9>"$out/.lock"
flock 9
if [[ -x "$bin" ]]; then echo "$bin"; exit 0; fi
work=$(mktemp -d "$out/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOWORK=off
log() { echo "kube-build: $*" >&2; }

case "$component" in
  etcd)
    # A tiny main around etcdmain.Main (what etcd's own main.go in server/ does).
    sed "s/@VERSION@/v$version/" "$here/etcd-wrapper/go.mod.tmpl" >"$work/go.mod"
    cp "$here/etcd-wrapper/main.go.tmpl" "$work/main.go"
    log "building etcd v$version (first time only; a few minutes)"
    (cd "$work" && go build -trimpath -ldflags '-s -w' -o "$bin.tmp" . >&2)
    ;;
  kube-apiserver | kube-controller-manager | kube-scheduler | kubelet | kube-proxy | kubectl)
    minor=${version%.*}
    stagingv="v0.${minor#1.}.${version##*.}"
    log "resolving k8s.io/kubernetes v$version"
    gomod=$(cd "$work" && go mod download -json "k8s.io/kubernetes@v$version" |
      sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
    [[ -f "$gomod" ]] || { log "no go.mod for k8s.io/kubernetes v$version"; exit 1; }
    # Every `k8s.io/<name> => ./staging/src/k8s.io/<name>` line names a staging module.
    replaces=$(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/src/.*#\t\1 => \1 '"$stagingv"'#p' "$gomod")
    [[ -n "$replaces" ]] || { log "no staging replace directives found in $gomod"; exit 1; }
    # The release's own go and godebug lines: the main module's go line sets the GODEBUG defaults of
    # the binary (go.dev/doc/godebug), so the wrapper keeps the release's.
    {
      sed "s/@VERSION@/v$version/" "$here/kube-wrapper/go.mod.tmpl"
      grep -E '^(go|godebug) ' "$gomod" || true
      printf 'replace (\n%s\n)\n' "$replaces"
    } >"$work/go.mod"
    pkg="k8s.io/kubernetes/cmd/$component"
    [[ "$component" == kubectl ]] && pkg=k8s.io/kubernetes/cmd/kubectl
    ldflags="-s -w -checklinkname=0"
    for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags+=" -X $v.gitVersion=v$version -X $v.gitMajor=1 -X $v.gitMinor=${minor#1.}"
      ldflags+=" -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z"
    done
    log "building $component v$version (first time only; many minutes on 2 cores)"
    (cd "$work" && go build -trimpath -ldflags "$ldflags" -o "$bin.tmp" "$pkg" >&2)
    ;;
  *) log "unknown component $component"; exit 1 ;;
esac
mv "$bin.tmp" "$bin"
log "built $bin in $SECONDS s"
echo "$bin"
