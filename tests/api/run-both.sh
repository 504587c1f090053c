#!/bin/sh
# The HTTP API suite on SQLite and on PostgreSQL at the same time: each
# spends most of its time waiting (logins' Argon2id aside, on fsync, on the
# other server, on timeouts), so the two overlap on two cores, and the
# whole `make test` stays within its half hour.  Each writes its own log;
# both are printed, and the status is the worse of the two.
# usage: tests/api/run-both.sh HAVEN_BINARY [PYTEST_ARGS...]
set -u

if [ $# -lt 1 ]; then
	echo "usage: $0 HAVEN_BINARY [PYTEST_ARGS...]" >&2
	exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

"$here/run.sh" sqlite "$@" > "$logs/sqlite" 2>&1 &
sq=$!
"$here/run.sh" postgres "$@" > "$logs/postgres" 2>&1 &
pg=$!
wait $sq
sq_rc=$?
wait $pg
pg_rc=$?
for b in sqlite postgres; do
	echo "== API suite on $b"
	cat "$logs/$b"
done
echo "== API suite: sqlite exit $sq_rc, postgres exit $pg_rc"
[ $sq_rc -eq 0 ] && [ $pg_rc -eq 0 ]
