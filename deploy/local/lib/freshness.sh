# shellcheck shell=bash
# Is a build current, and does a running service run it? Sourced by ./heimdall (which decides from these whether
# `demo --help` needs a build and whether `replay` must rebuild and restart the services); no side effects.

# sources_newer_than FILE DIR... : print the first source under DIR... (*.cs, *.csproj, *.props, *.json, *.sql, or a
# folder: a file added or removed) that is newer than FILE; nothing when FILE is current. bin/ and obj/ are skipped.
sources_newer_than() {
  local file="$1"
  shift
  find "$@" \( -name bin -o -name obj \) -prune -o \
    \( -type d -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '*.sql' \) \) \
    -newer "$file" -print -quit 2>/dev/null
}

# service_runs_build PID_FILE DLL : true when the pid file names a live process that started after DLL was written
# (a process started before the last build runs the old code).
service_runs_build() {
  local pid_file="$1" dll="$2" pid elapsed built
  [[ -f "$dll" && -f "$pid_file" ]] || return 1
  pid="$(tr -dc '0-9' <"$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  elapsed="$(ps -o etimes= -p "$pid" 2>/dev/null | tr -dc '0-9')"
  [[ -n "$elapsed" ]] || return 1
  built="$(stat -c %Y "$dll")"
  (($(date +%s) - elapsed >= built))
}
