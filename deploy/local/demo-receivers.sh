#!/usr/bin/env bash
# The demo's untimed servers (./heimdall demo --mixed): a SpyServer, an OpenWebRX+ and an rtl_tcp server on 127.0.0.1, in
# one background process (tools/Heimdall.DemoReceivers, built beforehand, Release).
#
#   deploy/local/demo-receivers.sh start|stop|status
#
# start writes their registry entries to $HEIMDALL_HOME/run/demo-receivers.json once all three listen (ports chosen by the
# system), logs to $HEIMDALL_HOME/logs/Heimdall.DemoReceivers.log and keeps the pid in $HEIMDALL_HOME/run/Heimdall.DemoReceivers.pid.
# ./heimdall demo --mixed stops it when it ends; ./heimdall stop stops it too. status never fails: the servers are not a
# service, they run only while a mixed demo does.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

NAME=Heimdall.DemoReceivers
DLL="$REPO_ROOT/tools/$NAME/bin/${HEIMDALL_CONFIGURATION:-Release}/net10.0/$NAME.dll"
PID_FILE="$RUN_DIR/$NAME.pid"
MANIFEST="$RUN_DIR/demo-receivers.json"

start() {
  [[ -f "$DLL" ]] || die "$NAME is not built ($DLL); run: dotnet build -c ${HEIMDALL_CONFIGURATION:-Release} Heimdall.sln"
  stop
  rm -f "$MANIFEST"
  say "starting the demo's SpyServer, OpenWebRX+ and rtl_tcp servers on 127.0.0.1 (log $LOG_DIR/$NAME.log)"
  # Simulation__Transmitter* (if set) reach it as they reach the Acquirer: the servers hear the same transmitter.
  nohup dotnet "$DLL" "$MANIFEST" >"$LOG_DIR/$NAME.log" 2>&1 &
  local pid=$!
  printf '%s\n' "$pid" >"$PID_FILE"
  wait_until "$NAME" "$LOG_DIR/$NAME.log" 60 "$pid" test -f "$MANIFEST"
  sed 's/^/    /' "$LOG_DIR/$NAME.log"
}

stop() {
  local pid
  pid="$(read_pid "$PID_FILE")"
  if pid_alive "$pid"; then
    say "stopping the demo's servers (pid $pid)"
    kill "$pid"
    wait_gone "$NAME" "$pid" 15
  fi
  rm -f "$PID_FILE" "$MANIFEST"
}

status() {
  local pid
  pid="$(read_pid "$PID_FILE")"
  if pid_alive "$pid"; then
    printf '%-24s %-10s %s\n' "$NAME" running "pid $pid: ./heimdall demo --mixed's servers ($(tr -d '\n' <"$MANIFEST" 2>/dev/null | grep -oE '"url":"[^"]*"' | cut -d'"' -f4 | paste -sd ' ' -))"
  else
    printf '%-24s %-10s %s\n' "$NAME" stopped "(runs only during ./heimdall demo --mixed)"
  fi
}

main() {
  ensure_dirs
  case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *)
      printf 'usage: %s start|stop|status\n' "${0##*/}" >&2
      exit 2
      ;;
  esac
}

main "$@"
