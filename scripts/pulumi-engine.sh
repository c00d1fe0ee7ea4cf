#!/usr/bin/env bash
# The Pulumi engine for the end-to-end tests and the engine benchmark: the Pulumi CLI and the Kubernetes
# resource provider plugin, built from the Go module proxy once and cached outside the repository:
#   ~/.cache/graceful-k8s/pulumi/v<cli>/bin/pulumi
#   ~/.cache/graceful-k8s/pulumi/kubernetes-v<provider>/bin/pulumi-resource-kubernetes
# Binaries already there are reused (no network, no compiler).
#
#   scripts/pulumi-engine.sh path     builds what is missing, prints the two bin dirs as a PATH prefix
#                                     (dir:dir); build logs go to stderr
#
# No language host is built: the tests and the benchmark run Automation API inline programs
# (@pulumi/pulumi/automation), whose program runs in the calling Node process (sdk/nodejs/automation/
# stack.ts: up/preview of an inline program start a LanguageServer in-process). Plugins are found on PATH
# (sdk/go/common/workspace/plugins.go, GetPluginPath: "A plugin may be overridden entirely by placing it
# on your $PATH"), so the caller puts this PATH prefix first and turns automatic plugin acquisition off.
#
# Versions:
# - CLI v3.248.0: the version of the Node SDK this repository pins (@pulumi/pulumi ~3.248.0), and one the
#   proxy serves for github.com/pulumi/pulumi/pkg/v3. The version is stamped with
#   -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version: `pulumi version` prints it, and the
#   Node SDK's Automation API parses it (sdk/nodejs/automation/localWorkspace.ts checks a minimum CLI
#   version; stack.ts refuses `destroy` of an inline program below 3.181.0).
# - Provider 4.25.0: the proxy serves github.com/pulumi/pulumi-kubernetes/provider/v4 only as the
#   pseudo-version v4.0.0-20260115033456-f47bc2d6f199; commit f47bc2d6f199 is the one tagged v4.25.0 in
#   pulumi/pulumi-kubernetes, so it is stamped 4.25.0 (the provider's Makefile stamps
#   provider/v4/pkg/version.Version the same way) and matches the npm package @pulumi/kubernetes 4.25.0.
set -euo pipefail

CLI_VERSION=3.248.0
PROVIDER_VERSION=4.25.0
PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199

cache=${GRACEFUL_K8S_CACHE:-$HOME/.cache/graceful-k8s}/pulumi
cli_dir="$cache/v$CLI_VERSION/bin"
provider_dir="$cache/kubernetes-v$PROVIDER_VERSION/bin"
log() { echo "pulumi-engine: $*" >&2; }
export GOFLAGS=-mod=mod GOWORK=off

# The CLI. `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v3.N.P` is refused: pkg/v3's go.mod
# replaces github.com/pulumi/pulumi/sdk/v3 with ../sdk (a directory of the repository, not in the module),
# and `go install pkg@version` refuses modules with replace directives. A wrapper module requires pkg/v3
# and sdk/v3 at the same version and repeats pkg/v3's one other replace (github.com/atotto/clipboard).
build_cli() {
  local bin="$cli_dir/pulumi" work
  [[ -x "$bin" ]] && return 0
  mkdir -p "$cli_dir"
  work=$(mktemp -d "$cache/cli-build.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" RETURN
  cat >"$work/go.mod" <<EOF
module graceful-k8s.local/pulumi-cli

go 1.25.11

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
  log "building the Pulumi CLI v$CLI_VERSION (first time only; 10-30 minutes on 2 cores)"
  (
    cd "$work"
    go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$CLI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$CLI_VERSION" >&2
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$CLI_VERSION" \
      -o "$bin.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
  )
  mv "$bin.tmp" "$bin"
}

# The Kubernetes provider. Its module replaces github.com/pulumi/pulumi-kubernetes/sdk/v4 with ../sdk, so
# it is copied out of the module cache, the replace dropped for the published sdk/v4 of the same release
# (sdk/v4.25.0), and its embedded schema generated first: cmd/pulumi-resource-kubernetes/main.go embeds
# schema-embed.json and terraform-mapping-embed.json, which its `go:generate go run ./generate.go` writes
# from the committed schema.json with VERSION stamped in (the provider's Makefile, target k8sprovider, runs
# `VERSION=... go generate` before `go build`).
build_provider() {
  local bin="$provider_dir/pulumi-resource-kubernetes" work src
  [[ -x "$bin" ]] && return 0
  mkdir -p "$provider_dir"
  work=$(mktemp -d "$cache/provider-build.XXXXXX")
  # shellcheck disable=SC2064
  trap "chmod -R u+w '$work'; rm -rf '$work'" RETURN
  log "building pulumi-resource-kubernetes $PROVIDER_VERSION (first time only; 10-30 minutes on 2 cores)"
  src=$(cd "$work" && go mod download -json "github.com/pulumi/pulumi-kubernetes/provider/v4@$PROVIDER_MODULE_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  [[ -d "$src" ]] || { log "the Go module proxy did not give github.com/pulumi/pulumi-kubernetes/provider/v4@$PROVIDER_MODULE_VERSION"; exit 1; }
  cp -r "$src" "$work/provider"
  chmod -R u+w "$work/provider"
  (
    cd "$work/provider"
    go mod edit -dropreplace github.com/pulumi/pulumi-kubernetes/sdk/v4 \
      -require "github.com/pulumi/pulumi-kubernetes/sdk/v4@v$PROVIDER_VERSION"
    go mod tidy >&2
    (cd cmd/pulumi-resource-kubernetes && VERSION=$PROVIDER_VERSION go run ./generate.go >&2)
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$PROVIDER_VERSION" \
      -o "$bin.tmp" ./cmd/pulumi-resource-kubernetes >&2
  )
  mv "$bin.tmp" "$bin"
}

case "${1:-}" in
  path)
    build_cli
    build_provider
    echo "$cli_dir:$provider_dir"
    ;;
  *) log "usage: pulumi-engine.sh path"; exit 1 ;;
esac
