# shellcheck shell=bash
# S3-compatible server for the local stack. Sourced by stack.sh.
#
# Flavour: 'minio' when a minio binary is on PATH, else 's3rver' (npm package,
# installed locally into $HEIMDALL_HOME/s3rver). HEIMDALL_S3_FLAVOUR=minio|s3rver
# forces one. The flavour used by 'up' is recorded in $RUN_DIR/s3.flavour.

S3_HOST=127.0.0.1
S3_PORT=9000
S3_URL="http://$S3_HOST:$S3_PORT"
S3_LOG="$LOG_DIR/s3.log"
S3_PID_FILE="$RUN_DIR/s3.pid"
S3_FLAVOUR_FILE="$RUN_DIR/s3.flavour"
S3RVER_VERSION="3.7.1"
S3RVER_PREFIX="$HEIMDALL_HOME/s3rver"
S3RVER_PKG_DIR="$S3RVER_PREFIX/node_modules/s3rver"
MINIO_USER="heimdall"
MINIO_PASSWORD="heimdall-secret"

s3_detect_flavour() {
  if [[ -n "${HEIMDALL_S3_FLAVOUR:-}" ]]; then
    case "$HEIMDALL_S3_FLAVOUR" in
      minio | s3rver) printf '%s' "$HEIMDALL_S3_FLAVOUR" ;;
      *) die "HEIMDALL_S3_FLAVOUR must be minio or s3rver, not '$HEIMDALL_S3_FLAVOUR'" ;;
    esac
  elif command -v minio >/dev/null 2>&1; then
    printf 'minio'
  else
    printf 's3rver'
  fi
}

# The flavour recorded by the last 'up', else what 'up' would choose now.
s3_flavour() {
  local recorded=""
  if [[ -f "$S3_FLAVOUR_FILE" ]]; then
    recorded="$(tr -dc 'a-z0-9' <"$S3_FLAVOUR_FILE")"
  fi
  case "$recorded" in
    minio | s3rver) printf '%s' "$recorded" ;;
    *) s3_detect_flavour ;;
  esac
}

s3_access_key() {
  if [[ "$(s3_flavour)" == minio ]]; then printf '%s' "$MINIO_USER"; else printf 'S3RVER'; fi
}

s3_secret_key() {
  if [[ "$(s3_flavour)" == minio ]]; then printf '%s' "$MINIO_PASSWORD"; else printf 'S3RVER'; fi
}

# True when the pid file names a live minio/s3rver process.
s3_running() {
  local pid
  pid="$(read_pid "$S3_PID_FILE")"
  pid_alive "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -Eq 's3rver|minio'
}

s3rver_installed_version() {
  if [[ -f "$S3RVER_PKG_DIR/package.json" ]]; then
    node -p 'require(process.argv[1]).version' "$S3RVER_PKG_DIR/package.json" 2>/dev/null || true
  fi
}

s3rver_install() {
  ensure_command node nodejs
  ensure_command npm npm
  if [[ "$(s3rver_installed_version)" != "$S3RVER_VERSION" ]]; then
    say "installing s3rver@$S3RVER_VERSION into $S3RVER_PREFIX"
    mkdir -p "$S3RVER_PREFIX"
    npm install --prefix "$S3RVER_PREFIX" --no-audit --no-fund --loglevel=error \
      "s3rver@$S3RVER_VERSION" >>"$S3_LOG" 2>&1 \
      || die "s3: npm install s3rver@$S3RVER_VERSION failed; see $S3_LOG"
  fi
}

s3_up() {
  ensure_command curl curl
  local flavour pid
  flavour="$(s3_detect_flavour)"
  if s3_running; then
    say "s3: already running ($(s3_flavour))"
    pid="$(read_pid "$S3_PID_FILE")"
  else
    if http_answers "$S3_URL/" 2>/dev/null; then
      die "s3: something not started by this script already answers on $S3_URL; stop it first"
    fi
    if [[ "$flavour" == s3rver ]]; then
      s3rver_install
    fi
    say "s3: starting $flavour on $S3_URL (logs: $S3_LOG, data: $S3_DATA_DIR)"
    printf '\n=== %s stack.sh starting %s\n' "$(date -Is)" "$flavour" >>"$S3_LOG"
    if [[ "$flavour" == minio ]]; then
      (
        cd "$HEIMDALL_HOME" || exit 1
        export MINIO_ROOT_USER="$MINIO_USER" MINIO_ROOT_PASSWORD="$MINIO_PASSWORD"
        exec setsid nohup minio server "$S3_DATA_DIR" --address "$S3_HOST:$S3_PORT" \
          --console-address "$S3_HOST:9001" >>"$S3_LOG" 2>&1 </dev/null
      ) &
    else
      (
        cd "$HEIMDALL_HOME" || exit 1
        exec setsid nohup node "$S3RVER_PKG_DIR/bin/s3rver.js" --directory "$S3_DATA_DIR" \
          --address "$S3_HOST" --port "$S3_PORT" >>"$S3_LOG" 2>&1 </dev/null
      ) &
    fi
    pid=$!
    printf '%s\n' "$pid" >"$S3_PID_FILE"
    printf '%s\n' "$flavour" >"$S3_FLAVOUR_FILE"
  fi
  say "s3: waiting for $S3_URL (timeout ${HEIMDALL_WAIT_TIMEOUT}s)"
  wait_until s3 "$S3_LOG" "$HEIMDALL_WAIT_TIMEOUT" "$pid" http_answers "$S3_URL/"
  say "s3: ready"
}

s3_down() {
  local pid
  pid="$(read_pid "$S3_PID_FILE")"
  if s3_running; then
    say "s3: stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone s3 "$pid" 15
  else
    say "s3: not running"
  fi
  rm -f "$S3_PID_FILE"
}

# Ready: the process started by 'up' runs and answers HTTP.
s3_status() {
  local detail
  detail="$S3_URL ($(s3_flavour), access key $(s3_access_key))"
  if ! s3_running; then
    status_line s3 stopped "$detail"
    return 1
  fi
  if ! http_answers "$S3_URL/" 2>/dev/null; then
    status_line s3 "not ready" "pid $(read_pid "$S3_PID_FILE") runs, but nothing answers on $S3_URL (log $S3_LOG)"
    return 1
  fi
  status_line s3 ready "$detail"
}

s3_env() {
  printf 'export S3__Endpoint=%s:%s S3__AccessKey=%s S3__SecretKey=%s S3__UseSsl=false\n' \
    "$S3_HOST" "$S3_PORT" "$(s3_access_key)" "$(s3_secret_key)"
}

# HEIMDALL_TEST_S3RVER_DATA (s3rver only): where s3rver keeps each object as files, for the tests that damage one
# object's stored files to make the server fail on that object alone.
s3_test_env() {
  printf 'HEIMDALL_TEST_S3=http://%s:%s@%s:%s' \
    "$(s3_access_key)" "$(s3_secret_key)" "$S3_HOST" "$S3_PORT"
  if [[ "$(s3_flavour)" == s3rver ]]; then
    printf ' HEIMDALL_TEST_S3RVER_DATA="%s"' "$S3_DATA_DIR"
  fi
}
