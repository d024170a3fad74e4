#!/usr/bin/env bash
# A throw-away PostgreSQL server for the store's tests and benchmarks, from Debian's
# `postgresql` package (scripts/setup.sh installs it).
#
#   pg_server.sh start DIR [WATCH_PID]   creates a cluster in DIR (empty or absent) and starts
#                                        it; prints the URL of its `postgres` database
#   pg_server.sh stop DIR                stops it and removes DIR
#
# The server listens on a unix socket in DIR only (no TCP port, so no clash with anything),
# trusts local connections, and runs as the `postgres` system user when called as root
# (PostgreSQL refuses to run as root), else as the caller. With WATCH_PID, a watcher stops
# the server and removes DIR once that process is gone, so a crashed test leaves nothing
# running. Environment: PG_BIN (server binaries; default the newest
# /usr/lib/postgresql/*/bin), PG_FSYNC (off; `on` for benchmarks, durable like SQLite's
# synchronous=FULL).
set -euo pipefail
cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: pg_server.sh start|stop DIR [WATCH_PID]" >&2
  exit 2
fi
bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
have_bin() { [ -n "$bin" ] && [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ]; }
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    if ! have_bin; then
      echo "pg_server.sh: PostgreSQL server binaries (initdb, pg_ctl) not found in" \
        "${bin:-/usr/lib/postgresql/*/bin}: install Debian's postgresql package" \
        "(scripts/setup.sh) or set PG_BIN" >&2
      exit 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      echo "pg_server.sh: running as root needs the 'postgres' system user (created by" \
        "Debian's postgresql package)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    chmod 700 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    if ! as_pg test -w "$dir"; then
      echo "pg_server.sh: the postgres user cannot write to $dir (every folder above it" \
        "must be searchable by postgres; use a folder directly under /tmp)" >&2
      exit 1
    fi
    if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 \
      >"$dir/initdb.log" 2>&1; then
      echo "pg_server.sh: initdb failed:" >&2
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=100"
    opts="$opts -c fsync=${PG_FSYNC:-off} -c shared_buffers=128MB"
    if [ "${PG_FSYNC:-off}" = off ]; then
      opts="$opts -c synchronous_commit=off -c full_page_writes=off"
    fi
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$opts" start \
      >/dev/null 2>&1; then
      echo "pg_server.sh: the server did not start:" >&2
      cat "$dir/server.log" >&2
      exit 1
    fi
    if [ -n "${3:-}" ]; then
      watch_pid="$3"
      # Detached, with no inherited descriptors: a test runner waiting for our output's end
      # must not wait for the watcher.
      setsid bash -c '
        while kill -0 "$1" 2>/dev/null; do sleep 1; done
        if [ "$(id -u)" -eq 0 ]; then
          runuser -u postgres -- "$2/pg_ctl" -D "$3/data" -m immediate stop
        else
          "$2/pg_ctl" -D "$3/data" -m immediate stop
        fi
        rm -rf "$3"' watcher "$watch_pid" "$bin" "$dir" </dev/null >/dev/null 2>&1 &
    fi
    echo "postgresql:///postgres?host=$dir&user=postgres"
    ;;
  stop)
    if have_bin && [ -d "$dir/data" ]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR [WATCH_PID]" >&2
    exit 2
    ;;
esac
