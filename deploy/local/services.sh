#!/usr/bin/env bash
# The four Heimdall workers and the API as local background processes (built beforehand, Release).
#
#   deploy/local/services.sh start|stop|status|list
#
# Each listens on its own port (Acquirer 8081, IqArchiver 8082, MetricsWriter 8083, Locator 8084, Api 8080), logs to
# $HEIMDALL_HOME/logs/<service>.log and keeps its pid in $HEIMDALL_HOME/run/<service>.pid.
# Configuration comes from the environment (eval "$(deploy/local/stack.sh env)").
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

CONFIGURATION="${HEIMDALL_CONFIGURATION:-Release}"
SERVICES=(Heimdall.MetricsWriter:8083 Heimdall.IqArchiver:8082 Heimdall.Locator:8084 Heimdall.Acquirer:8081 Heimdall.Api:8080)
# HEIMDALL_SERVICES="Name:port ..." replaces the list (another port, a subset; the tests use it for status).
if [[ -n "${HEIMDALL_SERVICES:-}" ]]; then
  read -r -a SERVICES <<<"$HEIMDALL_SERVICES"
fi

# The API's local key (a local default, like the stack's credentials) and open reads; HEIMDALL_API_KEY overrides the key.
HEIMDALL_API_KEY="${HEIMDALL_API_KEY:-heimdall-dev-key-not-secret}"
service_env() {
  # HEIMDALL_SIMULATION_TDOA_BANDWIDTH_HZ (./heimdall demo: 3000): the simulated network sends a band-limited signal with
  # simulated GNSS stamps, so the Locator can locate its transmitter; unset or 0: the tone, as the tests expect it.
  if [[ "$1" == Heimdall.Acquirer && -n "${HEIMDALL_SIMULATION_TDOA_BANDWIDTH_HZ:-}" ]]; then
    printf '%s\n' "Simulation__TdoaBandwidthHz=$HEIMDALL_SIMULATION_TDOA_BANDWIDTH_HZ"
  fi
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

# The checks that fail in a /health/ready JSON body ({"checks":{"postgres":{"status":"Unhealthy","description":"…"}}}),
# one "name Status: description" per line, without a JSON tool.
failing_checks() {
  grep -oE '"[^"]+":\{"status":"(Degraded|Unhealthy)","description":("([^"\\]|\\.)*"|null)\}' <<<"$1" \
    | sed -E 's/^"([^"]+)":\{"status":"([A-Za-z]+)","description":(null|"(.*)")\}$/\1 \2: \4/; s/\\"/"/g; s/: $//'
}

# One line per service: ready, "not ready" (the process runs but /health/ready fails: the failing checks are named),
# or stopped. Returns 1 unless ready.
status_one() {
  local name="$1" port="$2" pid url response code body checks
  pid="$(read_pid "$RUN_DIR/$name.pid")"
  url="http://127.0.0.1:$port/health/ready"
  response="$(curl -sS --max-time 5 -w '\n%{http_code}' "$url" 2>/dev/null)" || response=$'\n000'
  code="${response##*$'\n'}"
  body="${response%$'\n'*}"
  if [[ "$code" == 200 ]]; then
    printf '%-24s %-10s %s\n' "$name" ready "$url"
    return 0
  fi
  if [[ "$code" != 000 ]]; then
    checks="$(failing_checks "$body" | paste -sd ';' - | sed 's/;/; /g')"
    printf '%-24s %-10s %s\n' "$name" "not ready" "${checks:-HTTP $code from $url}  (log $LOG_DIR/$name.log)"
  elif pid_alive "$pid"; then
    printf '%-24s %-10s %s\n' "$name" "not ready" "pid $pid runs but nothing answers on $url (starting, or hung)  (log $LOG_DIR/$name.log)"
  else
    printf '%-24s %-10s %s\n' "$name" stopped "(log $LOG_DIR/$name.log)"
  fi
  return 1
}

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
      local entry failed=0
      for entry in "${SERVICES[@]}"; do
        status_one "${entry%%:*}" "${entry##*:}" || failed=1
      done
      return "$failed"
      ;;
    list)
      printf '%s\n' "${SERVICES[@]}"
      ;;
    *)
      printf 'usage: %s start|stop|status|list\n' "${0##*/}" >&2
      exit 2
      ;;
  esac
}

main "$@"
