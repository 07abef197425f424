# shellcheck shell=bash
# RabbitMQ (Debian package) for the local stack. Sourced by stack.sh.
#
# The Debian package keeps its Erlang cookie and mnesia in /var/lib/rabbitmq and
# its logs in /var/log/rabbitmq; its wrapper scripts switch to the rabbitmq user
# when run as root. We keep those defaults (robust when run as root) and link
# the log dir into $HEIMDALL_HOME/logs/rabbitmq. The server's console output
# goes to $HEIMDALL_HOME/logs/rabbitmq-console.log.

RABBITMQ_USER_NAME="heimdall"
RABBITMQ_USER_PASSWORD="heimdall"
RABBITMQ_AMQP_PORT=5672
RABBITMQ_MGMT_URL="http://127.0.0.1:15672"
RABBITMQ_SYSTEM_LOG_DIR="/var/log/rabbitmq"
RABBITMQ_CONSOLE_LOG="$LOG_DIR/rabbitmq-console.log"
RABBITMQ_PID_FILE="$RUN_DIR/rabbitmq.pid"
RABBITMQ_PROMETHEUS_URL="http://127.0.0.1:15692"
# management: the UI and HTTP API; prometheus: /metrics on 15692 (queue depths for the alerts and the dashboard);
# shovel + shovel_management: the UI's "Move messages" (an _error queue back to its queue, docs/operations.md).
RABBITMQ_PLUGINS=(rabbitmq_management rabbitmq_prometheus rabbitmq_shovel rabbitmq_shovel_management)

rabbitmq_logs() {
  printf '%s (node log, -> %s) and %s' "$LOG_DIR/rabbitmq/" "$RABBITMQ_SYSTEM_LOG_DIR" "$RABBITMQ_CONSOLE_LOG"
}

# rabbitmqctl via the Debian wrapper, bounded in time, from a neutral cwd.
rmqctl() {
  (cd / && timeout 90 rabbitmqctl -q "$@")
}

rabbitmq_running() {
  command -v rabbitmqctl >/dev/null 2>&1 && rmqctl ping >/dev/null 2>&1
}

rabbitmq_mgmt_ready() {
  curl -fsS -o /dev/null --max-time 5 -u "$RABBITMQ_USER_NAME:$RABBITMQ_USER_PASSWORD" \
    "$RABBITMQ_MGMT_URL/api/overview"
}

rabbitmq_ensure_user() {
  if rmqctl list_users | awk '{print $1}' | grep -qx "$RABBITMQ_USER_NAME"; then
    rmqctl change_password "$RABBITMQ_USER_NAME" "$RABBITMQ_USER_PASSWORD" >/dev/null
  else
    say "rabbitmq: creating user $RABBITMQ_USER_NAME"
    rmqctl add_user "$RABBITMQ_USER_NAME" "$RABBITMQ_USER_PASSWORD" >/dev/null
  fi
  rmqctl set_user_tags "$RABBITMQ_USER_NAME" administrator >/dev/null
  rmqctl set_permissions -p / "$RABBITMQ_USER_NAME" '.*' '.*' '.*' >/dev/null
}

rabbitmq_up() {
  ensure_command rabbitmq-server rabbitmq-server
  ensure_command curl curl
  ln -sfn "$RABBITMQ_SYSTEM_LOG_DIR" "$LOG_DIR/rabbitmq"

  local pid=""
  if rabbitmq_running; then
    say "rabbitmq: already running"
    # Online enable is a no-op when the plugins are already on.
    (cd / && rabbitmq-plugins -q enable "${RABBITMQ_PLUGINS[@]}") >>"$RABBITMQ_CONSOLE_LOG" 2>&1 \
      || die "rabbitmq: enabling ${RABBITMQ_PLUGINS[*]} failed; see $RABBITMQ_CONSOLE_LOG"
  else
    say "rabbitmq: enabling plugins ${RABBITMQ_PLUGINS[*]}"
    (cd / && rabbitmq-plugins -q enable --offline "${RABBITMQ_PLUGINS[@]}") >>"$RABBITMQ_CONSOLE_LOG" 2>&1 \
      || die "rabbitmq: enabling ${RABBITMQ_PLUGINS[*]} failed; see $RABBITMQ_CONSOLE_LOG"
    say "rabbitmq: starting (logs: $(rabbitmq_logs))"
    printf '\n=== %s stack.sh starting rabbitmq-server\n' "$(date -Is)" >>"$RABBITMQ_CONSOLE_LOG"
    # The Debian wrapper runs the node as the rabbitmq user; setsid + nohup
    # detach it from this shell so it outlives the script.
    (cd / && exec setsid nohup rabbitmq-server >>"$RABBITMQ_CONSOLE_LOG" 2>&1 </dev/null) &
    pid=$!
    printf '%s\n' "$pid" >"$RABBITMQ_PID_FILE"
  fi

  say "rabbitmq: waiting for startup (timeout ${HEIMDALL_WAIT_TIMEOUT}s)"
  wait_until rabbitmq "$RABBITMQ_SYSTEM_LOG_DIR/ and $RABBITMQ_CONSOLE_LOG" \
    "$HEIMDALL_WAIT_TIMEOUT" "$pid" rmqctl await_startup --timeout 10
  rabbitmq_ensure_user
  say "rabbitmq: waiting for management API on $RABBITMQ_MGMT_URL"
  wait_until "rabbitmq (management API)" "$RABBITMQ_SYSTEM_LOG_DIR/" \
    "$HEIMDALL_WAIT_TIMEOUT" "$pid" rabbitmq_mgmt_ready
  rabbitmq_apply_policies
  say "rabbitmq: ready"
}

# Heimdall's broker policy on vhost /: each work queue's delivery limit and dead-letter target (docs/operations.md).
rabbitmq_apply_policies() {
  HEIMDALL_RABBITMQ_MANAGEMENT_URL="http://$RABBITMQ_USER_NAME:$RABBITMQ_USER_PASSWORD@${RABBITMQ_MGMT_URL#http://}" \
    HEIMDALL_RABBITMQ_VHOST=/ sh "$REPO_ROOT/deploy/rabbitmq/heimdall-policies.sh" >>"$RABBITMQ_CONSOLE_LOG" 2>&1 \
    || die "rabbitmq: applying deploy/rabbitmq/heimdall-policies.sh failed; see $RABBITMQ_CONSOLE_LOG"
  say "rabbitmq: policies set (delivery limit ${HEIMDALL_DELIVERY_LIMIT:-20}, dead letters to each queue's _error queue)"
}

rabbitmq_down() {
  local pid
  pid="$(read_pid "$RABBITMQ_PID_FILE")"
  if rabbitmq_running; then
    say "rabbitmq: stopping"
    rmqctl shutdown >/dev/null || die "rabbitmq: shutdown failed; see $LOG_DIR/rabbitmq/"
  else
    say "rabbitmq: not running"
  fi
  if [[ -n "$pid" ]]; then
    wait_gone rabbitmq "$pid" 30
  fi
  rm -f "$RABBITMQ_PID_FILE"
}

# Ready: the node answers, the management API answers as heimdall, and no resource alarm (memory, disk) blocks publishers.
rabbitmq_status() {
  local endpoint="amqp://127.0.0.1:$RABBITMQ_AMQP_PORT  ui $RABBITMQ_MGMT_URL" alarms
  if ! rabbitmq_running; then
    status_line rabbitmq stopped "$endpoint"
    return 1
  fi
  if ! rabbitmq_mgmt_ready; then
    status_line rabbitmq "not ready" "node runs, but the management API does not answer as $RABBITMQ_USER_NAME ($endpoint)"
    return 1
  fi
  alarms="$(curl -sS --max-time 5 -u "$RABBITMQ_USER_NAME:$RABBITMQ_USER_PASSWORD" "$RABBITMQ_MGMT_URL/api/health/checks/alarms" 2>&1)"
  if [[ "$alarms" != *'"status":"ok"'* ]]; then
    status_line rabbitmq "not ready" "publishers are blocked by a resource alarm: $alarms"
    return 1
  fi
  status_line rabbitmq ready "$endpoint"
}

rabbitmq_env() {
  printf 'export RabbitMq__Host=127.0.0.1 RabbitMq__Port=%s RabbitMq__VirtualHost=/ RabbitMq__Username=%s RabbitMq__Password=%s\n' \
    "$RABBITMQ_AMQP_PORT" "$RABBITMQ_USER_NAME" "$RABBITMQ_USER_PASSWORD"
}

rabbitmq_test_env() {
  printf 'HEIMDALL_TEST_RABBITMQ=amqp://%s:%s@127.0.0.1:%s/' \
    "$RABBITMQ_USER_NAME" "$RABBITMQ_USER_PASSWORD" "$RABBITMQ_AMQP_PORT"
}
