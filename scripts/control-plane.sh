#!/usr/bin/env bash
# A local Kubernetes control plane for the end-to-end tests: etcd, kube-apiserver and (optionally)
# kube-controller-manager of one minor, built from the Go module proxy on first use (scripts/kube-build.sh,
# cached under ~/.cache/graceful-k8s/), listening on 127.0.0.1 only. No nodes, no scheduler: objects are
# stored, validated, defaulted and acted on by controllers, but no pod runs.
#
#   scripts/control-plane.sh start <minor> [--feature-gates <gates>] [--no-controller-manager] [--owner-pid <pid>]
#                                  [--service-cidr <cidr>] [--apiserver-flag <--flag=value>]...
#       Builds what is missing, starts the components, waits until /readyz answers 200, and prints on stdout
#         export KUBECONFIG=<state dir>/kubeconfig
#         export GRACEFUL_K8S_CONTROL_PLANE=<state dir>
#       (eval "$(scripts/control-plane.sh start 1.30)"). Everything else goes to stderr. Exit 1 with the
#       tail of the failing component's log when a component exits or does not get ready in time.
#       --feature-gates is passed to kube-apiserver and kube-controller-manager (e.g.
#       PodLifecycleSleepAction=false). Several control planes may run at once (each gets its own ports).
#       --service-cidr: the Service ClusterIP range (default 10.0.0.0/24; scripts/node.sh routes its own into a bridge).
#       --apiserver-flag: one more kube-apiserver flag, repeatable (scripts/node.sh:
#       --kubelet-preferred-address-types=InternalIP, so no node name is ever resolved).
#       --owner-pid <pid>: a watchdog stops the control plane once that process has ended (the test suites
#       pass their own pid, so a killed run leaves nothing behind).
#   scripts/control-plane.sh stop [<state dir>]
#       Stops every process group that start began (SIGTERM, then SIGKILL after a bounded wait) and removes
#       the state dir. Without an argument: $GRACEFUL_K8S_CONTROL_PLANE.
#   scripts/control-plane.sh build <minor>
#       Only builds (and caches) the binaries of <minor> and etcd.
#
# Environment: GRACEFUL_K8S_CACHE (default ~/.cache/graceful-k8s) for the binaries,
# GRACEFUL_K8S_READY_TIMEOUT (seconds, default 300) for start, TMPDIR for the state dirs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ETCD_VERSION=3.6
log() { echo "control-plane: $*" >&2; }
die() { log "$*"; exit 1; }

# One free TCP port on 127.0.0.1 (the kernel picks it; node is the project's own runtime).
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

# Starts "$@" in its own session and process group (setsid), output to $1's log; records the pid
# (which is the process group id) in the state dir.
spawn() {
  local name=$1; shift
  setsid "$@" </dev/null >"$state/$name.log" 2>&1 &
  echo "$!" >"$state/$name.pid"
}

alive() { kill -0 "$(cat "$state/$1.pid")" 2>/dev/null; }

fail_with_log() {
  log "$1"
  [[ -f "$state/$2.log" ]] && tail -n 25 "$state/$2.log" >&2
  stop_dir "$state"
  exit 1
}

stop_dir() {
  local dir=$1 name pid i
  [[ -f "$dir/control-plane" ]] || die "$dir is not a control-plane state dir"
  # Reverse start order: the controller manager and the API server before etcd.
  for name in kube-controller-manager kube-apiserver etcd; do
    [[ -f "$dir/$name.pid" ]] || continue
    pid=$(cat "$dir/$name.pid")
    kill -TERM -- "-$pid" 2>/dev/null || continue
    for ((i = 0; i < 100; i++)); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  local watchdog=""
  [[ -f "$dir/watchdog.pid" ]] && watchdog=$(cat "$dir/watchdog.pid")
  rm -rf "$dir"
  # Last: the watchdog may be the caller (it runs this stop when its owner is gone).
  [[ -n "$watchdog" ]] && kill -TERM -- "-$watchdog" 2>/dev/null
  return 0
}

build() {
  local minor=$1 with_kcm=$2
  "$here/kube-build.sh" etcd "$ETCD_VERSION" >/dev/null
  "$here/kube-build.sh" kube-apiserver "$minor" >/dev/null
  [[ "$with_kcm" == 1 ]] && "$here/kube-build.sh" kube-controller-manager "$minor" >/dev/null
  return 0
}

start() {
  local minor=${1:?usage: control-plane.sh start <minor> [--feature-gates <gates>] [--no-controller-manager]}
  shift
  local gates="" with_kcm=1 owner="" service_cidr=10.0.0.0/24 extra=()
  while (($#)); do
    case "$1" in
      --feature-gates) gates=${2:?--feature-gates needs a value}; shift 2 ;;
      --feature-gates=*) gates=${1#*=}; shift ;;
      --no-controller-manager) with_kcm=0; shift ;;
      --owner-pid) owner=${2:?--owner-pid needs a pid}; shift 2 ;;
      --service-cidr) service_cidr=${2:?--service-cidr needs a CIDR}; shift 2 ;;
      --apiserver-flag) extra+=("${2:?--apiserver-flag needs a value}"); shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
  [[ "$minor" =~ ^1\.[0-9]+$ ]] || die "minor must look like 1.30, got '$minor'"
  build "$minor" "$with_kcm"
  local etcd apiserver kcm
  etcd=$("$here/kube-build.sh" etcd "$ETCD_VERSION")
  apiserver=$("$here/kube-build.sh" kube-apiserver "$minor")
  [[ "$with_kcm" == 1 ]] && kcm=$("$here/kube-build.sh" kube-controller-manager "$minor")

  state=$(mktemp -d "${TMPDIR:-/tmp}/graceful-k8s-control-plane.XXXXXX")
  echo "$minor" >"$state/control-plane"
  trap 'fail_with_log "interrupted" etcd' INT TERM

  # Throwaway credentials: a CA, the API server's serving certificate (127.0.0.1), the service-account
  # key pair, and one static token for an admin in system:masters (--token-auth-file: token,user,uid,groups).
  (
    cd "$state"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=graceful-k8s-e2e-ca \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver -keyout serving.key -out serving.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >serving.ext
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
      -extfile serving.ext -out serving.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >token
    printf '%s,graceful-k8s-e2e-admin,graceful-k8s-e2e-admin,"system:masters"\n' "$(cat token)" >tokens.csv
    chmod 600 ./*.key token tokens.csv
  )
  local token etcd_port peer_port api_port
  token=$(cat "$state/token")
  etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port)

  # etcd: single member, no fsync (a throwaway store; the data dir is deleted on stop).
  spawn etcd "$etcd" --name default --data-dir "$state/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "default=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn

  # kube-apiserver flags as controller-runtime's envtest starts one (pkg/internal/testing/controlplane/
  # apiserver.go: service-account issuer and key files, a service IP range, secure serving on a loopback
  # port), with token authentication instead of client certificates. No endpoint reconciler: from 1.37 it
  # refuses a loopback advertise address ("cannot use public IP 127.0.0.1 with endpoint reconciler"), and
  # nothing here needs the default/kubernetes Service's endpoints.
  spawn kube-apiserver "$apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$state/serving.crt" --tls-private-key-file "$state/serving.key" \
    --client-ca-file "$state/ca.crt" --token-auth-file "$state/tokens.csv" \
    --authorization-mode RBAC \
    --service-account-issuer "https://127.0.0.1:$api_port" \
    --service-account-key-file "$state/sa.pub" --service-account-signing-key-file "$state/sa.key" \
    --service-cluster-ip-range "$service_cidr" --allow-privileged=true \
    --endpoint-reconciler-type none \
    ${gates:+--feature-gates "$gates"} ${extra[@]+"${extra[@]}"}

  cat >"$state/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: graceful-k8s-e2e
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $state/ca.crt
users:
- name: graceful-k8s-e2e-admin
  user:
    token: $token
contexts:
- name: graceful-k8s-e2e
  context: {cluster: graceful-k8s-e2e, user: graceful-k8s-e2e-admin}
current-context: graceful-k8s-e2e
EOF
  chmod 600 "$state/kubeconfig"

  # Ready when /readyz answers 200 (etcd reachable, post-start hooks done, RBAC bootstrap policy in place).
  local deadline=$((SECONDS + ${GRACEFUL_K8S_READY_TIMEOUT:-300}))
  until curl -fsS --cacert "$state/ca.crt" -H "Authorization: Bearer $token" \
    "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; do
    alive etcd || fail_with_log "etcd exited" etcd
    alive kube-apiserver || fail_with_log "kube-apiserver exited" kube-apiserver
    ((SECONDS < deadline)) || fail_with_log "kube-apiserver not ready after ${GRACEFUL_K8S_READY_TIMEOUT:-300} s" kube-apiserver
    sleep 0.5
  done

  if [[ "$with_kcm" == 1 ]]; then
    # The controllers sign service-account tokens with the same key; no serving port (nothing scrapes it).
    spawn kube-controller-manager "$kcm" \
      --kubeconfig "$state/kubeconfig" --leader-elect=false --secure-port 0 \
      --service-account-private-key-file "$state/sa.key" --root-ca-file "$state/ca.crt" \
      --use-service-account-credentials=false --controllers '*' \
      ${gates:+--feature-gates "$gates"}
    # Running when its service-account controller has created the default namespace's "default"
    # ServiceAccount (kube-controller-manager's serviceaccount controller creates one per namespace):
    # its informers have synced and it writes through the API server.
    until curl -fsS --cacert "$state/ca.crt" -H "Authorization: Bearer $token" \
      "https://127.0.0.1:$api_port/api/v1/namespaces/default/serviceaccounts/default" >/dev/null 2>&1; do
      alive kube-controller-manager || fail_with_log "kube-controller-manager exited" kube-controller-manager
      ((SECONDS < deadline)) || fail_with_log "kube-controller-manager made no ServiceAccount in time" kube-controller-manager
      sleep 0.5
    done
  fi
  if [[ -n "$owner" ]]; then
    # Stops this control plane if the owner process ends without stopping it (a killed test run).
    setsid bash -c 'while kill -0 "$1" 2>/dev/null && [[ -d "$2" ]]; do sleep 2; done; [[ -d "$2" ]] && "$3" stop "$2"' \
      watchdog "$owner" "$state" "$here/control-plane.sh" </dev/null >/dev/null 2>&1 &
    echo "$!" >"$state/watchdog.pid"
  fi
  trap - INT TERM
  log "kube-apiserver $("$apiserver" --version 2>/dev/null | awk '{print $2}') ready on https://127.0.0.1:$api_port (state $state)"
  echo "export KUBECONFIG=$state/kubeconfig"
  echo "export GRACEFUL_K8S_CONTROL_PLANE=$state"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop)
    dir=${2:-${GRACEFUL_K8S_CONTROL_PLANE:-}}
    [[ -n "$dir" ]] || die "usage: control-plane.sh stop <state dir> (or set GRACEFUL_K8S_CONTROL_PLANE)"
    [[ -d "$dir" ]] || { log "$dir: already stopped"; exit 0; }
    stop_dir "$dir"
    ;;
  build) build "${2:?usage: control-plane.sh build <minor>}" 1 ;;
  *) die "usage: control-plane.sh start <minor> [--feature-gates <gates>] [--no-controller-manager] | stop [<state dir>] | build <minor>" ;;
esac
