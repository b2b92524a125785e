#!/usr/bin/env bash
# Prints the URL of a PostgreSQL database for `make run` and `make test`,
# starting one if needed. Usage: ensure-postgres.sh [DBNAME]
#  1. DATABASE_URL set: use it as is.
#  2. A server answers on 127.0.0.1:5432: use it (user postgres, trust auth).
#  3. Otherwise start a private cluster under .data/pg on 127.0.0.1:55432 from
#     the machine's PostgreSQL binaries, installing Debian's postgresql package
#     first when running as root and none are installed.
# Everything but the URL goes to stderr.
set -euo pipefail
dbname=${1:-till}

if [[ -n "${DATABASE_URL:-}" ]]; then
  echo "$DATABASE_URL"
  exit 0
fi
if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  echo "postgres://postgres@127.0.0.1:5432/${dbname}?sslmode=disable"
  exit 0
fi

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bindir=$(find_bindir)
if [[ -z "$bindir" ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "PostgreSQL is not installed: installing Debian's postgresql package" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    bindir=$(find_bindir)
  else
    echo "No PostgreSQL answers on 127.0.0.1:5432 and none is installed." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install postgresql) or set DATABASE_URL." >&2
    exit 1
  fi
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
data="$root/.data/pg"
port=55432
as_owner=()
mkdir -p "$data"
if [[ $(id -u) -eq 0 ]]; then
  # PostgreSQL refuses to run as root: the cluster belongs to postgres.
  chown postgres "$root/.data" "$data"
  as_owner=(runuser -u postgres --)
fi
if [[ ! -f "$data/PG_VERSION" ]]; then
  echo "Creating a private PostgreSQL cluster in $data" >&2
  "${as_owner[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust >&2
fi
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >&2
fi
echo "postgres://postgres@127.0.0.1:${port}/${dbname}?sslmode=disable"
