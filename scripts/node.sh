#!/usr/bin/env bash
# A real single-node Kubernetes cluster on this machine, for the node test suite (test/e2e/node) and
# `graceful-k8s rehearse --kubeconfig`: etcd, kube-apiserver and kube-controller-manager (scripts/control-plane.sh),
# kube-scheduler, kubelet and kube-proxy of one minor, all built from the Go module proxy
# (scripts/kube-build.sh), with Debian's containerd, runc, CNI plugins, iptables and conntrack.
#
#   scripts/node.sh start [minor] [--owner-pid <pid>]
#       minor defaults to 1.33. Starts everything, waits until the Node is Ready and prints on stdout
#         export KUBECONFIG=/run/graceful-k8s-node/kubeconfig
#         export GRACEFUL_K8S_NODE=/run/graceful-k8s-node
#         export GRACEFUL_K8S_NODE_REUSED=0|1
#       The node is a singleton (kubelet ports, iptables, the bridge): when one is already running, start
#       prints the same lines with GRACEFUL_K8S_NODE_REUSED=1 and starts nothing (a different minor is an error).
#       --owner-pid <pid>: a watchdog stops the node once every owner has ended (a killed test run leaves
#       nothing behind); a start that reuses a running node adds its owner. A start without --owner-pid (first or
#       reusing) makes the node permanent until `stop`.
#   scripts/node.sh stop
#       Stops what start started and restores the host: pods' processes, containerd and its shims, mounts,
#       network namespaces, the bridge, iptables chains (KUBE-*, GRACEFUL-K8S-*), the sysctls the kubelet
#       changed, the cgroups and the directories created outside the state dir; removes the state dir.
#   scripts/node.sh image <name|dir>
#       Builds a test image from test/e2e/node/images/<name>/ (or any directory with a main.go and/or an
#       image.txt), caches it in ~/.cache/graceful-k8s/images/, imports it into the running node's containerd
#       (if one runs) and prints its reference, graceful-k8s.local/<name>:<content hash>.
#   scripts/node.sh status      prints the state dir and exits 0 when a node is running and Ready
#
# Network rule (test/e2e/README.md "Real node"): pods live on a bridge this script creates (gk8s0,
# 10.244.0.0/24, the host's address on it 10.244.0.1), with no gateway and no default route, only a route for
# the Service CIDR (10.96.0.0/24) via the bridge address; the host routes the Service CIDR into the bridge;
# net.ipv4.ip_forward must be 0 and stays 0 (start refuses otherwise), and so does every interface's forwarding,
# the bridge's included: the project's rule is that IP forwarding stays off. So a pod cannot reach a ClusterIP on
# this node (its packet reaches the host, kube-proxy rewrites it, and sending it back out of the bridge would be
# forwarding: it is dropped); load is sent from the host's network namespace instead (the node suite's own load,
# `rehearse --load-host-network`), where kube-proxy's OUTPUT rules rewrite it and nothing is forwarded. A guard chain (GRACEFUL-K8S-GUARD, first in mangle FORWARD) drops any forwarded traffic
# that does not go from the bridge to the bridge (in mangle FORWARD, ahead of every filter rule kube-proxy writes).
#
# Environment: GRACEFUL_K8S_NODE_DIR (default /run/graceful-k8s-node), GRACEFUL_K8S_CACHE,
# GRACEFUL_K8S_READY_TIMEOUT (seconds, default 300). Needs root and the Debian packages containerd, runc,
# containernetworking-plugins, iptables, conntrack and busybox-static (`scripts/node.sh deps` installs them).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
STATE=${GRACEFUL_K8S_NODE_DIR:-/run/graceful-k8s-node}
LOCK=$STATE.lock
CACHE=${GRACEFUL_K8S_CACHE:-$HOME/.cache/graceful-k8s}
IMAGES_DIR=$repo/test/e2e/node/images
NODE_NAME=graceful-k8s-node
BRIDGE=gk8s0
POD_CIDR=10.244.0.0/24
BRIDGE_IP=10.244.0.1
BRIDGE_MAC=02:67:6b:38:73:01
SERVICE_CIDR=10.96.0.0/24
GUARD=GRACEFUL-K8S-GUARD
DEFAULT_MINOR=1.33
# Host sysctls the kubelet sets (pkg/kubelet/cm/container_manager_linux.go setupKernelTunables, with
# protectKernelDefaults false), those kube-proxy may set (cmd/kube-proxy/app/server_linux.go, conntrack and
# route_localnet), and ip_forward: recorded before start, written back on stop.
SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes net.ipv4.conf.all.route_localnet net.bridge.bridge-nf-call-iptables
  net.bridge.bridge-nf-call-ip6tables net.netfilter.nf_conntrack_max net.netfilter.nf_conntrack_tcp_timeout_established
  net.netfilter.nf_conntrack_tcp_timeout_close_wait net.ipv4.ip_forward net.ipv6.conf.all.forwarding)
# Directories the kubelet, containerd and the CNI plugins may create outside the state dir even when
# pointed at it: removed on stop when start found them absent.
HOST_PATHS=(/var/lib/kubelet /var/log/pods /var/log/containers /var/lib/cni /run/netns /var/lib/containerd /run/containerd
  /etc/cni /opt/cni /etc/kubernetes /var/lib/dockershim /run/kubernetes /var/lib/kube-proxy /run/mount)

log() { echo "node: $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------- helpers
need_root() { [[ $(id -u) == 0 ]] || die "must run as root (kubelet, containerd, iptables)"; }

deps() {
  need_root
  local missing=()
  for c in containerd runc iptables conntrack busybox; do command -v "$c" >/dev/null || missing+=("$c"); done
  [[ -x /usr/lib/cni/bridge ]] || missing+=(cni)
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages (missing: ${missing[*]})"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    containerd runc containernetworking-plugins iptables conntrack busybox-static >&2
}

ip2int() { local IFS=.; read -r a b c d <<<"$1"; echo $(((a << 24) | (b << 16) | (c << 8) | d)); }
# overlaps A/m B/n
overlaps() {
  local a=${1%/*} m=${1#*/} b=${2%/*} n=${2#*/} k
  ((k = m < n ? m : n))
  local mask=$(((0xffffffff << (32 - k)) & 0xffffffff))
  (($(($(ip2int "$a") & mask)) == $(($(ip2int "$b") & mask))))
}

spawn() {
  local name=$1; shift
  # 8>&-: the start lock's descriptor must not outlive start in the daemons (they would hold the lock forever).
  setsid "$@" </dev/null >"$STATE/$name.log" 2>&1 8>&- &
  echo "$!" >"$STATE/$name.pid"
}
alive() { [[ -f "$STATE/$1.pid" ]] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }
# True when any process of the node (its four node processes, the control plane's, the watchdog) still runs.
node_processes_alive() {
  local c cp
  for c in kubelet kube-proxy kube-scheduler containerd watchdog; do alive "$c" && return 0; done
  if [[ -f "$STATE/control-plane" ]]; then
    cp=$(cat "$STATE/control-plane")
    for c in etcd kube-apiserver kube-controller-manager; do
      [[ -f "$cp/$c.pid" ]] && kill -0 "$(cat "$cp/$c.pid")" 2>/dev/null && return 0
    done
  fi
  return 1
}
stop_group() {
  local name=$1 pid i
  [[ -f "$STATE/$name.pid" ]] || return 0
  pid=$(cat "$STATE/$name.pid")
  kill -TERM -- "-$pid" 2>/dev/null || { rm -f "$STATE/$name.pid"; return 0; }
  for ((i = 0; i < 100; i++)); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$STATE/$name.pid"
}

kctl() { kubectl --kubeconfig "$STATE/kubeconfig" "$@"; }

node_ready() {
  [[ -f "$STATE/kubeconfig" ]] || return 1
  [[ $(kctl get node "$NODE_NAME" -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

print_exports() {
  echo "export KUBECONFIG=$STATE/kubeconfig"
  echo "export GRACEFUL_K8S_NODE=$STATE"
  echo "export GRACEFUL_K8S_NODE_REUSED=$1"
}

fail_start() {
  log "$1"
  [[ -n "${2:-}" && -f "$STATE/$2.log" ]] && tail -n 30 "$STATE/$2.log" >&2
  do_stop
  exit 1
}

# ---------------------------------------------------------------------------------------------- images
# Builds <name|dir> into an OCI image layout tarball (blobs, index.json, oci-layout; one uncompressed layer),
# cached by the hash of its sources; prints "<reference> <tarball>".
build_image() {
  local arg=$1 dir name
  if [[ -d "$arg" ]]; then dir=$(cd "$arg" && pwd); else dir=$IMAGES_DIR/$arg; fi
  [[ -d "$dir" ]] || die "image: no folder $dir"
  name=$(basename "$dir")
  [[ -f "$dir/main.go" || -f "$dir/image.txt" ]] || die "image: $dir has neither main.go nor image.txt"
  local program=$name applets=""
  if [[ -f "$dir/image.txt" ]]; then
    program=$(sed -n 's/^program:[[:space:]]*//p' "$dir/image.txt")
    applets=$(sed -n 's/^busybox:[[:space:]]*//p' "$dir/image.txt")
    [[ -n "$program" ]] || program=$name
  fi
  local progdir=""
  if [[ "$program" != none ]]; then
    if [[ "$program" == "$name" ]]; then progdir=$dir; else progdir=$(dirname "$dir")/$program; fi
    [[ -f "$progdir/main.go" ]] || die "image: no $progdir/main.go"
  fi
  # The module root: the nearest go.mod at or above the program's folder (the images folder has one).
  local modroot=""
  if [[ -n "$progdir" ]]; then
    modroot=$progdir
    while [[ "$modroot" != / && ! -f "$modroot/go.mod" ]]; do modroot=$(dirname "$modroot"); done
    [[ -f "$modroot/go.mod" ]] || modroot=""
  fi
  local busybox=""
  if [[ -n "$applets" ]]; then busybox=$(command -v busybox || true); [[ -n "$busybox" ]] || die "image: busybox-static is not installed"; fi
  local hash
  hash=$( {
    echo "$name|$program|$applets|$(go version)"
    if [[ -n "$progdir" ]]; then
      if [[ -n "$modroot" ]]; then (cd "$modroot" && find . -name '*.go' -o -name go.mod -o -name go.sum | LC_ALL=C sort | xargs sha256sum)
      else (cd "$progdir" && sha256sum ./*.go); fi
    fi
    [[ -f "$dir/image.txt" ]] && sha256sum "$dir/image.txt" | cut -d' ' -f1
    [[ -n "$busybox" ]] && sha256sum "$busybox" | cut -d' ' -f1
  } | sha256sum | cut -c1-12)
  local ref=graceful-k8s.local/$name:h$hash out=$CACHE/images/$name/$hash
  if [[ ! -f "$out/image.tar" ]]; then
    log "building image $ref"
    local work; work=$(mktemp -d)
    mkdir -p "$work/rootfs" "$work/layout/blobs/sha256"
    local entry=()
    if [[ -n "$progdir" ]]; then
      local pkg=.
      [[ -n "$modroot" ]] && pkg=./${progdir#"$modroot"/}
      [[ "$progdir" == "$modroot" ]] && pkg=.
      if [[ -n "$modroot" ]]; then
        (cd "$modroot" && CGO_ENABLED=0 GOWORK=off GOFLAGS=-mod=mod go build -trimpath -ldflags '-s -w' -o "$work/rootfs/$program" "$pkg" >&2)
      else
        (cd "$progdir" && CGO_ENABLED=0 GOWORK=off GO111MODULE=off go build -trimpath -ldflags '-s -w' -o "$work/rootfs/$program" ./*.go >&2)
      fi
      entry=("/$program")
    fi
    if [[ -n "$busybox" ]]; then
      mkdir -p "$work/rootfs/bin"
      install -m 0755 "$busybox" "$work/rootfs/bin/busybox"
      for a in $applets; do ln -s busybox "$work/rootfs/bin/$a"; done
    fi
    mkdir -p "$work/rootfs/tmp" && chmod 1777 "$work/rootfs/tmp"
    # A reproducible layer: sorted names, one mtime, numeric root ownership.
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" .
    local layer_digest layer_size config_digest config_size manifest_digest manifest_size entry_json=null
    layer_digest=$(sha256sum "$work/layer.tar" | cut -d' ' -f1); layer_size=$(stat -c %s "$work/layer.tar")
    mv "$work/layer.tar" "$work/layout/blobs/sha256/$layer_digest"
    ((${#entry[@]})) && entry_json="[\"${entry[0]}\"]"
    # OCI image config (image-spec config.md): PATH=/bin so exec hooks find busybox's applets.
    printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":%s,"Env":["PATH=/bin"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"scripts/node.sh image %s"}]}' \
      "$entry_json" "$layer_digest" "$name" >"$work/config.json"
    config_digest=$(sha256sum "$work/config.json" | cut -d' ' -f1); config_size=$(stat -c %s "$work/config.json")
    mv "$work/config.json" "$work/layout/blobs/sha256/$config_digest"
    printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
      "$config_digest" "$config_size" "$layer_digest" "$layer_size" >"$work/manifest.json"
    manifest_digest=$(sha256sum "$work/manifest.json" | cut -d' ' -f1); manifest_size=$(stat -c %s "$work/manifest.json")
    mv "$work/manifest.json" "$work/layout/blobs/sha256/$manifest_digest"
    # containerd's importer names the image from io.containerd.image.name (containerd images/archive/importer.go).
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"h%s"}}]}' \
      "$manifest_digest" "$manifest_size" "$ref" "$hash" >"$work/layout/index.json"
    echo '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"
    mkdir -p "$out"
    tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/layout" -cf "$out/image.tar.tmp" .
    mv "$out/image.tar.tmp" "$out/image.tar"
    rm -rf "$work"
  fi
  echo "$ref $out/image.tar"
}

ctr_node() { ctr --address "$STATE/containerd/containerd.sock" -n k8s.io "$@"; }

image() {
  local arg=${1:?usage: node.sh image <name|dir>} line ref tarball
  line=$(build_image "$arg"); ref=${line%% *}; tarball=${line#* }
  if [[ -S "$STATE/containerd/containerd.sock" ]]; then
    if ! ctr_node images ls -q 2>/dev/null | grep -qxF "$ref"; then
      ctr_node images import --digests=false "$tarball" >&2 || die "image: ctr import of $tarball failed"
    fi
  else
    log "no node is running: $ref built, not imported"
  fi
  echo "$ref"
}

# ---------------------------------------------------------------------------------------------- start
check_network_preconditions() {
  [[ $(sysctl -n net.ipv4.ip_forward) == 0 ]] ||
    die "net.ipv4.ip_forward is 1: the node's isolation relies on it being 0 (nothing routed off the bridge); refusing to start"
  [[ $(sysctl -n net.ipv6.conf.all.forwarding) == 0 ]] || die "net.ipv6.conf.all.forwarding is 1; refusing to start"
  local route
  while read -r route _; do
    [[ "$route" == default || "$route" != */* ]] && continue
    for cidr in "$POD_CIDR" "$SERVICE_CIDR"; do
      overlaps "$route" "$cidr" && die "host route $route overlaps $cidr; refusing to start"
    done
  done < <(ip -4 route show)
  if iptables-save 2>/dev/null | grep -q '^:KUBE-'; then
    die "iptables already holds KUBE-* chains (another kube-proxy or kubelet on this host?); refusing to start"
  fi
  ! ip link show "$BRIDGE" >/dev/null 2>&1 || die "a link named $BRIDGE exists already (a node not stopped? scripts/node.sh stop)"
  # br_netfilter: bridged frames must pass iptables (kube-proxy's rules, the guard).
  if [[ ! -e /proc/sys/net/bridge/bridge-nf-call-iptables ]]; then
    command -v modprobe >/dev/null && modprobe br_netfilter 2>/dev/null || true
    [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || die "the kernel has no br_netfilter (net.bridge.bridge-nf-call-iptables); load it (modprobe br_netfilter) and start again"
  fi
}

setup_network() {
  local bin
  # A fixed MAC: a bridge without one takes the lowest MAC of its ports and changes it as pods come and go
  # (net/bridge/br_stp_if.c br_stp_recalculate_bridge_id), and pods' ARP entries for the host address then point
  # at a MAC that is gone: their answers to the host are lost until the entry is refreshed. With an address
  # set, the bridge keeps it (BR_SET_MAC_ADDR). A locally administered address.
  ip link add "$BRIDGE" address "$BRIDGE_MAC" type bridge
  ip addr add "$BRIDGE_IP/${POD_CIDR#*/}" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # No forwarding, not even on the bridge (net.ipv4.conf.gk8s0.forwarding stays 0): a pod's packet for a ClusterIP
  # is rewritten by kube-proxy on the host and then dropped by the kernel's route lookup (net/ipv4/route.c
  # ip_route_input_slow: !IN_DEV_FORWARD -> no_route), so pods reach pods on the bridge directly and Services only
  # from the host's network namespace.
  # The Service CIDR goes into the bridge from the host address on it: a packet for a ClusterIP that
  # kube-proxy did not rewrite dies on the bridge instead of following the default route.
  ip route add "$SERVICE_CIDR" dev "$BRIDGE" src "$BRIDGE_IP"
  # br_netfilter: bridged frames pass iptables, so kube-proxy's DNAT applies to pod-to-Service traffic.
  sysctl -qw net.bridge.bridge-nf-call-iptables=1
  # The guard lives in the mangle table's FORWARD chain, which the kernel runs before the filter table's
  # (NF_IP_PRI_MANGLE < NF_IP_PRI_FILTER) and which neither kube-proxy nor the kubelet writes to: kube-proxy
  # prepends its own jumps to filter FORWARD (KUBE-FORWARD accepts marked and established traffic), so a guard
  # there would not stay first.
  for bin in iptables ip6tables; do
    "$bin" -t mangle -N "$GUARD"
  done
  iptables -t mangle -A "$GUARD" -s "$POD_CIDR" ! -o "$BRIDGE" -j DROP
  iptables -t mangle -A "$GUARD" -i "$BRIDGE" ! -o "$BRIDGE" -j DROP
  iptables -t mangle -A "$GUARD" -o "$BRIDGE" ! -i "$BRIDGE" -j DROP
  # IPv6: pods get only link-local addresses; nothing of theirs is forwarded either.
  ip6tables -t mangle -A "$GUARD" -i "$BRIDGE" -j DROP
  ip6tables -t mangle -A "$GUARD" -o "$BRIDGE" -j DROP
  for bin in iptables ip6tables; do
    "$bin" -t mangle -I FORWARD 1 -j "$GUARD"
  done
  # The CNI config: the bridge plugin attaches each pod to gk8s0 without a gateway (isGateway false: no
  # address change on the bridge, no forwarding switched on, containernetworking/plugins plugins/main/bridge),
  # host-local hands out addresses, and the only route besides the subnet is the Service CIDR via the bridge.
  mkdir -p "$STATE/cni/net.d" "$STATE/cni/ipam"
  cat >"$STATE/cni/net.d/10-graceful-k8s.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "graceful-k8s",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BRIDGE",
      "isGateway": false,
      "isDefaultGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "$POD_CIDR", "rangeStart": "10.244.0.10" }]],
        "routes": [{ "dst": "$SERVICE_CIDR", "gw": "$BRIDGE_IP" }],
        "dataDir": "$STATE/cni/ipam"
      }
    }
  ]
}
EOF
}

write_containerd_config() {
  local pause=$1
  mkdir -p "$STATE/containerd"
  # containerd 1.6 (config version 2): its own root, state and sockets under the state dir (no collision with a
  # system containerd), the CRI plugin with the local pause image, runc with cgroupfs (cgroup v1 here),
  # restrict_oom_score_adj (root lacks CAP_SYS_RESOURCE on these machines: runc cannot lower a sandbox's
  # oom_score_adj and every sandbox fails with "can't get final child's PID from pipe: EOF"), and every
  # registry mirrored to 127.0.0.1:1 so an image that is not imported fails locally instead of being pulled.
  cat >"$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$STATE/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp"]

[grpc]
  address = "$STATE/containerd/containerd.sock"
[ttrpc]
  address = "$STATE/containerd/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$pause"
  restrict_oom_score_adj = true
  disable_hugetlb_controller = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
    endpoint = ["http://127.0.0.1:1"]
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors."*"]
    endpoint = ["http://127.0.0.1:1"]
EOF
}

record_host() {
  mkdir -p "$STATE/host"
  local k v
  for k in "${SYSCTLS[@]}"; do
    v=$(sysctl -n "$k" 2>/dev/null) && printf '%s=%s\n' "$k" "$v"
  done >"$STATE/host/sysctls"
  for p in "${HOST_PATHS[@]}"; do [[ -e "$p" ]] || echo "$p"; done >"$STATE/host/created-paths"
  nft list tables 2>/dev/null | sort >"$STATE/host/nft-tables" || true
  # The kubelet's (kubepods) and containerd's own (k8s.io: containers made with ctr in that namespace).
  for c in /sys/fs/cgroup/*/; do
    for d in kubepods k8s.io; do [[ -d "$c$d" ]] || echo "$c$d"; done
  done >"$STATE/host/cgroups"
}

start() {
  need_root
  local minor=$DEFAULT_MINOR owner=""
  while (($#)); do
    case "$1" in
      --owner-pid) owner=${2:?--owner-pid needs a pid}; shift 2 ;;
      1.*) minor=$1; shift ;;
      *) die "unknown argument $1" ;;
    esac
  done
  [[ "$minor" =~ ^1\.[0-9]+$ ]] || die "minor must look like 1.33, got '$minor'"
  mkdir -p "$(dirname "$LOCK")"
  exec 8>"$LOCK"
  flock 8
  # A node whose processes are all gone (its run was killed with no chance to stop it: a session that ended,
  # a SIGKILL) left only its state dir and host changes; stop restores the host, then this start goes on.
  if [[ -d "$STATE" ]] && ! node_processes_alive; then
    log "removing what an ended run left in $STATE (none of its processes runs)"
    do_stop 0
  fi
  if [[ -f "$STATE/node" ]]; then
    local running; running=$(cat "$STATE/node")
    [[ "$running" == "$minor" ]] || die "a node of $running runs already ($STATE); stop it first (scripts/node.sh stop)"
    node_ready || die "a node runs in $STATE but is not Ready (scripts/node.sh stop, then start again)"
    # A reusing start without an owner (a person at a shell) keeps the node until `stop`.
    echo "${owner:-permanent}" >>"$STATE/owners"
    log "reusing the running node $minor ($STATE)"
    print_exports 1
    return 0
  fi
  deps
  check_network_preconditions

  # Binaries: etcd, kube-apiserver and kube-controller-manager through control-plane.sh; the node's three here.
  log "building what is missing for $minor (first time: many minutes)"
  "$here/control-plane.sh" build "$minor" >&2
  local sched kubelet proxy
  sched=$("$here/kube-build.sh" kube-scheduler "$minor")
  kubelet=$("$here/kube-build.sh" kubelet "$minor")
  proxy=$("$here/kube-build.sh" kube-proxy "$minor")

  mkdir -p "$STATE"
  chmod 700 "$STATE"
  echo "$minor" >"$STATE/node"
  : >"$STATE/owners"
  [[ -n "$owner" ]] && echo "$owner" >>"$STATE/owners"
  record_host
  trap 'fail_start "interrupted"' INT TERM

  local pause
  pause=$(build_image pause); pause=${pause%% *}
  setup_network
  write_containerd_config "$pause"

  log "starting containerd"
  spawn containerd containerd --config "$STATE/containerd/config.toml"
  local deadline=$((SECONDS + ${GRACEFUL_K8S_READY_TIMEOUT:-300}))
  until ctr_node version >/dev/null 2>&1; do
    alive containerd || fail_start "containerd exited" containerd
    ((SECONDS < deadline)) || fail_start "containerd did not answer" containerd
    sleep 0.2
  done
  image pause >/dev/null

  log "starting the control plane"
  local cp_out
  cp_out=$(TMPDIR=$STATE "$here/control-plane.sh" 8>&- start "$minor" --service-cidr "$SERVICE_CIDR" \
    --apiserver-flag --kubelet-preferred-address-types=InternalIP) || fail_start "control plane failed"
  local cp_dir; cp_dir=$(sed -n 's/^export GRACEFUL_K8S_CONTROL_PLANE=//p' <<<"$cp_out")
  echo "$cp_dir" >"$STATE/control-plane"
  cp "$cp_dir/kubeconfig" "$STATE/kubeconfig"
  chmod 600 "$STATE/kubeconfig"

  log "starting kube-scheduler"
  spawn kube-scheduler "$sched" --kubeconfig "$STATE/kubeconfig" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0

  # kubelet: KubeletConfiguration (kubelet.config.k8s.io/v1beta1). Serving on the bridge address (the node's
  # InternalIP: the API server reaches it for logs and exec without leaving the bridge), anonymous access with
  # AlwaysAllow (a throwaway node), cgroupfs (cgroup v1 here), no DNS (resolvConf ""), no evictions (kind's
  # settings for a test node: evictionHard at 0 %), pod logs and the root dir under the state dir.
  mkdir -p "$STATE/kubelet" "$STATE/pod-logs"
  {
    cat <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $BRIDGE_IP
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: true}
  webhook: {enabled: false}
authorization: {mode: AlwaysAllow}
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$STATE/containerd/containerd.sock
failSwapOn: false
resolvConf: ""
podLogsDir: $STATE/pod-logs
evictionHard: {memory.available: "0%", nodefs.available: "0%", nodefs.inodesFree: "0%", imagefs.available: "0%"}
imageGCHighThresholdPercent: 100
serializeImagePulls: false
maxPods: 60
EOF
    # From 1.35 the kubelet refuses cgroup v1 unless told otherwise (KEP-5573, failCgroupV1).
    ((${minor#1.} >= 35)) && echo "failCgroupV1: false"
  } >"$STATE/kubelet-config.yaml"
  log "starting kubelet"
  spawn kubelet "$kubelet" --config "$STATE/kubelet-config.yaml" --kubeconfig "$STATE/kubeconfig" \
    --root-dir "$STATE/kubelet" --cert-dir "$STATE/kubelet/pki" --hostname-override "$NODE_NAME" \
    --node-ip "$BRIDGE_IP" --v 1

  # kube-proxy: iptables mode with the cluster CIDR, conntrack settings left alone (0), no localhost NodePorts
  # (they need route_localnet), NodePorts only on the bridge address, health and metrics on loopback.
  cat >"$STATE/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $STATE/kubeconfig}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $POD_CIDR
bindAddress: $BRIDGE_IP
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$BRIDGE_IP/32"]
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s, udpTimeout: 0s, udpStreamTimeout: 0s}
iptables: {localhostNodePorts: false}
EOF
  log "starting kube-proxy"
  spawn kube-proxy "$proxy" --config "$STATE/kube-proxy-config.yaml"

  until node_ready; do
    for c in kubelet kube-proxy kube-scheduler containerd; do alive "$c" || fail_start "$c exited" "$c"; done
    ((SECONDS < deadline)) || fail_start "the node did not get Ready in ${GRACEFUL_K8S_READY_TIMEOUT:-300} s" kubelet
    sleep 1
  done
  [[ $(sysctl -n net.ipv4.ip_forward) == 0 ]] || fail_start "net.ipv4.ip_forward became 1 during start"
  if [[ -n "$owner" ]]; then
    # Stops the node once every owner has ended (owners is appended to by starts that reuse the node).
    setsid bash -c 'while [[ -f "$1/node" ]]; do
        alive=0; while read -r p; do [[ "$p" == permanent ]] && alive=1; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && alive=1; done <"$1/owners"
        ((alive)) || break; sleep 2; done
      [[ -f "$1/node" ]] && "$2" stop --from-watchdog' watchdog "$STATE" "$here/node.sh" </dev/null >/dev/null 2>&1 8>&- &
    echo "$!" >"$STATE/watchdog.pid"
  fi
  trap - INT TERM
  log "node $NODE_NAME Ready: kubelet $("$kubelet" --version 2>/dev/null | awk '{print $2}'), containerd $(containerd --version | awk '{print $3}'), state $STATE"
  print_exports 0
}

# ---------------------------------------------------------------------------------------------- stop
unmount_under() {
  local prefix=${1%/} m
  # The path itself and every mount below it, deepest first.
  findmnt -rn -o TARGET | awk -v p="$prefix" '$0 == p || index($0, p "/") == 1' | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2- |
    while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"; done || true
}

do_stop() {
  local from_watchdog=${1:-0}
  # Control loops first, so nothing restarts what is being removed.
  local bin
  for c in kube-proxy kubelet kube-scheduler; do stop_group "$c"; done
  # The pods' processes: every process in the kubelet's cgroups.
  local procs
  for c in /sys/fs/cgroup/pids/kubepods /sys/fs/cgroup/memory/kubepods /sys/fs/cgroup/freezer/kubepods; do
    [[ -d "$c" ]] || continue
    procs=$(find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null || true)
    # || true: a process that ended meanwhile (a pod being deleted) makes kill fail, and set -e would stop here.
    [[ -n "$procs" ]] && { kill -KILL $procs 2>/dev/null || true; }
  done
  stop_group containerd
  # The shims (containerd-shim-runc-v2 starts them in their own sessions, with our socket in their command line).
  local p
  for p in /proc/[0-9]*; do
    if grep -qaF -- "$STATE/containerd/containerd.sock" "$p/cmdline" 2>/dev/null; then kill -KILL "${p#/proc/}" 2>/dev/null || true; fi
  done
  if [[ -f "$STATE/control-plane" ]]; then
    local cp; cp=$(cat "$STATE/control-plane")
    [[ -d "$cp" ]] && "$here/control-plane.sh" stop "$cp" >&2 || true
  fi
  # Network namespaces containerd made (bind mounts under /run/netns), then mounts under the state dir.
  if [[ -d /run/netns ]]; then
    for n in /run/netns/cni-*; do
      [[ -e "$n" ]] || continue
      umount "$n" 2>/dev/null || umount -l "$n" 2>/dev/null || true
      rm -f "$n"
    done
  fi
  unmount_under "$STATE/"
  ip link del "$BRIDGE" 2>/dev/null || true
  # iptables: our guard and every KUBE-* chain (start refused to run when one existed), both families.
  for bin in iptables ip6tables; do
    "$bin" -t mangle -D FORWARD -j "$GUARD" 2>/dev/null || true
    "$bin" -t mangle -F "$GUARD" 2>/dev/null || true
    "$bin" -t mangle -X "$GUARD" 2>/dev/null || true
  done
  local table chain rule
  for bin in iptables ip6tables; do
    for table in filter nat mangle; do
      # Rules in any chain that jump to a KUBE- chain, then the chains themselves.
      "$bin-save" -t "$table" 2>/dev/null | grep -E '^-A .* -j KUBE-' | sed 's/^-A /-D /' | while read -r rule; do
        eval "$bin -t $table $rule" 2>/dev/null || true
      done || true
      for chain in $("$bin-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do "$bin" -t "$table" -F "$chain" 2>/dev/null || true; done
      for chain in $("$bin-save" -t "$table" 2>/dev/null | sed -n 's/^:\(KUBE-[^ ]*\) .*/\1/p'); do "$bin" -t "$table" -X "$chain" 2>/dev/null || true; done
    done
  done
  # nftables tables that appeared (kube-proxy probes its nftables mode and may leave a table).
  if [[ -f "$STATE/host/nft-tables" ]] && command -v nft >/dev/null; then
    nft list tables 2>/dev/null | sort | comm -13 "$STATE/host/nft-tables" - | while read -r _ fam name; do
      nft delete table "$fam" "$name" 2>/dev/null || true
    done || true
  fi
  # Sysctls back to what they were.
  if [[ -f "$STATE/host/sysctls" ]]; then
    local kv
    while read -r kv; do
      [[ $(sysctl -n "${kv%%=*}" 2>/dev/null) == "${kv#*=}" ]] || sysctl -qw "$kv" 2>/dev/null || log "could not restore $kv"
    done <"$STATE/host/sysctls"
  fi
  # cgroups the kubelet made (deepest first; only empty ones can go).
  if [[ -f "$STATE/host/cgroups" ]]; then
    while read -r c; do
      [[ -d "$c" ]] && find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    done <"$STATE/host/cgroups"
  fi
  unmount_under "$STATE"
  # Directories created outside the state dir (last: /run/mount, util-linux's utab, which umount itself creates).
  if [[ -f "$STATE/host/created-paths" ]]; then
    while read -r p; do
      [[ -e "$p" ]] || continue
      unmount_under "$p"
      rm -rf "$p" || log "could not remove $p"
    done <"$STATE/host/created-paths"
  fi
  local watchdog=""
  [[ -f "$STATE/watchdog.pid" ]] && watchdog=$(cat "$STATE/watchdog.pid")
  rm -rf "$STATE" || log "could not remove $STATE"
  [[ "$from_watchdog" == 0 && -n "$watchdog" ]] && { kill -TERM -- "-$watchdog" 2>/dev/null || true; }
  log "stopped; host restored"
  return 0
}

stop() {
  need_root
  local from_watchdog=0
  [[ "${1:-}" == --from-watchdog ]] && from_watchdog=1
  mkdir -p "$(dirname "$LOCK")"
  exec 8>"$LOCK"
  flock 8
  [[ -f "$STATE/node" || -d "$STATE" ]] || { log "no node running ($STATE)"; return 0; }
  do_stop "$from_watchdog"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  image) shift; image "$@" ;;
  deps) deps ;;
  status) [[ -f "$STATE/node" ]] && node_ready && { echo "$STATE"; exit 0; }; exit 1 ;;
  *) die "usage: node.sh start [minor] [--owner-pid <pid>] | stop | image <name|dir> | status | deps" ;;
esac
