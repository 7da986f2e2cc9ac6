#!/usr/bin/env bash
# Runs every test of CommunityAcademy: the domain tests, the web tests on SQLite and on PostgreSQL, and the
# browser tests in Debian's chromium (apt-get install chromium fonts-noto-cjk; they fail and say so without it).
#
# PostgreSQL: set CA_TEST_POSTGRES to a connection string of a server where the user may create
# databases (each test class makes its own and drops it). When it is not set, this script starts a
# throw-away PostgreSQL cluster from the installed binaries (apt-get install postgresql) and stops
# it afterwards. Without PostgreSQL the PostgreSQL tests fail and say why: they never skip silently.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The test projects run side by side and each test host starts many web hosts whose file providers (appsettings, wwwroot)
# would each hold an inotify instance: Debian allows 128 per user, and the browser tests' applications then failed to
# start pages ("The configured user limit (128) on the number of inotify instances has been reached"). Polling holds none.
export DOTNET_USE_POLLING_FILE_WATCHER=true

if [ -z "${CA_TEST_POSTGRES:-}" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ]; then
    PGTMP=$(mktemp -d /tmp/ca-pg.XXXXXX)
    PGPORT=${CA_TEST_PG_PORT:-55432}
    as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    [ "$(id -u)" = 0 ] && chown postgres "$PGTMP"
    echo "Starting a throw-away PostgreSQL ($PGBIN) on port $PGPORT in $PGTMP"
    as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
      -l "$PGTMP/log" -w start >/dev/null
    trap 'as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"' EXIT
    export CA_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=unused"
  else
    echo "WARNING: CA_TEST_POSTGRES is not set and no PostgreSQL is installed (apt-get install postgresql)." >&2
    echo "         The PostgreSQL tests will fail and say so." >&2
  fi
fi

RESULTS=$(mktemp -d /tmp/ca-results.XXXXXX)
status=0
dotnet test CommunityAcademy.slnx --logger "trx" --results-directory "$RESULTS" "$@" || status=$?

# One plain closing line for whoever reads the log: the counts over all test projects.
passed=0; failed=0; skipped=0
for f in "$RESULTS"/*.trx; do
  [ -f "$f" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$f" | head -n 1)
  p=$(echo "$line" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); passed=$((passed + ${p:-0}))
  x=$(echo "$line" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p'); failed=$((failed + ${x:-0}))
  n=$(echo "$line" | sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p'); skipped=$((skipped + ${n:-0}))
done
rm -rf "$RESULTS"

# The benchmarks' quick mode: a smoke test that the instruments still run (figures are not judged here).
if [ "$status" = 0 ]; then
  echo "Benchmarks, quick mode:"
  dotnet build bench/CommunityAcademy.Bench -v quiet -nologo >/dev/null || status=$?
  [ "$status" = 0 ] && { dotnet bench/CommunityAcademy.Bench/bin/Debug/net10.0/CommunityAcademy.Bench.dll --quick || status=$?; }
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi
exit $status
