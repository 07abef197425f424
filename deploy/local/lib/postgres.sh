# shellcheck shell=bash
# PostgreSQL (Debian cluster) for the local stack. Sourced by stack.sh.
#
# Uses the Debian cluster tools (pg_lsclusters, pg_ctlcluster). The cluster's
# data and log stay where Debian keeps them (/var/lib/postgresql/<ver>/<name>,
# /var/log/postgresql/...); the log is linked as $HEIMDALL_HOME/logs/postgres.log.

PG_VERSION="${HEIMDALL_PG_VERSION:-15}"
PG_CLUSTER="${HEIMDALL_PG_CLUSTER:-main}"
PG_PORT=5432
PG_DB="heimdall"
PG_USER="heimdall"
PG_PASSWORD="heimdall"
PG_URL="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"

# pg_field N : field N of this cluster's pg_lsclusters line
# (1 ver, 2 cluster, 3 port, 4 status, 5 owner, 6 data dir, 7 log file).
pg_field() {
  pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" -v f="$1" \
    '$1 == v && $2 == c { print $f }'
}

pg_log_file() {
  local log
  log="$(pg_field 7)"
  printf '%s' "${log:-/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log}"
}

pg_logs() {
  printf '%s (-> %s)' "$LOG_DIR/postgres.log" "$(pg_log_file)"
}

postgres_running() {
  command -v pg_lsclusters >/dev/null 2>&1 && [[ "$(pg_field 4)" == online* ]]
}

# psql as the postgres OS superuser (peer auth over the local socket), SQL on stdin.
pg_admin_psql() {
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres)
}

pg_ready() {
  pg_isready -q -h 127.0.0.1 -p "$PG_PORT" \
    && psql -X -q -t "$PG_URL" -c 'select 1' >/dev/null
}

postgres_ensure_role_and_db() {
  # Role: create or (re)set its password and attributes. Database: create
  # only when missing (CREATE DATABASE cannot run inside DO, hence \gexec).
  pg_admin_psql >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $PG_DB OWNER $PG_USER'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DB')
\gexec
ALTER DATABASE $PG_DB OWNER TO $PG_USER;
SQL
}

postgres_up() {
  if [[ ! -x "/usr/lib/postgresql/$PG_VERSION/bin/postgres" ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION"
  fi
  if [[ -z "$(pg_field 1)" ]]; then
    say "postgres: creating cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster -p "$PG_PORT" "$PG_VERSION" "$PG_CLUSTER" >>"$LOG_DIR/postgres-setup.log" 2>&1 \
      || die "postgres: pg_createcluster failed; see $LOG_DIR/postgres-setup.log"
  fi
  local port
  port="$(pg_field 3)"
  [[ "$port" == "$PG_PORT" ]] \
    || die "postgres: cluster $PG_VERSION/$PG_CLUSTER is configured for port $port, expected $PG_PORT"
  ln -sfn "$(pg_log_file)" "$LOG_DIR/postgres.log"

  if postgres_running; then
    say "postgres: already running"
  else
    say "postgres: starting cluster $PG_VERSION/$PG_CLUSTER (logs: $(pg_logs))"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >>"$LOG_DIR/postgres-setup.log" 2>&1 \
      || die "postgres: pg_ctlcluster start failed; see $(pg_log_file) and $LOG_DIR/postgres-setup.log"
  fi

  say "postgres: waiting for the server (timeout ${HEIMDALL_WAIT_TIMEOUT}s)"
  wait_until postgres "$(pg_log_file)" "$HEIMDALL_WAIT_TIMEOUT" "" \
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
  postgres_ensure_role_and_db || die "postgres: creating role/database failed; see $(pg_log_file)"
  wait_until postgres "$(pg_log_file)" "$HEIMDALL_WAIT_TIMEOUT" "" pg_ready
  say "postgres: ready"
}

postgres_down() {
  if postgres_running; then
    say "postgres: stopping"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop >>"$LOG_DIR/postgres-setup.log" 2>&1 \
      || die "postgres: pg_ctlcluster stop failed; see $(pg_log_file)"
  else
    say "postgres: not running"
  fi
}

# Ready: the cluster is online and 'select 1' as heimdall on database heimdall answers over TCP.
postgres_status() {
  local endpoint="postgresql://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB" error
  if ! postgres_running; then
    status_line postgres stopped "$endpoint"
    return 1
  fi
  if ! error="$(psql -X -q -t "$PG_URL" -c 'select 1' 2>&1 >/dev/null)"; then
    status_line postgres "not ready" "cluster online, but select 1 as $PG_USER fails: ${error%%$'\n'*}"
    return 1
  fi
  status_line postgres ready "$endpoint"
}

postgres_conn_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' \
    "$PG_PORT" "$PG_DB" "$PG_USER" "$PG_PASSWORD"
}

postgres_env() {
  printf 'export ConnectionStrings__Heimdall="%s"\n' "$(postgres_conn_string)"
}

postgres_test_env() {
  printf 'HEIMDALL_TEST_POSTGRES="%s"' "$(postgres_conn_string)"
}
