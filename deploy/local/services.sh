#!/usr/bin/env bash
# The three Heimdall services and the API as local background processes (built beforehand, Release).
#
#   deploy/local/services.sh start|stop|status
#
# Each listens on its own port (Acquirer 8081, IqArchiver 8082, MetricsWriter 8083, Api 8080), logs to
# $HEIMDALL_HOME/logs/<service>.log and keeps its pid in $HEIMDALL_HOME/run/<service>.pid.
# Configuration comes from the environment (eval "$(deploy/local/stack.sh env)").
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

CONFIGURATION="${HEIMDALL_CONFIGURATION:-Release}"
SERVICES=(Heimdall.MetricsWriter:8083 Heimdall.IqArchiver:8082 Heimdall.Acquirer:8081 Heimdall.Api:8080)

# The API's local key (a local default, like the stack's credentials) and open reads; HEIMDALL_API_KEY overrides the key.
HEIMDALL_API_KEY="${HEIMDALL_API_KEY:-heimdall-dev-key-not-secret}"
service_env() {
  [[ "$1" == Heimdall.Api ]] || return 0
  printf '%s\n' "Api__Keys__dev=$HEIMDALL_API_KEY" "Api__AllowAnonymousReads=${Api__AllowAnonymousReads:-true}"
}

service_dll() { printf '%s/services/%s/bin/%s/net10.0/%s.dll' "$REPO_ROOT" "$1" "$CONFIGURATION" "$1"; }

start_one() {
  local name="$1" port="$2" dll pid
  dll="$(service_dll "$name")"
  [[ -f "$dll" ]] || die "$name is not built ($dll); run: dotnet build -c $CONFIGURATION Heimdall.sln"
  stop_one "$name"
  say "starting $name on http://127.0.0.1:$port (log $LOG_DIR/$name.log)"
  local extra_env=()
  mapfile -t extra_env < <(service_env "$name")
  nohup env "${extra_env[@]}" dotnet "$dll" --urls "http://127.0.0.1:$port" >"$LOG_DIR/$name.log" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$RUN_DIR/$name.pid"
  wait_until "$name" "$LOG_DIR/$name.log" "$HEIMDALL_WAIT_TIMEOUT" "$pid" http_ok "http://127.0.0.1:$port/health/ready"
}

http_ok() { curl -fsS -o /dev/null --max-time 3 "$1"; }

stop_one() {
  local name="$1" pid
  pid="$(read_pid "$RUN_DIR/$name.pid")"
  if pid_alive "$pid"; then
    say "stopping $name (pid $pid)"
    kill "$pid"
    wait_gone "$name" "$pid" 30
  fi
  rm -f "$RUN_DIR/$name.pid"
}

main() {
  ensure_dirs
  case "${1:-}" in
    start)
      local entry
      for entry in "${SERVICES[@]}"; do
        start_one "${entry%%:*}" "${entry##*:}"
      done
      ;;
    stop)
      local i
      for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
        stop_one "${SERVICES[i]%%:*}"
      done
      ;;
    status)
      local entry name port failed=0
      for entry in "${SERVICES[@]}"; do
        name="${entry%%:*}" port="${entry##*:}"
        if http_ok "http://127.0.0.1:$port/health/ready"; then
          printf '%-24s ready    http://127.0.0.1:%s/health/ready\n' "$name" "$port"
        else
          printf '%-24s stopped  (log %s)\n' "$name" "$LOG_DIR/$name.log"
          failed=1
        fi
      done
      return "$failed"
      ;;
    *)
      printf 'usage: %s start|stop|status\n' "${0##*/}" >&2
      exit 2
      ;;
  esac
}

main "$@"
