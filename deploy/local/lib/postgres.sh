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
# The role the services connect as: rows only (granted by every migration run), no DDL, owns nothing.
PG_SERVICE_USER="heimdall_app"
PG_SERVICE_PASSWORD="heimdall_app"
# on (default): TimescaleDB built from source when missing and preloaded; off: plain PostgreSQL (the drop-in removed).
HEIMDALL_TIMESCALEDB="${HEIMDALL_TIMESCALEDB:-on}"

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
  # The owner runs the migrations and owns the schema (CREATEDB: the tests make databases of their own); the service
  # role may only log in: what it may do with the rows is granted by the migrations.
  pg_admin_psql >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_SERVICE_USER') THEN
    CREATE ROLE $PG_SERVICE_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '$PG_SERVICE_PASSWORD';
  ELSE
    ALTER ROLE $PG_SERVICE_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '$PG_SERVICE_PASSWORD';
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

  local restart=0
  if [[ "$HEIMDALL_TIMESCALEDB" == off ]]; then
    postgres_timescaledb_off && restart=1
  else
    [[ "$HEIMDALL_TIMESCALEDB" == on ]] || die "HEIMDALL_TIMESCALEDB must be on or off, not '$HEIMDALL_TIMESCALEDB'"
    timescaledb_install
    timescaledb_preload "$PG_VERSION" "$PG_CLUSTER"
    [[ $TIMESCALEDB_RESTART_NEEDED -eq 1 ]] && restart=1
  fi
  if postgres_running && postgres_binary_replaced; then
    say "postgres: the server binary was upgraded ($(dpkg-query -W -f='${Version}' "postgresql-$PG_VERSION")) since the cluster started"
    restart=1
  fi

  if postgres_running && [[ $restart -eq 1 ]]; then
    say "postgres: restarting cluster $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart >>"$LOG_DIR/postgres-setup.log" 2>&1 \
      || die "postgres: pg_ctlcluster restart failed; see $(pg_log_file) and $LOG_DIR/postgres-setup.log"
  elif postgres_running; then
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

# True when the running postmaster's executable was replaced on disk (a package upgrade without a service manager to
# restart it): it must be restarted before it loads libraries built for the new version.
postgres_binary_replaced() {
  local pid
  pid="$(head -n 1 "$(pg_field 6)/postmaster.pid" 2>/dev/null || true)"
  [[ -n "$pid" && "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *"(deleted)" ]]
}

# HEIMDALL_TIMESCALEDB=off: remove the preload drop-in; true when it was there (the cluster must restart to unload it).
postgres_timescaledb_off() {
  local file="/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/$TSDB_CONF_NAME"
  [[ -f "$file" ]] || return 1
  say "postgres: HEIMDALL_TIMESCALEDB=off: removing $file (plain PostgreSQL)"
  rm -f "$file"
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
  local endpoint="postgresql://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB" error flavour
  if ! postgres_running; then
    status_line postgres stopped "$endpoint"
    return 1
  fi
  if ! error="$(psql -X -q -t "$PG_URL" -c 'select 1' 2>&1 >/dev/null)"; then
    status_line postgres "not ready" "cluster online, but select 1 as $PG_USER fails: ${error%%$'\n'*}"
    return 1
  fi
  flavour="$(psql -X -At "$PG_URL" -c "select current_setting('server_version') || ', ' || coalesce((select 'TimescaleDB ' || extversion from pg_extension where extname = 'timescaledb'), case when exists (select 1 from pg_settings where name = 'timescaledb.bgw_launcher_poll_time') then 'TimescaleDB preloaded' else 'plain' end)" 2>/dev/null || true)"
  status_line postgres ready "$endpoint (${flavour:-?})"
}

# postgres_conn_string [USER PASSWORD] : the Npgsql connection string of the heimdall database (default: the owner).
postgres_conn_string() {
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' \
    "$PG_PORT" "$PG_DB" "${1:-$PG_USER}" "${2:-$PG_PASSWORD}"
}

# The services connect as the service role; migrations (and the tests, which create databases) as the owner.
postgres_env() {
  printf 'export ConnectionStrings__Heimdall="%s"\n' "$(postgres_conn_string "$PG_SERVICE_USER" "$PG_SERVICE_PASSWORD")"
  printf 'export HEIMDALL_POSTGRES_OWNER="%s" HEIMDALL_POSTGRES_SERVICE_ROLE=%s\n' "$(postgres_conn_string)" "$PG_SERVICE_USER"
}

postgres_test_env() {
  printf 'HEIMDALL_TEST_POSTGRES="%s" HEIMDALL_TEST_POSTGRES_SERVICE_ROLE=%s:%s' \
    "$(postgres_conn_string)" "$PG_SERVICE_USER" "$PG_SERVICE_PASSWORD"
}
