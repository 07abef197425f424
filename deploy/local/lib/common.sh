# shellcheck shell=bash
# Shared paths, logging and wait helpers for deploy/local/stack.sh.
# Sourced, never executed. Expects REPO_ROOT to be set by the caller.

HEIMDALL_HOME="${HEIMDALL_HOME:-$REPO_ROOT/.heimdall}"
LOG_DIR="$HEIMDALL_HOME/logs"
RUN_DIR="$HEIMDALL_HOME/run"
S3_DATA_DIR="$HEIMDALL_HOME/s3-data"

# Seconds to wait for a component to become ready (override per run).
HEIMDALL_WAIT_TIMEOUT="${HEIMDALL_WAIT_TIMEOUT:-120}"

APT_UPDATED=0

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

ensure_dirs() {
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$S3_DATA_DIR"
}

require_root() {
  if [[ $(id -u) -ne 0 ]]; then
    die "'$1' must run as root (it uses apt-get, runuser and the Debian service tools)"
  fi
}

# apt_install PACKAGE... : install Debian packages, running 'apt-get update'
# at most once per run of the script.
apt_install() {
  local apt_log="$LOG_DIR/apt.log"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED -eq 0 ]]; then
    say "apt-get update"
    apt-get update >>"$apt_log" 2>&1 || die "apt-get update failed; see $apt_log"
    APT_UPDATED=1
  fi
  say "installing $*"
  apt-get install -y --no-install-recommends "$@" >>"$apt_log" 2>&1 \
    || die "apt-get install $* failed; see $apt_log"
}

# ensure_command COMMAND PACKAGE... : install PACKAGE(s) when COMMAND is missing.
ensure_command() {
  local cmd="$1"
  shift
  if ! command -v "$cmd" >/dev/null 2>&1; then
    apt_install "$@"
    command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' still missing after installing $*"
  fi
}

pid_alive() {
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null
}

# read_pid FILE : print the pid stored in FILE (nothing if absent/garbage).
read_pid() {
  local pid=""
  if [[ -f "$1" ]]; then
    pid="$(tr -dc '0-9' <"$1")"
  fi
  printf '%s' "$pid"
}

# wait_until COMPONENT LOGFILE TIMEOUT PID COMMAND... : run COMMAND every
# second until it succeeds. Fails with a message naming the component and its
# log when TIMEOUT seconds pass, or at once when PID (if non-empty) exits.
wait_until() {
  local component="$1" logfile="$2" timeout="$3" pid="$4"
  shift 4
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      die "$component: process $pid exited while starting; see $logfile"
    fi
    if ((SECONDS - start >= timeout)); then
      die "$component: not ready after ${timeout}s; see $logfile"
    fi
    sleep 1
  done
}

# wait_gone COMPONENT PID TIMEOUT : wait for PID to exit, SIGKILL after TIMEOUT.
wait_gone() {
  local component="$1" pid="$2" timeout="$3"
  local start=$SECONDS
  while pid_alive "$pid"; do
    if ((SECONDS - start >= timeout)); then
      warn "$component: pid $pid still alive after ${timeout}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      pid_alive "$pid" && die "$component: pid $pid survived SIGKILL"
      return 0
    fi
    sleep 1
  done
}

# http_answers URL : true when anything answers HTTP at URL (any status).
http_answers() {
  curl -sS -o /dev/null --max-time 5 "$1"
}

# status_line COMPONENT STATE DETAIL  (STATE: ready, "not ready" (running but not usable), stopped, off)
status_line() {
  printf '%-10s %-10s %s\n' "$1" "$2" "$3"
}
