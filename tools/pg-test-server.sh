#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests: initdb in a temporary folder, listen on a free loopback
# port only, password auth (scram-sha-256), fsync off (the data is thrown away), one database "ftkit_test".
#
#   eval "$(tools/pg-test-server.sh start)"     # prints export lines: FTKIT_TEST_PG_URL/_USER/_PASSWORD/_DIR
#   mvn -B -f lib/pom.xml test                   # the PG tests read FTKIT_TEST_PG_URL
#   tools/pg-test-server.sh stop "$FTKIT_TEST_PG_DIR"
#
# stdout carries only the export lines; progress and errors go to stderr. Exit 1 on failure.
# PostgreSQL comes from Debian (apt-get install -y postgresql); as root without it, the script installs it.
# pg_ctl refuses to run as root, so as root the server runs as the "postgres" user (created if missing).
set -euo pipefail

say() { echo "pg-test-server: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then pg_config --bindir; return; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  return 1
}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$SERVER_USER" -- "$@"; else "$@"; fi
}

free_port() {
  # Ask the kernel for an unused port on 127.0.0.1 (bind to 0), then hand it to the server; a rare race is
  # caught by pg_ctl failing, and start() retries with another port.
  if command -v /usr/bin/python3 >/dev/null 2>&1; then
    /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    echo $(( 20000 + RANDOM % 40000 ))
  fi
}

start() {
  local dir="${1:-}"
  BINDIR="$(find_bindir)" || {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "PostgreSQL not found; installing it from Debian (apt-get install -y postgresql)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || die "apt-get install postgresql failed"
      BINDIR="$(find_bindir)" || die "PostgreSQL installed but initdb not found"
    else
      die "PostgreSQL is not installed: run 'apt-get install -y postgresql' (as root)"
    fi
  }
  SERVER_USER="$(id -un)"
  if [ "$(id -u)" = 0 ]; then
    SERVER_USER=postgres
    id "$SERVER_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$SERVER_USER" \
      || die "cannot create the user '$SERVER_USER' to run PostgreSQL (pg_ctl refuses root)"
  fi
  [ -n "$dir" ] || dir="$(mktemp -d /tmp/ftkit-pg.XXXXXX)"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [ -e "$dir/data" ] && die "$dir/data exists already: stop that server or choose another folder"
  local user=ftkit password
  password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
  printf '%s\n' "$password" > "$dir/pwfile"
  chmod 600 "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown -R "$SERVER_USER" "$dir"
  as_server_user "$BINDIR/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/pwfile" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_server_user "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null 2>&1; then
      break
    fi
    say "start on port $port failed (attempt $attempt); see $dir/server.log"
    port=""
  done
  [ -n "$port" ] || { tail -20 "$dir/server.log" >&2 || true; die "PostgreSQL did not start"; }
  PGPASSWORD="$password" "$BINDIR/createdb" -h 127.0.0.1 -p "$port" -U "$user" ftkit_test \
    || { stop "$dir"; die "createdb failed"; }
  say "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir (stop: $0 stop $dir)"
  echo "export FTKIT_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/ftkit_test'"
  echo "export FTKIT_TEST_PG_USER='$user'"
  echo "export FTKIT_TEST_PG_PASSWORD='$password'"
  echo "export FTKIT_TEST_PG_DIR='$dir'"
}

stop() {
  local dir="${1:-}"
  [ -n "$dir" ] || die "usage: $0 stop DIR"
  [ -d "$dir/data" ] || die "$dir/data: no such server folder"
  BINDIR="$(find_bindir)" || die "PostgreSQL binaries not found"
  SERVER_USER="$(stat -c %U "$dir/data")"
  as_server_user "$BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || say "server in $dir was not running"
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac
