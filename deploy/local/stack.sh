#!/usr/bin/env bash
# Local Heimdall stack: RabbitMQ, PostgreSQL and an S3-compatible server, and optionally Prometheus.
#
#   deploy/local/stack.sh up|down|status|env [rabbitmq|postgres|s3|prometheus ...]
#
# No component means all of them, except that a bare 'up' leaves out the optional prometheus. State lives in $HEIMDALL_HOME
# (default: <repo>/.heimdall). See deploy/local/README.md.
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd -- "$SCRIPT_DIR/../.." && pwd)"

# shellcheck source=SCRIPTDIR/lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"
# shellcheck source=SCRIPTDIR/lib/rabbitmq.sh
source "$SCRIPT_DIR/lib/rabbitmq.sh"
# shellcheck source=SCRIPTDIR/lib/timescaledb.sh
source "$SCRIPT_DIR/lib/timescaledb.sh"
# shellcheck source=SCRIPTDIR/lib/postgres.sh
source "$SCRIPT_DIR/lib/postgres.sh"
# shellcheck source=SCRIPTDIR/lib/s3.sh
source "$SCRIPT_DIR/lib/s3.sh"
# shellcheck source=SCRIPTDIR/lib/prometheus.sh
source "$SCRIPT_DIR/lib/prometheus.sh"

ALL_COMPONENTS=(rabbitmq postgres s3 prometheus)
# What the pipeline needs; prometheus only watches it (tests and CI do not need it running).
DEFAULT_UP=(rabbitmq postgres s3)

usage() {
  cat <<EOF
usage: ${0##*/} up|down|status|env [rabbitmq|postgres|s3|prometheus ...]

  up      install what is missing, start, wait until ready (idempotent); prometheus only when named
  down    stop (fine when already stopped)
  status  one line per component (ready, not ready, stopped; prometheus may be off); exit 1 if any is not ready
  env     print 'export' lines for the services and tests (eval "\$(${0##*/} env)")

state: $HEIMDALL_HOME (set HEIMDALL_HOME to move it)
EOF
}

# Exclusive lock so two concurrent up/down runs do not interleave. A lock
# directory rather than flock(1): daemons started under an flock'ed fd would
# inherit it and hold the lock forever.
lock_state() {
  local lock="$RUN_DIR/stack.lock.d" start=$SECONDS holder
  until mkdir "$lock" 2>/dev/null; do
    holder="$(read_pid "$lock/pid")"
    if [[ -n "$holder" ]] && ! pid_alive "$holder"; then
      rm -rf "$lock"
      continue
    fi
    if ((SECONDS - start >= 300)); then
      die "another stack.sh run (pid ${holder:-?}) holds $lock; remove it if that run is gone"
    fi
    sleep 1
  done
  printf '%s\n' "$$" >"$lock/pid"
  # shellcheck disable=SC2064 # expand $lock now
  trap "rm -rf '$lock'" EXIT
}

main() {
  if [[ $# -lt 1 ]]; then
    usage >&2
    exit 2
  fi
  local cmd="$1"
  shift
  local components=("$@") all=0
  if [[ ${#components[@]} -eq 0 ]]; then
    components=("${ALL_COMPONENTS[@]}")
    [[ "$cmd" == up ]] && components=("${DEFAULT_UP[@]}")
    all=1
  fi
  local c
  for c in "${components[@]}"; do
    case "$c" in
      rabbitmq | postgres | s3 | prometheus) ;;
      *) die "unknown component '$c' (expected: ${ALL_COMPONENTS[*]})" ;;
    esac
  done

  case "$cmd" in
    up)
      require_root up
      ensure_dirs
      lock_state
      for c in "${components[@]}"; do
        "${c}_up"
      done
      say "logs: $LOG_DIR"
      say "state: $HEIMDALL_HOME"
      say "environment: eval \"\$($0 env)\""
      ;;
    down)
      require_root down
      ensure_dirs
      lock_state
      local i
      for ((i = ${#components[@]} - 1; i >= 0; i--)); do
        "${components[i]}_down"
      done
      ;;
    status)
      require_root status
      local failed=0
      for c in "${components[@]}"; do
        "${c}_status" || failed=1
      done
      printf 'logs: %s\n' "$LOG_DIR"
      return "$failed"
      ;;
    env)
      if [[ $all -eq 1 ]]; then
        rabbitmq_env
        postgres_env
        s3_env
        printf 'export %s %s %s\n' "$(rabbitmq_test_env)" "$(postgres_test_env)" "$(s3_test_env)"
      else
        for c in "${components[@]}"; do
          "${c}_env"
          printf 'export %s\n' "$("${c}_test_env")"
        done
      fi
      ;;
    -h | --help | help)
      usage
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
