# shellcheck shell=bash
# TimescaleDB for the local PostgreSQL. Sourced by stack.sh (after common.sh).
#
#   timescaledb_installed          true when TimescaleDB $TSDB_VERSION is installed for PostgreSQL
#   timescaledb_install            build it from the source tarball and install it (no-op when installed)
#   timescaledb_preload [VER CLU]  conf.d drop-in that preloads it; sets TIMESCALEDB_RESTART_NEEDED=0|1
#
# Source: HEIMDALL_TIMESCALEDB_SOURCE (a .tar.gz of the TimescaleDB source), else the vendored
# tarball in <repo>/../shared/vendor. Without either, the GitHub tag archive is downloaded (same
# checksum required), and as a last resort Timescale's Debian repository is used.
# HEIMDALL_TIMESCALEDB_PATCHES: optional space-separated patch files (-p1) applied before the build.
# Every source build also gets tsdb_fix_portal_drop (below): without it, every background job fails on
# PostgreSQL 15.20. Build output: $LOG_DIR/timescaledb-build.log.

TSDB_VERSION=2.28.3
# sha256 of the release tarball (git archive of the tag), and of the tar inside it: a download whose
# gzip layer differs but whose tar is the same is accepted.
TSDB_SHA256=c80abd42995a317d9c046da6499a7a6e63c58e188124a2f20580f7c82fa4b801
TSDB_TAR_SHA256=5d4522d148df07be3a1fbc9dd3ecba1edf2063eaa1445f8d33f539cd3376018e
TSDB_GITHUB_URL="https://github.com/timescale/timescaledb/archive/refs/tags/$TSDB_VERSION.tar.gz"
TSDB_APT_URL="https://packagecloud.io/timescale/timescaledb"
TSDB_CONF_NAME="heimdall-timescaledb.conf"
# TimescaleDB's share of max_worker_processes: its scheduler per database plus the jobs it runs.
TSDB_BACKGROUND_WORKERS=8
TSDB_MIN_WORKER_PROCESSES=16
TIMESCALEDB_RESTART_NEEDED=0
# Written when TimescaleDB came from Timescale's Debian packages (which the built-in fix cannot touch).
TSDB_PACKAGED_MARK=/var/lib/heimdall-timescaledb-packaged

tsdb_pg_version() { printf '%s' "${PG_VERSION:-15}"; }
tsdb_pg_config() { "/usr/lib/postgresql/$(tsdb_pg_version)/bin/pg_config" "$@"; }
tsdb_log() { printf '%s' "$LOG_DIR/timescaledb-build.log"; }

# What the installed build must have been made with: the built-in fix, then the checksums of the requested patches,
# one line each. An install made otherwise (an older build, other patches) is rebuilt.
TSDB_BUILTIN_FIXES="portal-done-before-drop"
tsdb_patch_ids() {
  local p
  printf '%s\n' "$TSDB_BUILTIN_FIXES"
  for p in ${HEIMDALL_TIMESCALEDB_PATCHES:-}; do
    sha256sum "$p" | awk '{ print $1 }'
  done
}

timescaledb_installed() {
  local share lib
  share="$(tsdb_pg_config --sharedir 2>/dev/null)/extension" || return 1
  lib="$(tsdb_pg_config --pkglibdir 2>/dev/null)" || return 1
  [[ -f "$share/timescaledb--$TSDB_VERSION.sql" && -f "$lib/timescaledb.so" \
    && -f "$lib/timescaledb-$TSDB_VERSION.so" && -f "$lib/timescaledb-tsl-$TSDB_VERSION.so" ]] || return 1
  grep -Eq "^default_version[[:space:]]*=[[:space:]]*'$TSDB_VERSION'" "$share/timescaledb.control" 2>/dev/null \
    || return 1
  # A packaged install (no stamp) is taken as it is; a source build must carry exactly the fixes and patches asked for.
  [[ ! -f "$share/timescaledb--$TSDB_VERSION.heimdall-patches" && -z "${HEIMDALL_TIMESCALEDB_PATCHES:-}" && -f "$TSDB_PACKAGED_MARK" ]] \
    || [[ "$(cat "$share/timescaledb--$TSDB_VERSION.heimdall-patches" 2>/dev/null)" == "$(tsdb_patch_ids)" ]]
}

# tsdb_step MESSAGE COMMAND... : say MESSAGE, run COMMAND with its output in the build log.
tsdb_step() {
  local msg="$1" t=$SECONDS
  shift
  say "timescaledb: $msg"
  printf '\n==> %s\n$ %s\n' "$msg" "$*" >>"$(tsdb_log)"
  "$@" >>"$(tsdb_log)" 2>&1 </dev/null || die "timescaledb: $msg failed; see $(tsdb_log)"
  printf '(%ss)\n' "$((SECONDS - t))" >>"$(tsdb_log)"
}

# tsdb_checksum_ok TARBALL : true when TARBALL is the 2.28.3 release (by its own or its tar's sha256).
tsdb_checksum_ok() {
  [[ "$(sha256sum "$1" | awk '{ print $1 }')" == "$TSDB_SHA256" ]] \
    || [[ "$(gzip -dc "$1" 2>/dev/null | sha256sum | awk '{ print $1 }')" == "$TSDB_TAR_SHA256" ]]
}

# Clusters that are online, as "version cluster" lines.
tsdb_online_clusters() {
  pg_lsclusters -h 2>/dev/null | awk '$4 ~ /^online/ { print $1, $2 }'
}

# Install the build dependencies that are missing. postgresql-server-dev-N pulls the newest
# postgresql-client-N/postgresql-N with it, so the server package may be upgraded here.
tsdb_build_deps() {
  local v p server_before server_after missing=() online
  v="$(tsdb_pg_version)"
  for p in "postgresql-server-dev-$v" cmake gcc make libssl-dev libkrb5-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  server_before="$(dpkg-query -W -f='${Version}' "postgresql-$v" 2>/dev/null || true)"
  online="$(tsdb_online_clusters)"
  if [[ " ${missing[*]} " == *" postgresql-server-dev-$v "* ]]; then
    say "timescaledb: note: postgresql-server-dev-$v comes in the newest $v.x; when postgresql-$v ${server_before:-?} is older it is upgraded too, and the upgrade may restart running clusters"
  fi
  apt_install "${missing[@]}"
  server_after="$(dpkg-query -W -f='${Version}' "postgresql-$v" 2>/dev/null || true)"
  if [[ "$server_before" != "$server_after" ]]; then
    say "timescaledb: postgresql-$v was upgraded from ${server_before:-none} to $server_after (see $LOG_DIR/apt.log)"
  fi
  # Tolerate the upgrade: bring back clusters it stopped, name the ones still on the old binary.
  local ver clu pid
  while read -r ver clu; do
    [[ -n "$ver" ]] || continue
    if ! tsdb_online_clusters | grep -qx "$ver $clu"; then
      say "timescaledb: cluster $ver/$clu went down during the upgrade; starting it again"
      pg_ctlcluster "$ver" "$clu" start >>"$(tsdb_log)" 2>&1 || warn "could not start cluster $ver/$clu; see $(tsdb_log)"
    else
      pid="$(head -n 1 "/var/lib/postgresql/$ver/$clu/postmaster.pid" 2>/dev/null || true)"
      if [[ -n "$pid" && "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *"(deleted)" ]]; then
        say "timescaledb: cluster $ver/$clu still runs the replaced PostgreSQL binary; it runs $server_after only after a restart"
      fi
    fi
  done <<<"$online"
}

# Debian repository of Timescale (needs internet): the packaged 2.28.3 build, no patches.
tsdb_install_from_apt() {
  local v codename keyring=/usr/share/keyrings/timescaledb.gpg list=/etc/apt/sources.list.d/timescaledb.list pkgver
  v="$(tsdb_pg_version)"
  codename="$(. /etc/os-release && printf '%s' "$VERSION_CODENAME")"
  [[ -z "${HEIMDALL_TIMESCALEDB_PATCHES:-}" ]] \
    || die "timescaledb: the packaged build cannot take HEIMDALL_TIMESCALEDB_PATCHES; give a source tarball in HEIMDALL_TIMESCALEDB_SOURCE"
  ensure_command gpg gnupg
  say "timescaledb: adding the apt repository $TSDB_APT_URL ($codename)"
  curl -fsSL --connect-timeout 15 --max-time 60 "$TSDB_APT_URL/gpgkey" 2>>"$(tsdb_log)" | gpg --dearmor --yes -o "$keyring" 2>>"$(tsdb_log)" \
    || die "timescaledb: could not fetch the signing key of $TSDB_APT_URL; see $(tsdb_log)"
  printf 'deb [signed-by=%s] %s/debian/ %s main\n' "$keyring" "$TSDB_APT_URL" "$codename" >"$list"
  apt-get update >>"$LOG_DIR/apt.log" 2>&1 || die "timescaledb: apt-get update with $list failed; see $LOG_DIR/apt.log"
  pkgver="$(apt-cache madison "timescaledb-2-postgresql-$v" \
    | awk -F'|' -v want="$TSDB_VERSION" '{ gsub(/ /, "", $2) } index($2, want "~") == 1 { print $2; exit }')"
  [[ -n "$pkgver" ]] || die "timescaledb: $TSDB_APT_URL has no timescaledb-2-postgresql-$v $TSDB_VERSION"
  apt_install "timescaledb-2-postgresql-$v=$pkgver" "timescaledb-2-loader-postgresql-$v=$pkgver"
  touch "$TSDB_PACKAGED_MARK"
  warn "timescaledb: the packaged $TSDB_VERSION lacks the portal fix: on PostgreSQL 15.20 and later its background jobs are recorded as failed (see docs/timescaledb.md)"
}

# PostgreSQL 15.20 refuses to drop a portal that is still being set up (postgr.es/c/c65fee830, in the 15.20 release
# notes: "Disallow closing a portal that is still being set up"). TimescaleDB 2.28.3's job runner
# (tsl/src/bgw_policy/job.c, job_execute) creates a stand-in portal for a background job that never gets past
# PORTAL_NEW, and drops it after the job's work has committed: every compression, retention and refresh job is then
# recorded as failed with "cannot drop portal "" while it is being set up", though its work is done. Marking that
# portal done just before it is dropped is accurate (the work has committed) and changes nothing else PortalDrop does.
tsdb_fix_portal_drop() {
  local file="$1/tsl/src/bgw_policy/job.c" drops
  drops="$(grep -c '^[[:space:]]*PortalDrop(portal, false);' "$file" || true)"
  [[ "$drops" == 1 ]] || die "timescaledb: expected one 'PortalDrop(portal, false);' in $file, found ${drops:-none}: this source is not the one the fix was written for"
  sed -i 's/^\([[:space:]]*\)PortalDrop(portal, false);/\1portal->status = PORTAL_DONE; \/* heimdall: PostgreSQL 15.20 refuses to drop a portal still being set up *\/\n\1PortalDrop(portal, false);/' "$file"
  grep -q 'portal->status = PORTAL_DONE; /\* heimdall' "$file" || die "timescaledb: applying the portal fix to $file failed"
}

timescaledb_install() {
  if timescaledb_installed; then
    say "timescaledb: $TSDB_VERSION already installed for PostgreSQL $(tsdb_pg_version)"
    return 0
  fi
  local start=$SECONDS log src tmp sum lib p default="$REPO_ROOT/../shared/vendor/timescaledb-$TSDB_VERSION.tar.gz"
  log="$(tsdb_log)"
  mkdir -p "$LOG_DIR"
  printf '\n##### timescaledb %s install, %s\n' "$TSDB_VERSION" "$(date -Is)" >>"$log"
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/heimdall-timescaledb.XXXXXX")"
  printf 'work directory: %s\n' "$tmp" >>"$log"

  if [[ -n "${HEIMDALL_TIMESCALEDB_SOURCE:-}" ]]; then
    src="$HEIMDALL_TIMESCALEDB_SOURCE"
    [[ -f "$src" ]] || die "timescaledb: HEIMDALL_TIMESCALEDB_SOURCE=$src is not a file"
    sum="$(sha256sum "$src" | awk '{ print $1 }')"
    printf 'source %s sha256 %s\n' "$src" "$sum" >>"$log"
    say "timescaledb: source $src (sha256 $sum)"
  elif [[ -f "$default" ]]; then
    src="$default"
    tsdb_checksum_ok "$src" || die "timescaledb: $src does not have the sha256 of the $TSDB_VERSION release ($TSDB_SHA256)"
    say "timescaledb: source $src (sha256 verified)"
  else
    # No tarball here: this is a machine that should have internet.
    ensure_command curl curl
    src="$tmp/timescaledb-$TSDB_VERSION.tar.gz"
    say "timescaledb: no local source tarball; downloading $TSDB_GITHUB_URL"
    if curl -fsSL --connect-timeout 20 --max-time 600 -o "$src" "$TSDB_GITHUB_URL" 2>>"$log"; then
      tsdb_checksum_ok "$src" \
        || die "timescaledb: $TSDB_GITHUB_URL does not match the $TSDB_VERSION release checksum ($TSDB_SHA256); not using it"
    elif curl -fsS -o /dev/null --connect-timeout 15 --max-time 30 "$TSDB_APT_URL/gpgkey" 2>>"$log"; then
      say "timescaledb: GitHub not reachable; installing the packaged build from $TSDB_APT_URL"
      tsdb_install_from_apt
      rm -rf "$tmp"
      timescaledb_installed || die "timescaledb: the packages are installed but the $TSDB_VERSION files are missing; see $LOG_DIR/apt.log"
      say "timescaledb: installed from packages in $((SECONDS - start))s"
      return 0
    else
      rm -rf "$tmp"
      die "timescaledb: no source: put the tarball at $default or set HEIMDALL_TIMESCALEDB_SOURCE (neither $TSDB_GITHUB_URL nor $TSDB_APT_URL is reachable; see $log)"
    fi
  fi

  tsdb_build_deps
  mkdir "$tmp/src"
  tsdb_step "unpacking $(basename "$src")" tar -xzf "$src" -C "$tmp/src" --strip-components=1
  grep -Eq "^version = $TSDB_VERSION\$" "$tmp/src/version.config" \
    || die "timescaledb: $src is not TimescaleDB $TSDB_VERSION (see its version.config)"
  say "timescaledb: marking the job runner's stand-in portal done before it is dropped (PostgreSQL 15.20)"
  tsdb_fix_portal_drop "$tmp/src"
  for p in ${HEIMDALL_TIMESCALEDB_PATCHES:-}; do
    [[ -f "$p" ]] || die "timescaledb: patch $p (HEIMDALL_TIMESCALEDB_PATCHES) is not a file"
    tsdb_step "applying $(basename "$p")" patch -p1 --forward -d "$tmp/src" -i "$(realpath "$p")"
  done
  # No regression/TAP test targets (they want a test setup and extra tools), no downgrade
  # script (it needs the git history), release build, telemetry off by default.
  tsdb_step "configuring (bootstrap)" env BUILD_DIR="$tmp/build" "$tmp/src/bootstrap" \
    -DPG_CONFIG="/usr/lib/postgresql/$(tsdb_pg_version)/bin/pg_config" -DCMAKE_BUILD_TYPE=Release \
    -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF -DWARNINGS_AS_ERRORS=OFF -DGENERATE_DOWNGRADE_SCRIPT=OFF \
    -DSEND_TELEMETRY_DEFAULT=OFF
  tsdb_step "compiling with $(nproc) jobs" make -C "$tmp/build" -j"$(nproc)"
  # Unlink the libraries being replaced rather than overwrite them: running servers have them mapped.
  lib="$(tsdb_pg_config --pkglibdir)"
  rm -f "$lib/timescaledb.so" "$lib/timescaledb-$TSDB_VERSION.so" "$lib/timescaledb-tsl-$TSDB_VERSION.so"
  tsdb_step "installing into $lib" make -C "$tmp/build" install
  tsdb_patch_ids >"$(tsdb_pg_config --sharedir)/extension/timescaledb--$TSDB_VERSION.heimdall-patches"
  rm -rf "$tmp"
  timescaledb_installed || die "timescaledb: make install finished but the $TSDB_VERSION files are missing; see $log"
  printf 'built and installed in %ss\n' "$((SECONDS - start))" >>"$log"
  say "timescaledb: $TSDB_VERSION built and installed in $((SECONDS - start))s"
}

# tsdb_conf_value CONF_DIR NAME : the last value NAME is given in postgresql.conf and conf.d/*.conf
# (our own drop-in excluded), quotes stripped; empty when unset.
tsdb_conf_value() {
  local files=("$1/postgresql.conf") f
  for f in "$1"/conf.d/*.conf; do
    [[ -f "$f" && "${f##*/}" != "$TSDB_CONF_NAME" ]] && files+=("$f")
  done
  awk -v name="$2" '
    { sub(/#.*/, "") }
    $0 ~ "^[[:space:]]*" name "[[:space:]]*(=|[[:space:]])" {
      v = $0; sub("^[[:space:]]*" name "[[:space:]]*=?[[:space:]]*", "", v)
      sub(/[[:space:]]+$/, "", v); gsub(/^'\''|'\''$/, "", v); value = v
    }
    END { print value }' "${files[@]}"
}

# timescaledb_preload [VERSION CLUSTER] : write conf.d/heimdall-timescaledb.conf for the cluster
# (default $PG_VERSION/$PG_CLUSTER): timescaledb added to shared_preload_libraries (other entries
# kept), telemetry off, enough worker processes. Sets TIMESCALEDB_RESTART_NEEDED=1 when the cluster
# is running without these settings in effect (the caller restarts it), else 0.
timescaledb_preload() {
  local ver="${1:-$(tsdb_pg_version)}" clu="${2:-${PG_CLUSTER:-main}}"
  local dir="/etc/postgresql/$ver/$clu" libs workers file new port running effective changed=0
  [[ -f "$dir/postgresql.conf" ]] || die "timescaledb: no cluster configuration in $dir"
  file="$dir/conf.d/$TSDB_CONF_NAME"
  libs="$(tsdb_conf_value "$dir" shared_preload_libraries | tr -d ' ')"
  [[ ",$libs," == *,timescaledb,* ]] || libs="timescaledb${libs:+,$libs}"
  workers="$(tsdb_conf_value "$dir" max_worker_processes)"
  [[ "$workers" =~ ^[0-9]+$ && "$workers" -ge $TSDB_MIN_WORKER_PROCESSES ]] || workers=$TSDB_MIN_WORKER_PROCESSES
  new="# Written by deploy/local (lib/timescaledb.sh); rewritten on each run.
shared_preload_libraries = '$libs'
timescaledb.telemetry_level = off
timescaledb.max_background_workers = $TSDB_BACKGROUND_WORKERS
max_worker_processes = $workers"
  mkdir -p "$dir/conf.d"
  if [[ "$(cat "$file" 2>/dev/null)" != "$new" ]]; then
    say "timescaledb: writing $file (shared_preload_libraries = '$libs')"
    printf '%s\n' "$new" >"$file"
    changed=1
    chown --reference="$dir/postgresql.conf" "$file"
    chmod 644 "$file"
  fi
  # A file sorting after ours could override it: check what the server would load.
  effective="$(cd / && runuser -u postgres -- "/usr/lib/postgresql/$ver/bin/postgres" \
    -C shared_preload_libraries -c config_file="$dir/postgresql.conf" 2>>"$(tsdb_log)")" \
    || die "timescaledb: could not read the effective configuration of $ver/$clu; see $(tsdb_log)"
  [[ ",${effective// /}," == *,timescaledb,* ]] \
    || die "timescaledb: shared_preload_libraries of $ver/$clu is '$effective': a setting after $file overrides it"

  TIMESCALEDB_RESTART_NEEDED=0
  port="$(pg_lsclusters -h 2>/dev/null | awk -v v="$ver" -v c="$clu" '$1 == v && $2 == c && $4 ~ /^online/ { print $3 }')"
  [[ -n "$port" ]] || return 0
  running="$(cd / && runuser -u postgres -- psql -X -At -p "$port" -d postgres -c \
    "select string_agg(name || '=' || setting, ' ' order by name) from pg_settings
     where name in ('max_worker_processes', 'shared_preload_libraries', 'timescaledb.max_background_workers')" \
    2>/dev/null)" || running=""
  # A running server needs a restart after a change, or while it runs without these settings.
  if [[ $changed -eq 1 || "$running" != "max_worker_processes=$workers shared_preload_libraries=$libs timescaledb.max_background_workers=$TSDB_BACKGROUND_WORKERS" ]]; then
    # shellcheck disable=SC2034 # read by the caller
    TIMESCALEDB_RESTART_NEEDED=1
    say "timescaledb: cluster $ver/$clu must be restarted to load these settings"
  fi
}
